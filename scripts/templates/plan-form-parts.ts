/**
 * The look of the official form's parts, shared by templates/indsatsplan.docx
 * (scripts/templates/indsatsplan.ts) and the benchmark's Carbone copy of it
 * (bench/lib/carbone-official-template.ts), so the two differ only in their tags.
 * No `name`/`build` here: scripts/build-templates.ts skips this module.
 */
import { textWidthMm } from '../../src/docx/build-docx.js';
import { cell, GRID_TABLE, keptWithNext, noteBox, paragraph, row, run, tab, table, type TableOptions, type Xml } from '../../src/docx/ooxml.js';
import { FORM_HINT } from '../../src/plan/form-hints.js';
import { LABEL, NOTE, SECTION } from '../../src/plan/labels.js';
import { DRAFT_MARK } from '../../src/plan/plan-view.js';

/** The ☒/☐ glyphs need a font that has them: DejaVu Sans in LibreOffice; Word falls back to Segoe UI Symbol. */
const BOX_FONT = 'DejaVu Sans';
export const LABEL_FILL = 'DEEAF6';
export const NOTE_FILL = 'FDE9D9';
/** The text width: what every table adds up to. */
export const W = textWidthMm();

/** Column widths (mm) and captions of the form's tables. Captions are attributes, which no template engine fills: no tags in them. */
export const TABLES = {
  masterData: (caption: string): TableOptions => ({ widthsMm: [50, W - 50], ...GRID_TABLE, caption }),
  existingPlans: (caption: string): TableOptions => ({ widthsMm: [48, 20, W - 68], ...GRID_TABLE, caption }),
  goal: (): TableOptions => ({ widthsMm: [W / 4, W / 4, W / 4, W / 4], ...GRID_TABLE, caption: `Indsatser for ${LABEL.goal.toLowerCase()}et` }),
  followUp: (caption: string): TableOptions => ({ widthsMm: [50, W - 50], ...GRID_TABLE, caption }),
};

const label = (text: string, hint?: string): Xml[] => [
  paragraph(text, { style: 'TableHeading' }),
  ...(hint ? [paragraph(hint, { style: 'LabelHint' })] : []),
];
/**
 * A shaded cell with a field's name (and the form's hint under it). Its first paragraph's
 * style is named "Table Heading": LibreOffice's tagged PDF makes such a cell a row header
 * (TH), where a cell of any other style is data (TD).
 */
export const labelCell = (text: string, hint?: string): Xml => cell(label(text, hint), { shading: LABEL_FILL });
/** A goal table's column heading (a header row's cells are TH in the PDF whatever their style). */
export const columnHead = (text: string, hint?: string): Xml =>
  cell([paragraph(text, { style: 'ColumnHeading' }), ...(hint ? [paragraph(hint, { style: 'LabelHint' })] : [])], { shading: LABEL_FILL });
/** "☒<tab>text" with a hanging indent, so wrapped lines align with the text. */
export const boxLine = (glyph: string, text: string): Xml =>
  paragraph([run(glyph, { font: BOX_FONT }), tab(), run(text)], { indentMm: 6, hangingMm: 6, spaceAfterPt: 3 });
/** A section's heading (and hint). Each section is a part of its own, which starts a new page. */
export const section = (title: string, hint: string | undefined): Xml[] => [
  paragraph(title, { style: 'Heading1' }),
  ...(hint ? [paragraph(hint, { style: 'Hint' })] : []),
];

/** A draft's words at the top of its first page (a screen reader passes the watermark over). */
export const DRAFT_NOTICE = `${DRAFT_MARK}. Planen er en kladde og ikke den endelige plan.`;

/** The challenges' numbered list (numbering.xml): "1.", "2.", … with the text 8 mm in. */
export const CHALLENGES_LIST = 1;

/** A thin paragraph between two tables, which would otherwise merge into one. */
export const gap = (pt: number, keepNext = false): Xml => paragraph('', { spaceAfterPt: 0, keepNext, run: { sizePt: pt } });

