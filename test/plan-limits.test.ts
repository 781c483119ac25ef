/**
 * The bound on the work one request may ask for: text per field (characters, lines) and per
 * document, for plans and invitations alike, through HTTP. Past a limit the answer is a
 * Danish 422 naming the field by the form's label and its JSON Pointer; the heaviest plans
 * the limits allow (the benchmark's) are valid, and the OpenAPI document states the limits.
 * No PDF is made here: what the heaviest plans cost is measured in bench/longest-plan.ts and
 * their effect on others in conversion-heavy-plans.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { fakeConverter } from './helpers/fake-converter.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { TEXT_LIMITS } from '../src/shared/text-limits.js';
import { buildHeaviestPlan, loadBilag2, type HeaviestShape } from '../bench/lib/plans.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const bilag2 = loadBilag2() as Record<string, unknown> & { challenges: string[] };
const invitation = fixture('invitation-first.json') as Record<string, unknown> & { invitees: Array<Record<string, string>> };
const words = (n: number) => 'Borgeren møder stabilt op. '.repeat(Math.ceil(n / 27)).slice(0, n);
type Problem = { code: string; path: string; label: string; message: string };

/** Nothing here may reach LibreOffice: a PDF request past a limit is refused before conversion. */
const refusingConverter = fakeConverter(async () => {
  throw new Error('a plan past the limits reached the converter');
});

describe('text limits', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ converter: refusingConverter, now: () => NOW });
  });
  afterAll(() => t.close());

  const refused = async (url: string, body: object): Promise<Problem[]> => {
    const res = await request(t.app).post(url).send(body);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.body.errors as Problem[];
  };

  it('the heaviest plans the limits allow are valid', async () => {
    for (const shape of ['long-cells', 'many-lines', 'many-rows'] as HeaviestShape[]) {
      const res = await request(t.app).post('/api/plans/validate').send(buildHeaviestPlan(shape, TEXT_LIMITS));
      expect(res.status).toBe(200);
      expect(res.body.errors, shape).toEqual([]);
    }
  });

  it('a field past its characters: 422 naming the field, its label and its limit', async () => {
    const plan = { ...bilag2, challenges: [...bilag2.challenges, words(TEXT_LIMITS.fieldChars + 1)] };
    const errors = await refused('/api/plans/pdf', plan);
    expect(errors).toEqual([
      {
        code: 'schema.too_big',
        path: `/challenges/${bilag2.challenges.length}`,
        label: 'Primære eller akutte udfordringer i prioriteret rækkefølge',
        message: '»Primære eller akutte udfordringer i prioriteret rækkefølge«: teksten må højst være 10.000 tegn.',
        section: '3. Identifikation af primære og/eller akutte udfordringer',
      },
    ]);
  });

  it('a field past its lines: 422 naming the field', async () => {
    const plan = { ...bilag2, citizen: { ...(bilag2.citizen as object), address: 'Testvej 12\n'.repeat(TEXT_LIMITS.fieldLines) } };
    const errors = await refused('/api/plans/pdf', plan);
    expect(errors.map(({ code, path, label }) => ({ code, path, label }))).toEqual([{ code: 'schema.custom', path: '/citizen/address', label: 'Adresse' }]);
    expect(errors[0]!.message).toBe('»Adresse«: teksten må højst have 200 linjer.');
  });

  it('a plan past its characters in all: 422 at its longest field, every field within its own limit', async () => {
    const long = words(TEXT_LIMITS.fieldChars);
    const interventions = Array.from({ length: 4 }, () => ({ task: long, successCriteria: long, responsible: long, timeline: long }));
    const plan = { ...bilag2, goals: [{ title: 'Fastholdelse i behandling', interventions }] };
    const errors = await refused('/api/plans/docx', plan);
    expect(errors.map(({ code, path, label }) => ({ code, path, label }))).toEqual([
      { code: 'plan.too-long', path: '/goals/0/interventions/0/task', label: 'Indsatser eller opgaver' },
    ]);
    expect(errors[0]!.message).toMatch(/^»Indsatser eller opgaver«: Planen har 1\d\d\.\d{3} tegn i alt, og højst 150\.000 kan laves som dokument\. Dette felt er det længste \(10\.000 tegn\)/);
  });

  it('a plan past its lines in all (empty fields count): 422 at the field with the most', async () => {
    const row = { task: 'Opgave', successCriteria: '', responsible: 'Anne', timeline: '' };
    const plan = { ...bilag2, goals: Array.from({ length: 8 }, (_, i) => ({ title: `Mål ${i + 1}`, interventions: Array.from({ length: 100 }, () => row) })) };
    const errors = await refused('/api/plans/pdf', plan);
    expect(errors.map((e) => e.code)).toEqual(['plan.too-long']);
    expect(errors[0]!.message).toMatch(/Planen har 3\.\d{3} linjer i alt \(hvert felt tæller mindst én\), og højst 3\.000/);
  });

  it('the same limits for an invitation: a field past its characters, and the whole past its characters', async () => {
    const tooLong = await refused('/api/invitations/pdf', { ...invitation, message: words(TEXT_LIMITS.fieldChars + 1) });
    expect(tooLong.map(({ code, path, label }) => ({ code, path, label }))).toEqual([{ code: 'structure.too_big', path: '/message', label: 'Praktiske oplysninger' }]);
    const long = words(TEXT_LIMITS.fieldChars);
    const invitees = Array.from({ length: 16 }, (_, i) => ({ name: `Inviteret ${i + 1}`, title: long, organisation: '', email: `i${i}@example.dk` }));
    const tooMuch = await refused('/api/invitations/docx', { ...invitation, invitees });
    expect(tooMuch.map(({ code, path }) => ({ code, path }))).toEqual([{ code: 'invitation.too-long', path: '/invitees/0/title' }]);
    expect(tooMuch[0]!.message).toMatch(/Invitationen har 1\d\d\.\d{3} tegn i alt/);
  });

  it('states the limits in the OpenAPI document', async () => {
    const res = await request(t.app).get('/openapi.json');
    const schemas = res.body.components.schemas;
    expect(schemas.Citizen.properties.name.maxLength).toBe(TEXT_LIMITS.fieldChars);
    expect(schemas.Plan.properties.challenges.items.maxLength).toBe(TEXT_LIMITS.fieldChars);
    expect(schemas.Invitation.properties.message.maxLength).toBe(TEXT_LIMITS.fieldChars);
    for (const schema of [schemas.Plan, schemas.Invitation]) {
      expect(schema.description).toContain('højst 10.000 tegn og 200 linjer');
      expect(schema.description).toContain('150.000 tegn og 3.000 linjer');
    }
  });
});
