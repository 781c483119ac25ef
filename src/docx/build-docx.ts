/**
 * Writes a complete .docx package (A4, optional header and footer) from fragments built
 * with ooxml.ts. Used by scripts/templates/* to generate the official templates, which are
 * then committed and filled by docxtemplater at run time.
 *
 *   buildDocx({
 *     title: 'Koordinerende indsatsplan',    // docProps/core.xml: becomes the PDF's title
 *     body: [paragraph('Hej', { style: 'Title' }), ...],
 *     header: [paragraph('{#draft}KLADDE{/draft}', { style: 'Header' })],   // on every page
 *     footer: [paragraph(['Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer' })],
 *     styles: [{ id: 'Hint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true } }],
 *   }) // → Buffer
 *
 * Instead of `body` and `header`, `sections` gives a document in parts that each start on a
 * new page, each with its own running header and, if wanted, another one on its first page
 * (what "(fortsat)" on the pages after a part's first needs). `numbering` defines numbered
 * lists, which paragraphs join with `paragraph(…, { numId })`.
 *
 * The text of title/subject may hold docxtemplater tags: docxtemplater fills docProps too.
 */
import { strToU8, zipSync } from 'fflate';
import { esc, mm, type Xml } from './ooxml.js';
import { DEFAULT_THEME, stylesXml, type StyleDef, type Theme } from './styles.js';

/** A part of a document that starts on a new page (the first part: on the first page). */
export interface SectionSpec {
  body: Xml[];
  /** The header of the part's pages; with `firstHeader`, of its pages after the first. */
  header?: Xml[];
  /** The header of the part's first page. */
  firstHeader?: Xml[];
}

/** A numbered list ("1.", "2.", …), one level; its number is the `numId` paragraphs give. */
export interface NumberingSpec {
  numId: number;
  /** Where the text starts, and how far left of it the number stands (a hanging indent). */
  indentMm: number;
  hangingMm: number;
}

/** A picture in the package: word/media/<fileName>, referred to by `id`. */
export interface ImageSpec {
  id: string;
  /** With its extension, which says its type. */
  fileName: `${string}.emf` | `${string}.png`;
  data: Uint8Array;
}

const IMAGE_TYPES: Record<string, string> = { emf: 'image/x-emf', png: 'image/png' };

