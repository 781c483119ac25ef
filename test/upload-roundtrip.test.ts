/**
 * The round trip with a real editor: the service's form (pre-filled with what a
 * coordinator knows, and blank), filled in LibreOffice Writer headless over UNO as a
 * referent would (typing into fields and beside one, typing people where the official
 * hints ask for them, ticking and unticking boxes, adding a participant row and an
 * intervention row, saving as .docx), then uploaded: the plan read back is exactly what
 * was typed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfText } from './helpers/pdf.js';
import { fillInWriter, type WriterEdits } from './helpers/fill-in-writer.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What the coordinator knows before the meeting: sent to POST /api/plans/form. */
const known = {
  // One line: LibreOffice 7.4 drops the line breaks of a pre-filled control when it opens
  // the form (typed breaks survive; see the Word-edited tests for pre-filled ones).
  citizen: { name: 'Jens Peter Nielsen', address: 'Testvej 12, 4000 Roskilde' },
  coordinator: { name: 'Anne Andersen', title: 'Socialrådgiver', organisation: 'Misbrugscenter Roskilde', phone: '46 31 00 00', email: 'anne@misbrug.example.dk' },
  participants: [
    { name: 'Peter Holm', title: 'Overlæge', organisation: 'Distriktspsykiatrien', phone: '47 32 00 00', email: 'peter@psyk.example.dk', attended: true },
    { name: 'Lise Madsen', title: 'Støttekontaktperson', organisation: 'Socialpsykiatrien', phone: '46 31 10 10', email: 'lise@kommune.example.dk', attended: true },
  ],
};

/** What the referent does in Writer during the meeting (fill-form.py's edits). */
const edits: WriterEdits = {
  fields: [
    { alias: 'Borgerens cpr-nummer', value: '010180-4000' },
    { alias: 'Borgerens telefon', value: '20 30 40 50' },
    { alias: 'Dato for koordinationsmødet', value: '1. maj 2014' },
    { alias: 'Psykiatrisk behandlingsplan: status', value: 'Ambulant forløb i DP.\nSamtaler hver 14. dag.' },
    { alias: 'Alkoholplan: mål', value: 'Reduceret forbrug' },
    { alias: 'Udfordring', nth: 0, value: 'Støtte til stabilt fremmøde i den ambulante psykiatri.' },
    { alias: 'Udfordring', nth: 1, value: 'Motivation for alkoholbehandling.' },
    { alias: 'Mål', nth: 0, value: 'Fastholdelse i psykiatrisk behandling' },
    { alias: 'Indsats eller opgave', nth: 0, value: 'Samtaler hver 14. dag' },
    { alias: 'Succeskriterier', nth: 0, value: 'Borgeren møder op' },
    { alias: 'Rollefordeling', nth: 0, value: 'Distriktspsykiatrien;\nborgeren møder op' },
    { alias: 'Tidsplan', nth: 0, value: 'Fra maj 2014' },
    { alias: 'Mål', nth: 1, value: 'Motivere til misbrugsbehandling' },
    { alias: 'Indsats eller opgave', nth: 3, value: 'Motivationssamtaler' },
    { alias: 'Rollefordeling', nth: 3, value: 'Misbrugscentret' },
    { alias: 'Dato for opfølgning', value: '1.10.2014' },
    // Typed over a pre-filled value.
    { alias: 'Koordinator: telefon', value: '46 31 00 01' },
    // Who else came, where the official hint asks for them: a person a line.
    { alias: 'Deltagere i koordinationsmødet', value: 'Ole Hansen, Praktiserende læge, Lægehuset Roskilde, tlf. 46 00 00 00\nKaren Sørensen, Behandler, Misbrugscenter Roskilde (afbud)' },
  ],
  boxes: [
    { alias: 'Grundlag 1: i psykiatrisk behandling', checked: true },
    { alias: 'Grundlag 2: i stof- eller alkoholbehandling', checked: true },
    { alias: 'Grundlag 4: behov for stof- eller alkoholbehandling', checked: true },
    // Ticked by mistake and unticked again.
    { alias: 'Grundlag 2: i stof- eller alkoholbehandling', checked: false },
    { alias: 'Samtykke: Ja', checked: true },
    { alias: 'Godkendt af borger: Ja', checked: true },
    // Lise sent apologies: her pre-ticked "Deltog" is unticked.
    { alias: 'Deltager: deltog', nth: 1, checked: false },
  ],
  // Typed next to an empty field instead of into it.
  beside: [{ alias: 'Anden plan: status', value: 'Ingen aktuel plan' }],
  rows: [
    // A row added below the invited participants (Writer gives it one cell, as the hint's row below has).
    { alias: 'Deltager: navn', nth: 1, cells: ['Mads Jørgensen, Sagsbehandler, Jobcenter Roskilde, 46 31 30 30, mads@job.example.dk'] },
    { alias: 'Indsats eller opgave', nth: 0, cells: ['Støttekontaktperson følger til samtaler', 'Fremmøde 90 %', 'Socialpsykiatrien', 'Løbende'] },
  ],
};

