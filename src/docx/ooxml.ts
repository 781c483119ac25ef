/**
 * WordprocessingML fragments built from code, for the templates in templates/.
 *
 * Every function returns an XML string (`Xml`) that goes into a body, a table cell, a
 * header or a footer; `buildDocx` (build-docx.ts) wraps them into a package. Text is
 * escaped here, so docxtemplater tags (`{name}`, `{#goals}`) pass through as plain text.
 * Look (fonts, sizes, colours, spacing) belongs in named styles (styles.ts), so that a
 * municipality can restyle a template in Word; direct formatting is for exceptions.
 *
 *   run(text, { bold, italic, sizePt, color, font })     a run; '\n' becomes a line break
 *   paragraph(content, { style, align, keepNext, ... })   content: string | Xml | (string | Xml)[]
 *   table(rows, { widthsMm, ...GRID_TABLE, caption })      rows from row(cells, { header, cantSplit })
 *   cell(content, { span, vMerge, shading, ... })         content: string | Xml | Xml[] (paragraphs)
 *   noteBox(paragraphs)                                   the form's shaded "!" box
 *   pictureBehindText(id, { widthMm, heightMm })          a picture behind the text (in a header: a watermark)
 *   tab(), field('PAGE'), mm(n)
 *
 * Units: lengths in millimetres, font sizes in points, colours as 'RRGGBB'.
 */
import { withoutXmlForbidden } from '../shared/document-text.js';

/** A WordprocessingML fragment (already escaped). */
export type Xml = string & { readonly __xml?: never };

/** Twentieths of a point (dxa), the unit of most OOXML lengths. */
export const mm = (n: number): number => Math.round((n * 1440) / 25.4);

