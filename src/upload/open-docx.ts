/**
 * Opens an uploaded file as a Word package, treating it as hostile: the size, the file
 * type, the zip's declared sizes and entry count are checked before anything is
 * inflated; macro-enabled and encrypted files are refused; the main part is found
 * through _rels/.rels; a DTD in any XML part, read or not, refuses the file, and every part
 * is parsed without DTDs. Each refusal is an AppError whose Danish detail tells the
 * referent what to do.
 */
import type { Document } from '@xmldom/xmldom';
import { AppError } from '../shared/errors.js';
import type { Config } from '../shared/config.js';
import type { DocxPackage } from './types.js';
import { readZip, type ZipArchive } from './read-zip.js';
import { decodeXml, parseXml, refuseDtd } from './xml.js';
import { W_NS } from './ooxml-text.js';

export type DocxLimits = Pick<Config['limits'], 'uploadBytes' | 'uploadUncompressedBytes' | 'uploadEntries'>;

/**
 * The largest XML part that is parsed. A plan's main part is well under 1 MB (Bilag 2: 45 KB);
 * parsing takes some 0.25 s per MB, so this bounds the CPU one upload can take.
 */
export const MAX_XML_PART_BYTES = 4 * 1024 * 1024;

const PKG_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';

const WORD_MAIN_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml',
]);
const MACRO_MAIN_TYPES = new Set([
  'application/vnd.ms-word.document.macroenabled.main+xml',
  'application/vnd.ms-word.template.macroenabledtemplate.main+xml',
]);

const SAVE_AS_DOCX = 'Åbn den i Word, og gem den som Word-dokument (.docx).';
const unsupported = (detail: string) => new AppError('upload-unsupported', detail);
const macroRefused = () =>
  unsupported(
    'Filen indeholder makroer (et makroaktiveret dokument, .docm). Makroer kan være skadelige, så filen modtages ikke. Gem dokumentet som almindeligt Word-dokument (.docx) uden makroer, og send det igen.',
  );

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** The OLE2 compound file: a Word 97-2003 .doc, or an OOXML file encrypted with a password. */
function refuseCompoundFile(buf: Buffer): never {
  // Stream names are stored in UTF-16LE in the compound file's directory.
  const has = (name: string) => buf.includes(Buffer.from(name, 'utf16le'));
  if (has('EncryptedPackage') && has('EncryptionInfo')) {
    throw unsupported('Filen er beskyttet med adgangskode (krypteret). Fjern adgangskoden i Word (Filer > Oplysninger > Beskyt dokument > Krypter med adgangskode), gem, og send den igen.');
  }
  if (has('WordDocument')) {
    throw unsupported(`Filen er et ældre Word-dokument (.doc, Word 97-2003). ${SAVE_AS_DOCX}`);
  }
  throw unsupported(`Filen er et ældre Office-dokument, men ikke et Word-dokument. Send indsatsplanen som Word-dokument (.docx).`);
}

/** Tells what the file is when it is not a zip at all. */
function refuseNonZip(buf: Buffer): never {
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) refuseCompoundFile(buf);
  const notWord = (what: string) => unsupported(`Filen er ${what}, ikke et Word-dokument. Send indsatsplanen som Word-dokument (.docx).`);
  if (buf.length === 0) throw notWord('tom');
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) throw notWord('en PDF');
  if (startsWith(buf, [0x7b, 0x5c, 0x72, 0x74, 0x66])) throw unsupported(`Filen er et RTF-dokument, ikke et Word-dokument. ${SAVE_AS_DOCX}`);
  if (
    startsWith(buf, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(buf, [0xff, 0xd8, 0xff]) ||
    startsWith(buf, [0x47, 0x49, 0x46, 0x38]) ||
    startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWith(buf, [0x42, 0x4d])
  ) {
    throw notWord('et billede');
  }
  throw unsupported('Filen er ikke et Word-dokument (.docx). Send indsatsplanen som Word-dokument.');
}

