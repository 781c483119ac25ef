/**
 * Characters the PDF cannot show: the committed table of what its fonts cover agrees with
 * the fonts installed (fontconfig), and a plan or an invitation with an emoji gets a warning
 * at the field on /validate while its PDF is still made.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { PRINTABLE_RANGES } from '../src/shared/printable-ranges.js';
import { fontCoverage } from '../scripts/fonts/font-coverage.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
type Problem = { code: string; path: string; message: string };

describe('characters the PDF cannot show', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW });
  });
  afterAll(() => t.close());

  it('the table of printable characters is the installed fonts\' coverage (else: npx tsx scripts/build-printable-ranges.ts)', () => {
    expect(PRINTABLE_RANGES).toBe(fontCoverage());
  });

  it('a plan: a warning at the field, and the PDF is made', async () => {
    const plan = fixture('bilag2.json');
    plan.challenges[1] = `${plan.challenges[1]} 👍`;
    const res = await request(t.app).post('/api/plans/validate').send(plan);
    expect(res.body.errors).toEqual([]);
    const warning = (res.body.warnings as Problem[]).find((w) => w.code === 'text.unprintable');
    expect(warning).toMatchObject({ path: '/challenges/1', label: 'Primære eller akutte udfordringer i prioriteret rækkefølge' });
    expect(warning!.message).toContain('»👍« (U+1F44D)');
    const pdf = await request(t.app).post('/api/plans/pdf').send(plan).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
  });

  it('an invitation: the same warning, named in the PDF answer\'s warnings header', async () => {
    const invitation = { ...fixture('invitation-first.json'), message: 'Vi ses 🙏' };
    const res = await request(t.app).post('/api/invitations/validate').send(invitation);
    expect((res.body.warnings as Problem[]).filter((w) => w.code === 'text.unprintable').map((w) => w.path)).toEqual(['/message']);
    const pdf = await request(t.app).post('/api/invitations/pdf').send(invitation).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['x-invitation-warnings']).toContain('text.unprintable');
  });
});
