/**
 * The one safe XML parse for uploaded documents. A DOCTYPE (and so any entity
 * declaration) is refused before the text is parsed: OPC forbids DTDs, and an entity is
 * how XXE and billion-laughs attacks work. Nothing is expanded or fetched.
 *
 * The tree is an @xmldom/xmldom Document, built by the small tokenizer below rather than
 * xmldom's DOMParser: that one compiles a RegExp for every end tag (sax.js in 0.9.12) and
 * took 13 ms of CPU for the 85 KB form, against 5 ms here (xml.test.ts checks that both
 * give the same tree for every part of the corpus). The element count and the depth are
 * bounded, so a hostile part can neither take seconds and hundreds of MB nor overflow a
 * reader's stack.
 */
import { DOMImplementation, type Document, type Element, type Node } from '@xmldom/xmldom';
import { AppError } from '../shared/errors.js';

const DTD_MARKERS = /<!DOCTYPE|<!ENTITY/i;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * The most elements one part may hold, counted before anything is built: 100,000 take about
 * half a second and 150 MB to parse. A plan has a few thousand (Bilag 2 as the filled
 * template: 1,700, as the fillable form: 3,300; the corpus's 1 MB LibreOffice document: 36,500).
 */
export const MAX_XML_ELEMENTS = 100_000;
/** Word nests tables in tables and controls in controls, but never this deep. */
export const MAX_XML_DEPTH = 256;

/** Decodes an XML part: UTF-8 unless it starts with a UTF-16 byte-order mark. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Throws upload-unsafe if the text declares a DTD or an entity. */
export function refuseDtd(text: string, partName: string): void {
  if (DTD_MARKERS.test(text)) {
    throw new AppError(
      'upload-unsafe',
      `Filen indeholder en DTD eller entitetserklæring (i ${partName}). Det må et Word-dokument ikke, og filen er derfor afvist. Gem dokumentet igen fra Word som .docx.`,
    );
  }
}

/** Parses one part of an uploaded package. Malformed XML becomes an upload-corrupt AppError. */
export function parseXml(text: string, partName: string): Document {
  refuseDtd(text, partName);
  if (moreElementsThan(text, MAX_XML_ELEMENTS)) {
    throw new AppError(
      'upload-too-large',
      `Delen ${partName} er for omfattende til at blive læst (mere end ${MAX_XML_ELEMENTS.toLocaleString('da-DK')} XML-elementer). Fjern indsat indhold, der ikke hører til planen, og prøv igen.`,
    );
  }
  try {
    return buildDocument(text, partName);
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError('upload-corrupt', `Filen er beskadiget: delen ${partName} er ikke gyldig XML.`, { cause });
  }
}

/** Counts start tags (a '<' not opening an end tag, comment or instruction) before anything is built. */
function moreElementsThan(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c !== 0x2f && c !== 0x21 && c !== 0x3f && ++count > limit) return true;
  }
  return false;
}

class MalformedXml extends Error {}

const fail = (why: string): never => {
  throw new MalformedXml(why);
};

const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const BAD_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);)/;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Replaces the five predefined entities and character references; anything else is malformed. */
function unescape(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  if (BAD_AMPERSAND.test(raw)) fail('undefined entity or bare &');
  return raw.replace(REFERENCE, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    if (!isXmlChar(code)) fail('character reference to a character XML does not allow');
    return String.fromCodePoint(code);
  });
}

/** Text content: line ends normalised to \n (XML 1.0 §2.11). */
const textValue = (raw: string) => unescape(raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));
/** Attribute values: line ends and tabs become spaces (XML 1.0 §3.3.3), before references are replaced. */
const attrValue = (raw: string) => unescape(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n?|[\t\n]/g, ' ') : raw);

const isSpace = (c: number) => c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
/** Ends a tag or attribute name: whitespace, '=', '/', '>'. */
const endsName = (c: number) => isSpace(c) || c === 0x3d || c === 0x2f || c === 0x3e;

const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);

/** The namespace of a prefixed name; an unprefixed attribute has none, an unprefixed element the default one. */
function namespaceOf(qname: string, scope: ReadonlyMap<string, string>, isElement: boolean): string | null {
  const colon = qname.indexOf(':');
  if (colon < 0) return isElement ? scope.get('') || null : null;
  const ns = scope.get(qname.slice(0, colon));
  if (!ns) fail(`unbound namespace prefix in ${qname}`);
  return ns!;
}

