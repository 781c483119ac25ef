/**
 * Small .docx packages and broken or hostile files, made in the test, for the upload
 * tests: a minimal valid package, and ways to make it lie, explode or hide macros.
 */
import { zipSync, strToU8, type ZipOptions } from 'fflate';

const CT_DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export function contentTypes(mainPart = '/word/document.xml', mainType = CT_DOCX, extra = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="${mainPart}" ContentType="${mainType}"/>${extra}</Types>`
  );
}

export function rootRels(target = 'word/document.xml'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${target}"/>` +
    '</Relationships>'
  );
}

export function documentXml(bodyInner = '<w:p><w:r><w:t>Hej</w:t></w:r></w:p>', prolog = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prolog}<w:document xmlns:w="${W}"><w:body>${bodyInner}</w:body></w:document>`;
}

export type Parts = Record<string, string | Uint8Array | [string | Uint8Array, ZipOptions]>;

/** Zips parts (strings are UTF-8) into a package. */
export function zipParts(parts: Parts): Buffer {
  const files: Record<string, Uint8Array | [Uint8Array, ZipOptions]> = {};
  for (const [name, v] of Object.entries(parts)) {
    const [data, opts] = Array.isArray(v) ? v : [v, undefined];
    const bytes = typeof data === 'string' ? strToU8(data) : data;
    files[name] = opts ? [bytes, opts] : bytes;
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}

/** A minimal valid .docx: content types, package relationships and a main part. */
export function minimalDocx(overrides: Parts = {}): Buffer {
  return zipParts({
    '[Content_Types].xml': contentTypes(),
    '_rels/.rels': rootRels(),
    'word/document.xml': documentXml(),
    ...overrides,
  });
}

/**
 * Rewrites the declared uncompressed size of one entry, in its central directory record
 * and its local header: a zip whose headers lie about what it holds.
 */
export function withDeclaredSize(zip: Buffer, entryName: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(entryName, 'utf8');
  let patched = 0;
  for (let i = 0; i + 30 < out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x02014b50 && out.subarray(i + 46, i + 46 + name.length).equals(name) && out.readUInt16LE(i + 28) === name.length) {
      out.writeUInt32LE(size, i + 24);
      patched++;
    } else if (sig === 0x04034b50 && out.subarray(i + 30, i + 30 + name.length).equals(name) && out.readUInt16LE(i + 26) === name.length) {
      out.writeUInt32LE(size, i + 22);
      patched++;
    }
  }
  if (patched !== 2) throw new Error(`entry ${entryName} not found in both headers`);
  return out;
}

/** Sets the "encrypted" flag of every entry (traditional zip encryption). */
export function withEncryptedFlag(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 < out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x02014b50) out.writeUInt16LE(out.readUInt16LE(i + 8) | 1, i + 8);
    if (sig === 0x04034b50) out.writeUInt16LE(out.readUInt16LE(i + 6) | 1, i + 6);
  }
  return out;
}

/** An OLE2 compound file header followed by directory names in UTF-16LE, as .doc and encrypted OOXML files have. */
export function compoundFile(streamNames: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const dir = Buffer.concat(streamNames.map((n) => {
    const e = Buffer.alloc(128);
    e.write(n, 0, 'utf16le');
    e.writeUInt16LE((n.length + 1) * 2, 64);
    return e;
  }));
  return Buffer.concat([header, dir]);
}

/** A package whose one entry inflates to 30 MB of zeros: a zip bomb by its ratio. */
export function ratioBomb(): Buffer {
  return minimalDocx({ 'word/media/a.bin': new Uint8Array(30 * 1024 * 1024) });
}

/** A package with more entries than `maxEntries`. */
export function entriesBomb(maxEntries: number): Buffer {
  const parts: Record<string, string> = {};
  for (let i = 0; i <= maxEntries; i++) parts[`x/${i}.xml`] = '';
  return minimalDocx(parts);
}

/** A main part of 150,000 empty paragraphs with random attributes: little to unzip, much to parse. */
export function markupBomb(): Buffer {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 46656).toString(36);
  return minimalDocx({ 'word/document.xml': documentXml(Array.from({ length: 150_000 }, () => `<w:p w:rsidR="${rand()}"/>`).join('')) });
}
