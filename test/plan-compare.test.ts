/**
 * POST /api/plans/compare through HTTP: a copy of Bilag 2 with one goal changed, one
 * intervention added and one participant gone gives exactly those three changes, from JSON
 * and from the two plans' Word files; broken input is answered with every problem at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { PlanComparisonSchema } from '../src/follow-up/schema.js';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
type PlanJson = Record<string, unknown> & { goals: Array<{ title: string; interventions: object[] }>; participants: Array<{ name: string }> };
const bilag2 = (): PlanJson => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'bilag2.json'), 'utf8'));

/** Bilag 2 after the follow-up meeting: one goal reworded, one intervention added, Mads gone. */
function changedCopy(): PlanJson {
  const plan = bilag2();
  plan.goals[1]!.title = 'Motivere til alkoholbehandling';
  plan.goals[0]!.interventions.push({ task: 'Kriseplan udarbejdes', successCriteria: 'Borgeren kender planen', responsible: 'DP og borgeren', timeline: 'Inden 1.8.2014' });
  plan.participants = plan.participants.filter((p) => p.name !== 'Mads Jørgensen');
  return plan;
}

const EXPECTED = [
  { section: 'masterData', code: 'participant.removed', label: 'Deltagere i koordinationsmødet', previousPath: '/participants/3', message: 'Ikke længere deltager: Mads Jørgensen (Sagsbehandler, Jobcenter Roskilde).' },
  {
    section: 'goals', code: 'intervention.added', label: 'Mål 1', currentPath: '/goals/0/interventions/1',
    message: 'Mål 1 »Fastholdelse i psykiatrisk behandling«: ny indsats 2 »Kriseplan udarbejdes« (ansvar: »DP og borgeren«; tidsplan: »Inden 1.8.2014«).',
  },
  {
    section: 'goals', code: 'goal.changed', label: 'Mål 2', previousPath: '/goals/1/title', currentPath: '/goals/1/title',
    message: 'Mål 2, titel: ændret fra »Motivere til misbrugsbehandling« til »Motivere til alkoholbehandling«.',
  },
];

type Comparison = { changeCount: number; sections: Array<{ section: string; changes: Array<Record<string, unknown>> }> };
const flat = (c: Comparison) =>
  c.sections.flatMap((s) => s.changes.map(({ code, label, previousPath, currentPath, message }) => ({ section: s.section, code, label, message, ...(previousPath ? { previousPath } : {}), ...(currentPath ? { currentPath } : {}) })));

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/plans/compare', () => {
  it('finds exactly the changes made to a copy of Bilag 2, and nothing else', async () => {
    const res = await request(t.app).post('/api/plans/compare').send({ previous: bilag2(), current: changedCopy() });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = PlanComparisonSchema.parse(res.body);
    expect(body.changeCount).toBe(3);
    expect(body.previousMeetingDate).toBe('2014-05-01');
    expect(flat(body)).toEqual(EXPECTED);
    expect(body.sections.map((s) => s.section)).toEqual(['masterData', 'existingPlans', 'challenges', 'goals', 'followUp']);
  });

  it('finds nothing between a plan and itself', async () => {
    const res = await request(t.app).post('/api/plans/compare').send({ previous: bilag2(), current: bilag2() });
    expect(res.status).toBe(200);
    expect(res.body.changeCount).toBe(0);
  });

  it('reads the two plans from their Word files (multipart "previous" and "current") as uploads are read', async () => {
    const formOf = async (plan: object) => {
      const res = await request(t.app).post('/api/plans/form').send(plan).buffer(true).parse(binaryParser);
      expect(res.status).toBe(200);
      return res.body as Buffer;
    };
    const res = await request(t.app)
      .post('/api/plans/compare')
      .attach('previous', await formOf(bilag2()), { filename: 'forrige.docx', contentType: DOCX })
      .attach('current', await formOf(changedCopy()), { filename: 'nu.docx', contentType: DOCX });
    expect(res.status).toBe(200);
    expect(flat(res.body)).toEqual(EXPECTED);
  });

  it('answers a missing plan or file, and a second file, with a Danish problem', async () => {
    const json = await request(t.app).post('/api/plans/compare').send({ previous: bilag2() });
    expect(json.status).toBe(400);
    expect(json.body.detail).toMatch(/"previous".*"current"/);

    const docx = Buffer.from('PK');
    const one = await request(t.app).post('/api/plans/compare').attach('previous', docx, { filename: 'a.docx', contentType: DOCX });
    expect(one.status).toBe(400);
    expect(one.body.detail).toMatch(/mangler en fil i feltet "current"/);

    const two = await request(t.app)
      .post('/api/plans/compare')
      .attach('previous', docx, { filename: 'a.docx', contentType: DOCX })
      .attach('previous', docx, { filename: 'b.docx', contentType: DOCX });
    expect(two.status).toBe(400);
    expect(two.body.detail).toBe('Send præcis én fil i hvert af felterne "previous" og "current".');
  });

  it('names the file that is not a plan', async () => {
    const formOf = await request(t.app).post('/api/plans/form').send(bilag2()).buffer(true).parse(binaryParser);
    const res = await request(t.app)
      .post('/api/plans/compare')
      .attach('previous', formOf.body as Buffer, { filename: 'a.docx', contentType: DOCX })
      .attach('current', Buffer.from('ikke en plan'), { filename: 'b.docx', contentType: DOCX });
    expect(res.status).toBe(415);
    expect(res.body.detail).toMatch(/^Filen i feltet "current": /);
    expect(res.body.field).toBe('current');
  });

  it('reports every structural problem of both plans at once, under /previous and /current; the form’s rules do not block', async () => {
    const draft = { ...changedCopy(), consent: null, approvedByCitizen: null, goals: [] };
    expect((await request(t.app).post('/api/plans/compare').send({ previous: bilag2(), current: draft })).status).toBe(200);

    const res = await request(t.app).post('/api/plans/compare').send({ previous: { ...bilag2(), meetingDate: 20140501 }, current: { ...bilag2(), participants: 'alle' } });
    expect(res.status).toBe(422);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['/previous/meetingDate', '/current/participants']);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body;
    const op = doc.paths['/api/plans/compare'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/PlanComparisonRequest');
    expect(op.requestBody.content['multipart/form-data'].schema.required).toEqual(['previous', 'current']);
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/PlanComparison');
    expect(doc.components.schemas.PlanChange.properties.code.enum).toContain('intervention.responsible.changed');
    // The plan routes' body stays the plan (the contract), with the optional previous plan beside it.
    for (const route of ['/api/plans/pdf', '/api/plans/docx']) {
      expect(doc.paths[route].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Plan', allOf: [{ $ref: '#/components/schemas/PreviousPlan' }] });
    }
    expect(doc.components.schemas.PreviousPlan.properties.previous.anyOf).toEqual([{ $ref: '#/components/schemas/Plan' }, { type: 'null' }]);
  });
});
