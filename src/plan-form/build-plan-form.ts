/**
 * The fillable Word form: the official plan's layout (Bilag 1) with a content control
 * for every field, optionally pre-filled from any part of the plan JSON (the master data
 * and the participants a coordinator knows before the meeting). The input is not
 * validated: whatever has the right type is filled in, everything else is left empty.
 *
 * The blank form says what the official form says and nothing more: the Koordinator and
 * Deltagere cells hold one control each whose placeholder is the form's own hint, and
 * what is typed there is read as free text, a person a line (src/upload/contact-text.ts).
 * People known beforehand get a control per part instead (and a participant a "Deltog"
 * box), so that what was pre-filled reads back exactly.
 *
 * Tables whose rows repeat (challenges, each goal's interventions) are ordinary table
 * rows: a referent adds rows in Word or LibreOffice, and the reader reads every row by its
 * column. A goal is a table of its own headed by its "Mål" row; more goals are added by
 * copying a goal's table, or by a row that starts with "Mål 4:".
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { buildDocx, textWidthMm } from '../docx/build-docx.js';
import { cell, field as fieldCode, GRID_TABLE, noteBox, paragraph, row, table, type Xml } from '../docx/ooxml.js';
import type { StyleDef } from '../docx/styles.js';
import { EXISTING_PLAN_KEYS } from '../plan/schema.js';
import { CONSENT_TEXT, EXISTING_PLAN_LABEL, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../plan/labels.js';
import { checkboxControl, ControlIds, PLACEHOLDER_STYLE, repeatingRows, textControl, W14_NAMESPACE, W15_NAMESPACE } from './controls.js';
import { fieldByKey, type FormField } from './form-fields.js';
import { FORM_HINT } from '../plan/form-hints.js';

type Json = Record<string, unknown>;

const LABEL_SHADING = 'F2F2F2';
const NOTE_SHADING = 'FDE9D9';
const WIDTH = textWidthMm();
/** Blank rows the blank form offers, as many as the official form; a pre-filled table gets at least one blank row more. */
const BLANK_ROWS = { challenges: 5, goals: 3, interventions: 2 } as const;

const FORM_STYLES: StyleDef[] = [
  { id: PLACEHOLDER_STYLE, name: 'Placeholder Text', type: 'character', run: { color: '808080' } },
  { id: 'FormHint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true, sizePt: 9, color: '595959' } },
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

/**
 * Whether rows with these values stay whole on one page. A blank or briefly filled row
 * does; a pre-filled value of a page's length must flow on, or it would push whole
 * pages of white ahead of it (a follow-up form carries the previous plan's long texts).
 */
const MAX_WHOLE_LINES = 15;
function short(...values: unknown[]): boolean {
  // About 45 characters a line in the narrowest value columns.
  const lines = (s: string) => s.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 45)), 0);
  return values.every((v) => lines(str(v)) <= MAX_WHOLE_LINES);
}

const labelCell = (label: string, hint?: string, o: { keepNext?: boolean } = {}): Xml =>
  cell([paragraph(label, { run: { bold: true }, keepNext: o.keepNext }), ...(hint ? [paragraph(hint, { style: 'FormHint', keepNext: o.keepNext })] : [])], { shading: LABEL_SHADING });

const notes = (texts: readonly string[]): Xml => noteBox(texts.map((t) => paragraph(t)), { widthMm: WIDTH, shading: NOTE_SHADING, markStyle: 'NoteMark' });
const gap = (): Xml => paragraph('', { spaceAfterPt: 0, run: { sizePt: 4 } });
const grid = GRID_TABLE;
/** A section's heading and the official form's hint under it; sections 2–5 start on a new page, as in the official form. */
const heading = (title: string, hint: string | undefined, newPage: boolean): Xml[] => [
  paragraph(title, { style: 'Heading1', pageBreakBefore: newPage }),
  ...(hint ? [paragraph(hint, { style: 'FormHint', keepNext: true })] : []),
];

/**
 * Section 1 is one table, as in the official form, on four columns: label, box, text, and
 * a narrow last one for a known participant's "Deltog" box. A label/value row spans the
 * three value columns. Every box sits alone in a cell: LibreOffice keeps a checkbox's
 * alias on its paragraph and merges adjacent paragraphs' aliases into one, so two boxes
 * must never be neighbouring paragraphs.
 */
const ATTENDED_WIDTH = 20;
const MASTER_WIDTHS = [50, 8, WIDTH - 58 - ATTENDED_WIDTH, ATTENDED_WIDTH];
const NIL = { style: 'nil' } as const;
const CONTACT_PARTS = ['name', 'title', 'organisation', 'phone', 'email'] as const;

/** A label/value row; the value spans the box, text and attendance columns. */
const line = (label: string, content: Xml | Xml[], hint?: string): Xml =>
  row([labelCell(label, hint), cell(Array.isArray(content) ? content : [paragraph(content)], { span: 3 })], { cantSplit: true });

