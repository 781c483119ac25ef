/**
 * The GP's letter and the plan as ONE Word document, so that one LibreOffice run makes the
 * whole print file a tagged PDF/A-2b with one structure tree (joining two PDFs drops the tags
 * and the PDF/A identification). Laid out for duplex printing, in sections:
 *
 *   the cover letter, with its own footer and margins;
 *   a blank page (no header, no footer), the back of the letter, so the plan starts a sheet;
 *   the plan as it was rendered, its pages numbered from 1 and "Side x af n" counting its
 *     own pages, as in the plan's PDF that everyone else gets;
 *   when the plan has an odd number of pages, one blank page more, so the file is whole
 *     sheets: a print service that runs letters as one job never prints the next GP's letter
 *     on the back of this plan.
 *
 * The blank pages are sections of their own, not the ones LibreOffice inserts before a section
 * that must start on an odd page: those are left out of the PDF by default, and exported they
 * split the tag tree in two Document elements.
 *
 * Both documents come from the same builder (src/docx), so they share the base styles and
 * defaults; the plan's package is kept as it is and the letter is put in front of it.
 */
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { esc } from '../../docx/ooxml.js';

const NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

export interface JoinOptions {
  /** Pages of the plan alone (its PDF): the "af n" of its footer and whether a last blank page is needed. */
  planPages: number;
  /** The joined document's title (docProps, so the PDF's title); never a CPR number or a diagnosis. */
  title: string;
  /**
   * An empty page after the letter (default), right for a letter of one page (or three...);
   * a letter that runs to an even number of pages needs none.
   */
  blankAfterLetter?: boolean;
}

/** sectPr's children in schema order: a new child goes before the first that follows it. */
const SECT_ORDER = [
  'headerReference', 'footerReference', 'footnotePr', 'endnotePr', 'type', 'pgSz', 'pgMar', 'paperSrc', 'pgBorders',
  'lnNumType', 'pgNumType', 'cols', 'formProt', 'vAlign', 'noEndnote', 'titlePg', 'textDirection', 'bidi', 'rtlGutter',
  'docGrid', 'printerSettings', 'sectPrChange',
];

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const serialize = (doc: Document): string => new XMLSerializer().serializeToString(doc);
const text = (zip: Unzipped, name: string): string => {
  const part = zip[name];
  if (!part) throw new Error(`joinLetterAndPlan: the package has no ${name}`);
  return strFromU8(part);
};
const children = (el: Element, localName?: string): Element[] =>
  Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (!localName || (n as Element).localName === localName));
const wEl = (doc: Document, name: string, attrs: Record<string, string> = {}): Element => {
  const el = doc.createElementNS(NS_W, `w:${name}`);
  for (const [k, v] of Object.entries(attrs)) el.setAttributeNS(k.startsWith('r:') ? NS_R : NS_W, k, v);
  return el;
};

/**
 * Puts `el` into the section properties at its place in the schema's order, replacing one of
 * its kind (a header or footer reference: one of its kind and type).
 */
function setSectChild(sect: Element, el: Element): void {
  const rank = SECT_ORDER.indexOf(el.localName!);
  const type = el.getAttributeNS(NS_W, 'type');
  for (const c of children(sect, el.localName!)) if (!/Reference$/.test(el.localName!) || c.getAttributeNS(NS_W, 'type') === type) sect.removeChild(c);
  const next = children(sect).find((c) => SECT_ORDER.indexOf(c.localName!) > rank);
  sect.insertBefore(el, next ?? null);
}

/** Hangs section properties on a paragraph: that paragraph then ends the section. */
function endSectionWith(paragraph: Element, sect: Element): void {
  let pPr = children(paragraph, 'pPr')[0];
  if (!pPr) {
    pPr = wEl(paragraph.ownerDocument!, 'pPr');
    paragraph.insertBefore(pPr, paragraph.firstChild);
  }
  // sectPr comes after rPr and before pPrChange.
  pPr.insertBefore(sect, children(pPr, 'pPrChange')[0] ?? null);
}

interface Package {
  zip: Unzipped;
  /** Relationships and content types of the parts added. */
  rels: string[];
  types: string[];
  /** The empty header and footer of blank pages, once added. */
  blank?: { header: string; footer: string };
}

/** Adds a part with its relationship from the main document; returns the relationship id. */
function addPart(pkg: Package, name: string, content: Unzipped[string], kind: 'header' | 'footer'): string {
  const id = `rIdJoined${pkg.rels.length + 1}`;
  pkg.zip[`word/${name}`] = content;
  pkg.rels.push(`<Relationship Id="${id}" Type="${REL}/${kind}" Target="${name}"/>`);
  pkg.types.push(`<Override PartName="/word/${name}" ContentType="${CT}.${kind}+xml"/>`);
  return id;
}

/**
 * The letter's styles that the plan lacks are added; one that the plan defines otherwise is
 * renamed for the letter, so neither document changes the other's look.
 */
