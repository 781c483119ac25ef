/**
 * A template's ODT form: LibreOffice's own .odt of the Word template, derived from it at
 * start-up and filled by docxtemplater with the same data, for PDFs only. People and case
 * systems still get the .docx, and organisations still edit only the Word template.
 *
 * Why: LibreOffice reads its own format faster than a .docx. For Bilag 2 a conversion cost
 * LibreOffice 94.6 ms of CPU from the .odt against 109.3 ms from the .docx, and 176.2 against
 * 207.1 ms for the long plan (bench/libreoffice-cpu.py, the pool's profile, 30 and 20
 * conversions in turns); the PDF's text and every page at 40 dpi are the same (checked for
 * every template in test/odt-form.test.ts).
 *
 * How docxtemplater fills an .odt: it finds tags in the text of elements a file type names
 * (Word's `w:t`) and expands loops to elements it names (a table row, a paragraph). ODF keeps
 * text loose inside its paragraphs, so `prepareOdtForm` wraps every text node in an element
 * of our own (`ix:t`) and `odtFormOptions` names ODF's elements where Word's stand; the
 * module leaves the wrappers out of the compiled template. What Word's markup does by itself is done
 * here by hand:
 * - a value's line breaks, tabs and runs of spaces are written as ODF's elements (ODF folds
 *   white space in text; Word keeps it);
 * - a part of the document starts with a page style named on its first paragraph (Word names
 *   it at the part's end). When that paragraph is a loop's tag alone, which the fill removes,
 *   the page style moves to the next paragraph or table that remains;
 * - a document that ends with a table (the page of changes) ends there when LibreOffice reads
 *   a .docx, but gets an empty paragraph after the table when it reads an .odt: an empty "P" in
 *   the PDF's tags, and a line that could start a page of its own. The form ends such a
 *   document with a hidden section instead, which LibreOffice neither lays out nor tags.
 */
import PizZip from 'pizzip';
import Docxtemplater, { type DXT } from 'docxtemplater';
import { withoutXmlForbidden } from '../shared/document-text.js';
import { StoredZipWriter, type Piece } from './stored-zip.js';
import { partMender, type MendRule } from './mend-parts.js';
import { odfLoopModule } from './odf-loop.js';

/** Our wrapper around a text node; never reaches LibreOffice. */
const TEXT = 'ix:t';
/** Marks where a removed tag paragraph named a page style (content.xml only). */
const PAGE_MARK_OPEN = '<ix:page master="';
/** The fill writes these in place of ODF's elements; validation keeps them out of every value. */
const LINE_BREAK = '\u0001';
const TAB = '\u0002';
const SPACE = '\u0003';

/** The parts docxtemplater fills: the body, the page styles with their headers and footers, the title. */
const FILLED_PARTS = ['content.xml', 'styles.xml', 'meta.xml'];
const CONTENT_TYPES = '[Content_Types].xml';

