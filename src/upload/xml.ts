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

/** Parses one part of an uploaded package. Malformed XML becomes an upload-corrupt AppError. */
export function parseXml(text: string, partName: string): Document {
  refuseDtd(text, partName);
  try {
    return new DOMParser({ onError: onErrorStopParsing, locator: false }).parseFromString(text, 'application/xml');
  } catch (cause) {
    throw new AppError('upload-corrupt', `Filen er beskadiget: delen ${partName} er ikke gyldig XML.`, { cause });
  }
}
