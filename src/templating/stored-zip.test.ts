import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { StoredZipWriter } from './stored-zip.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('StoredZipWriter', () => {
  it('writes the fixed entries first, then each call\'s, stored, with CRCs a reader checks', () => {
    const writer = new StoredZipWriter([
      { name: 'mimetype', pieces: [bytes('application/vnd.oasis.opendocument.text')] },
      { name: 'Pictures/', pieces: [] },
      { name: 'Pictures/billede.png', pieces: [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255])] },
    ]);
    for (const text of ['<a>første</a>', '<a>anden, længere ☒ – 😀</a>']) {
      const zip = writer.write([{ name: 'content.xml', pieces: [text] }, { name: 'mappe/æøå.xml', pieces: [] }]);
      // The mimetype's bytes stand right after its local header at offset 0, as ODF requires.
      expect(zip.subarray(30 + 'mimetype'.length, 30 + 'mimetype'.length + 39).toString()).toBe('application/vnd.oasis.opendocument.text');
      const read = new PizZip(zip, { checkCRC32: true });
      expect(Object.keys(read.files)).toEqual(['mimetype', 'Pictures/', 'Pictures/billede.png', 'content.xml', 'mappe/æøå.xml']);
      expect(read.file('content.xml')!.asText()).toBe(text);
      expect([...read.file('Pictures/billede.png')!.asUint8Array()]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
      expect(read.file('mappe/æøå.xml')!.asText()).toBe('');
    }
  });

  it('writes an entry given in pieces, bytes and text, as the pieces one after another', () => {
    const pieces = [bytes('<?xml version="1.0"?><r>'), '', 'tekst med æøå, ☒ og 😀', bytes(''), '</r>'];
    const zip = new StoredZipWriter([{ name: 'mimetype', pieces: ['x'] }]).write([{ name: 'content.xml', pieces }, { name: 'meta.xml', pieces: ['<m/>'] }]);
    const read = new PizZip(zip, { checkCRC32: true });
    expect(read.file('content.xml')!.asText()).toBe('<?xml version="1.0"?><r>tekst med æøå, ☒ og 😀</r>');
    expect(read.file('meta.xml')!.asText()).toBe('<m/>');
    // Byte for byte the package of the same part given whole.
    const whole = Buffer.concat(pieces.map((p) => Buffer.from(p)));
    expect(zip.equals(new StoredZipWriter([{ name: 'mimetype', pieces: ['x'] }]).write([{ name: 'content.xml', pieces: [whole] }, { name: 'meta.xml', pieces: ['<m/>'] }]))).toBe(true);
  });

  it('writes the CRC of the data: a changed byte fails the reader\'s check', () => {
    const zip = new StoredZipWriter([]).write([{ name: 'content.xml', pieces: [bytes('<a>tekst</a>')] }]);
    expect(() => new PizZip(zip, { checkCRC32: true })).not.toThrow();
    const at = 30 + 'content.xml'.length;
    zip.writeUInt8(zip.readUInt8(at) ^ 1, at);
    expect(() => new PizZip(zip, { checkCRC32: true })).toThrow(/crc32/i);
  });
});
