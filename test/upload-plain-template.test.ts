/**
 * The official plain template filled the traditional way: the service's own filled
 * template (templates/indsatsplan.docx, rendered with the Bilag 2 plan) is edited the
 * way a referent edits the form in Word, as in Bilag 2 of the guideline (☐ X, typed
 * dates), and read back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import PizZip from 'pizzip';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlanSchema, type Plan } from '../src/plan/schema.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { openDocx } from '../src/upload/open-docx.js';
import { readPlainTemplate } from '../src/upload/read-plain-template.js';
import { readUpload } from '../src/upload/read-upload.js';
import { testConfig } from './helpers/app.js';

const config = testConfig();
const limits = config.limits;
const bilag2: Plan = PlanSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/bilag2.json', import.meta.url), 'utf8')));
let filled: Buffer;

beforeAll(() => {
  filled = renderPlanDocx(bilag2, createDocxTemplateRenderer());
});

/** Edits the main part of the filled template, as a referent would in Word. */
function edit(docx: Buffer, change: (xml: string) => string): Buffer {
  const zip = new PizZip(docx);
  const xml = zip.file('word/document.xml')!.asText();
  const changed = change(xml);
  if (changed === xml) throw new Error('the edit changed nothing');
  zip.file('word/document.xml', changed);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

/** The form's 8 boxes in order: 4 grounds, consent Ja/Nej, approved Ja/Nej. Each value is raw run XML content. */
function setBoxes(xml: string, boxes: Array<string | undefined>): string {
  let i = 0;
  const out = xml.replace(/(<w:t(?: [^>]*)?>)([☒☐])(<\/w:t>)/gu, (all, open: string, _glyph: string, close: string) => {
    const replacement = boxes[i++];
    return replacement === undefined ? all : `${open.replace('<w:t>', '<w:t xml:space="preserve">')}${replacement}${close}`;
  });
  expect(i).toBe(8);
  return out;
}

/** The file as LibreOffice Writer saves it again as .docx (soffice --convert-to docx). */
async function savedByLibreOffice(docx: Buffer): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upload-plain-lo-'));
  try {
    writeFileSync(path.join(dir, 'plan.docx'), docx);
    const args = [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', path.join(dir, 'out'), path.join(dir, 'plan.docx')];
    await promisify(execFile)(config.conversion.sofficePath, args, { timeout: 90_000 });
    const saved = readFileSync(path.join(dir, 'out', 'plan.docx'));
    expect(saved.equals(docx)).toBe(false);
    return saved;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const read = (docx: Buffer) => {
  const result = readPlainTemplate(openDocx(docx, limits));
  expect(result).toBeDefined();
  return result!;
};
const ticks = (r: ReturnType<typeof read>) => [
  r.plan.grounds?.inPsychiatricTreatment,
  r.plan.grounds?.inSubstanceTreatment,
  r.plan.grounds?.needsPsychiatricTreatment,
  r.plan.grounds?.needsSubstanceTreatment,
  r.plan.consent,
  r.plan.approvedByCitizen,
];
const BILAG2_TICKS = [true, false, false, true, true, true];

describe('the plain template read back', () => {
  it('reads every field of the filled template as rendered', () => {
    const r = read(filled);
    expect(r.source).toBe('plain-template');
    expect(r.problems).toEqual([]);
    const p = PlanSchema.parse(r.plan);
    expect(p.citizen).toEqual(bilag2.citizen);
    expect(ticks(r)).toEqual(BILAG2_TICKS);
    expect(p.meetingDate).toBe('2014-05-01');
    expect(p.followUpDate).toBe('2014-10-01');
    expect(p.existingPlans).toEqual(bilag2.existingPlans);
    expect(p.challenges).toEqual(bilag2.challenges);
    expect(p.goals).toEqual(bilag2.goals);
    // A contact is one line of free text: name, then title and organisation, which a comma cannot split exactly.
    const flat = (c: { name: string; title: string; organisation: string; phone: string; email: string }) => [c.name, [c.title, c.organisation].join(', '), c.phone, c.email];
    expect(flat(p.coordinator)).toEqual(flat(bilag2.coordinator));
    expect(p.participants.map(flat)).toEqual(bilag2.participants.map(flat));
    expect(p.participants.map((x) => x.attended)).toEqual(bilag2.participants.map((x) => x.attended));
  });

  it('reads Bilag 2 as the guideline fills it: "☐ X" ticks, 1.5.2014, "den___1.10___ 2014"', () => {
    const docx = edit(filled, (xml) =>
      setBoxes(xml, ['☐ X', '☐', '☐', '☐ X', '☐ X', '☐', '☐ X', '☐'])
        .replace('>1. maj 2014<', '>1.5.2014<')
        .replace('afholdes den 1. oktober 2014', 'afholdes den___1.10___ 2014'),
    );
    const r = read(docx);
    expect(r.problems).toEqual([]);
    expect(ticks(r)).toEqual(BILAG2_TICKS);
    expect(r.plan.meetingDate).toBe('2014-05-01');
    expect(r.plan.followUpDate).toBe('2014-10-01');
  });

  it.each([
    ['☑ and ■ glyphs', ['☑', '☐', '☐', '■', '☑', '☐', '■', '☐']],
    ['X typed in place of the box, lower case x', ['X', '', '', 'x', 'X', '', 'x', '']],
    ['X before the box and the box written twice', ['X ☐', '☐', '☐', '☐x', 'x☐', '☐', '☒ X', '☐']],
    ['X in a run of its own, split by a spelling mark', ['☐</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve"> X', '☐', '☐', '☒', '☒', '☐', '☒', '☐']],
  ])('counts a box as ticked: %s', (_what, boxes) => {
    // Empty strings are boxes deleted without a mark: those are for options not ticked, which a
    // referent may also delete; they read as unclear, so only the ticked ones are asserted here.
    const r = read(edit(filled, (xml) => setBoxes(xml, boxes.map((b) => (b === '' ? '☐' : b)))));
    expect(r.problems).toEqual([]);
    expect(ticks(r)).toEqual(BILAG2_TICKS);
  });

  it('does not guess an unclear box: null and a problem at its field', () => {
    const r = read(edit(filled, (xml) => setBoxes(xml, ['☒', '?', '☐☒', '', '☒', '☒', 'måske', '☐'])));
    expect(r.plan.grounds?.inPsychiatricTreatment).toBe(true);
    expect(r.plan.grounds?.inSubstanceTreatment).toBeNull();
    expect(r.plan.grounds?.needsPsychiatricTreatment).toBeNull();
    expect(r.plan.grounds?.needsSubstanceTreatment).toBeNull();
    expect(r.plan.consent).toBeNull();
    expect(r.plan.approvedByCitizen).toBeNull();
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['upload.box-unclear', '/grounds/inSubstanceTreatment'],
      ['upload.box-unclear', '/grounds/needsPsychiatricTreatment'],
      ['upload.box-unclear', '/grounds/needsSubstanceTreatment'],
      ['upload.box-unclear', '/consent'],
      ['upload.box-unclear', '/approvedByCitizen'],
    ]);
    expect(r.problems[3]!.message).toBe('Både »Ja« og »Nej« er afkrydset ved »Samtykke«. Sæt kun ét kryds.');
    expect(r.problems[4]!.message).toMatch(/»Ja« under »Indsatsplan er godkendt af borger« kan ikke læses entydigt \(»måske«\)\. Sæt ☒ eller X/);
    expect(r.problems[0]!.label).toBe('Grundlag for indsatsplan');
  });

  it('reads an unanswered Ja/Nej as null with a reading problem, as the form readers do', () => {
    const r = read(edit(filled, (xml) => setBoxes(xml, ['☒', '☐', '☐', '☐', '☐', '☐', '☐', '☐'])));
    expect(r.plan.consent).toBeNull();
    expect(r.plan.approvedByCitizen).toBeNull();
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['upload.box-unclear', '/consent'],
      ['upload.box-unclear', '/approvedByCitizen'],
    ]);
    expect(r.problems[0]!.message).toBe('Hverken »Ja« eller »Nej« er afkrydset ved »Samtykke«.');
  });

  it.each(['01-05-2014', '1/5-2014', '1. Maj 2014.', 'torsdag d. 1.5.2014', '1.5.14'])('reads the meeting date %j', (typed) => {
    const r = read(edit(filled, (xml) => xml.replace('>1. maj 2014<', `>${typed}<`)));
    expect(r.plan.meetingDate).toBe('2014-05-01');
    expect(r.problems).toEqual([]);
  });

  it('reports an unreadable date at its field and does not guess it', () => {
    const r = read(edit(filled, (xml) => xml.replace('>1. maj 2014<', '>først i maj<').replace('afholdes den 1. oktober 2014', 'afholdes den 31.9 2014')));
    expect(r.plan.meetingDate).toBeNull();
    expect(r.plan.followUpDate).toBeNull();
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ['upload.date-unreadable', '/meetingDate'],
      ['upload.date-unreadable', '/followUpDate'],
    ]);
    expect(r.problems[0]!.message).toBe('Datoen »først i maj« ved »Dato for koordinationsmødet« kunne ikke læses. Skriv den som fx 1.5.2014 eller 1. maj 2014.');
  });

  it('reads the blank follow-up line as no date, and the century filled in apart', () => {
    expect(read(edit(filled, (xml) => xml.replace('afholdes den 1. oktober 2014', 'afholdes den ___________ 20___'))).plan.followUpDate).toBeNull();
    expect(read(edit(filled, (xml) => xml.replace('afholdes den 1. oktober 2014', 'afholdes den ___1.10.___ 20__14__'))).plan.followUpDate).toBe('2014-10-01');
  });

  it('finds rows by labels written with hyphenation, other case and spacing', () => {
    const docx = edit(filled, (xml) =>
      xml
        .replace('>Deltagere i koordinationsmødet<', '>DELTAGERE I KOORDINA-TIONSMØDET<')
        .replace('>Dato for koordinationsmødet<', '>Dato for koordinati- onsmødet:<')
        .replace('>Indsatsplan er godkendt af borger<', '>Indsatsplan er god-kendt af  borger<'),
    );
    const r = read(docx);
    expect(r.plan.participants).toHaveLength(4);
    expect(r.plan.meetingDate).toBe('2014-05-01');
    expect(r.plan.approvedByCitizen).toBe(true);
  });

  it('reads the Bilag 2 fill the same after LibreOffice Writer saved it again as .docx', async () => {
    const edited = edit(filled, (xml) =>
      setBoxes(xml, ['☐ X', '☐', '☐', '☐ X', '☐ X', '☐', '☐ X', '☐'])
        .replace('>1. maj 2014<', '>1.5.2014<')
        .replace('afholdes den 1. oktober 2014', 'afholdes den___1.10___ 2014'),
    );
    const saved = await savedByLibreOffice(edited);
    const r = read(saved);
    expect(r.problems).toEqual([]);
    expect(ticks(r)).toEqual(BILAG2_TICKS);
    const p = PlanSchema.parse(r.plan);
    expect([p.meetingDate, p.followUpDate]).toEqual(['2014-05-01', '2014-10-01']);
    expect(p.existingPlans).toEqual(bilag2.existingPlans);
    expect(p.challenges).toEqual(bilag2.challenges);
    expect(p.goals).toEqual(bilag2.goals);
    expect(p.participants.map((x) => [x.name, x.email, x.attended])).toEqual(bilag2.participants.map((x) => [x.name, x.email, x.attended]));
  });

  it('reads the follow-up date from the form’s sentence retyped as a paragraph under "5. Opfølgning", also after LibreOffice saved it', async () => {
    // The referent replaced section 5's table by the form's own sentence.
    const retyped = edit(filled, (xml) => {
      const at = xml.indexOf('>Dato for opfølgning<');
      const start = xml.lastIndexOf('<w:tbl>', at);
      const end = xml.indexOf('</w:tbl>', at) + '</w:tbl>'.length;
      return `${xml.slice(0, start)}<w:p><w:r><w:t>Opfølgende møde afholdes den 1.10.2014</w:t></w:r></w:p>${xml.slice(end)}`;
    });
    expect(new PizZip(retyped).file('word/document.xml')!.asText()).not.toContain('Dato for opfølgning');
    for (const file of [retyped, await savedByLibreOffice(retyped)]) {
      const reading = readUpload(file, limits, { today: new Date('2014-05-02T12:00:00Z') });
      expect(reading.source).toBe('plain-template');
      expect((reading.plan as Plan).followUpDate).toBe('2014-10-01');
      expect(reading.errors).toEqual([]);
    }
  });

  it('joins the validation rules: the plan read validates like the JSON plan', () => {
    const reading = readUpload(filled, limits, { today: new Date('2014-05-02T12:00:00Z') });
    expect(reading.source).toBe('plain-template');
    expect(reading.parsed).toBe(true);
    expect(reading.errors).toEqual([]);
  });

  it('reports a reading problem once, not again as a rule problem at the same field', () => {
    const docx = edit(filled, (xml) => setBoxes(xml, ['☒', '☐', '☐', '☒', '☐☒', '☐', '☒', '☐']).replace('>1. maj 2014<', '>snart<'));
    const reading = readUpload(docx, limits, { today: new Date('2014-05-02T12:00:00Z') });
    const at = (path: string) => reading.errors.filter((e) => e.path === path).map((e) => e.code);
    expect(at('/consent')).toEqual(['upload.box-unclear']);
    expect(at('/meetingDate')).toEqual(['upload.date-unreadable']);
  });
});
