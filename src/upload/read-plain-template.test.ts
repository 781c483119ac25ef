import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers/app.js';
import { minimalDocx } from '../../test/helpers/hostile-docx.js';
import { openDocx } from './open-docx.js';
import { readPlainTemplate } from './read-plain-template.js';

const TRANSITIONAL = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const STRICT = 'http://purl.oclc.org/ooxml/wordprocessingml/main';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** One paragraph per line; a line may be split into runs with `|` (as Word does around spelling marks). */
const p = (text: string) =>
  `<w:p>${text
    .split('|')
    .map((r, i) => `${i ? '<w:proofErr w:type="spellStart"/>' : ''}<w:r><w:t xml:space="preserve">${esc(r)}</w:t></w:r>`)
    .join('')}</w:p>`;
const cell = (lines: string[]) => `<w:tc>${(lines.length ? lines : ['']).map(p).join('')}</w:tc>`;
const tbl = (rows: string[][][]) => `<w:tbl>${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;

const SECTION_5_TABLE = () =>
  tbl([[['Dato for opfølgning', 'Her skal evalueres i forhold til punkt 4'], ['Opfølgende møde afholdes den___1.10___ 2014', '(max 6 mdr. efter udarbejdelsen af indsatsplanen)']]]);

/** Bilag 2 of the guideline, typed into the official layout in Word: the referent's own way of filling it. */
function bilag2Body(section5: string = SECTION_5_TABLE()): string {
  return [
    p('Koordinerende indsatsplan'),
    p('1. Stamoplysninger'),
    tbl([
      [['Navn'], ['Jens Peter Nielsen']],
      [['Cpr. nr.'], ['010180-4000']],
      [['Adresse'], ['Testvej 12, 4000 Roskilde']],
      [['Telefon'], ['20 30 40 50']],
      [
        ['Grundlag for ', 'indsatsplan', 'Der skal min. være én af-krydsning i den øverste del.'],
        [
          '☐ X Borgeren er patient i den ambulante psykiatri, har en psykiatrisk diagnose eller er i udredning herfor.',
          '☐ Borgeren er i stof- og/eller alkoholbehandling eller er henvist hertil',
          '☐ Borgeren vurderes at have behov for psykiatrisk be-handling, men er aktuelt ikke patient eller under udred-ning.',
          '☐ |X Borgeren vurderes at have behov for stof- og/eller al-koholbehandling, men er aktuelt ikke i behandling eller henvist hertil.',
        ],
      ],
      [['Samtykke'], ['Borgeren har givet samtykke til, at der indhentes og ud-veksles informationer samt udarbejdes en indsatsplan.', '☐ X Ja', '☐ Nej']],
      [['Koordinator'], ['[Koordinators navn, stilling, organisation og kontaktop-lysninger angives her] Anne Andersen, koordinator, Misbrugscenter Roskilde, tlf. 46 31 00 00, anne@example.dk']],
      [
        ['Deltagere i koordina-', 'tionsmødet'],
        ['[De inddragede parters navn, stilling, organisation og kontaktoplysninger angives her]', 'Peter Holm, overlæge, Distriktspsykiatrien, 47 32 00 00', 'Mads Jørgensen, sagsbehandler, Jobcenter Roskilde (afbud)'],
      ],
      [['Dato for koordinati-', 'onsmødet'], ['1.5.2014']],
      [['Indsatsplan er god-', 'kendt af borger'], ['☐ X Ja', '☐ Nej']],
    ]),
    p('2. Afdækning af status, mål og indsatser i eksisterende planer'),
    tbl([
      [['Behandlingsplan(er) ', 'for stofmisbrug', '(Serviceloven § 141, sundhedsloven § 142)'], ['Status'], ['Ikke aktuelt']],
      [[], ['Mål'], []],
      [[], ['Indsats'], []],
      [['Psykiatrisk behand-lingsplan', '(Psykiatriloven § 3 stk. 3)'], ['Status'], ['Behandlingsplan', '', 'Psykiatrisk status:']],
      [[], ['Mål'], ['1) Stabilisere den psykiatriske lidelse.', 'Mål 1: ikke et mål i afsnit 4']],
      [[], ['Indsats'], ['1) Motivere borgeren til at komme kontinuerligt i DP.']],
      [['Udskrivningsaftale', '(Psykiatriloven (§13 a)'], ['Status'], ['Ikke relevant']],
      [[], ['Mål'], []],
      [[], ['Indsats'], []],
    ]),
    p('3. Identifikation af primære og/eller akutte udfordringer'),
    p('Udarbejdes på det koordinerende møde'),
    p('Primære eller akutte udfordringer i prioriteret rækkefølge: '),
    p('1.   Støtte til stabilt fremmøde i den ambulante psykiatri.'),
    p('2. Behandling for angstlidelse.'),
    p(''),
    p('3. Udfordring: …'),
    tbl([[['Identifikationen af de primære eller akutte udfordringer er de som der fælles arbejdes videre med. Andre indsatser']]]),
    p('4. Fælles mål og prioritering'),
    p('Mål 1: Fastholdelse i psykiatrisk behandling'),
    tbl([
      [['Indsatser eller ', 'opgaver'], ['Succeskriterier'], ['Rollefordeling', 'Hvem har ansvaret for indsatsen, herunder borgerens ansvar?'], ['Tidsplan for indsatser)', '(Overvej om indsatser skal være parallelle eller sekventielle indsatser)']],
      [['Fastholdelse i psykia-trisk behandling'], ['Angstlidelse minimeres'], ['Den ambulante psykiatri'], ['Arbejdet er påbegyndt, følges op d. 1.10.2014']],
      [[], [], [], []],
    ]),
    p('Mål 2 - Motivere til misbrugsbehandling'),
    tbl([
      [['Indsatser eller opgaver'], ['Succeskriterier'], ['Rollefordeling'], ['Tidsplan for indsatser']],
      [['Motivere'], ['Antabus'], ['DP'], ['Hver 14. dag']],
    ]),
    p('Mål 3: [Beskriv mål – fx deltagelse i stofmisbrugsbehandling eller fastholdelse i psykiatrisk behandling]'),
    p('5. Opfølgning'),
    section5,
  ].join('');
}

const docx = (ns: string, body: string) =>
  minimalDocx({ 'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${ns}"><w:body>${body}</w:body></w:document>` });
