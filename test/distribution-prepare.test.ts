import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDistribution, type GpLetterBuilder, type PrepareDeps } from '../src/distribution/prepare-distribution.js';
import { openSqliteStores } from '../src/storage/open-sqlite-stores.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { Stores } from '../src/storage/stores.js';
import type { PlanInput } from '../src/plan/schema.js';
import { AppError } from '../src/shared/errors.js';
import { FAKE_PDF, TEST_OWNER } from './helpers/distribution.js';

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const gp = { name: 'Lægerne i Algade', clinic: 'Algade Lægehus', address: 'Algade 1\n4000 Roskilde', phone: '' };
const converter = fakeConverter(async () => FAKE_PDF);
const opened: Stores[] = [];

function deps(buildGpLetter: GpLetterBuilder = async () => Buffer.from('%PDF-letter')): PrepareDeps & { stores: Stores } {
  const stores = openSqliteStores(':memory:');
  opened.push(stores);
  return { store: stores.distributions, stores, converter, renderer: createDocxTemplateRenderer(), buildGpLetter, organisation: 'Roskilde Kommune' };
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe('prepareDistribution', () => {
  it('stores the documents the recipients need, the messages, and an audit record per recipient; not the plan', async () => {
    const d = deps();
    const { id, recipients } = await prepareDistribution(d, { plan: { ...minimal, generalPractitioner: gp }, actor: 'Anne', owner: TEST_OWNER });
    expect(recipients.map((r) => r.role)).toEqual(['coordinator', 'participant', 'citizen', 'general-practitioner']);
    expect((await d.store.getDocument(id, 'plan-pdf'))?.content.equals(FAKE_PDF)).toBe(true);
    expect((await d.store.getDocument(id, 'plan-docx'))?.content.subarray(0, 2).toString()).toBe('PK');
    expect((await d.store.getDocument(id, 'gp-letter'))?.content.toString()).toBe('%PDF-letter');
    const stored = (await d.store.getDistribution(id))!;
    expect(stored).toMatchObject({ kind: 'plan', createdBy: 'Anne', title: 'Koordinerende indsatsplan, møde 1. maj 2014' });
    expect(stored.deliveries[0]).toMatchObject({ subject: 'Koordinerende indsatsplan fra koordinationsmødet den 1. maj 2014', address: 'anne.koordinator@roskilde.dk' });
    expect(stored.deliveries[0]!.text).toContain('Mette Hansen');
    expect(stored.deliveries[2]).toMatchObject({ subject: 'Din koordinerende indsatsplan', text: '' });
    // the plan's content (its challenges, its goals) is nowhere but in the documents
    expect(JSON.stringify(stored)).not.toContain('Fastholdelse i psykiatrisk behandling');
    expect((await d.stores.audit.list(id)).map((a) => `${a.action}:${a.role ?? ''}`)).toEqual([
      'distribution-prepared:',
      'recipient-listed:coordinator',
      'recipient-listed:participant',
      'recipient-listed:citizen',
      'recipient-listed:general-practitioner',
    ]);
  });

  it('keeps no .docx when the coordinator is not a recipient, and no letter when the GP is not', async () => {
    const d = deps();
    const { id } = await prepareDistribution(d, { plan: { ...minimal, generalPractitioner: gp }, recipients: { coordinator: false }, actor: 'Anne', owner: TEST_OWNER });
    expect(await d.store.getDocument(id, 'plan-docx')).toBeUndefined();
    expect((await d.store.getDocument(id, 'plan-pdf'))?.content.equals(FAKE_PDF)).toBe(true);
    expect((await d.store.getDocument(id, 'gp-letter'))?.content.toString()).toBe('%PDF-letter');

    const noGp = await prepareDistribution(d, { plan: { ...minimal, generalPractitioner: gp }, recipients: { generalPractitioner: false }, actor: 'Anne', owner: TEST_OWNER });
    expect(noGp.recipients.map((r) => r.role)).not.toContain('general-practitioner');
    expect(await d.store.getDocument(noGp.id, 'gp-letter')).toBeUndefined();
    expect(await d.store.getDocument(noGp.id, 'plan-docx')).toBeDefined();
  });

  it('flags the GP for manual handling when the letter cannot be made, and sends the rest', async () => {
    const d = deps(async () => {
      throw new AppError('distribution-invalid', 'Lægens adresse fylder mere end 6 linjer og kan ikke stå i kuvertens rude.');
    });
    const { id, recipients } = await prepareDistribution(d, { plan: { ...minimal, generalPractitioner: gp }, actor: 'Anne', owner: TEST_OWNER });
    expect(recipients.at(-1)).toMatchObject({ role: 'general-practitioner', flag: 'letter-impossible' });
    expect((await d.store.getDistribution(id))!.deliveries.at(-1)).toMatchObject({ state: 'manual', lastError: expect.stringMatching(/kuvertens rude.*manuelt/) });
    expect(await d.store.getDocument(id, 'gp-letter')).toBeUndefined();
  });

  it('stores nothing when the plan may not be distributed', async () => {
    const d = deps();
    await expect(prepareDistribution(d, { plan: { ...minimal, status: 'draft' }, actor: 'Anne', owner: TEST_OWNER })).rejects.toMatchObject({ code: 'distribution-invalid' });
    expect(await d.stores.audit.list()).toEqual([]);
  });
});