export interface DocxSpec {
  title: string;
  subject?: string;
  creator?: string;
  /** Keywords/description in core.xml. */
  description?: string;
  /** The document in one part, with `header` on every page; or give `sections`. */
  body?: Xml[];
  header?: Xml[];
  /** The document in parts, each from a new page with its own headers; instead of `body` and `header`. */
  sections?: SectionSpec[];
  numbering?: NumberingSpec[];
  /** Pictures the headers show (`pictureBehindText(id, …)`), as files of the package. */
  images?: ImageSpec[];
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

const NS_WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"';

/** numbering.xml: one single-level decimal list ("1.", "2.", …) per spec, each its own numbering. */
function numberingXml(lists: NumberingSpec[]): string {
  const abstract = lists
    .map(
      (l, i) =>
        `<w:abstractNum w:abstractNumId="${i}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>` +
        `<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="${mm(l.indentMm)}"/></w:tabs>` +
        `<w:ind w:left="${mm(l.indentMm)}" w:hanging="${mm(l.hangingMm)}"/></w:pPr></w:lvl></w:abstractNum>`,
    )
    .join('');
  const nums = lists.map((l, i) => `<w:num w:numId="${l.numId}"><w:abstractNumId w:val="${i}"/></w:num>`).join('');
  return `${XML_HEAD}<w:numbering xmlns:w="${NS_W}">${abstract}${nums}</w:numbering>`;
}

export function buildDocx(spec: DocxSpec): Buffer {
  const theme: Theme = { ...DEFAULT_THEME, ...spec.theme };
  const m = spec.marginsMm ?? DEFAULT_MARGINS;
  const hasFooter = !!spec.footer?.length;
  const sections: SectionSpec[] = spec.sections ?? [{ body: spec.body ?? [], header: spec.header }];

  // One header part per distinct header, header1.xml… in the order of first use.
  const headers: string[] = [];
  const headerRef = (type: 'default' | 'first', content: Xml[] | undefined) => {
    if (!content?.length) return '';
    const xml = content.join('');
    if (!headers.includes(xml)) headers.push(xml);
    return `<w:headerReference w:type="${type}" r:id="rIdHeader${headers.indexOf(xml) + 1}"/>`;
  };
  // Element order follows the schema: references, type, page size and margins, titlePg.
  const sectPr = (s: SectionSpec, index: number) =>
    '<w:sectPr>' +
    headerRef('default', s.header) +
    headerRef('first', s.firstHeader) +
    (hasFooter ? '<w:footerReference w:type="default" r:id="rIdFooter1"/>' : '') +
    (hasFooter && s.firstHeader?.length ? '<w:footerReference w:type="first" r:id="rIdFooter1"/>' : '') +
    (index > 0 ? '<w:type w:val="nextPage"/>' : '') +
    `<w:pgSz w:w="${mm(210)}" w:h="${mm(297)}"/>` +
    `<w:pgMar w:top="${mm(m.top)}" w:right="${mm(m.right)}" w:bottom="${mm(m.bottom)}" w:left="${mm(m.left)}" w:header="${mm(10)}" w:footer="${mm(10)}" w:gutter="0"/>` +
    (s.firstHeader?.length ? '<w:titlePg/>' : '') +
    '</w:sectPr>';
  // A part ends with a paragraph holding its section properties: kept as small as a paragraph can be.
  const sectionEnd = (s: SectionSpec, index: number) =>
    `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>${sectPr(s, index)}</w:pPr></w:p>`;
  const last = sections.length - 1;
  const body = sections.map((s, i) => s.body.join('') + (i < last ? sectionEnd(s, i) : '')).join('') + sectPr(sections[last]!, last);

  const document = `${XML_HEAD}<w:document xmlns:w="${NS_W}" xmlns:r="${NS_R}"><w:body>${body}</w:body></w:document>`;
  const part = (tag: 'w:hdr' | 'w:ftr', xml: string) =>
    `${XML_HEAD}<${tag} xmlns:w="${NS_W}" xmlns:r="${NS_R}"${xml.includes('<wp:') ? ` ${NS_WP}` : ''}>${xml}</${tag}>`;
  // A header's relationships: the pictures it shows.
  const images = spec.images ?? [];
  const partRels = (xml: string) => {
    const used = images.filter((i) => xml.includes(`r:embed="${i.id}"`));
    return used.length === 0
      ? undefined
      : `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          used.map((i) => `<Relationship Id="${esc(i.id)}" Type="${REL}/image" Target="media/${esc(i.fileName)}"/>`).join('') +
          '</Relationships>';
  };
  const numbering = spec.numbering?.length ? numberingXml(spec.numbering) : undefined;

  const docRels = [
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>`,
    ...headers.map((_, i) => `<Relationship Id="rIdHeader${i + 1}" Type="${REL}/header" Target="header${i + 1}.xml"/>`),
    hasFooter ? `<Relationship Id="rIdFooter1" Type="${REL}/footer" Target="footer1.xml"/>` : '',
    numbering ? `<Relationship Id="rIdNumbering" Type="${REL}/numbering" Target="numbering.xml"/>` : '',
  ].join('');

  const ct = 'application/vnd.openxmlformats-officedocument';
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    [...new Set(images.map((i) => i.fileName.split('.').pop()!.toLowerCase()))].map((ext) => `<Default Extension="${ext}" ContentType="${IMAGE_TYPES[ext]}"/>`).join('') +
    `<Override PartName="/word/document.xml" ContentType="${ct}.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${ct}.wordprocessingml.styles+xml"/>` +
    `<Override PartName="/word/settings.xml" ContentType="${ct}.wordprocessingml.settings+xml"/>` +
    headers.map((_, i) => `<Override PartName="/word/header${i + 1}.xml" ContentType="${ct}.wordprocessingml.header+xml"/>`).join('') +
    (hasFooter ? `<Override PartName="/word/footer1.xml" ContentType="${ct}.wordprocessingml.footer+xml"/>` : '') +
    (numbering ? `<Override PartName="/word/numbering.xml" ContentType="${ct}.wordprocessingml.numbering+xml"/>` : '') +
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
  headers.forEach((xml, i) => {
    files[`word/header${i + 1}.xml`] = strToU8(part('w:hdr', xml));
    const rels = partRels(xml);
    if (rels) files[`word/_rels/header${i + 1}.xml.rels`] = strToU8(rels);
  });
  for (const i of images) files[`word/media/${i.fileName}`] = i.data;
  if (hasFooter) files['word/footer1.xml'] = strToU8(part('w:ftr', spec.footer!.join('')));
  if (numbering) files['word/numbering.xml'] = strToU8(numbering);
  // A fixed mtime keeps the committed template byte-stable between regenerations.
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }));
}