const read = (file: Buffer) => readPlainTemplate(openDocx(file, testConfig().limits));

describe('readPlainTemplate on the official layout filled by hand', () => {
  it.each([
    ['transitional', TRANSITIONAL],
    ['ISO Strict', STRICT],
  ])('reads Bilag 2 as the guideline shows it (%s)', (_name, ns) => {
    const r = read(docx(ns, bilag2Body()))!;
    expect(r.problems).toEqual([]);
    expect(r.plan).toEqual({
      citizen: { name: 'Jens Peter Nielsen', cpr: '010180-4000', address: 'Testvej 12, 4000 Roskilde', phone: '20 30 40 50' },
      grounds: { inPsychiatricTreatment: true, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: true },
      consent: true,
      approvedByCitizen: true,
      coordinator: { name: 'Anne Andersen', title: 'koordinator', organisation: 'Misbrugscenter Roskilde', phone: '46 31 00 00', email: 'anne@example.dk' },
      participants: [
        { name: 'Peter Holm', title: 'overlæge', organisation: 'Distriktspsykiatrien', phone: '47 32 00 00', email: '', attended: true },
        { name: 'Mads Jørgensen', title: 'sagsbehandler', organisation: 'Jobcenter Roskilde', phone: '', email: '', attended: false },
      ],
      meetingDate: '2014-05-01',
      followUpDate: '2014-10-01',
      existingPlans: {
        drugTreatment: { status: 'Ikke aktuelt', goal: '', intervention: '' },
        psychiatricTreatment: {
          status: 'Behandlingsplan\n\nPsykiatrisk status:',
          goal: '1) Stabilisere den psykiatriske lidelse.\nMål 1: ikke et mål i afsnit 4',
          intervention: '1) Motivere borgeren til at komme kontinuerligt i DP.',
        },
        dischargeAgreement: { status: 'Ikke relevant', goal: '', intervention: '' },
      },
      challenges: ['Støtte til stabilt fremmøde i den ambulante psykiatri.', 'Behandling for angstlidelse.'],
      goals: [
        {
          title: 'Fastholdelse i psykiatrisk behandling',
          interventions: [{ task: 'Fastholdelse i psykia-trisk behandling', successCriteria: 'Angstlidelse minimeres', responsible: 'Den ambulante psykiatri', timeline: 'Arbejdet er påbegyndt, følges op d. 1.10.2014' }],
        },
        { title: 'Motivere til misbrugsbehandling', interventions: [{ task: 'Motivere', successCriteria: 'Antabus', responsible: 'DP', timeline: 'Hver 14. dag' }] },
      ],
    });
  });

  it('is not for a document without the form', () => {
    expect(read(docx(TRANSITIONAL, p('Referat af mødet') + tbl([[['Navn'], ['Jens']]])))).toBeUndefined();
  });
});

