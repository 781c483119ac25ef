import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { testConfig } from '../../test/helpers/app.js';
import {
  compoundFile,
  contentTypes,
  documentXml,
  minimalDocx,
  rootRels,
  withDeclaredSize,
  withEncryptedFlag,
  zipParts,
} from '../../test/helpers/hostile-docx.js';
import { MAX_XML_PART_BYTES, openDocx } from './open-docx.js';
import { MAX_XML_ELEMENTS } from './xml.js';

const limits = testConfig().limits;

/** The AppError openDocx throws, with how long it took to refuse. */
function refusal(file: Buffer, lim = limits): { error: AppError; ms: number } {
  const started = performance.now();
  try {
    openDocx(file, lim);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { error: e, ms: performance.now() - started };
  }
  throw new Error('openDocx accepted the file');
}

function expectRefused(file: Buffer, code: string, detail: RegExp, lim = limits) {
  const { error, ms } = refusal(file, lim);
  expect(error.code).toBe(code);
  expect(error.status).toBeGreaterThanOrEqual(400);
  expect(error.status).toBeLessThan(500);
  expect(error.detail).toMatch(detail);
  // The bound for any upload. A refusal takes milliseconds when idle; inflating a bomb
  // would take far longer, so this still fails where it should on a busy 2-core CI machine.
  expect(ms).toBeLessThan(1000);
}

