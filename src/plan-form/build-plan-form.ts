/**
 * The fillable Word form: the official plan's layout (Bilag 1) with a content control
 * for every field, optionally pre-filled from any part of the plan JSON (the master data
 * and the participants a coordinator knows before the meeting). The input is not
 * validated: whatever has the right type is filled in, everything else is left empty.
 *
 * Tables whose rows repeat (participants, challenges, each goal's interventions) are
 * ordinary table rows: a referent adds rows in Word or LibreOffice, and the reader reads
 * every row by its column. A goal is a table of its own headed by its "Mål" row; more
 * goals are added by copying a goal's table, or by a row that starts with "Mål 4:".
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { buildDocx, textWidthMm } from '../docx/build-docx.js';
import { cell, field as fieldCode, GRID_TABLE, noteBox, paragraph, row, table, type Xml } from '../docx/ooxml.js';
import type { StyleDef } from '../docx/styles.js';
import { EXISTING_PLAN_KEYS } from '../plan/schema.js';
import { CONSENT_TEXT, EXISTING_PLAN_LABEL, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../plan/labels.js';
import { checkboxControl, ControlIds, PLACEHOLDER_STYLE, repeatingRows, textControl, W14_NAMESPACE, W15_NAMESPACE } from './controls.js';
import { fieldByKey, goalLead, type FormField } from './form-fields.js';

type Json = Record<string, unknown>;

const LABEL_SHADING = 'F2F2F2';
const NOTE_SHADING = 'FDE9D9';
const WIDTH = textWidthMm();
/** Blank rows the blank form offers; a pre-filled table gets at least one blank row more. */
const BLANK_ROWS = { participants: 5, challenges: 5, goals: 3, interventions: 3 } as const;

const FORM_STYLES: StyleDef[] = [
  { id: PLACEHOLDER_STYLE, name: 'Placeholder Text', type: 'character', run: { color: '808080' } },
  { id: 'FormHint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true, sizePt: 9 } },
  { id: 'NoteMark', name: 'Bemærk-tegn', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 22, color: 'C0504D' } },
];

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const get = (o: unknown, path: readonly string[]): unknown => path.reduce<unknown>((cur, k) => obj(cur)[k], o);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** An ISO date shown the Danish way (the reader reads both). */
function showDate(v: unknown): string {
  const s = str(v).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : s;
}

/** What a form that continues an earlier plan adds: the follow-up meeting's form (src/follow-up/). */
export interface PlanFormOptions {
  /** A hint under the form's title, after the filling instructions. */
  intro?: string;
  /** Hints under a label: consent and approval asked anew, where a date came from. */
  hints?: Partial<Record<'consent' | 'approvedByCitizen' | 'meetingDate', string>>;
  /** A first row of section 5 naming the plan that is evaluated: its label and its text. */
  evaluates?: readonly [label: string, text: string];
}

class FormWriter {
  readonly ids = new ControlIds();
  constructor(
    readonly planJson: Json,
    readonly options: PlanFormOptions = {},
  ) {}

  /** The control of a field in the plan scope (or of an item, given the item). */
  text(key: string, item?: unknown): Xml {
    const f = fieldByKey(key);
    const source = item === undefined ? this.planJson : item;
    const raw = f.path.length === 0 ? source : get(source, f.path);
    return textControl(f, f.kind === 'date' ? showDate(raw) : str(raw), this.ids);
  }

  box(key: string, checked: boolean): Xml {
    return checkboxControl(fieldByKey(key), checked, this.ids);
  }

  /** A box for a boolean of the plan: ticked only when the value is true. */
  planBox(key: string): Xml {
    const f: FormField = fieldByKey(key);
    return this.box(key, get(this.planJson, f.path) === true);
  }

  /** The Ja and Nej boxes of a yes/no answer, with their option text. */
  yesNo(base: string): Array<[Xml, string]> {
    const v = get(this.planJson, fieldByKey(`${base}.yes`).path);
    return [
      [this.box(`${base}.yes`, v === true), 'Ja'],
      [this.box(`${base}.no`, v === false), 'Nej'],
    ];
  }
}

const labelCell = (label: string, hint?: string, widthMm?: number): Xml =>
  cell([paragraph(label, { run: { bold: true } }), ...(hint ? [paragraph(hint, { style: 'FormHint' })] : [])], { shading: LABEL_SHADING, widthMm });

const notes = (texts: readonly string[]): Xml => noteBox(texts.map((t) => paragraph(t)), { widthMm: WIDTH, shading: NOTE_SHADING, markStyle: 'NoteMark' });
const gap = (): Xml => paragraph('', { spaceAfterPt: 0, run: { sizePt: 4 } });
const grid = GRID_TABLE;

