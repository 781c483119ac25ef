/**
 * The form reader on the service's own form edited "as Word would": values set in the
 * XML with split runs, spelling marks, bookmarks, tracked changes and pasted formatting;
 * rows added without controls; boxes ticked by w14:checked; tags dropped as LibreOffice
 * does; the Strict namespace; and the form as it was handed out before the official
 * layout (fixtures/plan-form-v1), which may still come back filled.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDocx } from '../docx/build-docx.js';
import { paragraph } from '../docx/ooxml.js';
import { buildPlanForm } from '../plan-form/build-plan-form.js';
import { FORM_FIELDS, normaliseAlias } from '../plan-form/form-fields.js';
import { openDocx } from './open-docx.js';
import { boxFromText, readFormControls } from './read-form-controls.js';
import { W_NS } from './ooxml-text.js';

const LIMITS = { uploadBytes: 20_000_000, uploadUncompressedBytes: 100_000_000, uploadEntries: 1000 };
const bilag2 = JSON.parse(readFileSync(new URL('../../fixtures/bilag2.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const docXml = (docx: Buffer) => strFromU8(unzipSync(docx)['word/document.xml']!);
function withDocXml(docx: Buffer, edit: (xml: string) => string): Buffer {
  const files = unzipSync(docx);
  files['word/document.xml'] = strToU8(edit(strFromU8(files['word/document.xml']!)));
  return Buffer.from(zipSync(files));
}
const read = (docx: Buffer) => readFormControls(openDocx(docx, LIMITS));
const V1 = (name: 'blank' | 'bilag2') => readFileSync(new URL(`../../fixtures/plan-form-v1/${name}.docx`, import.meta.url));
/** Lines typed into a multi-line plain-text control in Word: runs with a line break between them. */
const lines = (...texts: string[]) => texts.map((t) => r(t)).join('<w:r><w:br/></w:r>');

/** The nth control (0-based) with this tag: its whole `<w:sdt>…</w:sdt>` (the form's controls are not nested). */
function controlRange(xml: string, key: string, nth = 0): [number, number] {
  const tag = `<w:tag w:val="${key}"/>`;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = xml.indexOf(tag, at + 1);
    if (at < 0) throw new Error(`no control ${key} #${nth}`);
  }
  const start = xml.lastIndexOf('<w:sdt>', at);
  const end = xml.indexOf('</w:sdt>', at) + '</w:sdt>'.length;
  return [start, end];
}

/** Types into a text control as Word does: the placeholder goes, the runs come. */
function setText(xml: string, key: string, runs: string, nth = 0): string {
  const [a, b] = controlRange(xml, key, nth);
  const sdt = xml
    .slice(a, b)
    .replace('<w:showingPlcHdr/>', '')
    .replace(/<w:rPr><w:rStyle w:val="PlaceholderText"\/><\/w:rPr>/g, '')
    .replace(/<w:sdtContent>.*<\/w:sdtContent>/s, `<w:sdtContent>${runs}</w:sdtContent>`);
  return xml.slice(0, a) + sdt + xml.slice(b);
}
const r = (t: string, rPr = '') => `<w:r>${rPr}<w:t xml:space="preserve">${t}</w:t></w:r>`;

/** Ticks or unticks a checkbox as Word does: w14:checked and the glyph. */
function setBox(xml: string, key: string, checked: boolean, nth = 0): string {
  const [a, b] = controlRange(xml, key, nth);
  const sdt = xml
    .slice(a, b)
    .replace(/<w14:checked w14:val="\d"\/>/, `<w14:checked w14:val="${checked ? 1 : 0}"/>`)
    .replace(/[☐☒]/, checked ? '☒' : '☐');
  return xml.slice(0, a) + sdt + xml.slice(b);
}