/** True for text made only of loop tags, e.g. "{#isDraft}" or "{/goals}{#next}". */
const LOOP_TAGS_ONLY = /^(?:\{[#/^][^{}]*\})+$/;

/**
 * A template's ODT form, ready for docxtemplater. A filled part's head (the XML declaration,
 * the root element and its styles: 30 of content.xml's 52 KB, 24 of styles.xml's 38) holds no
 * tags and stays out of the fill: docxtemplater sees only the body (content.xml) and the page
 * styles with their headers and footers (styles.xml), and the head's bytes are put back in
 * front as the part is written: the fill's string work no longer runs over them. With the
 * package written by stored-zip.ts, a Bilag 2 fill went from 5.8-6.1 to 2.8-2.9 ms, the long
 * plan from 11.5-11.7 to 8.6-8.8 (.probe timing, prepared instances, two runs each).
 */
export interface PreparedOdtForm {
  /** The package docxtemplater opens: each filled part's templated rest, and a content-types part. */
  package: Buffer;
  /** Per filled part, its head, in two pieces where styles the fill adds go between. */
  heads: ReadonlyMap<string, readonly [Buffer, Buffer]>;
  /** content.xml's automatic styles as written, by name (a page style's copy starts from one). */
  automaticStyles: ReadonlyMap<string, string>;
  /** Writes the filled package: the parts the fill never touches are laid out once. */
  writer: StoredZipWriter;
}

/** Where each filled part's templated rest starts; meta.xml is small and filled whole. */
const TEMPLATED_FROM: Record<string, string | undefined> = { 'content.xml': '<office:body>', 'styles.xml': '<office:master-styles>' };
const AUTOMATIC_STYLES_END = '</office:automatic-styles>';

/**
 * LibreOffice's .odt of a template, made ready for docxtemplater: text wrapped, page styles
 * on tag paragraphs marked, heads set apart, and a content-types part docxtemplater needs to
 * find its parts (removed again from the filled file). Done once per template.
 */
export function prepareOdtForm(odt: Buffer): PreparedOdtForm {
  const zip = new PizZip(odt);
  const heads = new Map<string, readonly [Buffer, Buffer]>();
  let automaticStyles = new Map<string, string>();
  for (const part of FILLED_PARTS) {
    const file = zip.file(part);
    if (!file) throw new Error(`the .odt has no ${part}`);
    let xml = file.asText();
    if (part === 'content.xml') {
      xml = markPageStartsOnTagParagraphs(xml);
      automaticStyles = automaticStylesOf(xml);
    }
    const marker = TEMPLATED_FROM[part];
    const from = marker ? xml.indexOf(marker) : 0;
    if (from < 0) throw new Error(`the .odt's ${part} has no ${marker}`);
    const head = xml.slice(0, from);
    // Styles the fill adds go at the end of content.xml's automatic styles. Without that element
    // there are none to add: a page mark comes from an automatic style with a page style.
    const stylesEnd = part === 'content.xml' ? head.lastIndexOf(AUTOMATIC_STYLES_END) : -1;
    const split = stylesEnd >= 0 ? stylesEnd : head.length;
    heads.set(part, [Buffer.from(head.slice(0, split)), Buffer.from(head.slice(split))]);
    const rest = xml.slice(from);
    zip.file(part, part === 'meta.xml' ? rest : wrapTextNodes(rest));
  }
  // The untouched entries in LibreOffice's order (the mimetype first, as ODF requires).
  const untouched = Object.values(zip.files)
    .filter((f) => !FILLED_PARTS.includes(f.name))
    .map((f) => ({ name: f.name, pieces: f.dir ? [] : [f.asUint8Array()] }));
  const overrides = FILLED_PARTS.map((p) => `<Override PartName="/${p}" ContentType="application/x-indsatsplan-odt-part"/>`).join('');
  zip.file(CONTENT_TYPES, `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${overrides}</Types>`);
  return { package: zip.generate({ type: 'nodebuffer', compression: 'STORE' }) as Buffer, heads, automaticStyles, writer: new StoredZipWriter(untouched) };
}

/** A docxtemplater instance's way to fill a prepared ODT form. */
export interface OdtFormFill {
  /** The instance's options: ODF's file type, values written for ODF, and the module that keeps each filled part. */
  options: ReturnType<typeof odtFormOptions>;
  /**
   * The filled form as LibreOffice reads it, after a render: the untouched entries, then the
   * filled parts (not the one only docxtemplater needed). Forgets the parts, whose text holds
   * the plan's data.
   */
  finish(): Buffer;
}

/** One per docxtemplater instance. */
export function odtFormFill(form: PreparedOdtForm): OdtFormFill {
  const written = new Map<string, Piece[]>();
  return {
    options: odtFormOptions(form, written),
    finish() {
      try {
        return form.writer.write(
          FILLED_PARTS.map((name) => {
            const pieces = written.get(name);
            if (!pieces) throw new Error(`the fill wrote no ${name}`);
            return { name, pieces };
          }),
        );
      } finally {
        written.clear();
      }
    },
  };
}

/** Each automatic style of content.xml, as written, by name. */
function automaticStylesOf(xml: string): Map<string, string> {
  const styles = new Map<string, string>();
  const start = xml.indexOf('<office:automatic-styles>');
  const end = xml.indexOf(AUTOMATIC_STYLES_END);
  if (start < 0 || end < 0) return styles;
  for (const m of xml.slice(start, end).matchAll(/<style:style style:name="([^"]+)"[^>]*?(?:\/>|>.*?<\/style:style>)/g)) styles.set(m[1]!, m[0]);
  return styles;
}

function wrapTextNodes(xml: string): string {
  // LibreOffice escapes ">" in text and attributes, so a text node is what stands between two tags.
  return xml.replace(/>([^<]+)</g, (_m, text: string) => `><${TEXT}>${text}</${TEXT}><`);
}

function markPageStartsOnTagParagraphs(xml: string): string {
  const pageStyles = new Map<string, string>();
  for (const m of xml.matchAll(/<style:style style:name="([^"]+)" style:family="paragraph"[^>]*? style:master-page-name="([^"]*)"/g)) {
    pageStyles.set(m[1]!, m[2]!);
  }
  if (pageStyles.size === 0) return xml;
  return xml.replace(/<text:(p|h) text:style-name="([^"]+)"[^>]*(?<!\/)>(.*?)<\/text:\1>/g, (whole, _el, style: string, inner: string) => {
    const master = pageStyles.get(style);
    if (!master || !LOOP_TAGS_ONLY.test(inner.replace(/<[^>]*>/g, ''))) return whole;
    return `${PAGE_MARK_OPEN}${master}"/>${whole}`;
  });
}