function mergeStyles(planStyles: Document, letterStyles: Document): Map<string, string> {
  const root = planStyles.documentElement!;
  const ser = new XMLSerializer();
  const planById = new Map(children(root, 'style').map((s) => [s.getAttributeNS(NS_W, 'styleId'), ser.serializeToString(s)]));
  const renamed = new Map<string, string>();
  const letter = children(letterStyles.documentElement!, 'style');
  for (const s of letter) {
    const id = s.getAttributeNS(NS_W, 'styleId')!;
    const same = planById.get(id);
    if (same !== undefined && same !== ser.serializeToString(s)) renamed.set(id, `Brev${id}`);
  }
  for (const s of letter) {
    const id = s.getAttributeNS(NS_W, 'styleId')!;
    if (planById.has(id) && !renamed.has(id)) continue;
    renameStyleRefs(s, renamed);
    s.setAttributeNS(NS_W, 'w:styleId', renamed.get(id) ?? id);
    s.removeAttributeNS(NS_W, 'default');
    root.appendChild(planStyles.importNode(s, true));
  }
  return renamed;
}

/** Points style references (paragraph, run, table styles and a style's basedOn/next/link) at renamed styles. */
function renameStyleRefs(el: Element, renamed: Map<string, string>): void {
  if (renamed.size === 0) return;
  for (const tag of ['pStyle', 'rStyle', 'tblStyle', 'basedOn', 'next', 'link']) {
    for (const ref of Array.from(el.getElementsByTagNameNS(NS_W, tag))) {
      const to = renamed.get(ref.getAttributeNS(NS_W, 'val') ?? '');
      if (to) ref.setAttributeNS(NS_W, 'w:val', to);
    }
  }
}

/**
 * "Side x af n" in the plan's header and footer: NUMPAGES would count the letter and the blank
 * pages too, so it becomes the plan's own count (its PAGE restarts at 1 in its section).
 */
function fixPageCount(part: string, planPages: number): string {
  const doc = parse(part);
  let changed = false;
  for (const f of Array.from(doc.getElementsByTagNameNS(NS_W, 'fldSimple'))) {
    if (!/^\s*NUMPAGES\b/i.test(f.getAttributeNS(NS_W, 'instr') ?? '')) continue;
    const ts = Array.from(f.getElementsByTagNameNS(NS_W, 't'));
    ts.forEach((t, i) => (t.textContent = i === 0 ? String(planPages) : ''));
    // The field's result runs stay, with their formatting; the field itself goes.
    for (const r of children(f)) f.parentNode!.insertBefore(r, f);
    f.parentNode!.removeChild(f);
    changed = true;
  }
  if (Array.from(doc.getElementsByTagNameNS(NS_W, 'instrText')).some((t) => /NUMPAGES/i.test(t.textContent ?? ''))) {
    throw new Error('joinLetterAndPlan: a complex NUMPAGES field in the plan is not supported; use a simple field');
  }
  return changed ? serialize(doc) : part;
}