/** Word's "Insert row below" under the row of a control: the cells' formatting, no controls, typed text. */
function addRowAfter(xml: string, key: string, nth: number, cells: string[]): string {
  const [, end] = controlRange(xml, key, nth);
  const rowEnd = xml.indexOf('</w:tr>', end) + '</w:tr>'.length;
  const row = `<w:tr>${cells.map((c) => `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr><w:p>${c ? r(c) : ''}</w:p></w:tc>`).join('')}</w:tr>`;
  return xml.slice(0, rowEnd) + row + xml.slice(rowEnd);
}

describe('readFormControls on the blank and the pre-filled form', () => {
  it('reads the blank form as empty, reporting only the unanswered Ja/Nej questions', () => {
    const res = read(buildPlanForm())!;
    expect(res.source).toBe('form-controls');
    expect(res.plan.citizen).toEqual({ name: '', cpr: '', address: '', phone: '' });
    expect(res.plan.grounds).toEqual({ inPsychiatricTreatment: false, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: false });
    expect(res.plan.participants).toEqual([]);
    expect(res.plan.challenges).toEqual([]);
    expect(res.plan.goals).toEqual([]);
    expect(res.plan.meetingDate).toBeNull();
    expect(res.problems.map((p) => [p.code, p.path])).toEqual([
      ['upload.box-unclear', '/consent'],
      ['upload.box-unclear', '/approvedByCitizen'],
    ]);
    expect(res.problems[0]!.message).toBe('Hverken »Ja« eller »Nej« er afkrydset ved »Samtykke«.');
  });

  it('reads back every field of the Bilag 2 plan pre-filled into the form', () => {
    const res = read(buildPlanForm(bilag2))!;
    expect(res.problems).toEqual([]);
    for (const key of ['citizen', 'grounds', 'consent', 'coordinator', 'participants', 'meetingDate', 'approvedByCitizen', 'existingPlans', 'challenges', 'goals', 'followUpDate']) {
      expect({ [key]: (res.plan as Record<string, unknown>)[key] }).toEqual({ [key]: bilag2[key] });
    }
  });

  it('keeps the line breaks of a pre-filled multi-line value', () => {
    const res = read(buildPlanForm({ citizen: { address: 'Testvej 12\n4000 Roskilde' }, existingPlans: { other: { status: 'a\n\nb' } } }))!;
    expect(res.plan.citizen?.address).toBe('Testvej 12\n4000 Roskilde');
    expect(res.plan.existingPlans?.other?.status).toBe('a\n\nb');
  });

  it('has a control for every field of the table, each tag and alias unique per field', () => {
    // The blank form has the official hints for the coordinator and the participants; known people have a control per part.
    const xml = docXml(buildPlanForm()) + docXml(buildPlanForm(bilag2));
    for (const f of FORM_FIELDS) {
      expect(xml).toContain(`<w:tag w:val="${f.key}"/>`);
      expect(xml).toContain(`<w:alias w:val="${f.alias}"/>`);
    }
    expect(new Set(FORM_FIELDS.map((f) => f.key)).size).toBe(FORM_FIELDS.length);
    expect(new Set(FORM_FIELDS.map((f) => normaliseAlias(f.alias))).size).toBe(FORM_FIELDS.length);
  });
});

