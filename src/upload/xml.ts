/**
 * The one safe XML parse for uploaded documents. A DOCTYPE (and so any entity
 * declaration) is refused before the parser sees the text: OPC forbids DTDs, and an
 * entity is how XXE and billion-laughs attacks work. Nothing is expanded or fetched.
 */
import { DOMParser, onErrorStopParsing, type Document } from '@xmldom/xmldom';
import { AppError } from '../shared/errors.js';

const DTD_MARKERS = /<!DOCTYPE|<!ENTITY/i;

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

/**
 * The most markup one part may hold. Parsing costs some 6 µs and 1 KB of memory per tag, so this
 * bounds one upload to about a second; a plan has a few thousand (Bilag 2: 2,850; a 1 MB
 * LibreOffice document about 51,000).
 */
export const MAX_XML_TAGS = 150_000;

function tooMuchMarkup(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (++count > MAX_XML_TAGS) return true;
  }
  return false;
}

/** Parses one part of an uploaded package. Malformed XML becomes an upload-corrupt AppError. */
export function parseXml(text: string, partName: string): Document {
  refuseDtd(text, partName);
  if (tooMuchMarkup(text)) {
    throw new AppError(
      'upload-too-large',
      `Delen ${partName} er for omfattende til at blive læst (mere end ${MAX_XML_TAGS.toLocaleString('da-DK')} XML-elementer). Fjern indsat indhold, der ikke hører til planen, og prøv igen.`,
    );
  }
  try {
    return new DOMParser({ onError: onErrorStopParsing, locator: false }).parseFromString(text, 'application/xml');
  } catch (cause) {
    throw new AppError('upload-corrupt', `Filen er beskadiget: delen ${partName} er ikke gyldig XML.`, { cause });
  }
}