describe('openDocx accepts', () => {
  it('a minimal package and finds its main part', () => {
    const pkg = openDocx(minimalDocx(), limits);
    expect(pkg.mainPartName).toBe('word/document.xml');
    expect(pkg.strict).toBe(false);
    expect(pkg.document.documentElement?.localName).toBe('document');
    expect(pkg.readPart('/word/document.xml')).toContain('Hej');
    expect(pkg.readPart('word/nothing.xml')).toBeUndefined();
  });

  it('a main part that is not word/document.xml, found through _rels/.rels, and a .dotx template', () => {
    const pkg = openDocx(
      zipParts({
        '[Content_Types].xml': contentTypes('/word/hoved%20del.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml'),
        '_rels/.rels': rootRels('/word/hoved%20del.xml'),
        'word/hoved del.xml': documentXml(),
      }),
      limits,
    );
    expect(pkg.mainPartName).toBe('word/hoved del.xml');
  });

  it('a part in UTF-16 with a byte-order mark', () => {
    const xml = documentXml('<w:p><w:r><w:t>Æblegrød</w:t></w:r></w:p>').replace('UTF-8', 'UTF-16');
    const pkg = openDocx(minimalDocx({ 'word/document.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]) }), limits);
    expect(pkg.document.documentElement?.textContent).toBe('Æblegrød');
  });
});

describe('openDocx refuses, in Danish and quickly', () => {
  it('a file over the size limit, before looking inside', () => {
    expectRefused(Buffer.alloc(limits.uploadBytes + 1), 'upload-too-large', /højst/);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), /tom/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF, ikke et Word-dokument/],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /billede/],
    ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), /billede/],
    ['plain text', Buffer.from('Navn: Jens\nCpr. nr.: ...'), /ikke et Word-dokument/],
    ['an RTF document', Buffer.from('{\\rtf1\\ansi Hej}'), /RTF/],
  ])('%s: not a Word file (415)', (_what, file, detail) => {
    expectRefused(file, 'upload-unsupported', detail);
  });

  it('a Word 97-2003 .doc', () => {
    expectRefused(compoundFile(['Root Entry', 'WordDocument', '1Table']), 'upload-unsupported', /ældre Word-dokument \(\.doc/);
  });

  it('an encrypted (password-protected) OOXML file, told apart from a .doc', () => {
    expectRefused(compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), 'upload-unsupported', /adgangskode/);
  });

  it('a zip with encrypted entries', () => {
    expectRefused(withEncryptedFlag(minimalDocx()), 'upload-unsupported', /adgangskode/);
  });

  it('a truncated zip (no central directory)', () => {
    const whole = minimalDocx();
    expectRefused(whole.subarray(0, Math.floor(whole.length * 0.6)), 'upload-corrupt', /afkortet/);
  });

  it('a zip whose central directory points past its end', () => {
    const whole = minimalDocx();
    expectRefused(Buffer.concat([whole.subarray(0, 40), whole.subarray(whole.length - 22)]), 'upload-corrupt', /beskadiget/);
  });

  it('a zip bomb: one part compressed far beyond any document (high ratio)', () => {
    const bomb = minimalDocx({ 'word/media/zeros.bin': new Uint8Array(20 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(100_000);
    expectRefused(bomb, 'upload-unsafe', /zip-bombe.*pakket mere end 100 gange/s);
  });

  it('a zip bomb: too many entries', () => {
    const parts: Record<string, string> = {};
    for (let i = 0; i < limits.uploadEntries + 1; i++) parts[`word/x${i}.xml`] = '';
    expectRefused(minimalDocx(parts), 'upload-unsafe', /zip-bombe.*dele/s);
  });

  it('a zip bomb: declared total uncompressed size over the limit, checked before inflating', () => {
    const lying = withDeclaredSize(minimalDocx({ 'word/media/big.bin': [new Uint8Array(1000), { level: 0 }] }), 'word/media/big.bin', limits.uploadUncompressedBytes + 1);
    expectRefused(lying, 'upload-unsafe', /zip-bombe.*MB/s);
  });

  it('a lying header: a part that inflates to more than it declares is stopped while inflating', () => {
    // 2 MB of varied text: compresses well, but not suspiciously (ratio < 100).
    const text = Array.from({ length: 200_000 }, (_, i) => `${(i * 2654435761) % 1000003}`).join(' ');
    const doc = documentXml(`<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`);
    const lying = withDeclaredSize(minimalDocx({ 'word/document.xml': doc }), 'word/document.xml', 4096);
    expectRefused(lying, 'upload-unsafe', /fylder mere udpakket, end filen oplyser/);
  });

  it('an XML part too large to parse quickly', () => {
    const big = documentXml(`<w:p><w:r><w:t>${'x'.repeat(MAX_XML_PART_BYTES)}</w:t></w:r></w:p>`);
    expectRefused(minimalDocx({ 'word/document.xml': [big, { level: 0 }] }), 'upload-too-large', /højst 4 MB kan læses/);
  });

  it('a part with more markup than can be parsed quickly (each tag costs time and memory)', () => {
    // Varied attribute values keep the compression ratio ordinary, so only the markup count stops it.
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 46656).toString(36);
    const paras = Array.from({ length: MAX_XML_ELEMENTS }, () => `<w:p w:rsidR="${rand()}"/>`).join('');
    const file = minimalDocx({ 'word/document.xml': documentXml(paras) });
    expectRefused(file, 'upload-too-large', /mere end 100\.000 XML-elementer/);
  });

  it('a DOCTYPE with an external entity (XXE), never fetched or expanded', () => {
    const xxe = documentXml('<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>', '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    expectRefused(minimalDocx({ 'word/document.xml': xxe }), 'upload-unsafe', /DTD/);
  });

  it('a DTD in any XML part, also one that no reader opens', () => {
    const dtd = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
    const parts: Record<string, string | Uint8Array> = {
      'word/_rels/document.xml.rels': `${dtd}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`,
      'docProps/core.xml': `${dtd}<cp:coreProperties xmlns:cp="x"/>`,
      'customXml/item1.xml': `${dtd}<r>&x;</r>`,
      // UTF-16 with its byte-order mark, as Word may write a custom XML part.
      'customXml/item2.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${dtd}<r/>`, 'utf16le')]),
      // An XML part by its declared content type only.
      'word/data.bin': `${dtd}<r/>`,
    };
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [name, content] of Object.entries(parts)) {
      const overrides: Record<string, string> =
        name === 'word/data.bin' ? { '[Content_Types].xml': contentTypes('/word/document.xml', undefined, '<Override PartName="/word/data.bin" ContentType="application/vnd.example+xml"/>') } : {};
      expectRefused(minimalDocx({ [name]: content, ...overrides }), 'upload-unsafe', new RegExp(`DTD .*\\(i ${escaped(name)}\\)`));
    }
    // The same text in a part that is not XML (an image, an embedded HTML page) is no DTD.
    expect(() => openDocx(minimalDocx({ 'word/media/page.html': `${dtd}<html/>` }), limits)).not.toThrow();
  });

  it('billion laughs in [Content_Types].xml', () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Types>&lol2;</Types>';
    expectRefused(minimalDocx({ '[Content_Types].xml': lol }), 'upload-unsafe', /DTD/);
  });

  it('a macro-enabled .docm (main content type)', () => {
    const docm = minimalDocx({ '[Content_Types].xml': contentTypes('/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml') });
    expectRefused(docm, 'upload-unsupported', /makroer/);
  });

  it('a package that carries vbaProject.bin under a .docx content type', () => {
    expectRefused(minimalDocx({ 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) }), 'upload-unsupported', /makroer/);
  });

  it('a package whose main part is not a Word document (a theme)', () => {
    const theme = zipParts({
      '[Content_Types].xml': contentTypes('/theme/theme/themeManager.xml', 'application/vnd.openxmlformats-officedocument.themeManager+xml'),
      '_rels/.rels': rootRels('theme/theme/themeManager.xml'),
      'theme/theme/themeManager.xml': '<a:themeManager xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>',
    });
    expectRefused(theme, 'upload-unsupported', /hoveddelen er ikke et Word-dokument/);
  });

  it('a zip that is not an Office package, and an OpenDocument file', () => {
    expectRefused(zipParts({ 'notes.txt': 'hej' }), 'upload-unsupported', /zip-fil, men ikke et Word-dokument/);
    expectRefused(zipParts({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' }), 'upload-unsupported', /OpenDocument/);
  });

  it('a package whose main part is missing or is not XML', () => {
    expectRefused(zipParts({ '[Content_Types].xml': contentTypes(), '_rels/.rels': rootRels() }), 'upload-corrupt', /hoveddel mangler/);
    expectRefused(minimalDocx({ 'word/document.xml': '<w:document xmlns:w="x"><w:body>' }), 'upload-corrupt', /ikke gyldig XML/);
  });
});