describe('readFormControls on a form edited as Word would', () => {
  const edited = () =>
    withDocXml(buildPlanForm({ citizen: { name: 'Jens Peter Nielsen' } }), (x) => {
      // Runs split by a spelling mark, a bookmark and a smart tag; text pasted with formatting.
      x = setText(x, 'citizen.cpr', `${r('0101')}<w:proofErr w:type="spellStart"/>${r('80-', '<w:rPr><w:b/></w:rPr>')}<w:bookmarkStart w:id="9" w:name="_GoBack"/>${r('4000')}<w:bookmarkEnd w:id="9"/><w:proofErr w:type="spellEnd"/>`);
      x = setText(x, 'citizen.address', `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="address">${r('Testvej 12')}</w:smartTag><w:r><w:br/></w:r>${r('4000 Roskilde', '<w:rPr><w:i/><w:color w:val="FF0000"/></w:rPr>')}`);
      // Tracked changes: the accepted insertion counts, the deletion does not.
      x = setText(x, 'citizen.phone', `${r('20 30 ')}<w:del w:id="1" w:author="R" w:date="2014-05-01T10:00:00Z"><w:r><w:delText>99 99</w:delText></w:r></w:del><w:ins w:id="2" w:author="R" w:date="2014-05-01T10:00:00Z">${r('40 50')}</w:ins>`);
      x = setText(x, 'meetingDate', `<w:hyperlink w:anchor="x">${r('1. maj 2014')}</w:hyperlink>`);
      x = setText(x, 'followUpDate', `<w:fldSimple w:instr=" DATE \\@ &quot;d.M.yyyy&quot; ">${r('1.10.2014')}</w:fldSimple>`);
      x = setBox(x, 'grounds.inPsychiatricTreatment', true);
      x = setBox(x, 'consent.yes', true);
      x = setBox(x, 'approvedByCitizen.no', true);
      // The coordinator and the participants as the official hints ask, a person a line; one more in a row added below.
      x = setText(x, 'coordinator', lines('Anne Andersen, socialrådgiver, Misbrugscenter Roskilde', 'tlf. 46 31 00 00, anne@misbrug.example.dk'));
      x = setText(x, 'participants[]', lines('Peter Holm, overlæge, Distriktspsykiatrien (afbud)', 'Mads Jørgensen, Sagsbehandler, Jobcenter, 46 31 30 30, mads@job.example.dk'));
      x = addRowAfter(x, 'participants[]', 0, ['', 'Lise Madsen, støttekontaktperson, Socialpsykiatrien']);
      // Challenges: the second typed into a row added at the end of the table.
      x = setText(x, 'challenges[]', r('Fremmøde i psykiatrien'));
      x = addRowAfter(x, 'challenges[]', 4, ['6.', 'Bolig']);
      // Goals: two titled, interventions in controls and in an added row; a goal typed as a new row.
      x = setText(x, 'goals[].title', r('Fastholdelse i behandling'), 0);
      x = setText(x, 'goals[].interventions[].task', r('Samtaler'), 0);
      x = setText(x, 'goals[].interventions[].responsible', r('DP'), 0);
      x = addRowAfter(x, 'goals[].interventions[].task', 0, ['Følges til samtaler', 'Fremmøde', 'Støttekontaktperson', 'Løbende']);
      // Rows inserted below the same row: the later one lands directly below it.
      x = addRowAfter(x, 'goals[].interventions[].task', 2, ['Ansøg om bolig', '', 'Kommunen', 'Juni']);
      x = addRowAfter(x, 'goals[].interventions[].task', 2, ['Mål 4: Bolig', '', '', '']);
      return x;
    });

  it('reads text as a person sees it and boxes by their state', () => {
    const res = read(edited())!;
    expect(res.plan.citizen).toEqual({ name: 'Jens Peter Nielsen', cpr: '010180-4000', address: 'Testvej 12\n4000 Roskilde', phone: '20 30 40 50' });
    expect(res.plan.grounds?.inPsychiatricTreatment).toBe(true);
    expect(res.plan.grounds?.needsSubstanceTreatment).toBe(false);
    expect(res.plan.consent).toBe(true);
    expect(res.plan.approvedByCitizen).toBe(false);
    expect(res.plan.meetingDate).toBe('2014-05-01');
    expect(res.plan.followUpDate).toBe('2014-10-01');
    expect(res.problems).toEqual([]);
  });

  it('reads the people typed where the official form asks for them', () => {
    const res = read(edited())!;
    expect(res.plan.coordinator).toEqual({ name: 'Anne Andersen', title: 'socialrådgiver', organisation: 'Misbrugscenter Roskilde', phone: '46 31 00 00', email: 'anne@misbrug.example.dk' });
    expect(res.plan.participants).toEqual([
      { name: 'Peter Holm', title: 'overlæge', organisation: 'Distriktspsykiatrien', phone: '', email: '', attended: false },
      { name: 'Mads Jørgensen', title: 'Sagsbehandler', organisation: 'Jobcenter', phone: '46 31 30 30', email: 'mads@job.example.dk', attended: true },
      { name: 'Lise Madsen', title: 'støttekontaktperson', organisation: 'Socialpsykiatrien', phone: '', email: '', attended: true },
    ]);
  });

  it('reads rows added to the tables, in order, and skips empty rows', () => {
    const res = read(edited())!;
    expect(res.plan.challenges).toEqual(['Fremmøde i psykiatrien', 'Bolig']);
    expect(res.plan.goals).toEqual([
      {
        title: 'Fastholdelse i behandling',
        interventions: [
          { task: 'Samtaler', successCriteria: '', responsible: 'DP', timeline: '' },
          { task: 'Følges til samtaler', successCriteria: 'Fremmøde', responsible: 'Støttekontaktperson', timeline: 'Løbende' },
        ],
      },
      { title: 'Bolig', interventions: [{ task: 'Ansøg om bolig', successCriteria: '', responsible: 'Kommunen', timeline: 'Juni' }] },
    ]);
  });

  it('reads known participants by their controls and boxes, and rows added below them', () => {
    const known = [
      { name: 'Peter Holm', title: 'Overlæge, psykiater', organisation: 'Distriktspsykiatrien', phone: '47 32 00 00', email: 'peter@psyk.example.dk' },
      { name: 'Lise Madsen', title: '', organisation: 'Socialpsykiatrien', phone: '', email: 'lise@kommune.example.dk' },
    ];
    // LibreOffice copies the box's alias onto the cell of a row added below it.
    const loCell = (text: string) => `<w:sdt><w:sdtPr><w:id w:val="7"/><w:alias w:val="Deltager: deltog"/></w:sdtPr><w:sdtContent><w:p>${text ? r(text) : ''}</w:p></w:sdtContent></w:sdt>`;
    const docx = withDocXml(buildPlanForm({ participants: known }), (x) => {
      x = setBox(x, 'participants[].attended', false, 1);
      x = addRowAfter(x, 'participants[].name', 1, ['', 'Mads Jørgensen, sagsbehandler, Jobcenter', 'afbud']);
      x = addRowAfter(x, 'participants[].name', 1, ['', 'Karen Sørensen, behandler', '']);
      x = x.replace(/(>Karen Sørensen, behandler<.*?<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"\/><\/w:tcPr>)<w:p><\/w:p>(<\/w:tc><\/w:tr>)/s, `$1${loCell('')}$2`);
      return setText(x, 'participants[]', r('Ole Hansen, Jobcenter (afbud)'));
    });
    const res = read(docx)!;
    expect(res.plan.participants).toEqual([
      { ...known[0], attended: true },
      { ...known[1], attended: false },
      { name: 'Karen Sørensen', title: 'behandler', organisation: '', phone: '', email: '', attended: true },
      { name: 'Mads Jørgensen', title: 'sagsbehandler', organisation: 'Jobcenter', phone: '', email: '', attended: false },
      { name: 'Ole Hansen', title: 'Jobcenter', organisation: '', phone: '', email: '', attended: false },
    ]);
    expect(res.problems.filter((p) => p.path.startsWith('/participants'))).toEqual([]);
  });

  it('reads a pre-filled coordinator by the controls of the parts', () => {
    const coordinator = { name: 'Anne Andersen', title: 'Socialrådgiver, koordinator', organisation: 'Roskilde Kommune', phone: '', email: 'anne@example.dk' };
    const res = read(withDocXml(buildPlanForm({ coordinator }), (x) => setText(x, 'coordinator.phone', r('46 31 00 00'))))!;
    expect(res.plan.coordinator).toEqual({ ...coordinator, phone: '46 31 00 00' });
    expect(res.problems.filter((p) => p.path.startsWith('/coordinator'))).toEqual([]);
  });

  it('reads a goal whose table was copied (controls and all) as one more goal', () => {
    const docx = withDocXml(buildPlanForm({ goals: [{ title: 'A', interventions: [{ task: 'a1' }] }] }), (x) => {
      const [a] = controlRange(x, 'goals[].title', 0);
      const tblStart = x.lastIndexOf('<w:tbl>', a);
      const tblEnd = x.indexOf('</w:tbl>', a) + '</w:tbl>'.length;
      const copy = x.slice(tblStart, tblEnd).replace('>A<', '>B<').replace('>a1<', '>b1<');
      return x.slice(0, tblEnd) + '<w:p/>' + copy + x.slice(tblEnd);
    });
    expect(read(docx)!.plan.goals).toEqual([
      { title: 'A', interventions: [{ task: 'a1', successCriteria: '', responsible: '', timeline: '' }] },
      { title: 'B', interventions: [{ task: 'b1', successCriteria: '', responsible: '', timeline: '' }] },
    ]);
  });

  it('reports both Ja and Nej ticked, and a box that says neither, at their fields', () => {
    const docx = withDocXml(buildPlanForm(), (x) => {
      x = setBox(setBox(x, 'consent.yes', true), 'consent.no', true);
      // A box whose checkbox was lost, showing a question mark.
      const [a, b] = controlRange(x, 'grounds.inSubstanceTreatment');
      const sdt = x.slice(a, b).replace(/<w14:checkbox>.*<\/w14:checkbox>/s, '').replace('☐', '?');
      return x.slice(0, a) + sdt + x.slice(b);
    });
    const res = read(docx)!;
    expect(res.plan.consent).toBeNull();
    expect(res.plan.grounds?.inSubstanceTreatment).toBeNull();
    const byPath = Object.fromEntries(res.problems.map((p) => [p.path, p]));
    expect(byPath['/consent']).toMatchObject({ code: 'upload.box-unclear', label: 'Samtykke', message: 'Både »Ja« og »Nej« er afkrydset ved »Samtykke«. Sæt kun ét kryds.' });
    expect(byPath['/grounds/inSubstanceTreatment']).toMatchObject({ code: 'upload.box-unclear', label: 'Borgeren er i stof- og/eller alkoholbehandling eller er henvist hertil' });
  });

  it('reads text typed beside an empty control, without the form’s own lead', () => {
    const besides = (x: string, key: string, text: string) => {
      const [, end] = controlRange(x, key);
      return x.slice(0, end) + r(text) + x.slice(end);
    };
    const docx = withDocXml(buildPlanForm({ citizen: { cpr: '010180-4000' } }), (x) => {
      x = besides(x, 'citizen.name', 'Jens Peter Nielsen');
      x = besides(x, 'coordinator', ' Anne Andersen, socialrådgiver');
      x = besides(x, 'goals[].title', 'Bolig');
      // Beside a control that has a value, the value wins.
      return besides(x, 'citizen.cpr', ' (ny)');
    });
    const res = read(docx)!;
    expect(res.plan.citizen?.name).toBe('Jens Peter Nielsen');
    expect(res.plan.citizen?.cpr).toBe('010180-4000');
    expect(res.plan.coordinator).toMatchObject({ name: 'Anne Andersen', title: 'socialrådgiver' });
    expect(res.plan.goals?.[0]?.title).toBe('Bolig');
  });

  it('finds a value typed over a deleted control in its labelled row', () => {
    const typeOver = (x: string, key: string, text: string) => {
      const [a, b] = controlRange(x, key);
      return x.slice(0, a) + r(text) + x.slice(b);
    };
    const docx = withDocXml(buildPlanForm(), (x) => {
      x = typeOver(x, 'citizen.name', 'Jens Peter Nielsen');
      x = typeOver(x, 'citizen.cpr', '');
      x = typeOver(x, 'coordinator', 'Anne Andersen, Socialrådgiver');
      x = typeOver(x, 'participants[]', 'Peter Holm, overlæge');
      x = typeOver(x, 'followUpDate', '1.10.2014');
      x = typeOver(x, 'existingPlans.other.status', 'Ingen');
      return typeOver(x, 'existingPlans.drugTreatment.intervention', 'Afrusning');
    });
    const res = read(docx)!;
    expect(res.plan.citizen?.name).toBe('Jens Peter Nielsen');
    expect(res.plan.citizen?.cpr).toBe('');
    expect(res.plan.coordinator).toMatchObject({ name: 'Anne Andersen', title: 'Socialrådgiver' });
    expect(res.plan.participants).toEqual([{ name: 'Peter Holm', title: 'overlæge', organisation: '', phone: '', email: '', attended: true }]);
    expect(res.plan.followUpDate).toBe('2014-10-01');
    expect(res.plan.existingPlans?.other).toEqual({ status: 'Ingen', goal: '', intervention: '' });
    expect(res.plan.existingPlans?.drugTreatment).toEqual({ status: '', goal: '', intervention: 'Afrusning' });
    expect(res.problems.filter((p) => p.code === 'upload.field-missing')).toEqual([]);
    // Deleted with its row: reported, not guessed.
    const noRow = withDocXml(buildPlanForm(), (x) => {
      const [a] = controlRange(x, 'citizen.phone');
      return x.slice(0, x.lastIndexOf('<w:tr>', a)) + x.slice(x.indexOf('</w:tr>', a) + '</w:tr>'.length);
    });
    expect(read(noRow)!.problems).toContainEqual(expect.objectContaining({ code: 'upload.field-missing', path: '/citizen/phone', label: 'Telefon' }));
  });

  it('reads section 5’s date written into the official blank, and the blank left as it was', () => {
    const followUp = (runs: string) => read(withDocXml(buildPlanForm(), (x) => setText(x, 'followUpDate', runs)))!;
    expect(followUp(r('___1.10.___ 20__14__')).plan.followUpDate).toBe('2014-10-01');
    expect(followUp(r('1. oktober 2014')).plan.followUpDate).toBe('2014-10-01');
    // LibreOffice keeps a placeholder as ordinary text.
    const kept = followUp(r('___________ 20___'));
    expect(kept.plan.followUpDate).toBeNull();
    expect(kept.problems.filter((p) => p.path === '/followUpDate')).toEqual([]);
  });

  it('reports a date it cannot read instead of guessing', () => {
    const res = read(withDocXml(buildPlanForm(), (x) => setText(x, 'meetingDate', r('i næste uge'))))!;
    expect(res.plan.meetingDate).toBeNull();
    expect(res.problems).toContainEqual(expect.objectContaining({ code: 'upload.date-unreadable', path: '/meetingDate', label: 'Dato for koordinationsmødet' }));
  });

  it('finds the fields by alias when the tags are gone, and drops a placeholder kept as text', () => {
    const withTags = read(edited())!;
    const noTags = withDocXml(edited(), (x) => x.replace(/<w:tag w:val="[^"]*"\/>/g, '').replace(/<w:showingPlcHdr\/>/g, ''));
    expect(docXml(noTags)).not.toContain('<w:tag ');
    expect(read(noTags)).toEqual(withTags);
  });

  it('reads the ISO Strict namespace the same way', () => {
    const strict = withDocXml(edited(), (x) => x.replaceAll(W_NS.transitional, W_NS.strict));
    const pkg = openDocx(strict, LIMITS);
    expect(pkg.strict).toBe(true);
    expect(readFormControls(pkg)).toEqual(read(edited()));
  });

  it('is not fooled into reading a document whose content controls are not the form’s', () => {
    const others = withDocXml(buildPlanForm(), (x) => x.replace(/<w:(tag|alias) w:val="[^"]*"\/>/g, ''));
    expect(read(others)).toBeUndefined();
    expect(read(buildDocx({ title: 'x', body: [paragraph('Navn: Jens')] }))).toBeUndefined();
  });
});

describe('readFormControls on the form handed out before the official layout', () => {
  it('reads back every field of the Bilag 2 plan pre-filled into it', () => {
    const res = read(V1('bilag2'))!;
    expect(res.problems).toEqual([]);
    for (const key of ['citizen', 'grounds', 'consent', 'coordinator', 'participants', 'meetingDate', 'approvedByCitizen', 'existingPlans', 'challenges', 'goals', 'followUpDate']) {
      expect({ [key]: (res.plan as Record<string, unknown>)[key] }).toEqual({ [key]: bilag2[key] });
    }
  });

  it('reads its participants’ columns and rows added to them, and its coordinator’s lines', () => {
    const docx = withDocXml(V1('blank'), (x) => {
      x = setText(x, 'participants[].name', r('Peter Holm'));
      x = setText(x, 'participants[].organisation', r('Distriktspsykiatrien'));
      x = setBox(x, 'participants[].attended', false, 0);
      x = addRowAfter(x, 'participants[].name', 0, ['Mads Jørgensen', 'Sagsbehandler', 'Jobcenter', '46 31 30 30', 'mads@job.example.dk', 'afbud']);
      x = setText(x, 'coordinator.name', r('Anne Andersen'));
      // Typed over its control: found by its lead in the Koordinator cell.
      const [a, b] = controlRange(x, 'coordinator.title');
      x = x.slice(0, a) + r('Socialrådgiver') + x.slice(b);
      // Typed beside the empty e-mail control.
      const [, end] = controlRange(x, 'coordinator.email');
      return x.slice(0, end) + r('anne@example.dk') + x.slice(end);
    });
    const res = read(docx)!;
    expect(res.plan.participants).toEqual([
      { name: 'Peter Holm', title: '', organisation: 'Distriktspsykiatrien', phone: '', email: '', attended: false },
      { name: 'Mads Jørgensen', title: 'Sagsbehandler', organisation: 'Jobcenter', phone: '46 31 30 30', email: 'mads@job.example.dk', attended: false },
    ]);
    expect(res.plan.coordinator).toEqual({ name: 'Anne Andersen', title: 'Socialrådgiver', organisation: '', phone: '', email: 'anne@example.dk' });
    expect(res.problems.filter((p) => p.code === 'upload.field-missing')).toEqual([]);
  });

  it('reads a row LibreOffice added: the box’s alias copied onto an empty or typed cell', () => {
    const loCell = (text: string) => `<w:sdt><w:sdtPr><w:id w:val="7"/><w:alias w:val="Deltager: deltog"/></w:sdtPr><w:sdtContent><w:p>${text ? r(text) : ''}</w:p></w:sdtContent></w:sdt>`;
    const docx = withDocXml(V1('blank'), (x) => {
      x = addRowAfter(x, 'participants[].name', 0, ['Mads', '', '', '', '', '']);
      x = x.replace(/(>Mads<.*?<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"\/><\/w:tcPr>)<w:p><\/w:p>(<\/w:tc><\/w:tr>)/s, `$1${loCell('')}$2`);
      x = addRowAfter(x, 'participants[].name', 1, ['Lise', '', '', '', '', '']);
      return x.replace(/(>Lise<.*?<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"\/><\/w:tcPr>)<w:p><\/w:p>(<\/w:tc><\/w:tr>)/s, `$1${loCell('afbud')}$2`);
    });
    expect(docXml(docx).split('w:val="Deltager: deltog"/></w:sdtPr><w:sdtContent><w:p>').length).toBe(3);
    const res = read(docx)!;
    expect(res.plan.participants).toEqual([
      { name: 'Mads', title: '', organisation: '', phone: '', email: '' },
      { name: 'Lise', title: '', organisation: '', phone: '', email: '', attended: false },
    ]);
    expect(res.problems.filter((p) => p.path.startsWith('/participants'))).toEqual([]);
  });

});

describe('boxFromText', () => {
  it.each([
    ['☒', true],
    ['☑', true],
    ['X', true],
    [' x Ja', true],
    ['☐', false],
    ['☐ Nej', false],
    ['', undefined],
    ['?', undefined],
    ['☒☐', undefined],
  ])('%j → %s', (text, expected) => {
    expect(boxFromText(text)).toBe(expected);
  });
});
