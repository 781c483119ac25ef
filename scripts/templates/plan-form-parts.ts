/**
 * The look of the official form's parts, shared by templates/indsatsplan.docx
 * (scripts/templates/indsatsplan.ts) and the benchmark's Carbone copy of it
 * (bench/lib/carbone-official-template.ts), so the two differ only in their tags.
 * No `name`/`build` here: scripts/build-templates.ts skips this module.
 */
import { textWidthMm } from '../../src/docx/build-docx.js';
import { cell, GRID_TABLE, noteBox, paragraph, run, tab, type TableOptions, type Xml } from '../../src/docx/ooxml.js';
import { LABEL } from '../../src/plan/labels.js';

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
/** The form's highlighted note under a section. */
export const note = (paras: readonly string[]): Xml[] => [
  paragraph('', { spaceAfterPt: 0 }),
  noteBox(paras.map((t) => paragraph(t, { style: 'NoteText' })), { widthMm: W, shading: NOTE_FILL, markStyle: 'NoteMark' }),
];
/** A section's heading (and hint); sections 2–5 start on a new page. */
export const section = (title: string, hint: string | undefined, newPage: boolean): Xml[] => [
  paragraph(title, { style: 'Heading1', pageBreakBefore: newPage }),
  ...(hint ? [paragraph(hint, { style: 'Hint' })] : []),
];
