/**
 * Characters a Word document cannot hold (NUL, BEL, VT, …) in every text field of an
 * invitation and of a plan: every endpoint answers the same way, never with a 500. Validation
 * removes them and says so at each field (`text.control-characters`), so /validate agrees with
 * the PDF, the .docx, the calendar file, the bundle, the Word form and the distributions, and
 * what comes out holds none of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfText, squash } from './helpers/pdf.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { toPointer } from '../src/shared/problem.js';
import { forEachString } from '../src/shared/text-limits.js';
import { InvitationSchema } from '../src/invitation/schema.js';
import { PlanSchema } from '../src/plan/schema.js';
import { readUpload } from '../src/upload/read-upload.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
// eslint-disable-next-line no-control-regex -- finding exactly these is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** NUL, BEL, VT and ESC in the middle of a text. */
const dirty = (text: string) => `${text.slice(0, 3)}\u0000\u0007\u000B\u001B${text.slice(3)}`;

/** A copy with the control characters in every string but the enumerations, and the pointers of those strings. */
function soiled(parsed: unknown, enums: string[]): { value: unknown; paths: string[] } {
  const value = structuredClone(parsed) as Record<string, unknown>;
  const paths: string[] = [];
  forEachString(parsed, (text, p) => {
    const pointer = toPointer(p);
    if (enums.includes(pointer)) return;
    let into = value as Record<PropertyKey, unknown>;
    for (const key of p.slice(0, -1)) into = into[key as string] as Record<PropertyKey, unknown>;
    into[p[p.length - 1] as string] = dirty(text);
    paths.push(pointer);
  });
  return { value, paths };
}

type Problem = { code: string; path: string };
const controlWarnings = (warnings: Problem[]) => warnings.filter((w) => w.code === 'text.control-characters').map((w) => w.path).sort();

describe('control characters in every field', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const post = (url: string, body: unknown) => request(t.app).post(url).send(body as object).buffer(true).parse(binaryParser);
  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW });
  });
  afterAll(() => t.close());

  describe('of an invitation', () => {
    const { value: invitation, paths } = soiled({ ...InvitationSchema.parse(fixture('invitation-first.json')), id: 'moede-2026-12-03' }, ['/meeting']);

    it('/validate: valid, with a warning at each field', async () => {
      expect(paths.length).toBeGreaterThan(25);
      const res = await request(t.app).post('/api/invitations/validate').send(invitation as object);
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([]);
      expect(res.body.valid).toBe(true);
      expect(controlWarnings(res.body.warnings)).toEqual([...paths].sort());
      expect(res.body.warnings[res.body.warnings.length - 1].message).toMatch(/4 tegn, som ikke kan stå i et dokument \(kontroltegn\), er fjernet/);
    });

    it('PDF, .docx, calendar file, bundle and distribution: made, without the characters, and saying so', async () => {
      const pdf = await post('/api/invitations/pdf', invitation);
      expect(pdf.status, String(pdf.body)).toBe(200);
      expect(pdf.headers['x-invitation-warnings']).toContain('text.control-characters');
      expect(squash(pdfText(pdf.body as Buffer))).toContain('Jens Peter Nielsen');

      const docx = await post('/api/invitations/docx', invitation);
      expect(docx.status).toBe(200);
      expect(strFromU8(unzipSync(new Uint8Array(docx.body as Buffer))['word/document.xml']!)).not.toMatch(FORBIDDEN);

      const ics = await post('/api/invitations/ics', invitation);
      expect(ics.status).toBe(200);
      expect(String(ics.body)).not.toMatch(FORBIDDEN);

      const bundle = await post('/api/invitations/bundle', { ...(invitation as object), include: { docx: true, planForm: true } });
      expect(bundle.status).toBe(200);
      const entries = unzipSync(new Uint8Array(bundle.body as Buffer));
      for (const [name, bytes] of Object.entries(entries)) {
        if (name.endsWith('.docx')) expect(strFromU8(unzipSync(bytes)['word/document.xml']!), name).not.toMatch(FORBIDDEN);
        if (name.endsWith('.ics')) expect(strFromU8(bytes)).not.toMatch(FORBIDDEN);
      }

      const distribution = await request(t.app).post('/api/invitations/distributions').send(invitation as object);
      expect(distribution.status).toBe(201);
      expect(controlWarnings(distribution.body.warnings)).toEqual([...paths].sort());
      expect(JSON.stringify(distribution.body)).not.toMatch(FORBIDDEN);
    });

    it('a field of nothing but control characters is empty: a clear 422 where it is required', async () => {
      const bare = { ...(invitation as object), citizen: { name: '\u0000\u0007' } };
      for (const url of ['/api/invitations/pdf', '/api/invitations/docx', '/api/invitations/ics', '/api/invitations/bundle', '/api/invitations/distributions']) {
        const res = await request(t.app).post(url).send(bare);
        expect(res.status, url).toBe(422);
        expect(res.body.errors.map((e: Problem) => [e.code, e.path])).toEqual([['citizen.name.missing', '/citizen/name']]);
      }
    });
  });

  describe('of a plan', () => {
    const { value: plan, paths } = soiled(PlanSchema.parse(fixture('bilag2.json')), ['/status', '/referralSetting']);

    it('/validate: valid, with a warning at each field', async () => {
      expect(paths.length).toBeGreaterThan(70);
      const res = await request(t.app).post('/api/plans/validate').send(plan as object);
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([]);
      expect(controlWarnings(res.body.warnings)).toEqual([...paths].sort());
    });

    it('PDF, .docx, the Word form and the distribution: made, without the characters', async () => {
      const pdf = await post('/api/plans/pdf', plan);
      expect(pdf.status, String(pdf.body)).toBe(200);
      expect(squash(pdfText(pdf.body as Buffer))).toContain('Jens Peter Nielsen');

      const docx = await post('/api/plans/docx', plan);
      expect(docx.status).toBe(200);
      expect(strFromU8(unzipSync(new Uint8Array(docx.body as Buffer))['word/document.xml']!)).not.toMatch(FORBIDDEN);

      // The form takes any part of a plan without validating it: its builder leaves the characters out itself.
      const form = await post('/api/plans/form', plan);
      expect(form.status).toBe(200);
      const read = readUpload(form.body as Buffer, t.config.limits);
      expect(read.plan.citizen?.name).toBe('Jens Peter Nielsen');
      expect(JSON.stringify(read.plan)).not.toMatch(FORBIDDEN);

      const distribution = await request(t.app).post('/api/distributions').send({ plan });
      expect(distribution.status).toBe(201);
      expect(JSON.stringify(distribution.body)).not.toMatch(FORBIDDEN);
    });
  });
});