/**
 * The master-data tables have three columns: label, box, text. Every box sits alone in a
 * cell: LibreOffice keeps a checkbox's alias on its paragraph and merges adjacent
 * paragraphs' aliases into one, so two boxes must never be neighbouring paragraphs.
 */
const MASTER_WIDTHS = [50, 8, WIDTH - 58];
const NIL = { style: 'nil' } as const;

/** A label/value row; the value spans the box and text columns. */
const line = (label: string, content: Xml | Xml[], hint?: string): Xml =>
  row([labelCell(label, hint), cell(Array.isArray(content) ? content : [paragraph(content)], { span: 2 })]);

/**
 * The rows of a group of boxes under one label: `lead` (a sentence above the boxes) and
 * one row per box with its option text, borderless between box and text.
 */
function boxRows(label: string, hint: string | undefined, lead: string | undefined, boxes: Array<[Xml, string]>): Xml[] {
  // The group stays on one page: rows never split, and every paragraph but the last keeps with the next.
  const labelParas = [paragraph(label, { run: { bold: true }, keepNext: true }), ...(hint ? [paragraph(hint, { style: 'FormHint', keepNext: true })] : [])];
  const first = () => cell(labelParas, { vMerge: 'restart', shading: LABEL_SHADING });
  const rest = () => cell(paragraph('', { keepNext: true }), { vMerge: 'continue', shading: LABEL_SHADING });
  const rows: Xml[] = [];
  if (lead) rows.push(row([first(), cell(paragraph(lead, { keepNext: true }), { span: 2 })], { cantSplit: true }));
  boxes.forEach(([box, text], i) => {
    const keepNext = i < boxes.length - 1;
    const top = i > 0 || lead ? { top: NIL } : {};
    rows.push(
      row(
        [
          rows.length === 0 ? first() : rest(),
          cell(paragraph(box, { align: 'right', keepNext }), { borders: { ...top, right: NIL } }),
          cell(paragraph(text, { keepNext }), { borders: { ...top, left: NIL } }),
        ],
        { cantSplit: true },
      ),
    );
  });
  return rows;
}

function masterData(w: FormWriter): Xml[] {
  const contactLine = (key: string) => paragraph([fieldByKey(key).lead ?? '', w.text(key)]);
  const grounds = (Object.keys(GROUND_TEXT) as Array<keyof typeof GROUND_TEXT>).map((k): [Xml, string] => [w.planBox(`grounds.${k}`), GROUND_TEXT[k]]);
  const upper = table(
    [
      line(LABEL.name, w.text('citizen.name')),
      line(LABEL.cpr, w.text('citizen.cpr')),
      line(LABEL.address, w.text('citizen.address')),
      line(LABEL.phone, w.text('citizen.phone')),
      ...boxRows(LABEL.grounds, GROUNDS_HINT, undefined, grounds),
      ...boxRows(LABEL.consent, w.options.hints?.consent, CONSENT_TEXT, w.yesNo('consent')),
      line(
        LABEL.coordinator,
        ['name', 'title', 'organisation', 'phone', 'email'].map((k) => contactLine(`coordinator.${k}`)),
      ),
    ],
    { ...grid, widthsMm: MASTER_WIDTHS, caption: SECTION.masterData },
  );

  const pWidths = [34, 28, 34, 24, 36, WIDTH - 156];
  const given = arr(get(w.planJson, ['participants']));
  const count = Math.max(BLANK_ROWS.participants, given.length + 1);
  const participantRows = Array.from({ length: count }, (_, i) => {
    const p = given[i];
    const item = p === undefined ? {} : obj(p);
    const attended = p === undefined ? true : obj(p).attended !== false;
    return row([
      ...['name', 'title', 'organisation', 'phone', 'email'].map((k) => cell(paragraph(w.text(`participants[].${k}`, item)))),
      cell(paragraph(w.box('participants[].attended', attended), { align: 'center' })),
    ]);
  });
  const participants = table(
    [
      row([cell(paragraph(LABEL.participants, { run: { bold: true } }), { span: 6, shading: LABEL_SHADING })], { header: true }),
      row(
        ['Navn', 'Stilling', 'Organisation', 'Telefon', 'Sikker e-mail', 'Deltog'].map((h) => cell(paragraph(h, { run: { bold: true, sizePt: 9 } }), { shading: LABEL_SHADING })),
        { header: true },
      ),
      repeatingRows('Deltagere', 'participants', participantRows, w.ids),
    ],
    { ...grid, widthsMm: pWidths, caption: LABEL.participants },
  );

  const lower = table(
    [
      line(LABEL.meetingDate, w.text('meetingDate'), w.options.hints?.meetingDate),
      ...boxRows(LABEL.approvedByCitizen, w.options.hints?.approvedByCitizen, undefined, w.yesNo('approvedByCitizen')),
    ],
    { ...grid, widthsMm: MASTER_WIDTHS, caption: LABEL.approvedByCitizen },
  );

  return [
    paragraph(SECTION.masterData, { style: 'Heading1' }),
    paragraph('Indhentes af den koordinerende funktion inden det koordinerende møde', { style: 'FormHint' }),
    upper,
    gap(),
    participants,
    paragraph('Flere deltagere: tilføj en række i tabellen. Fjern krydset i »Deltog«, hvis deltageren meldte afbud.', { style: 'FormHint' }),
    lower,
    gap(),
    notes(NOTE.masterData),
  ];
}