const emptyExisting = { status: '', goal: '', intervention: '' };
const intervention = (task: string, successCriteria: string, responsible: string, timeline: string) => ({ task, successCriteria, responsible, timeline });

let t: Awaited<ReturnType<typeof createTestApp>>;
let filled: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  const form = await request(t.app).post('/api/plans/form').send(known).buffer(true).parse(binaryParser);
  expect(form.status).toBe(200);
  filled = await fillInWriter(form.body as Buffer, edits);
}, 300_000);

afterAll(async () => {
  await t?.close();
});

describe('the form filled in LibreOffice Writer', () => {
  it('was really saved by LibreOffice, which dropped the tags and kept the aliases', () => {
    const xml = strFromU8(unzipSync(filled)['word/document.xml']!);
    expect(strFromU8(unzipSync(filled)['docProps/app.xml']!)).toMatch(/LibreOffice/);
    expect(xml).not.toContain('w:tag ');
    expect(xml).toContain('w:alias w:val="Borgerens navn"');
  });

  it('reads back exactly what was typed, ticked and added', async () => {
    const res = await request(t.app).post('/api/plans/upload').set('Accept', 'application/json').attach('file', filled, { filename: 'plan.docx', contentType: DOCX });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('form-controls');
    const plan = res.body.plan;
    expect(plan.citizen).toEqual({ name: 'Jens Peter Nielsen', cpr: '010180-4000', address: 'Testvej 12, 4000 Roskilde', phone: '20 30 40 50' });
    expect(plan.grounds).toEqual({ inPsychiatricTreatment: true, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: true });
    expect(plan.consent).toBe(true);
    expect(plan.approvedByCitizen).toBe(true);
    expect(plan.coordinator).toEqual({ ...known.coordinator, phone: '46 31 00 01' });
    expect(plan.participants).toEqual([
      known.participants[0],
      { ...known.participants[1], attended: false },
      { name: 'Mads Jørgensen', title: 'Sagsbehandler', organisation: 'Jobcenter Roskilde', phone: '46 31 30 30', email: 'mads@job.example.dk', attended: true },
      { name: 'Ole Hansen', title: 'Praktiserende læge', organisation: 'Lægehuset Roskilde', phone: '46 00 00 00', email: '', attended: true },
      { name: 'Karen Sørensen', title: 'Behandler', organisation: 'Misbrugscenter Roskilde', phone: '', email: '', attended: false },
    ]);
    expect(plan.meetingDate).toBe('2014-05-01');
    expect(plan.followUpDate).toBe('2014-10-01');
    expect(plan.existingPlans).toEqual({
      drugTreatment: emptyExisting,
      alcoholTreatment: { ...emptyExisting, goal: 'Reduceret forbrug' },
      psychiatricTreatment: { ...emptyExisting, status: 'Ambulant forløb i DP.\nSamtaler hver 14. dag.' },
      dischargeAgreement: emptyExisting,
      coordinationPlan: emptyExisting,
      socialActionPlan: emptyExisting,
      educationOrJobPlan: emptyExisting,
      other: { ...emptyExisting, status: 'Ingen aktuel plan' },
    });
    expect(plan.challenges).toEqual(['Støtte til stabilt fremmøde i den ambulante psykiatri.', 'Motivation for alkoholbehandling.']);
    expect(plan.goals).toEqual([
      {
        title: 'Fastholdelse i psykiatrisk behandling',
        interventions: [
          intervention('Samtaler hver 14. dag', 'Borgeren møder op', 'Distriktspsykiatrien;\nborgeren møder op', 'Fra maj 2014'),
          intervention('Støttekontaktperson følger til samtaler', 'Fremmøde 90 %', 'Socialpsykiatrien', 'Løbende'),
        ],
      },
      { title: 'Motivere til misbrugsbehandling', interventions: [intervention('Motivationssamtaler', '', 'Misbrugscentret', '')] },
    ]);
    // A complete plan: nothing to report.
    expect(res.body.errors).toEqual([]);
  });

  it('gives the final PDF of the plan read back', async () => {
    const res = await request(t.app)
      .post('/api/plans/upload')
      .set('Accept', 'application/pdf')
      .attach('file', filled, { filename: 'plan.docx', contentType: DOCX })
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Table cells wrap lines: compare words, not lines.
    const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Jens Peter Nielsen');
    expect(text).toContain('Motivere til misbrugsbehandling');
    expect(text).toContain('Jobcenter Roskilde');
  });
});