/**
 * The body's finishing touches, after the fill: the paragraph or table after each remaining
 * page mark gets the mark's page style, in a copy of its own style, unless it names a page
 * style already; a body that ends with a table ends with a hidden section. One pass of
 * indexOf over the body; it comes back in pieces (slices of it, and what goes between them),
 * and the styles it adds, for the head's automatic styles.
 */
function finishBody(xml: string, styles: ReadonlyMap<string, string>): { body: string[]; addedStyles: string } {
  const out: string[] = [];
  const added: string[] = [];
  let at = 0;
  for (let mark = xml.indexOf(PAGE_MARK_OPEN); mark >= 0; mark = xml.indexOf(PAGE_MARK_OPEN, at)) {
    const masterStart = mark + PAGE_MARK_OPEN.length;
    const master = xml.slice(masterStart, xml.indexOf('"', masterStart));
    out.push(xml.slice(at, mark));
    at = xml.indexOf('/>', masterStart) + 2;
    const next = nextBlock(xml, at);
    if (!next) continue;
    const own = styles.get(next.style);
    if (own?.includes('style:master-page-name=')) continue;
    const name = `ixPageStart${added.length + 1}`;
    added.push(
      own
        ? own.replace(`style:name="${next.style}"`, `style:name="${name}" style:master-page-name="${master}"`)
        : `<style:style style:name="${name}" style:family="paragraph" style:parent-style-name="${next.style}" style:master-page-name="${master}"/>`,
    );
    out.push(xml.slice(at, next.styleAt), name);
    at = next.styleAt + next.style.length;
  }
  // The last piece holds the body's end: every mark stands before it.
  const last = xml.slice(at);
  const end = last.lastIndexOf('</office:text>');
  if (end >= 0 && endsWithTable(out, last.slice(0, end))) out.push(last.slice(0, end), HIDDEN_END, last.slice(end));
  else out.push(last);
  return { body: out, addedStyles: added.join('') };
}

/** True when the body, in pieces followed by `tail`, ends with a table. */
function endsWithTable(pieces: readonly string[], tail: string): boolean {
  const TABLE_END = '</table:table>';
  let text = tail;
  // A table's end may stand across pieces when a page mark's removal joined them.
  for (let i = pieces.length - 1; text.length < TABLE_END.length && i >= 0; i--) text = pieces[i] + text;
  return text.endsWith(TABLE_END);
}

const BLOCK_START = /<(?:text:p|text:h|table:table) /g;

/** The first paragraph, heading or table at or after `from`, and where its style's name stands. */
function nextBlock(xml: string, from: number): { style: string; styleAt: number } | undefined {
  BLOCK_START.lastIndex = from;
  const start = BLOCK_START.exec(xml)?.index;
  if (start === undefined) return undefined;
  const attr = /(?:text|table):style-name="([^"]+)"/.exec(xml.slice(start, xml.indexOf('>', start)));
  if (!attr) return undefined;
  return { style: attr[1]!, styleAt: start + attr.index + attr[0].length - attr[1]!.length - 1 };
}