interface Open {
  element: Element;
  qname: string;
  /** Prefix → namespace inside this element. */
  scope: ReadonlyMap<string, string>;
}

function buildDocument(xml: string, partName: string): Document {
  const doc = new DOMImplementation().createDocument(null, null as unknown as string);
  const open: Open[] = [];
  const n = xml.length;
  const parent = (): Node | undefined => open[open.length - 1]?.element;

  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const into = parent();
      if (into) into.appendChild(doc.createTextNode(textValue(raw)));
      else if (raw.trim() !== '' && raw !== '\ufeff') fail('text outside the root element');
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);

    if (next === 0x3f /* <? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) fail('unterminated processing instruction');
      const body = xml.slice(lt + 2, end);
      const target = /^[^\s?]+/.exec(body)?.[0] ?? '';
      // The XML declaration is not a node; other instructions are kept, as a parser would.
      if (target.toLowerCase() !== 'xml') (parent() ?? doc).appendChild(doc.createProcessingInstruction(target, body.slice(target.length).trim()));
      i = end + 2;
      continue;
    }
    if (next === 0x21 /* <! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) fail('unterminated comment');
        (parent() ?? doc).appendChild(doc.createComment(xml.slice(lt + 4, end)));
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        const into = parent();
        if (end < 0 || !into) fail('misplaced or unterminated CDATA section');
        into!.appendChild(doc.createCDATASection(xml.slice(lt + 9, end)));
        i = end + 3;
        continue;
      }
      fail('markup declaration');
    }
    if (next === 0x2f /* </ */) {
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) fail('unterminated end tag');
      const closing = open.pop();
      if (!closing || closing.qname !== xml.slice(lt + 2, end).trimEnd()) fail('end tag does not match its start tag');
      i = end + 1;
      continue;
    }

    // A start tag: its name, then attributes; '>' may stand inside a quoted value.
    let j = lt + 1;
    while (j < n && !endsName(xml.charCodeAt(j))) j++;
    const qname = xml.slice(lt + 1, j);
    if (qname === '') fail('element without a name');
    const attrs: string[] = [];
    let selfClosing = false;
    for (;;) {
      const spaceStart = j;
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (j >= n) fail('unterminated start tag');
      const c = xml.charCodeAt(j);
      if (c === 0x3e /* > */) {
        j++;
        break;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(j + 1) !== 0x3e) fail('stray / in a start tag');
        selfClosing = true;
        j += 2;
        break;
      }
      if (j === spaceStart) fail('attributes must be separated by whitespace');
      const nameStart = j;
      while (j < n && !endsName(xml.charCodeAt(j))) j++;
      const name = xml.slice(nameStart, j);
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (name === '' || xml.charCodeAt(j) !== 0x3d /* = */) fail('attribute without a value');
      j++;
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") fail('attribute value without quotes');
      const close = xml.indexOf(quote!, j + 1);
      if (close < 0) fail('unterminated attribute value');
      const raw = xml.slice(j + 1, close);
      if (raw.indexOf('<') >= 0) fail('< in an attribute value');
      attrs.push(name, attrValue(raw));
      j = close + 1;
    }

    if (open.length >= MAX_XML_DEPTH) {
      throw new AppError('upload-unsafe', `Delen ${partName} er indlejret mere end ${MAX_XML_DEPTH} niveauer dybt, hvilket intet Word-dokument er. Filen er afvist.`);
    }

    let scope = open[open.length - 1]?.scope ?? ROOT_SCOPE;
    for (let a = 0; a < attrs.length; a += 2) {
      const name = attrs[a]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === (open[open.length - 1]?.scope ?? ROOT_SCOPE)) scope = new Map(scope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), attrs[a + 1]!);
      }
    }
    const element = doc.createElementNS(namespaceOf(qname, scope, true), qname);
    for (let a = 0; a < attrs.length; a += 2) {
      const name = attrs[a]!;
      const ns = name === 'xmlns' || name.startsWith('xmlns:') ? XMLNS_NS : namespaceOf(name, scope, false);
      element.setAttributeNS(ns, name, attrs[a + 1]!);
    }
    const into = parent();
    if (into) into.appendChild(element);
    else if (doc.documentElement) fail('more than one root element');
    else doc.appendChild(element);
    if (!selfClosing) open.push({ element, qname, scope });
    i = j;
  }
  if (open.length > 0) fail('unclosed element');
  if (!doc.documentElement) fail('no root element');
  return doc;
}