/**
 * The rows of a group under one label (vertically merged): the group stays on one page,
 * because rows never split and every row but the last keeps with the next.
 */
function groupRows(label: string, hint: string | undefined, rowsCells: Array<(keepNext: boolean) => Xml[]>): Xml[] {
  if (rowsCells.length === 1) return [row([labelCell(label, hint), ...rowsCells[0]!(false)], { cantSplit: true })];
  const labelParas = [paragraph(label, { run: { bold: true }, keepNext: true }), ...(hint ? [paragraph(hint, { style: 'FormHint', keepNext: true })] : [])];
  return rowsCells.map((cells, i) => {
    const keepNext = i < rowsCells.length - 1;
    const first = i === 0 ? cell(labelParas, { vMerge: 'restart', shading: LABEL_SHADING }) : cell(paragraph('', { keepNext }), { vMerge: 'continue', shading: LABEL_SHADING });
    return row([first, ...cells(keepNext)], { cantSplit: true });
  });
}

/** One row per box with its option text, borderless between box and text; `lead` is a sentence above the boxes. */
function boxRows(label: string, hint: string | undefined, lead: string | undefined, boxes: Array<[Xml, string]>): Xml[] {
  const rows: Array<(keepNext: boolean) => Xml[]> = [];
  if (lead) rows.push((keepNext) => [cell(paragraph(lead, { keepNext }), { span: 3 })]);
  boxes.forEach(([box, text], i) => {
    const top = i > 0 || lead ? { top: NIL } : {};
    rows.push((keepNext) => [
      cell(paragraph(box, { align: 'right', keepNext }), { borders: { ...top, right: NIL } }),
      cell(paragraph(text, { keepNext }), { span: 2, borders: { ...top, left: NIL } }),
    ]);
  });
  return groupRows(label, hint, rows);
}

/** A known person on one line: each part a control of its own, so a pre-filled form reads back exactly. */
function personLine(w: FormWriter, prefix: 'coordinator' | 'participants[]', item: unknown, keepNext = false): Xml {
  const parts = CONTACT_PARTS.map((k) => w.text(`${prefix}.${k}`, item));
  return paragraph([parts[0]!, ', ', parts[1]!, ', ', parts[2]!, ', tlf. ', parts[3]!, ', ', parts[4]!], { keepNext });
}

const hasText = (o: Json): boolean => CONTACT_PARTS.some((k) => str(o[k]).trim() !== '');