function existingPlans(w: FormWriter): Xml[] {
  const widths = [55, 22, WIDTH - 77];
  const parts = [
    ['status', LABEL.status],
    ['goal', LABEL.existingGoal],
    ['intervention', LABEL.existingIntervention],
  ] as const;
  const rows = EXISTING_PLAN_KEYS.flatMap((k) =>
    parts.map(([part, label], i) =>
      row([
        i === 0 ? cell(paragraph(EXISTING_PLAN_LABEL[k], { run: { bold: true } }), { vMerge: 'restart', shading: LABEL_SHADING }) : cell('', { vMerge: 'continue', shading: LABEL_SHADING }),
        cell(paragraph(label)),
        cell(paragraph(w.text(`existingPlans.${k}.${part}`))),
      ]),
    ),
  );
  return [
    paragraph(SECTION.existingPlans, { style: 'Heading1' }),
    paragraph('Information hertil indhentes inden koordinationsmødet og udarbejdes af den koordinerende funktion', { style: 'FormHint' }),
    table(rows, { ...grid, widthsMm: widths, caption: SECTION.existingPlans }),
  ];
}

function challenges(w: FormWriter): Xml[] {
  const given = arr(get(w.planJson, ['challenges']));
  const count = Math.max(BLANK_ROWS.challenges, given.length + 1);
  const rows = Array.from({ length: count }, (_, i) => row([cell(paragraph(`${i + 1}.`)), cell(paragraph(w.text('challenges[]', given[i] ?? '')))]));
  return [
    paragraph(SECTION.challenges, { style: 'Heading1' }),
    paragraph('Udarbejdes på det koordinerende møde', { style: 'FormHint' }),
    paragraph(
      'Med udgangspunkt i borgerens aktuelle status foretages en vurdering af, hvad der aktuelt er de primære eller akutte udfordringer. Det kan fx være, om borgeren følger den psykiatriske behandling eller stof-/alkoholbehandlingen, om der er behov for yderligere udredning, økonomiske forhold, sociale forhold som fx ensomhed, bolig, beskæftigelse eller uddannelse. Det er væsentligt, at borgeren selv er inddraget i forhold til identifikationen.',
    ),
    table(
      [
        row([cell(paragraph('Nr.', { run: { bold: true } }), { shading: LABEL_SHADING }), cell(paragraph(`${LABEL.challenges}:`, { run: { bold: true } }), { shading: LABEL_SHADING })], { header: true }),
        repeatingRows('Udfordringer', 'challenges', rows, w.ids),
      ],
      { ...grid, widthsMm: [12, WIDTH - 12], caption: LABEL.challenges },
    ),
    paragraph('Flere udfordringer: tilføj en række i tabellen.', { style: 'FormHint' }),
    notes(NOTE.challenges),
  ];
}

const INTERVENTION_HEAD: ReadonlyArray<[string, string | undefined]> = [
  [LABEL.task, undefined],
  [LABEL.successCriteria, undefined],
  [LABEL.responsible, 'Hvem har ansvaret for indsatsen, herunder borgerens ansvar?'],
  [LABEL.timeline, '(Overvej om indsatser skal være parallelle eller sekventielle indsatser)'],
];