/**
 * The form's note box under a section, on the page of the section's last lines: what comes
 * before it is kept with it (keptWithNext), and so is the gap before it. A note alone at the
 * top of a page, cut off from what it is about, is what this prevents.
 */
export const note = (paras: readonly string[]): Xml[] => [
  gap(6, true),
  noteBox(paras.map((t) => paragraph(t, { style: 'NoteText' })), { widthMm: W, shading: NOTE_FILL, markStyle: 'NoteMark' }),
];

// Section 2's rows are of one line each, tight: an empty section 2 (eight plans, three fields each) stays on a page.
const TIGHT = { spaceAfterPt: 1 };
const band = (text: string, span: number) => row([cell(paragraph(text, { style: 'TableHeading', ...TIGHT }), { span, shading: LABEL_FILL })], { header: true, cantSplit: true });

/** Section 2: a plan's short fields (`rows`, from existingPlanFieldRow) under a heading row with its name. */
export const existingPlanFields = (heading: string, rows: Xml[]): Xml =>
  table([keptWithNext(band(heading, 2)), ...rows], { widthsMm: [25, W - 25], ...GRID_TABLE, caption: SECTION.existingPlans });
/**
 * A short field's row: one or two lines (SHORT_FIELD_CHARS), kept whole, so a label never stays
 * behind, and with the next (a plan's three short rows are not worth a split: Word and
 * LibreOffice move them on).
 */
export const existingPlanFieldRow = (label: string, text: string): Xml =>
  keptWithNext(row([cell(paragraph(label, { style: 'TableHeading', ...TIGHT }), { shading: LABEL_FILL }), cell(paragraph(text, TIGHT))], { cantSplit: true }));
/** Section 2: a long field alone under a heading row "plan – field", repeated on every page the text runs onto. */
export const existingPlanLongField = (heading: string, text: string): Xml =>
  table([band(heading, 1), row([cell(paragraph(text, TIGHT))])], { widthsMm: [W], ...GRID_TABLE, caption: SECTION.existingPlans });

/** A goal's table: its title and the column headings head it on every page it runs onto; `rows` from interventionRow. */
export const goalTable = (title: string, rows: Xml[]): Xml =>
  table(
    [
      row([cell(paragraph(title, { style: 'Heading2', spaceBeforePt: 2, spaceAfterPt: 2 }), { span: 4 })], { header: true, cantSplit: true }),
      row([columnHead(LABEL.task), columnHead(LABEL.successCriteria), columnHead(LABEL.responsible, FORM_HINT.responsible), columnHead(LABEL.timeline, FORM_HINT.timeline)], {
        header: true,
        cantSplit: true,
      }),
      ...rows,
    ],
    TABLES.goal(),
  );
export const interventionRow = (task: string, successCriteria: string, responsible: string, timeline: string): Xml =>
  row([cell(task), cell(successCriteria), cell(responsible), cell(timeline)]);

/** Section 5, the follow-up's date (a tag) and the form's closing words. */
export const followUp = (date: string): Xml[] => [
  ...section(SECTION.followUp, undefined),
  table(
    [
      keptWithNext(
        row([
          labelCell(LABEL.followUpDate, FORM_HINT.followUp),
          cell([paragraph(`${FORM_HINT.followUpLine} ${date}`), paragraph(FORM_HINT.followUpMax, { style: 'LabelHint' })]),
        ]),
      ),
    ],
    TABLES.followUp(SECTION.followUp),
  ),
  ...note(NOTE.followUp),
  paragraph('', { spaceAfterPt: 0 }),
  paragraph(FORM_HINT.closing),
];

/** The changes page's table for a section: `rows` of (field, change), under a heading row. */
export const changesTable = (rows: Xml[]): Xml =>
  table([row([columnHead('Felt'), columnHead('Ændring')], { header: true, cantSplit: true }), ...rows], { widthsMm: [50, W - 50], ...GRID_TABLE, caption: 'Ændringer i afsnittet' });
export const changeRow = (label: string, message: string): Xml => row([cell(label), cell(message)], { cantSplit: true });
/** The changes page without changes. */
export const UNCHANGED = 'Planens indhold er det samme som i den forrige plan.';