describe('readPlainTemplate on the form’s sentences wherever a referent wrote them', () => {
  const section5 = (...blocks: string[]) => read(docx(TRANSITIONAL, bilag2Body(blocks.join(''))))!;

  it.each([
    ['as a paragraph under the heading', [p('Opfølgende møde afholdes den 1.10.2014')]],
    ['split into runs by a spelling mark', [p('Opfølgende møde |afholdes den 1.10.|2014')]],
    ['under the label and the hint written as paragraphs', [p('Dato for opfølgning'), p('Her skal evalueres i forhold til punkt 4, og foretages nødvendige ændringer'), p('Opfølgende møde afholdes den 1. oktober 2014'), p('(max 6 mdr. efter udarbejdelsen af indsatsplanen)')]],
    ['the label, the hint and the date without the sentence', [p('Dato for opfølgning'), p('Her skal evalueres i forhold til punkt 4, og foretages nødvendige ændringer'), p('1.10.2014')]],
    ['the label and the date in one paragraph', [p('Dato for opfølgning: 1.10.2014')]],
    ['in a table cell without the label', [tbl([[['Opfølgende møde afholdes den___1.10___ 2014']]])]],
    ['below the row left blank', [tbl([[['Dato for opfølgning'], ['Opfølgende møde afholdes den___________ 20___']]]), p('Opfølgende møde afholdes d. 1/10-14')]],
  ])('reads the follow-up date %s', (_where, blocks) => {
    const r = section5(...blocks);
    expect(r.plan.followUpDate).toBe('2014-10-01');
    expect(r.problems).toEqual([]);
  });

  it('reads the sentence left blank as no date, and reports one that holds no date', () => {
    const blank = section5(p('Opfølgende møde afholdes den ___________ 20___'));
    expect(blank.plan.followUpDate).toBeNull();
    expect(blank.problems).toEqual([]);
    const words = section5(p('Opfølgende møde afholdes den efter sommerferien'));
    expect(words.plan.followUpDate).toBeNull();
    expect(words.problems).toEqual([expect.objectContaining({ code: 'upload.date-unreadable', path: '/followUpDate', label: 'Dato for opfølgning' })]);
  });

  it('reads a form retyped as paragraphs: labels at the start of a paragraph, values beside or under them', () => {
    const body = [
      p('Koordinerende indsatsplan'),
      p('1. Stamoplysninger'),
      p('Navn: Jens Peter Nielsen'),
      p('Cpr. nr.: 010180-4000'),
      p('Adresse'),
      p('Testvej 12'),
      p('4000 Roskilde'),
      p('Telefon: 20 30 40 50'),
      p('Grundlag for indsatsplan'),
      p('☒ Borgeren er patient i den ambulante psykiatri, har en psykiatrisk diagnose eller er i udredning herfor.'),
      p('☐ Borgeren er i stof- og/eller alkoholbehandling eller er henvist hertil'),
      p('☐ Borgeren vurderes at have behov for psykiatrisk behandling, men er aktuelt ikke patient eller under udredning.'),
      p('☒ Borgeren vurderes at have behov for stof- og/eller alkoholbehandling, men er aktuelt ikke i behandling eller henvist hertil.'),
      p('Samtykke'),
      p('Borgeren har givet samtykke til, at der indhentes og udveksles informationer samt udarbejdes en indsatsplan.'),
      p('☒ Ja   ☐ Nej'),
      p('Koordinator: Anne Andersen, koordinator, Misbrugscenter Roskilde, tlf. 46 31 00 00'),
      p('Deltagere i koordinationsmødet:'),
      p('Peter Holm, overlæge, Distriktspsykiatrien'),
      p('Mads Jørgensen, sagsbehandler, Jobcenter Roskilde (afbud)'),
      p('Dato for koordinationsmødet: torsdag d. 1. maj 2014'),
      p('Indsatsplan er godkendt af borger: ☐ X Ja ☐ Nej'),
      p('2. Afdækning af status, mål og indsatser i eksisterende planer'),
      p('Navn på planen: ikke en stamoplysning'),
      p('5. Opfølgning'),
      p('Opfølgende møde afholdes den 1.10.2014'),
    ].join('');
    const r = read(docx(TRANSITIONAL, body))!;
    expect(r.problems).toEqual([]);
    expect(r.plan).toMatchObject({
      citizen: { name: 'Jens Peter Nielsen', cpr: '010180-4000', address: 'Testvej 12\n4000 Roskilde', phone: '20 30 40 50' },
      grounds: { inPsychiatricTreatment: true, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: true },
      consent: true,
      approvedByCitizen: true,
      coordinator: { name: 'Anne Andersen', title: 'koordinator', organisation: 'Misbrugscenter Roskilde', phone: '46 31 00 00', email: '' },
      participants: [
        { name: 'Peter Holm', title: 'overlæge', organisation: 'Distriktspsykiatrien', phone: '', email: '', attended: true },
        { name: 'Mads Jørgensen', title: 'sagsbehandler', organisation: 'Jobcenter Roskilde', phone: '', email: '', attended: false },
      ],
      meetingDate: '2014-05-01',
      followUpDate: '2014-10-01',
    });
  });

  it('reads labels in paragraphs only in a document that is the form', () => {
    expect(read(docx(TRANSITIONAL, p('Navn: Jens') + p('Samtykke: ☒ Ja') + p('Koordinator: Anne') + p('Dato for koordinationsmødet: 1.5.2014')))).toBeUndefined();
  });
});