describe('the blank form filled in LibreOffice Writer', () => {
  let blankFilled: Buffer;
  beforeAll(async () => {
    const form = await request(t.app).get('/api/plans/form').buffer(true).parse(binaryParser);
    expect(form.status).toBe(200);
    blankFilled = await fillInWriter(form.body as Buffer, {
      fields: [
        { alias: 'Borgerens navn', value: 'Jens Peter Nielsen' },
        { alias: 'Koordinator', value: 'Anne Andersen, Socialrådgiver, Misbrugscenter Roskilde\ntlf. 46 31 00 00, anne@misbrug.example.dk' },
        { alias: 'Deltagere i koordinationsmødet', value: 'Peter Holm, Overlæge, Distriktspsykiatrien, tlf. 47 32 00 00, peter@psyk.example.dk\nMads Jørgensen, Sagsbehandler, Jobcenter Roskilde\nMeldte afbud' },
        { alias: 'Dato for koordinationsmødet', value: '1.5.2014' },
      ],
    });
  }, 300_000);

  it('reads the people typed where the official hints ask for them, and the follow-up blank left as it was', async () => {
    const res = await request(t.app).post('/api/plans/upload').set('Accept', 'application/json').attach('file', blankFilled, { filename: 'plan.docx', contentType: DOCX });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('form-controls');
    const plan = res.body.plan;
    expect(plan.citizen.name).toBe('Jens Peter Nielsen');
    expect(plan.coordinator).toEqual({ name: 'Anne Andersen', title: 'Socialrådgiver', organisation: 'Misbrugscenter Roskilde', phone: '46 31 00 00', email: 'anne@misbrug.example.dk' });
    expect(plan.participants).toEqual([
      { name: 'Peter Holm', title: 'Overlæge', organisation: 'Distriktspsykiatrien', phone: '47 32 00 00', email: 'peter@psyk.example.dk', attended: true },
      { name: 'Mads Jørgensen', title: 'Sagsbehandler', organisation: 'Jobcenter Roskilde', phone: '', email: '', attended: false },
    ]);
    expect(plan.meetingDate).toBe('2014-05-01');
    // The official blank "___________ 20___", kept by Writer as text: no date, and no reading problem.
    expect(plan.followUpDate).toBeNull();
    const paths = (res.body.errors as Array<{ path: string; code: string }>).filter((e) => e.path.startsWith('/followUpDate') || e.path.startsWith('/participants') || e.path.startsWith('/coordinator'));
    expect(paths.map((e) => e.code)).toEqual(['followUp.missing']);
  });
});
