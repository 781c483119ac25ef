/**
 * Word content controls for the fillable form. Text fields are plain-text controls
 * (`w:text`: LibreOffice 7.4 keeps their alias, while rich-text controls lose it);
 * boxes are `w14:checkbox` controls, each in a paragraph of its own, because
 * LibreOffice moves a checkbox's alias onto its paragraph when it saves.
 */
import { esc, run, type Xml } from '../docx/ooxml.js';
import { BOX_CHECKED, BOX_EMPTY } from '../plan/plan-view.js';
import type { FormField } from './form-fields.js';

export const W14_NAMESPACE = 'http://schemas.microsoft.com/office/word/2010/wordml';
export const W15_NAMESPACE = 'http://schemas.microsoft.com/office/word/2012/wordml';
export const PLACEHOLDER_STYLE = 'PlaceholderText';
/** The font Word itself uses for checkbox glyphs; LibreOffice substitutes one with the glyphs. */
const BOX_FONT = 'MS Gothic';

/** Gives each control of one document its own `w:id`. */
export class ControlIds {
  private next = 1000;
  take(): number {
    return this.next++;
  }
}

function sdtPr(field: FormField, id: number, extra: string): string {
  return `<w:alias w:val="${esc(field.alias)}"/><w:tag w:val="${esc(field.key)}"/><w:id w:val="${id}"/>${extra}`;
}

/** A plain-text control showing `value`, or its placeholder when the value is empty. */
export function textControl(field: FormField, value: string, ids: ControlIds): Xml {
  const lines = field.kind === 'multiline' || field.kind === 'contact';
  const multi = lines ? ' w:multiLine="1"' : '';
  if (value === '') {
    const pr = `<w:rPr><w:rStyle w:val="${PLACEHOLDER_STYLE}"/></w:rPr>${sdtPr(field, ids.take(), `<w:showingPlcHdr/><w:text${multi}/>`)}`;
    return `<w:sdt><w:sdtPr>${pr}</w:sdtPr><w:sdtContent>${run(field.placeholder, { style: PLACEHOLDER_STYLE })}</w:sdtContent></w:sdt>`;
  }
  // A one-line control cannot hold line breaks: they become spaces there. LibreOffice 7.4
  // drops the breaks of a pre-filled multi-line control when it opens the form, so each
  // line ends in a space that keeps its words apart there (the reader trims it again).
  const text = lines ? value.replace(/[ \t]*\n/g, ' \n') : value.replace(/\s*\n\s*/g, ' ');
  return `<w:sdt><w:sdtPr>${sdtPr(field, ids.take(), `<w:text${multi}/>`)}</w:sdtPr><w:sdtContent>${run(text)}</w:sdtContent></w:sdt>`;
}

/** A checkbox control (Word 2010+), ticked or not. */
export function checkboxControl(field: FormField, checked: boolean, ids: ControlIds): Xml {
  const box =
    `<w14:checkbox><w14:checked w14:val="${checked ? 1 : 0}"/>` +
    `<w14:checkedState w14:val="2612" w14:font="${BOX_FONT}"/><w14:uncheckedState w14:val="2610" w14:font="${BOX_FONT}"/></w14:checkbox>`;
  return `<w:sdt><w:sdtPr>${sdtPr(field, ids.take(), box)}</w:sdtPr><w:sdtContent>${run(checked ? BOX_CHECKED : BOX_EMPTY, { font: BOX_FONT })}</w:sdtContent></w:sdt>`;
}

/**
 * Table rows as a Word 2013 repeating section: Word shows a "+" that adds a row with its
 * controls. Word 2010 and LibreOffice ignore the section (LibreOffice drops it on saving)
 * and keep the rows, which the reader reads either way.
 */
export function repeatingRows(alias: string, tag: string, rows: Xml[], ids: ControlIds): Xml {
  const items = rows.map((r) => `<w:sdt><w:sdtPr><w:id w:val="${ids.take()}"/><w15:repeatingSectionItem/></w:sdtPr><w:sdtContent>${r}</w:sdtContent></w:sdt>`);
  return `<w:sdt><w:sdtPr><w:alias w:val="${esc(alias)}"/><w:tag w:val="${esc(tag)}"/><w:id w:val="${ids.take()}"/><w15:repeatingSection/></w:sdtPr><w:sdtContent>${items.join('')}</w:sdtContent></w:sdt>`;
}
