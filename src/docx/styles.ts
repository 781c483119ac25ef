/**
 * word/styles.xml: real named styles, so a template's look is changed in Word's style
 * gallery rather than paragraph by paragraph. Built-in styles keep Word's own ids and
 * names (Normal, Title, heading 1...), which Word shows translated ("Overskrift 1").
 */
import { esc, runProps, type RunOptions } from './ooxml.js';

export interface StyleDef {
  id: string;
  /** The name shown in Word; built-in styles use Word's English name. */
  name: string;
  type: 'paragraph' | 'character';
  basedOn?: string;
  next?: string;
  run?: RunOptions;
  paragraph?: {
    spaceBeforePt?: number;
    spaceAfterPt?: number;
    keepNext?: boolean;
    align?: 'left' | 'center' | 'right' | 'both';
    /** Outline level 0 = Heading 1: gives PDF bookmarks and heading tags. */
    outlineLevel?: number;
    /** Background 'RRGGBB'. */
    shading?: string;
  };
  /** Shown in Word's quick style gallery. */
  primary?: boolean;
}

export interface Theme {
  /** Body font; Calibri in Word, its metric twin Carlito in LibreOffice. */
  font: string;
  sizePt: number;
  /** Accent colour of headings. */
  accent: string;
  /** Line spacing, a multiple of the font's own (1.1 if not given). */
  lineSpacing?: number;
}

export const DEFAULT_THEME: Theme = { font: 'Calibri', sizePt: 10.5, accent: '1F4E79' };

/** The styles every template gets; templates add their own with `extra`. */
export function baseStyles(t: Theme): StyleDef[] {
  return [
    { id: 'Normal', name: 'Normal', type: 'paragraph', paragraph: { spaceAfterPt: 4 }, primary: true },
    { id: 'Title', name: 'Title', type: 'paragraph', basedOn: 'Normal', next: 'Normal', primary: true,
      run: { bold: true, sizePt: 20, color: t.accent }, paragraph: { spaceAfterPt: 12 } },
    { id: 'Heading1', name: 'heading 1', type: 'paragraph', basedOn: 'Normal', next: 'Normal', primary: true,
      run: { bold: true, sizePt: 14, color: t.accent }, paragraph: { spaceBeforePt: 16, spaceAfterPt: 2, keepNext: true, outlineLevel: 0 } },
    { id: 'Heading2', name: 'heading 2', type: 'paragraph', basedOn: 'Normal', next: 'Normal', primary: true,
      run: { bold: true, sizePt: 12, color: t.accent }, paragraph: { spaceBeforePt: 10, spaceAfterPt: 4, keepNext: true, outlineLevel: 1 } },
    { id: 'Header', name: 'header', type: 'paragraph', basedOn: 'Normal', run: { sizePt: 8.5 }, paragraph: { spaceAfterPt: 0 } },
    { id: 'Footer', name: 'footer', type: 'paragraph', basedOn: 'Normal', run: { sizePt: 8.5 }, paragraph: { spaceAfterPt: 0 } },
  ];
}

function styleXml(s: StyleDef): string {
  const p = s.paragraph;
  const pPr = p
    ? [
        p.keepNext ? '<w:keepNext/>' : '',
        p.shading ? `<w:shd w:val="clear" w:color="auto" w:fill="${esc(p.shading)}"/>` : '',
        p.spaceBeforePt !== undefined || p.spaceAfterPt !== undefined
          ? `<w:spacing${p.spaceBeforePt !== undefined ? ` w:before="${Math.round(p.spaceBeforePt * 20)}"` : ''}${p.spaceAfterPt !== undefined ? ` w:after="${Math.round(p.spaceAfterPt * 20)}"` : ''}/>`
          : '',
        p.align ? `<w:jc w:val="${p.align}"/>` : '',
        p.outlineLevel !== undefined ? `<w:outlineLvl w:val="${p.outlineLevel}"/>` : '',
      ].join('')
    : '';
  const isDefault = s.id === 'Normal';
  return [
    `<w:style w:type="${s.type}"${isDefault ? ' w:default="1"' : ''} w:styleId="${esc(s.id)}">`,
    `<w:name w:val="${esc(s.name)}"/>`,
    s.basedOn ? `<w:basedOn w:val="${esc(s.basedOn)}"/>` : '',
    s.next ? `<w:next w:val="${esc(s.next)}"/>` : '',
    s.primary ? '<w:qFormat/>' : '',
    pPr ? `<w:pPr>${pPr}</w:pPr>` : '',
    s.run ? runProps(s.run) : '',
    '</w:style>',
  ].join('');
}

/** A template's own style replaces the base style with the same id. */
function mergeStyles(base: StyleDef[], extra: StyleDef[]): StyleDef[] {
  const ids = new Set(extra.map((s) => s.id));
  return [...base.filter((s) => !ids.has(s.id)), ...extra];
}

export function stylesXml(t: Theme, extra: StyleDef[] = []): string {
  const defaults =
    `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${esc(t.font)}" w:hAnsi="${esc(t.font)}" w:eastAsia="${esc(t.font)}" w:cs="${esc(t.font)}"/>` +
    `<w:sz w:val="${t.sizePt * 2}"/><w:szCs w:val="${t.sizePt * 2}"/><w:lang w:val="da-DK" w:eastAsia="da-DK" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="${Math.round((t.lineSpacing ?? 1.1) * 240)}" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`;
  const tableNormal =
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' +
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    defaults +
    mergeStyles(baseStyles(t), extra).map(styleXml).join('') +
    tableNormal +
    '</w:styles>'
  );
}