/** Ends a document that ends with a table: LibreOffice neither lays out nor tags a hidden section. */
const HIDDEN_END = '<text:section text:name="ixEnd" text:display="none"><text:p/></text:section>';

/**
 * A value as ODF text: docxtemplater escapes it for XML, the finishing module writes the
 * elements. A character XML cannot hold fails the fill, as docxtemplater fails it for Word
 * (validation has removed them; the stand-ins above are among them).
 */
function encodeValue(value: string): string {
  if (withoutXmlForbidden(value) !== value) throw new Error('a value holds a character XML cannot hold');
  if (!ODF_WHITE_SPACE.test(value)) return value;
  return value.replace(/\r\n?/g, '\n').replace(/\t/g, TAB).replace(/\n/g, LINE_BREAK).replace(FOLDED_SPACE, SPACE);
}

/** What encodeValue writes as ODF's elements, if a value has any: a tab, a line break, two spaces, a space at either end. */
const ODF_WHITE_SPACE = /[\t\n\r]|^ | {2}| $/;

/**
 * A space ODF would fold or drop: at either end of the value, or beside another space, a tab or
 * a line break (the lookarounds see the value as it was, before any space was replaced).
 */
const FOLDED_SPACE = new RegExp(`(?<=^|[ ${TAB}${LINE_BREAK}]) | (?=$|[ ${TAB}${LINE_BREAK}])`, 'g');

/** docxtemplater's own default parser (a plain property, "." for the item itself), with values written for ODF. */
function odtParser(tag: string) {
  return {
    get(scope: unknown): unknown {
      const value = tag === '.' ? scope : scope ? (scope as Record<string, unknown>)[tag] : scope;
      return typeof value === 'string' ? encodeValue(value) : value;
    },
  };
}

/** What docxtemplater passes to a module's postrender (the field this module uses). */
interface PostrenderOptions {
  filePath: string;
}

/**
 * Names the package's type (docxtemplater refuses a package it takes for an .odt), compiles
 * the form without its wrappers and with its markup in few parts (joinStaticParts), and keeps
 * each filled part in `written`: mended as docxtemplater mends, white space and page styles
 * written, behind the part's head, as pieces the package is written from
 * (odtFormFill's finish). docxtemplater's own copy of the part stays empty: it would be one
 * more copy of every byte. One per docxtemplater instance.
 */
function odtFormModule(form: PreparedOdtForm, written: Map<string, Piece[]>): DXT.Module {
  return {
    name: 'OdtFormModule',
    priority: -1000,
    getFileType: () => 'odt-form',
    // Last of the modules (priority), so every loop has been found and expanded, at every level.
    postparse: (parsed: CompiledPart[]) => joinStaticParts(parsed),
    postrender(parts: string[], options: PostrenderOptions): string[] {
      // The stand-ins stand only in values, each a part of its own: replaced there, not in the whole part.
      const xml = mend(parts.map(withOdfElements)).join('');
      const [head, headEnd] = form.heads.get(options.filePath)!;
      const { body, addedStyles } = options.filePath === 'content.xml' ? finishBody(xml, form.automaticStyles) : { body: [xml], addedStyles: '' };
      written.set(options.filePath, [head, addedStyles, headEnd, ...body]);
      return [];
    },
  } as unknown as DXT.Module;
}

/** The stand-ins in a piece of a filled part, as ODF's elements. */
const withOdfElements = (piece: string) => (piece.charCodeAt(0) !== LESS_THAN && STAND_IN.test(piece) ? piece.replace(STAND_INS, (c) => ODF_ELEMENT[c]!) : piece);
/** A value's piece is escaped and never holds "<": a piece that starts with one is markup. */
const LESS_THAN = 60;