function masterData(w: FormWriter): Xml[] {
  const grounds = (Object.keys(GROUND_TEXT) as Array<keyof typeof GROUND_TEXT>).map((k): [Xml, string] => [w.planBox(`grounds.${k}`), GROUND_TEXT[k]]);
  // The official form's hint where nobody is known yet; a known person's parts where one is.
  const coordinator = obj(get(w.planJson, ['coordinator']));
  const coordinatorLine = hasText(coordinator) ? personLine(w, 'coordinator', undefined) : paragraph(w.text('coordinator'));
  // Known participants (the invited, or the previous plan's) each get a row and a "Deltog" box;
  // the official hint below them takes anyone else, one per line, as on the paper form.
  const known = arr(get(w.planJson, ['participants'])).map(obj);
  const participantRows = [
    ...known.map((p) => (keepNext: boolean) => [
      cell(personLine(w, 'participants[]', p, keepNext), { span: 2 }),
      cell(paragraph([w.box('participants[].attended', p.attended !== false), ' Deltog'], { keepNext, run: { sizePt: 9 } })),
    ]),
    (keepNext: boolean) => [cell(paragraph(w.text('participants[]', {}), { keepNext }), { span: 3 })],
  ];
  return [
    ...heading(SECTION.masterData, FORM_HINT.masterData, false),
    table(
      [
        line(LABEL.name, w.text('citizen.name')),
        line(LABEL.cpr, w.text('citizen.cpr')),
        line(LABEL.address, w.text('citizen.address')),
        line(LABEL.phone, w.text('citizen.phone')),
        ...boxRows(LABEL.grounds, GROUNDS_HINT, undefined, grounds),
        ...boxRows(LABEL.consent, w.options.hints?.consent, CONSENT_TEXT, w.yesNo('consent')),
        line(LABEL.coordinator, [coordinatorLine]),
        ...groupRows(LABEL.participants, undefined, participantRows),
        line(LABEL.meetingDate, w.text('meetingDate'), w.options.hints?.meetingDate),
        ...boxRows(LABEL.approvedByCitizen, w.options.hints?.approvedByCitizen, undefined, w.yesNo('approvedByCitizen')),
      ],
      { ...grid, widthsMm: MASTER_WIDTHS, caption: SECTION.masterData },
    ),
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
  // A plan's three rows stay together on one page, unless one is too long for that.
  const rows = EXISTING_PLAN_KEYS.flatMap((k) => {
    const whole = short(...parts.map(([part]) => get(w.planJson, ['existingPlans', k, part])));
    return parts.map(([part, label], i) => {
      const keepNext = whole && i < parts.length - 1;
      return row(
        [
          i === 0
            ? cell(paragraph(EXISTING_PLAN_LABEL[k], { run: { bold: true }, keepNext }), { vMerge: 'restart', shading: LABEL_SHADING })
            : cell(paragraph('', { keepNext }), { vMerge: 'continue', shading: LABEL_SHADING }),
          cell(paragraph(label, { keepNext })),
          cell(paragraph(w.text(`existingPlans.${k}.${part}`), { keepNext })),
        ],
        { cantSplit: whole },
      );
    });
  });
  return [...heading(SECTION.existingPlans, FORM_HINT.existingPlans, true), table(rows, { ...grid, widthsMm: widths, caption: SECTION.existingPlans })];
}

/** The official form's numbered lines, as rows of a table without lines so that rows can be added. */
const LIST_TABLE = { cellPaddingMm: 1.9, cellPaddingTopBottomMm: 0.7 } as const;

function challenges(w: FormWriter): Xml[] {
  const given = arr(get(w.planJson, ['challenges']));
  const count = Math.max(BLANK_ROWS.challenges, given.length + 1);
  const rows = Array.from({ length: count }, (_, i) =>
    row([cell(paragraph(`${i + 1}.`)), cell(paragraph(w.text('challenges[]', given[i] ?? '')))], { cantSplit: short(given[i]) }),
  );
  return [
    ...heading(SECTION.challenges, FORM_HINT.challenges, true),
    paragraph(FORM_HINT.challengesIntro),
    paragraph(`${LABEL.challenges}:`, { keepNext: true }),
    table([repeatingRows('Udfordringer', 'challenges', rows, w.ids)], { ...LIST_TABLE, widthsMm: [10, WIDTH - 10], caption: LABEL.challenges }),
    gap(),
    notes(NOTE.challenges),
  ];
}

const INTERVENTION_HEAD: ReadonlyArray<[string, string | undefined]> = [
  [LABEL.task, undefined],
  [LABEL.successCriteria, undefined],
  [LABEL.responsible, FORM_HINT.responsible],
  [LABEL.timeline, FORM_HINT.timeline],
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
      const keys = ['task', 'successCriteria', 'responsible', 'timeline'];
      return row(
        keys.map((k) => cell(paragraph(w.text(`goals[].interventions[].${k}`, item)))),
        { cantSplit: short(...keys.map((k) => item[k])) },
      );
    });
    return [
      table(
        [
          row(
            [cell([paragraph(`${LABEL.goal} ${g + 1}`, { run: { bold: true }, keepNext: true }), paragraph(w.text('goals[].title', goal), { keepNext: true })], { span: 4, shading: LABEL_SHADING })],
            { cantSplit: true },
          ),
          row(
            INTERVENTION_HEAD.map(([head, hint]) =>
              cell([paragraph(head, { run: { bold: true, sizePt: 9.5 }, keepNext: true }), ...(hint ? [paragraph(hint, { style: 'FormHint', keepNext: true })] : [])], { shading: LABEL_SHADING }),
            ),
            { header: true, cantSplit: true },
          ),
          repeatingRows(`Indsatser til mål ${g + 1}`, 'goals[].interventions', interventionRows, w.ids),
        ],
        { ...grid, widthsMm: [quarter, quarter, quarter, quarter], caption: `${LABEL.goal} ${g + 1}` },
      ),
      gap(),
    ];
  });
  return [...heading(SECTION.goals, FORM_HINT.goals, true), ...tables.flat(), notes(NOTE.goals)];
}

function followUp(w: FormWriter): Xml[] {
  const evaluates = w.options.evaluates;
  return [
    ...heading(SECTION.followUp, undefined, true),
    table(
      [
        ...(evaluates ? [row([labelCell(evaluates[0], undefined, { keepNext: true }), cell(paragraph(evaluates[1], { keepNext: true }))], { cantSplit: true })] : []),
        row(
          [
            labelCell(LABEL.followUpDate, FORM_HINT.followUp),
            cell([paragraph([fieldByKey('followUpDate').lead ?? '', w.text('followUpDate')]), paragraph(FORM_HINT.followUpMax, { style: 'FormHint' })]),
          ],
          { cantSplit: true },
        ),
      ],
      { ...grid, widthsMm: [50, WIDTH - 50], caption: SECTION.followUp },
    ),
    gap(),
    notes(NOTE.followUp),
    paragraph(FORM_HINT.closing),
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
    // As the plan's PDF has it.
    footer: [paragraph(['Side ', fieldCode('PAGE'), ' af ', fieldCode('NUMPAGES')], { style: 'Footer', align: 'right' })],
    styles: FORM_STYLES,
  });
  return declareWordExtensions(docx);
}