function goals(w: FormWriter): Xml[] {
  const given = arr(get(w.planJson, ['goals']));
  const count = Math.max(BLANK_ROWS.goals, given.length);
  const quarter = WIDTH / 4;
  const tables = Array.from({ length: count }, (_, g) => {
    const goal = obj(given[g]);
    const interventions = arr(goal.interventions);
    const n = Math.max(BLANK_ROWS.interventions, interventions.length + 1);
    const interventionRows = Array.from({ length: n }, (_, i) => {
      const item = obj(interventions[i]);
      return row(['task', 'successCriteria', 'responsible', 'timeline'].map((k) => cell(paragraph(w.text(`goals[].interventions[].${k}`, item)))));
    });
    return [
      table(
        [
          row([cell(paragraph([goalLead(g), w.text('goals[].title', goal)], { run: { bold: true } }), { span: 4, shading: LABEL_SHADING })], { cantSplit: true }),
          row(
            INTERVENTION_HEAD.map(([head, hint]) =>
              cell([paragraph(head, { run: { bold: true, sizePt: 9.5 } }), ...(hint ? [paragraph(hint, { style: 'FormHint' })] : [])], { shading: LABEL_SHADING }),
            ),
            { header: true },
          ),
          repeatingRows(`Indsatser til mål ${g + 1}`, 'goals[].interventions', interventionRows, w.ids),
        ],
        { ...grid, widthsMm: [quarter, quarter, quarter, quarter], caption: `${LABEL.goal} ${g + 1}` },
      ),
      gap(),
    ];
  });
  return [
    paragraph(SECTION.goals, { style: 'Heading1' }),
    paragraph('Udarbejdes på det koordinerende møde', { style: 'FormHint' }),
    ...tables.flat(),
    paragraph('Flere indsatser: tilføj en række i målets tabel. Flere mål: kopiér et måls tabel, eller tilføj en række og skriv »Mål 4: …« i dens første celle.', {
      style: 'FormHint',
    }),
    notes(NOTE.goals),
  ];
}

function followUp(w: FormWriter): Xml[] {
  const evaluates = w.options.evaluates;
  return [
    paragraph(SECTION.followUp, { style: 'Heading1' }),
    table(
      [
        ...(evaluates ? [row([labelCell(evaluates[0]), cell(paragraph(evaluates[1]))])] : []),
        row([
          labelCell(LABEL.followUpDate, 'Her skal evalueres i forhold til punkt 4, og foretages nødvendige ændringer'),
          cell([paragraph([fieldByKey('followUpDate').lead ?? '', w.text('followUpDate')]), paragraph('(max 6 mdr. efter udarbejdelsen af indsatsplanen)', { style: 'FormHint' })]),
        ]),
      ],
      { ...grid, widthsMm: [50, WIDTH - 50], caption: SECTION.followUp },
    ),
    gap(),
    notes(NOTE.followUp),
    paragraph('Den koordinerende indsatsplan skal vedlægges som bilag til behandlingsplan, handleplan m.v, og beslutninger skal indskrives i eksisterende planer.'),
  ];
}

/** Declares the namespaces of the checkboxes (Word 2010) and repeating sections (Word 2013), ignorable by older readers. */
function declareWordExtensions(docx: Buffer): Buffer {
  const files = unzipSync(docx);
  const doc = files['word/document.xml'];
  if (!doc) throw new Error('buildDocx wrote no word/document.xml');
  const xml = strFromU8(doc).replace(
    '<w:document ',
    `<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="${W14_NAMESPACE}" xmlns:w15="${W15_NAMESPACE}" mc:Ignorable="w14 w15" `,
  );
  files['word/document.xml'] = strToU8(xml);
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }));
}

/** A fixed name: the form may carry a CPR number, its file name never does. */
export const FORM_FILE_NAME = 'indsatsplan-formular.docx';

/** The fillable form as a .docx, pre-filled with whatever of `input` looks like plan data. */
export function buildPlanForm(input: unknown = {}, options: PlanFormOptions = {}): Buffer {
  const w = new FormWriter(obj(input), options);
  const body: Xml[] = [
    paragraph(FORM_TITLE, { style: 'Title' }),
    paragraph('Udfyld felterne i Word eller LibreOffice, og upload dokumentet. Sæt kryds ved at klikke i felterne.', { style: 'FormHint' }),
    ...(options.intro ? [paragraph(options.intro, { style: 'FormHint' })] : []),
    ...masterData(w),
    ...existingPlans(w),
    ...challenges(w),
    ...goals(w),
    ...followUp(w),
  ];
  const docx = buildDocx({
    title: FORM_TITLE,
    subject: 'Udfyldelig formular',
    body,
    footer: [paragraph([`${FORM_TITLE} – side `, fieldCode('PAGE'), ' af ', fieldCode('NUMPAGES')], { style: 'Footer', align: 'right' })],
    styles: FORM_STYLES,
  });
  return declareWordExtensions(docx);
}
