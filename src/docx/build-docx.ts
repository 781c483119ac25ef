/**
 * Writes a complete .docx package (A4, one section, optional header and footer) from
 * fragments built with ooxml.ts. Used by scripts/templates/* to generate the official
 * templates, which are then committed and filled by docxtemplater at run time.
 *
 *   buildDocx({
 *     title: 'Koordinerende indsatsplan',    // docProps/core.xml: becomes the PDF's title
 *     body: [paragraph('Hej', { style: 'Title' }), ...],
 *     header: [paragraph('{#draft}KLADDE{/draft}', { style: 'Header' })],   // on every page
 *     footer: [paragraph(['Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer' })],
 *     styles: [{ id: 'Hint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true } }],
 *   }) // → Buffer
 *
 * The text of title/subject may hold docxtemplater tags: docxtemplater fills docProps too.
 */
import { strToU8, zipSync } from 'fflate';
import { esc, mm, type Xml } from './ooxml.js';
import { DEFAULT_THEME, stylesXml, type StyleDef, type Theme } from './styles.js';

export interface DocxSpec {
  title: string;
  subject?: string;
  creator?: string;
  /** Keywords/description in core.xml. */
  description?: string;
  body: Xml[];
  header?: Xml[];
  footer?: Xml[];
  /** Page margins in mm (A4 portrait). */
  marginsMm?: { top: number; right: number; bottom: number; left: number };
  theme?: Partial<Theme>;
  styles?: StyleDef[];
  /** Fixed timestamp for core.xml, so a regenerated template is byte-stable. */
  modified?: Date;
}

const NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text width of an A4 page with these margins, in mm: what tables should add up to. */
export function textWidthMm(margins = DEFAULT_MARGINS): number {
  return 210 - margins.left - margins.right;
}
export const DEFAULT_MARGINS = { top: 20, right: 20, bottom: 20, left: 20 };

export function buildDocx(spec: DocxSpec): Buffer {
  const theme: Theme = { ...DEFAULT_THEME, ...spec.theme };
  const m = spec.marginsMm ?? DEFAULT_MARGINS;
  const hasHeader = !!spec.header?.length;
  const hasFooter = !!spec.footer?.length;

  const sectPr =
    '<w:sectPr>' +
    (hasHeader ? '<w:headerReference w:type="default" r:id="rIdHeader1"/>' : '') +
    (hasFooter ? '<w:footerReference w:type="default" r:id="rIdFooter1"/>' : '') +
    `<w:pgSz w:w="${mm(210)}" w:h="${mm(297)}"/>` +
    `<w:pgMar w:top="${mm(m.top)}" w:right="${mm(m.right)}" w:bottom="${mm(m.bottom)}" w:left="${mm(m.left)}" w:header="${mm(10)}" w:footer="${mm(10)}" w:gutter="0"/>` +
    '</w:sectPr>';

  const document = `${XML_HEAD}<w:document xmlns:w="${NS_W}" xmlns:r="${NS_R}"><w:body>${spec.body.join('')}${sectPr}</w:body></w:document>`;
  const part = (tag: 'w:hdr' | 'w:ftr', content: Xml[]) => `${XML_HEAD}<${tag} xmlns:w="${NS_W}" xmlns:r="${NS_R}">${content.join('')}</${tag}>`;

  const docRels = [
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>`,
    hasHeader ? `<Relationship Id="rIdHeader1" Type="${REL}/header" Target="header1.xml"/>` : '',
    hasFooter ? `<Relationship Id="rIdFooter1" Type="${REL}/footer" Target="footer1.xml"/>` : '',
  ].join('');

  const ct = 'application/vnd.openxmlformats-officedocument';
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${ct}.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${ct}.wordprocessingml.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${ct}.wordprocessingml.settings+xml"/>` +
    (hasHeader ? `<Override PartName="/word/header1.xml" ContentType="${ct}.wordprocessingml.header+xml"/>` : '') +
    (hasFooter ? `<Override PartName="/word/footer1.xml" ContentType="${ct}.wordprocessingml.footer+xml"/>` : '') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>` +
    '</Types>';

  const rootRels =
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
    '</Relationships>';

  const when = (spec.modified ?? new Date('2026-01-01T00:00:00Z')).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core =
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${esc(spec.title)}</dc:title>` +
    (spec.subject ? `<dc:subject>${esc(spec.subject)}</dc:subject>` : '') +
    `<dc:creator>${esc(spec.creator ?? 'indsatsplan')}</dc:creator>` +
    (spec.description ? `<dc:description>${esc(spec.description)}</dc:description>` : '') +
    '<dc:language>da-DK</dc:language>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>';
  const app =
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>indsatsplan</Application></Properties>`;

  // Element order follows the schema (Word rejects a package otherwise). The language is for spell-checking.
  const settings =
    `${XML_HEAD}<w:settings xmlns:w="${NS_W}"><w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/>` +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="da-DK"/></w:settings>';

  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(rootRels),
    'docProps/core.xml': strToU8(core),
    'docProps/app.xml': strToU8(app),
    'word/document.xml': strToU8(document),
    'word/styles.xml': strToU8(stylesXml(theme, spec.styles)),
    'word/settings.xml': strToU8(settings),
    'word/_rels/document.xml.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${docRels}</Relationships>`,
    ),
  };
  if (hasHeader) files['word/header1.xml'] = strToU8(part('w:hdr', spec.header!));
  if (hasFooter) files['word/footer1.xml'] = strToU8(part('w:ftr', spec.footer!));
  // A fixed mtime keeps the committed template byte-stable between regenerations.
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }));
}