/** Text as XML content or an attribute value; characters XML cannot hold (control characters) are left out. */
export function esc(text: string): string {
  return withoutXmlForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface RunOptions {
  bold?: boolean;
  italic?: boolean;
  sizePt?: number;
  color?: string;
  /** A font for this run only, e.g. one that has the ☒/☐ glyphs. */
  font?: string;
  /** A character style id. */
  style?: string;
}

export function runProps(o: RunOptions = {}): string {
  const p = [
    o.style ? `<w:rStyle w:val="${esc(o.style)}"/>` : '',
    o.font ? `<w:rFonts w:ascii="${esc(o.font)}" w:hAnsi="${esc(o.font)}" w:eastAsia="${esc(o.font)}" w:cs="${esc(o.font)}"/>` : '',
    o.bold ? '<w:b/><w:bCs/>' : '',
    o.italic ? '<w:i/><w:iCs/>' : '',
    o.color ? `<w:color w:val="${esc(o.color)}"/>` : '',
    o.sizePt ? `<w:sz w:val="${Math.round(o.sizePt * 2)}"/><w:szCs w:val="${Math.round(o.sizePt * 2)}"/>` : '',
  ].join('');
  return p ? `<w:rPr>${p}</w:rPr>` : '';
}

/** A run of text; '\n' in the text becomes a line break. */
export function run(text: string, o: RunOptions = {}): Xml {
  const parts = text.split('\n').map((t) => `<w:t xml:space="preserve">${esc(t)}</w:t>`);
  return `<w:r>${runProps(o)}${parts.join('<w:br/>')}</w:r>`;
}

export interface ParagraphOptions {
  style?: string;
  align?: 'left' | 'center' | 'right' | 'both';
  keepNext?: boolean;
  keepLines?: boolean;
  pageBreakBefore?: boolean;
  spaceBeforePt?: number;
  spaceAfterPt?: number;
  /** Left indent and hanging indent in mm (for numbered lines). */
  indentMm?: number;
  hangingMm?: number;
  /** A numbered list item: the id of a list in the document's numbering (`DocxSpec.numbering`). */
  numId?: number;
  /** Run properties of the paragraph mark (and of plain-string content). */
  run?: RunOptions;
}

type Inline = string | Xml;

export function paragraph(content: Inline | Inline[] = [], o: ParagraphOptions = {}): Xml {
  const items = Array.isArray(content) ? content : [content];
  const body = items.map((c) => (isXml(c) ? c : run(c, o.run))).join('');
  const spacing =
    o.spaceBeforePt !== undefined || o.spaceAfterPt !== undefined
      ? `<w:spacing${o.spaceBeforePt !== undefined ? ` w:before="${Math.round(o.spaceBeforePt * 20)}"` : ''}${o.spaceAfterPt !== undefined ? ` w:after="${Math.round(o.spaceAfterPt * 20)}"` : ''}/>`
      : '';
  const ind =
    o.indentMm !== undefined ? `<w:ind w:left="${mm(o.indentMm)}"${o.hangingMm ? ` w:hanging="${mm(o.hangingMm)}"` : ''}/>` : '';
  const pPr = [
    o.style ? `<w:pStyle w:val="${esc(o.style)}"/>` : '',
    o.keepNext ? '<w:keepNext/>' : '',
    o.keepLines ? '<w:keepLines/>' : '',
    o.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    o.numId !== undefined ? `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${o.numId}"/></w:numPr>` : '',
    spacing,
    ind,
    o.align ? `<w:jc w:val="${o.align}"/>` : '',
    o.run ? runProps(o.run) : '',
  ].join('');
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${body}</w:p>`;
}

/** Strings that already are markup (start with '<w:') are taken as Xml, others as text. */
function isXml(s: string): s is Xml {
  return s.startsWith('<w:');
}

/** A tab (aligns text after a box glyph or a number with a hanging indent). */
export function tab(): Xml {
  return '<w:r><w:tab/></w:r>';
}

/** A simple field such as PAGE or NUMPAGES, with a placeholder result until it is updated. */
export function field(instr: string, placeholder = '1', o: RunOptions = {}): Xml {
  return `<w:fldSimple w:instr=" ${esc(instr)} "><w:r>${runProps(o)}<w:t>${esc(placeholder)}</w:t></w:r></w:fldSimple>`;
}

export interface Border {
  /** 'single', 'nil', 'dotted'... */
  style?: string;
  /** Eighths of a point. */
  size?: number;
  color?: string;
}
type Sides = 'top' | 'left' | 'bottom' | 'right' | 'insideH' | 'insideV';

function bordersXml(tag: 'w:tblBorders' | 'w:tcBorders', b: Partial<Record<Sides, Border>>): string {
  const inner = (Object.keys(b) as Sides[])
    .map((side) => {
      const v = b[side]!;
      return `<w:${side} w:val="${v.style ?? 'single'}" w:sz="${v.size ?? 4}" w:space="0" w:color="${v.color ?? 'auto'}"/>`;
    })
    .join('');
  return `<${tag}>${inner}</${tag}>`;
}

/** The same border on every side (and between cells for a table). */
export function allBorders(b: Border, inside = true): Partial<Record<Sides, Border>> {
  return { top: b, left: b, bottom: b, right: b, ...(inside ? { insideH: b, insideV: b } : {}) };
}

export interface CellOptions {
  /** Width in mm; by default the table's column width (summed over a span). */
  widthMm?: number;
  /** Columns this cell spans. */
  span?: number;
  /** Vertical merge: the first cell of a merged block is 'restart', the cells under it 'continue'. */
  vMerge?: 'restart' | 'continue';
  /** Background 'RRGGBB'. */
  shading?: string;
  valign?: 'top' | 'center' | 'bottom';
  borders?: Partial<Record<Sides, Border>>;
}

/** A table cell; a string becomes one paragraph. A cell must hold at least one paragraph. */
export function cell(content: Inline | Xml[] = '', o: CellOptions = {}): Xml {
  const paras = Array.isArray(content) ? content : [isXml(content) ? content : paragraph(content)];
  const body = paras.length > 0 ? paras.join('') : paragraph();
  const tcPr = [
    o.widthMm !== undefined ? `<w:tcW w:w="${mm(o.widthMm)}" w:type="dxa"/>` : '',
    o.span && o.span > 1 ? `<w:gridSpan w:val="${o.span}"/>` : '',
    o.vMerge ? `<w:vMerge w:val="${o.vMerge}"/>` : '',
    o.borders ? bordersXml('w:tcBorders', o.borders) : '',
    o.shading ? `<w:shd w:val="clear" w:color="auto" w:fill="${esc(o.shading)}"/>` : '',
    o.valign ? `<w:vAlign w:val="${o.valign}"/>` : '',
  ].join('');
  return `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${body}</w:tc>`;
}

export interface RowOptions {
  /** Repeat this row at the top of every page the table runs onto. */
  header?: boolean;
  /** Keep the row on one page. Off by default: long text must flow across pages. */
  cantSplit?: boolean;
}

export function row(cells: Xml[], o: RowOptions = {}): Xml {
  const trPr = [o.cantSplit ? '<w:cantSplit/>' : '', o.header ? '<w:tblHeader/>' : ''].join('');
  return `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
}

export interface TableOptions {
  /** Column widths in mm; their sum is the table's width. */
  widthsMm: number[];
  borders?: Partial<Record<Sides, Border>>;
  /** Cell padding in mm (left and right). */
  cellPaddingMm?: number;
  /** Cell padding in mm (top and bottom); set only with cellPaddingMm. */
  cellPaddingTopBottomMm?: number;
  /** Accessible description (tagged PDF, screen readers). */
  caption?: string;
}

export function table(rows: Xml[], o: TableOptions): Xml {
  const total = o.widthsMm.reduce((a, b) => a + b, 0);
  const pad = o.cellPaddingMm !== undefined ? mm(o.cellPaddingMm) : undefined;
  const padTb = o.cellPaddingTopBottomMm !== undefined ? mm(o.cellPaddingTopBottomMm) : undefined;
  const tblPr = [
    `<w:tblW w:w="${mm(total)}" w:type="dxa"/>`,
    o.borders ? bordersXml('w:tblBorders', o.borders) : '',
    '<w:tblLayout w:type="fixed"/>',
    pad !== undefined
      ? `<w:tblCellMar>${padTb !== undefined ? `<w:top w:w="${padTb}" w:type="dxa"/>` : ''}<w:left w:w="${pad}" w:type="dxa"/>` +
        `${padTb !== undefined ? `<w:bottom w:w="${padTb}" w:type="dxa"/>` : ''}<w:right w:w="${pad}" w:type="dxa"/></w:tblCellMar>`
      : '',
    o.caption ? `<w:tblCaption w:val="${esc(o.caption)}"/>` : '',
  ].join('');
  const grid = `<w:tblGrid>${o.widthsMm.map((w) => `<w:gridCol w:w="${mm(w)}"/>`).join('')}</w:tblGrid>`;
  return `<w:tbl><w:tblPr>${tblPr}</w:tblPr>${grid}${rows.join('')}</w:tbl>`;
}

/**
 * The form's ordinary table look: thin grey lines around and between cells. Written on
 * each table rather than as a table style: LibreOffice's Word import applies a table
 * style cell by cell, which made loading a plan with many tables about 40 % slower.
 */
export const GRID_TABLE = {
  borders: allBorders({ style: 'single', size: 4, color: '808080' }),
  cellPaddingMm: 1.9,
  cellPaddingTopBottomMm: 0.7,
} as const satisfies Partial<TableOptions>;

export interface NoteBoxOptions {
  widthMm: number;
  /** Background 'RRGGBB'. */
  shading?: string;
  /** Paragraph style of the "!" mark. */
  markStyle?: string;
}

/**
 * The form's highlighted note: a shaded box with the text and a large "!" beside it.
 * Built as a one-row table so Word shows it as an ordinary, editable box; the row is
 * kept on one page (a note is short, and a split box reads as two notes).
 */
export function noteBox(paragraphs: Xml[], o: NoteBoxOptions): Xml {
  const markW = 14;
  const line = { style: 'single', size: 8, color: 'C0504D' };
  return table(
    [
      row([
        cell(paragraphs, { shading: o.shading, valign: 'center' }),
        cell(paragraph('!', { style: o.markStyle, align: 'center' }), { shading: o.shading, valign: 'center' }),
      ], { cantSplit: true }),
    ],
    { widthsMm: [o.widthMm - markW, markW], borders: allBorders(line, false), cellPaddingMm: 2.5, caption: 'Bemærk' },
  );
}

export interface PictureOptions {
  widthMm: number;
  heightMm: number;
  /** The picture's name, which Word shows in its selection pane. */
  name: string;
  /** Unique among the document's drawings (Word's rule), headers included. */
  id: number;
}

/**
 * A picture centred on the page's text area, behind the text, anchored in a run; the image
 * is a part of the package (`DocxSpec.images`) named by `imageId`. In a header it is on
 * every page: a watermark. LibreOffice's tagged PDF makes a header's picture an artifact.
 */
export function pictureBehindText(imageId: string, o: PictureOptions): Xml {
  const emu = (n: number) => Math.round(n * 36_000);
  const [cx, cy] = [emu(o.widthMm), emu(o.heightMm)];
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
  return (
    '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0" behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1">' +
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH><wp:positionV relativeFrom="margin"><wp:align>center</wp:align></wp:positionV>' +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="${o.id}" name="${esc(o.name)}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${A}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="${A}"><a:graphicData uri="${PIC}"><pic:pic xmlns:pic="${PIC}">` +
    `<pic:nvPicPr><pic:cNvPr id="${o.id}" name="${esc(o.name)}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${esc(imageId)}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    '</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
  );
}

/**
 * The fragment with each of its paragraphs kept with the next one: given a table's last
 * row, the table's end stays on the page of what follows it (LibreOffice keeps the table
 * with the next paragraph; Word keeps the row with the next).
 */
export function keptWithNext(xml: Xml): Xml {
  return xml
    .replace(/<w:p>(?!<w:pPr>)/g, '<w:p><w:pPr></w:pPr>')
    .replace(/<w:p><w:pPr>(.*?)<\/w:pPr>/g, (all, props: string) =>
      props.includes('<w:keepNext/>') ? all : `<w:p><w:pPr>${props.replace(/^(<w:pStyle w:val="[^"]*"\/>)?/, '$1<w:keepNext/>')}</w:pPr>`,
    );
}