/** Resolves a relationship target against the package root (targets may be absolute or %-encoded). */
function resolveRootTarget(target: string): string {
  let t = target.replace(/\\/g, '/');
  try {
    t = decodeURIComponent(t);
  } catch {
    // A malformed escape is kept as written; the lookup below then fails clearly.
  }
  const parts: string[] = [];
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** An XML part by its name (.xml, .rels) or its declared content type (…/xml, …+xml). */
function isXmlPart(name: string, contentType: string): boolean {
  return /\.(xml|rels)$/i.test(name) || /[/+]xml$/.test(contentType);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function elementsByLocalName(doc: Document, ns: string, local: string) {
  return Array.from(doc.getElementsByTagNameNS(ns, local));
}

export function openDocx(input: Buffer | Uint8Array, limits: DocxLimits): DocxPackage {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length > limits.uploadBytes) {
    throw new AppError('upload-too-large', `Filen fylder ${Math.ceil(buf.length / 1024)} KB; højst ${Math.floor(limits.uploadBytes / 1024)} KB er tilladt.`);
  }
  // PK\3\4 (a zip with entries) or PK\5\6 (an empty zip); anything else is told apart by its magic.
  if (!(startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06]))) refuseNonZip(buf);

  const zip: ZipArchive = readZip(buf, { uncompressedBytes: limits.uploadUncompressedBytes, entries: limits.uploadEntries });
  const cache = new Map<string, string>();
  const readPart = (name: string): string | undefined => {
    const key = resolveRootTarget(name).toLowerCase();
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const entry = zip.entries.get(key);
    if (!entry) return undefined;
    if (entry.size > MAX_XML_PART_BYTES) {
      throw new AppError(
        'upload-too-large',
        `Dokumentets del ${entry.name} fylder ${Math.ceil(entry.size / (1024 * 1024))} MB udpakket; højst ${MAX_XML_PART_BYTES / (1024 * 1024)} MB kan læses. Fjern indsat indhold, der ikke hører til planen, og prøv igen.`,
      );
    }
    const text = decodeXml(zip.read(entry));
    // Checked here too, so no reader can parse a DTD by accident.
    refuseDtd(text, entry.name);
    cache.set(key, text);
    return text;
  };
  const parsePart = (name: string): Document | undefined => {
    const text = readPart(name);
    return text === undefined ? undefined : parseXml(text, name);
  };

  const contentTypes = parsePart('[Content_Types].xml');
  if (!contentTypes) {
    if (zip.entries.has('mimetype') && zip.entries.has('content.xml')) {
      throw unsupported(`Filen er et OpenDocument-dokument (fx .odt), ikke et Word-dokument. Gem den i LibreOffice som "Word 2007-365 (.docx)".`);
    }
    throw unsupported('Filen er en zip-fil, men ikke et Word-dokument (.docx). Send indsatsplanen som Word-dokument.');
  }

  const types = {
    byPart: new Map<string, string>(),
    byExtension: new Map<string, string>(),
  };
  for (const o of elementsByLocalName(contentTypes, CT_NS, 'Override')) {
    types.byPart.set(resolveRootTarget(o.getAttribute('PartName') ?? '').toLowerCase(), (o.getAttribute('ContentType') ?? '').toLowerCase());
  }
  for (const d of elementsByLocalName(contentTypes, CT_NS, 'Default')) {
    types.byExtension.set((d.getAttribute('Extension') ?? '').toLowerCase(), (d.getAttribute('ContentType') ?? '').toLowerCase());
  }
  const contentTypeOf = (part: string) => types.byPart.get(part.toLowerCase()) ?? types.byExtension.get(extensionOf(part)) ?? '';

  for (const e of zip.entries.values()) {
    if (e.name.toLowerCase().endsWith('vbaproject.bin') || contentTypeOf(e.name).includes('vbaproject')) throw macroRefused();
  }

  const rels = parsePart('_rels/.rels');
  const officeDocument = rels
    ? elementsByLocalName(rels, PKG_RELS_NS, 'Relationship').find(
        (r) => (r.getAttribute('Type') ?? '').endsWith('/officeDocument') && r.getAttribute('TargetMode') !== 'External',
      )
    : undefined;
  if (!officeDocument) throw unsupported('Filen er en Office-pakke uden et hoveddokument og er ikke et Word-dokument (.docx).');
  const mainPartName = resolveRootTarget(officeDocument.getAttribute('Target') ?? '');
  const mainType = contentTypeOf(mainPartName);
  if (MACRO_MAIN_TYPES.has(mainType)) throw macroRefused();
  if (!WORD_MAIN_TYPES.has(mainType)) {
    throw unsupported('Filen er en Office-pakke, men hoveddelen er ikke et Word-dokument (det kan fx være et regneark, en præsentation eller et tema). Send indsatsplanen som Word-dokument (.docx).');
  }

  // OPC forbids DTDs in every part: one anywhere, even in a part no reader opens, refuses the file.
  for (const e of zip.entries.values()) {
    if (!isXmlPart(e.name, contentTypeOf(e.name))) continue;
    if (e.size <= MAX_XML_PART_BYTES) readPart(e.name); // checks, and keeps the text for the readers
    else refuseDtd(decodeXml(zip.read(e)), e.name); // too large for any reader: checked only
  }

  const document = parsePart(mainPartName);
  if (!document) throw new AppError('upload-corrupt', 'Filen er beskadiget: Word-dokumentets hoveddel mangler. Gem dokumentet igen fra Word som .docx.');
  const root = document.documentElement;
  const ns = root?.namespaceURI ?? '';
  if (!root || root.localName !== 'document' || (ns !== W_NS.transitional && ns !== W_NS.strict)) {
    throw unsupported('Filens hoveddel er ikke et Word-dokument. Send indsatsplanen som Word-dokument (.docx).');
  }

  return { mainPartName, document, strict: ns === W_NS.strict, readPart };
}