/** A part of a compiled template, as docxtemplater's postparse leaves it (not in its public types). */
export interface CompiledPart {
  /** 'tag', 'content' or 'placeholder'. */
  type: string;
  /** A tag's element name. */
  tag?: string;
  /** A tag's: 'start', 'end' or 'selfclosing'. */
  position?: string;
  /** A tag's or content's markup; a placeholder's name. */
  value?: string;
  /** The module that renders a placeholder ('loop', 'rawxml', …). */
  module?: string;
  /** A loop's `{^…}` form. */
  inverted?: boolean;
  /** A loop's own parts. */
  subparsed?: CompiledPart[];
}

/**
 * The mending after a fill: a cell a loop left without a paragraph gets an empty one, a row
 * without cells goes, and so does a table without rows. docxtemplater's file type is given
 * no rules (it would mend after every loop); the module mends each filled part once, with
 * these (mend-parts.ts).
 */
export const TAG_SHOULD_CONTAIN: readonly MendRule[] = [
  { tag: 'table:table-cell', shouldContain: ['text:p', 'text:h', 'text:list', 'table:table'], value: '<text:p/>' },
  { tag: 'table:table-row', shouldContain: ['table:table-cell'], drop: true },
  { tag: 'table:table', shouldContain: ['table:table-row'], drop: true },
];
/**
 * The mending finds the elements it mends only as parts of their own: their start and end tags
 * stay so. It finds what they should contain by a part's first tag: those start a part.
 */
const MENDED = new Set(TAG_SHOULD_CONTAIN.map((t) => t.tag));
const CONTAINED = new Set(TAG_SHOULD_CONTAIN.flatMap((t) => t.shouldContain));
const mend = partMender(TAG_SHOULD_CONTAIN);

/**
 * The compiled template with each run of parts that hold no tag joined into one, and the text
 * wrappers left out. docxtemplater visits every part at every fill, each module in turn; most
 * of a form's parts are its markup, which never changes. Bilag 2's content.xml went from 841
 * parts to 449 (its loops' parts counted for each loop once), styles.xml from 493 to 84.
 * With the space rule as one regular expression (encodeValue) and the stand-ins replaced in
 * the values only (postrender), a fill took 0.74 of the time before for Bilag 2 and 0.68 for
 * the long plan (medians of 300 fills, old and new in turns in one process, two runs); in the
 * running service, one request at a time, 3.2 against 4.9 ms and 7.6 against 9.9.
 */
function joinStaticParts(parts: readonly CompiledPart[]): CompiledPart[] {
  const joined: CompiledPart[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length) joined.push({ type: 'content', value: run.join('') });
    run = [];
  };
  const fixed = fixedElements(parts);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const end = fixed.get(i);
    if (end !== undefined) {
      // A cell, row or table no fill can change: one run from its start (which its parent's
      // mending looks for) to its end, broken only by the values in it.
      endRun();
      for (; i <= end; i++) {
        const inner = parts[i]!;
        if (inner.type === 'tag' && inner.tag === TEXT) continue;
        if (inner.type === 'tag' || inner.type === 'content') run.push(inner.value ?? '');
        else {
          endRun();
          joined.push(inner);
        }
      }
      i = end;
      continue;
    }
    if (part.type === 'tag' && part.tag === TEXT) continue;
    if (part.type === 'tag' && MENDED.has(part.tag!)) {
      endRun();
      // Without its place in the template (lIndex), which docxtemplater turns into a string for
      // every part it renders that has one, and needs only for tags that take a value.
      joined.push({ type: part.type, tag: part.tag, position: part.position, value: part.value });
    } else if (part.type === 'tag' || part.type === 'content') {
      if (part.type === 'tag' && CONTAINED.has(part.tag!) && part.position !== 'end') endRun();
      run.push(part.value ?? '');
    } else {
      endRun();
      joined.push(part);
    }
  }
  endRun();
  return joined;
}

const SHOULD_CONTAIN = new Map(TAG_SHOULD_CONTAIN.map((t) => [t.tag, new Set(t.shouldContain)]));

/**
 * The cells, rows and tables of one level of the template that the mending can never change,
 * outermost only, as their start's index to their end's: each holds what it should contain
 * outside any loop (a cell a paragraph, a row a cell, a table a row), and so does every cell,
 * row and table in it, none of them self-closing (which the mending removes). A loop in one
 * stays a part of its own, and the cells, rows and tables it renders are its own level's.
 * Joined, the plan form's three filled parts went from 538 compiled parts to 285.
 */
