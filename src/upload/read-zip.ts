/**
 * A zip reader for hostile uploads. It reads the central directory only, checks the
 * declared sizes, entry count and compression ratios against the limits before
 * anything is inflated, and then inflates one entry at a time on demand with a hard
 * cap on the output, so a header that lies about its size cannot blow up memory.
 */
import { inflateRawSync } from 'node:zlib';
import { AppError } from '../shared/errors.js';

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes, and of the bytes actually inflated. */
  uncompressedBytes: number;
  entries: number;
}

/** Entries above this size must not compress better than MAX_RATIO (Apache POI uses the same idea). */
const RATIO_GRACE_BYTES = 100 * 1024;
const MAX_RATIO = 100;

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipArchive {
  /** Entries by lower-cased name: OPC part names compare case-insensitively. */
  entries: Map<string, ZipEntry>;
  /** Inflates an entry, enforcing its declared size and the archive's running budget. */
  read(entry: ZipEntry): Uint8Array;
}

const corrupt = (detail: string) => new AppError('upload-corrupt', `Filen er beskadiget: ${detail} Gem dokumentet igen fra Word som .docx.`);
const bomb = (detail: string) =>
  new AppError('upload-unsafe', `Filen ligner en såkaldt zip-bombe: ${detail} Den er afvist for at beskytte tjenesten.`);

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - EOCD_MIN - MAX_COMMENT);
  for (let i = buf.length - EOCD_MIN; i >= stop; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) return i;
  }
  return -1;
}

/** Reads the zip64 end record when the classic one says "see zip64". */
function readEocd64(buf: Buffer, eocd: number): { count: number; cdOffset: number; cdSize: number } {
  const loc = eocd - 20;
  if (loc < 0 || buf.readUInt32LE(loc) !== SIG_EOCD64_LOCATOR) throw corrupt('zip-indholdsfortegnelsen mangler.');
  const rec = Number(buf.readBigUInt64LE(loc + 8));
  if (rec + 56 > buf.length || buf.readUInt32LE(rec) !== SIG_EOCD64) throw corrupt('zip-indholdsfortegnelsen mangler.');
  return { count: Number(buf.readBigUInt64LE(rec + 32)), cdSize: Number(buf.readBigUInt64LE(rec + 40)), cdOffset: Number(buf.readBigUInt64LE(rec + 48)) };
}

/** Applies the zip64 extra field (id 1) to the sizes and offset that are 0xFFFFFFFF. */
function applyZip64(extra: Buffer, e: ZipEntry): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const next = () => {
        if (q + 8 > p + 4 + len) throw corrupt('et zip64-felt er ufuldstændigt.');
        const v = Number(extra.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localOffset === 0xffffffff) e.localOffset = next();
      return;
    }
    p += 4 + len;
  }
}

export function readZip(buf: Buffer, limits: ZipLimits): ZipArchive {
  const eocd = findEocd(buf);
  if (eocd < 0) throw corrupt('den er afkortet eller ufuldstændig (zip-indholdsfortegnelsen mangler).');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) ({ count, cdSize, cdOffset } = readEocd64(buf, eocd));
  if (count > limits.entries) throw bomb(`den indeholder ${count} dele (højst ${limits.entries} er tilladt).`);
  if (cdOffset + cdSize > buf.length) throw corrupt('den er afkortet eller ufuldstændig.');

  const entries = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt('zip-indholdsfortegnelsen er ugyldig.');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > buf.length) throw corrupt('zip-indholdsfortegnelsen er ugyldig.');
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name,
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    applyZip64(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), entry);
    p += 46 + nameLen + extraLen + commentLen;

    if (flags & 0x1) {
      throw new AppError('upload-unsupported', 'Filen er krypteret med adgangskode. Fjern adgangskoden i Word (Filer > Oplysninger > Beskyt dokument) og send den igen.');
    }
    declaredTotal += entry.size;
    if (declaredTotal > limits.uncompressedBytes) {
      throw bomb(`udpakket ville den fylde mere end ${Math.floor(limits.uncompressedBytes / (1024 * 1024))} MB.`);
    }
    if (entry.size > RATIO_GRACE_BYTES && entry.size > entry.compressedSize * MAX_RATIO) {
      throw bomb(`en del er pakket mere end ${MAX_RATIO} gange sammen.`);
    }
    const key = name.toLowerCase();
    if (entries.has(key)) throw corrupt(`delen ${name} findes to gange.`);
    entries.set(key, entry);
  }

  let inflatedTotal = 0;
  const read = (e: ZipEntry): Uint8Array => {
    if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== SIG_LOCAL) throw corrupt(`delen ${e.name} mangler.`);
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    if (start + e.compressedSize > buf.length) throw corrupt('den er afkortet eller ufuldstændig.');
    const data = buf.subarray(start, start + e.compressedSize);
    let out: Uint8Array;
    if (e.method === 0) {
      out = data;
    } else if (e.method === 8) {
      // The declared size is the cap: a part that inflates to more lied in its header.
      try {
        out = e.size === 0 ? new Uint8Array(0) : inflateRawSync(data, { maxOutputLength: e.size });
      } catch (cause) {
        if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(`delen ${e.name} fylder mere udpakket, end filen oplyser.`);
        throw corrupt(`delen ${e.name} kan ikke pakkes ud.`);
      }
    } else {
      throw new AppError('upload-unsupported', `Filen bruger en komprimeringsmetode (${e.method}), som ikke understøttes. Gem dokumentet igen fra Word som .docx.`);
    }
    if (out.length !== e.size) throw corrupt(`delen ${e.name} har en anden størrelse, end filen oplyser.`);
    inflatedTotal += out.length;
    if (inflatedTotal > limits.uncompressedBytes) throw bomb('udpakket fylder den mere end tilladt.');
    return out;
  };

  return { entries, read };
}