const emptyPart = (tag: 'w:hdr' | 'w:ftr'): Unzipped[string] =>
  strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${tag} xmlns:w="${NS_W}"><w:p/></${tag}>`);

/**
 * The section properties of an empty page with the page size and margins of `like`: its own
 * empty header and footer, since a section without them would repeat the previous section's.
 */
function blankSection(pkg: Package, doc: Document, like: Element): Element {
  if (!pkg.blank) {
    pkg.blank = {
      header: addPart(pkg, 'blank-header.xml', emptyPart('w:hdr'), 'header'),
      footer: addPart(pkg, 'blank-footer.xml', emptyPart('w:ftr'), 'footer'),
    };
  }
  const sect = wEl(doc, 'sectPr');
  for (const c of children(like)) if (['pgSz', 'pgMar'].includes(c.localName!)) sect.appendChild(doc.importNode(c, true));
  for (const type of ['default', 'even', 'first']) {
    setSectChild(sect, wEl(doc, 'headerReference', { 'w:type': type, 'r:id': pkg.blank.header }));
    setSectChild(sect, wEl(doc, 'footerReference', { 'w:type': type, 'r:id': pkg.blank.footer }));
  }
  setSectChild(sect, wEl(doc, 'type', { 'w:val': 'nextPage' }));
  return sect;
}

/** An empty paragraph that ends a section: the whole content of a blank page. */
function blankPage(pkg: Package, doc: Document, like: Element): Element {
  const p = wEl(doc, 'p');
  endSectionWith(p, blankSection(pkg, doc, like));
  return p;
}

export function joinLetterAndPlan(letterDocx: Buffer, planDocx: Buffer, options: JoinOptions): Buffer {
  const { planPages } = options;
  if (!Number.isInteger(planPages) || planPages < 1) throw new Error('joinLetterAndPlan: planPages must be a positive integer');
  const letter = unzipSync(letterDocx);
  const pkg: Package = { zip: unzipSync(planDocx), rels: [], types: [] };

  // The plan's "af n" first, before other headers and footers join the package.
  for (const rel of Array.from(parse(text(pkg.zip, 'word/_rels/document.xml.rels')).getElementsByTagName('Relationship'))) {
    if (!/\/(header|footer)$/.test(rel.getAttribute('Type') ?? '')) continue;
    const name = `word/${rel.getAttribute('Target')}`;
    pkg.zip[name] = strToU8(fixPageCount(text(pkg.zip, name), planPages));
  }

  const styles = parse(text(pkg.zip, 'word/styles.xml'));
  const renamed = mergeStyles(styles, parse(text(letter, 'word/styles.xml')));
  pkg.zip['word/styles.xml'] = strToU8(serialize(styles));

  const doc = parse(text(pkg.zip, 'word/document.xml'));
  const body = doc.getElementsByTagNameNS(NS_W, 'body')[0]!;
  const planContent = children(body);
  const planLastSect = planContent.pop();
  if (planLastSect?.localName !== 'sectPr') throw new Error('joinLetterAndPlan: the plan must end with its section properties');

  // The plan's pages are numbered from 1, as in its own PDF.
  setSectChild(body.getElementsByTagNameNS(NS_W, 'sectPr')[0]!, wEl(doc, 'pgNumType', { 'w:start': '1' }));

  if (planPages % 2 === 1) {
    // The plan's last section now ends with its last paragraph (after a table, a new one: the
    // paragraph that Word and LibreOffice put after a table that ends a document anyway).
    const last = planContent.at(-1)!;
    const ending = last.localName === 'p' ? last : (body.insertBefore(wEl(doc, 'p'), planLastSect) as Element);
    body.removeChild(planLastSect);
    endSectionWith(ending, planLastSect);
    body.appendChild(wEl(doc, 'p'));
    body.appendChild(blankSection(pkg, doc, planLastSect));
  }

  // The letter in front, ending its own section (with its own footer and margins).
  const letterDoc = parse(text(letter, 'word/document.xml'));
  const letterContent = children(letterDoc.getElementsByTagNameNS(NS_W, 'body')[0]!);
  const letterSect = letterContent.pop();
  const lastLetterParagraph = letterContent.at(-1);
  if (letterSect?.localName !== 'sectPr' || lastLetterParagraph?.localName !== 'p') {
    throw new Error('joinLetterAndPlan: the letter must end with a paragraph and its section properties');
  }
  const letterRels = new Map(
    Array.from(parse(text(letter, 'word/_rels/document.xml.rels')).getElementsByTagName('Relationship')).map((r) => [r.getAttribute('Id'), r.getAttribute('Target')]),
  );
  for (const ref of [...children(letterSect, 'headerReference'), ...children(letterSect, 'footerReference')]) {
    const target = letterRels.get(ref.getAttributeNS(NS_R, 'id'));
    if (!target || letter[`word/_rels/${target}.rels`]) throw new Error(`joinLetterAndPlan: the letter's ${ref.localName} cannot be carried over`);
    const part = parse(text(letter, `word/${target}`));
    renameStyleRefs(part.documentElement!, renamed);
    ref.setAttributeNS(NS_R, 'r:id', addPart(pkg, `letter-${target}`, strToU8(serialize(part)), ref.localName === 'headerReference' ? 'header' : 'footer'));
  }
  const ser = new XMLSerializer();
  for (const el of letterContent) {
    // Images or links would need their parts and relationships too; the letter has none.
    if (/\br:(id|embed|link)=/.test(ser.serializeToString(el))) throw new Error('joinLetterAndPlan: the letter refers to other parts');
    renameStyleRefs(el, renamed);
  }
  endSectionWith(lastLetterParagraph, letterSect);
  const planStart = body.firstChild;
  for (const el of letterContent) body.insertBefore(doc.importNode(el, true), planStart);
  // The back of the letter's last sheet stays empty, so the plan starts on a sheet of its own.
  if (options.blankAfterLetter ?? true) body.insertBefore(blankPage(pkg, doc, letterSect), planStart);
  pkg.zip['word/document.xml'] = strToU8(serialize(doc));

  const rels = text(pkg.zip, 'word/_rels/document.xml.rels');
  pkg.zip['word/_rels/document.xml.rels'] = strToU8(rels.replace('</Relationships>', `${pkg.rels.join('')}</Relationships>`));
  const types = text(pkg.zip, '[Content_Types].xml');
  pkg.zip['[Content_Types].xml'] = strToU8(types.replace('</Types>', `${pkg.types.join('')}</Types>`));
  const core = text(pkg.zip, 'docProps/core.xml');
  pkg.zip['docProps/core.xml'] = strToU8(core.replace(/<dc:title>[\s\S]*?<\/dc:title>|<dc:title\/>/, `<dc:title>${esc(options.title)}</dc:title>`));

  // Stored, not compressed: LibreOffice only unpacks it again.
  return Buffer.from(zipSync(pkg.zip, { level: 0 }));
}