function fixedElements(parts: readonly CompiledPart[]): Map<number, number> {
  const found = new Map<number, number>();
  const open: Array<{ tag: string; at: number; fixed: boolean; holds: boolean }> = [];
  const unfix = () => open.forEach((o) => (o.fixed = false));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.type !== 'tag') continue;
    const tag = part.tag!;
    if (part.position !== 'end') for (const o of open) if (SHOULD_CONTAIN.get(o.tag)!.has(tag)) o.holds = true;
    if (!MENDED.has(tag)) continue;
    if (part.position === 'start') open.push({ tag, at: i, fixed: true, holds: false });
    else if (part.position === 'end') {
      const element = open.pop();
      if (!element || element.tag !== tag) {
        // Not as LibreOffice writes: nothing open is taken for fixed.
        open.length = 0;
        continue;
      }
      if (element.fixed && element.holds) {
        for (const at of found.keys()) if (at > element.at) found.delete(at);
        found.set(element.at, i);
      } else unfix();
    } else unfix();
  }
  return found;
}

// eslint-disable-next-line no-control-regex -- the stand-ins are control characters on purpose
const STAND_IN = /[\u0001-\u0003]/;
// eslint-disable-next-line no-control-regex -- as above
const STAND_INS = /[\u0001-\u0003]/g;
const ODF_ELEMENT: Record<string, string> = { [LINE_BREAK]: '<text:line-break/>', [TAB]: '<text:tab/>', [SPACE]: '<text:s/>' };

/** docxtemplater's file type for ODF text, as its own for Word (js/file-type-config.js), element for element. */
function odtFileTypeConfig(baseModules: unknown[]) {
  return {
    getTemplatedFiles: () => [...FILLED_PARTS],
    textPath: () => 'content.xml',
    tagsXmlTextArray: [TEXT, 'dc:title', 'dc:subject', 'dc:description', 'meta:keyword'],
    tagsXmlLexedArray: [
      'office:text', 'office:master-styles', 'style:master-page', 'style:header', 'style:footer', 'style:header-first', 'style:footer-first',
      'text:p', 'text:h', 'text:span', 'text:a', 'text:line-break', 'text:list', 'text:list-item', 'text:soft-page-break',
      'table:table', 'table:table-header-rows', 'table:table-row', 'table:table-cell', 'table:covered-table-cell', 'draw:frame',
      'text:bookmark', 'text:bookmark-start', 'text:bookmark-end',
    ],
    droppedTagsInsidePlaceholder: ['text:p', 'text:h', 'text:line-break', 'text:soft-page-break', 'text:bookmark-start', 'text:bookmark-end'],
    expandTags: [{ contains: 'table:table-cell', expand: 'table:table-row' }],
    onParagraphLoop: [
      { contains: 'text:p', expand: 'text:p', onlyTextInTag: true },
      { contains: 'text:h', expand: 'text:h', onlyTextInTag: true },
    ],
    tagRawXml: 'text:p',
    baseModules,
    // Mended once per part by the module instead (TAG_SHOULD_CONTAIN).
    tagShouldContain: [],
  };
}

/** docxtemplater's own modules for Word, all but the one that writes Word's `xml:space`. */
const BASE_MODULES = (Docxtemplater as unknown as { FileTypeConfig: { docx(): { baseModules: Array<() => { name?: string }> } } }).FileTypeConfig.docx()
  .baseModules.filter((factory) => factory().name !== 'SpacePreserveModule')
  // The loop module with a render of its own for ODF (odf-loop.ts).
  .map((factory) => (factory().name === 'LoopModule' ? (odfLoopModule(factory) as typeof factory) : factory));

/** The docxtemplater options that fill a prepared ODT form (a module of its own per instance). */
function odtFormOptions(form: PreparedOdtForm, written: Map<string, Piece[]>) {
  return {
    fileTypeConfig: odtFileTypeConfig(BASE_MODULES),
    parser: odtParser,
    // Line breaks are the parser's and the module's work here: docxtemplater writes Word's only.
    linebreaks: false,
    modules: [odtFormModule(form, written)],
  };
}
