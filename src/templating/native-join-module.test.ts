import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocxTemplateRenderer, type TemplateName } from './template-renderer.js';
import { buildPlanView } from '../plan/plan-view.js';
import { PlanSchema } from '../plan/schema.js';
import { InvitationSchema } from '../invitation/schema.js';
import { buildInvitationView } from '../invitation/invitation-view.js';
import { buildGpCoverLetterView } from '../distribution/channels/gp-cover-letter-view.js';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../shared/paths.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));

/** The same fill by docxtemplater alone: its own mending and UTF-8 encoding. */
function plainFill(dir: string, name: string, data: Record<string, unknown>): Buffer {
  const doc = new Docxtemplater(new PizZip(readFileSync(path.join(dir, `${name}.docx`))), { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'STORE' }) as Buffer;
}

/** Each part of a .docx by name, as bytes. */
function parts(docx: Buffer): Record<string, Buffer> {
  const zip = new PizZip(docx);
  return Object.fromEntries(Object.values(zip.files).filter((f) => !f.dir).map((f) => [f.name, Buffer.from(f.asUint8Array())]));
}

describe('native join module', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'native-join-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const plan = PlanSchema.parse(fixture('minimal.json'));
  const bilag2 = PlanSchema.parse(fixture('bilag2.json'));
  // Empty lists: loops that render nothing (none of our templates then needs docxtemplater's mending; the last test covers that).
  const sparse = PlanSchema.parse({ ...(fixture('minimal.json') as object), goals: [], challenges: [] });
  const longText = PlanSchema.parse(fixture('long-text.json'));
  const gp = { name: 'Lægerne i Algade', clinic: 'v/ Karen Lund', address: 'Algade 12, 1. sal\n4000 Roskilde', phone: '46 35 00 00' };
  const cases: Array<[TemplateName, string, Record<string, unknown>]> = [
    ['indsatsplan', 'minimal', buildPlanView(plan) as Record<string, unknown>],
    ['indsatsplan', 'Bilag 2', buildPlanView(bilag2) as Record<string, unknown>],
    ['indsatsplan', 'no goals or challenges, æøå and "<&>"', buildPlanView({ ...sparse, citizen: { ...sparse.citizen, name: 'Søren "<Æble & Ø>" Ågård' } }) as Record<string, unknown>],
    ['indsatsplan', 'long texts', buildPlanView(longText) as Record<string, unknown>],
    ['invitation', 'first meeting', { ...buildInvitationView(InvitationSchema.parse(fixture('invitation-first.json'))) }],
    ['invitation', 'follow-up meeting', { ...buildInvitationView(InvitationSchema.parse(fixture('invitation-followup.json'))) }],
    ['gp-cover-letter', 'letter', buildGpCoverLetterView({ gp, plan, organisation: 'Roskilde Kommune', date: new Date('2014-05-02T10:00:00Z') })],
  ];

  it.each(cases)('fills %s (%s) byte for byte as docxtemplater alone does', (template, _label, data) => {
    const ours = parts(createDocxTemplateRenderer().render(template, data, { purpose: 'conversion' }));
    const plain = parts(plainFill(TEMPLATES_DIR, template, data));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(plain).sort());
    for (const name of Object.keys(plain)) expect(ours[name]!.equals(plain[name]!), name).toBe(true);
  });

  it('still mends a table cell a loop left empty, and keeps text outside ASCII', () => {
    // A cell whose only paragraphs are a loop's; with no rows Word would refuse the cell.
    const cell = '<w:tc><w:p><w:r><w:t>{#rows}</w:t></w:r></w:p><w:p><w:r><w:t>{name}</w:t></w:r></w:p><w:p><w:r><w:t>{/rows}</w:t></w:r></w:p></w:tc>';
    const body = `<w:tbl><w:tr>${cell}<w:tc><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>`;
    const zip = new PizZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
    zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
    writeFileSync(path.join(tmp, 'indsatsplan.docx'), zip.generate({ type: 'nodebuffer' }) as Buffer);

    const data = { rows: [], title: 'Mål for 2026: €, ½ og 𝄞' };
    const ours = parts(createDocxTemplateRenderer(tmp).render('indsatsplan', data, { purpose: 'conversion' }))['word/document.xml']!;
    expect(ours.equals(parts(plainFill(tmp, 'indsatsplan', data))['word/document.xml']!)).toBe(true);
    const xml = ours.toString('utf8');
    expect(xml).not.toMatch(/<w:tc>(?:(?!<w:p)[\s\S])*?<\/w:tc>/);
    expect(xml).toContain('Mål for 2026: €, ½ og 𝄞');
  });
});
