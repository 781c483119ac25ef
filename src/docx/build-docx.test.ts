import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDocx } from './build-docx.js';
import { cell, field, GRID_TABLE, keptWithNext, mm, noteBox, paragraph, pictureBehindText, row, run, table } from './ooxml.js';
import { textPictureEmf } from './emf.js';

const unzip = (buf: Buffer) => Object.fromEntries(Object.entries(unzipSync(buf)).map(([k, v]) => [k, strFromU8(v)]));
const wellFormed = (xml: string) =>
  new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml');

describe('buildDocx', () => {
  const docx = buildDocx({
    title: 'Plan & <titel>',
    header: [paragraph('{#isDraft}KLADDE{/isDraft}', { style: 'Header' })],
    footer: [paragraph(['Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer' })],
    styles: [{ id: 'Normal', name: 'Normal', type: 'paragraph', run: { sizePt: 12 } }, { id: 'Hint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true } }],
    body: [
      paragraph('Æble & <pære>', { style: 'Title' }),
      paragraph([run('fed', { bold: true }), ' og ', run('to\nlinjer', { italic: true })]),
      table(
        [
          row([cell('A', { vMerge: 'restart', shading: 'DEEAF6' }), cell('B', { span: 2 })], { header: true }),
          row([cell('', { vMerge: 'continue' }), cell('C'), cell('D')]),
        ],
        { widthsMm: [50, 60, 60], ...GRID_TABLE },
      ),
      noteBox([paragraph('Bemærk')], { widthMm: 170, shading: 'FDE9D9' }),
    ],
  });
  const parts = unzip(docx);

  it('writes a complete, well-formed package', () => {
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'word/_rels/document.xml.rels',
      'word/document.xml', 'word/footer1.xml', 'word/header1.xml', 'word/settings.xml', 'word/styles.xml',
    ].sort());
    for (const [name, xml] of Object.entries(parts)) expect(() => wellFormed(xml), name).not.toThrow();
    expect(parts['[Content_Types].xml']).toContain('/word/header1.xml');
    expect(parts['word/_rels/document.xml.rels']).toContain('Target="footer1.xml"');
  });

  it('escapes text and keeps template tags as plain text', () => {
    expect(parts['docProps/core.xml']).toContain('<dc:title>Plan &amp; &lt;titel&gt;</dc:title>');
    expect(parts['word/document.xml']).toContain('Æble &amp; &lt;pære&gt;');
    expect(parts['word/header1.xml']).toContain('{#isDraft}KLADDE{/isDraft}');
    expect(parts['word/document.xml']).toContain('<w:t xml:space="preserve">to</w:t><w:br/><w:t xml:space="preserve">linjer</w:t>');
  });

  it('sets up A4 with header, footer and page fields', () => {
    const doc = parts['word/document.xml']!;
    expect(doc).toContain(`<w:pgSz w:w="${mm(210)}" w:h="${mm(297)}"/>`);
    expect(doc).toContain('<w:headerReference w:type="default" r:id="rIdHeader1"/>');
    expect(parts['word/footer1.xml']).toContain('w:instr=" NUMPAGES "');
  });

  it('builds tables with widths, merged cells, shading and a repeated header row; rows may split', () => {
    const doc = parts['word/document.xml']!;
    expect(doc).toContain(`<w:gridCol w:w="${mm(50)}"/><w:gridCol w:w="${mm(60)}"/>`);
    expect(doc).toContain('<w:vMerge w:val="restart"/>');
    expect(doc).toContain('<w:vMerge w:val="continue"/>');
    expect(doc).toContain('<w:gridSpan w:val="2"/>');
    expect(doc).toContain('w:fill="DEEAF6"');
    expect(doc).toContain('<w:trPr><w:tblHeader/></w:trPr>');
    // The grid look is written on the table, not taken from a table style (slow in LibreOffice).
    expect(doc).not.toContain('w:tblStyle');
    expect(doc).toContain('<w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>');
    expect(doc).toContain(`<w:tblCellMar><w:top w:w="${mm(0.7)}" w:type="dxa"/><w:left w:w="${mm(1.9)}" w:type="dxa"/>`);
    // Only the note box is kept on one page.
    expect(doc.match(/<w:cantSplit\/>/g)).toHaveLength(1);
  });

  it('writes named styles; a template may replace a base style by id', () => {
    const styles = parts['word/styles.xml']!;
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2', 'Hint']) expect(styles).toContain(`w:styleId="${id}"`);
    expect(styles.match(/w:styleId="Normal"/g)).toHaveLength(1);
    expect(styles).toMatch(/w:styleId="Normal"><w:name w:val="Normal"\/>.*?<w:sz w:val="24"\/>/);
  });

  it('is byte-stable, so a regenerated template shows no spurious change', () => {
    expect(buildDocx({ title: 'x', body: [paragraph('y')] }).equals(buildDocx({ title: 'x', body: [paragraph('y')] }))).toBe(true);
  });
});

describe('buildDocx with sections, a numbered list and a header picture', () => {
  const picture = (id: number) => pictureBehindText('rIdMark', { widthMm: 100, heightMm: 120, name: 'KLADDE', id });
  const docx = buildDocx({
    title: 'x',
    footer: [paragraph('fod')],
    numbering: [{ numId: 1, indentMm: 8, hangingMm: 8 }],
    images: [{ id: 'rIdMark', fileName: 'mark.emf', data: textPictureEmf({ text: 'KLADDE', widthMm: 100, heightMm: 120, fontMm: 30, angleDeg: 50, color: 'F2B8B8', font: 'Calibri' }) }],
    sections: [
      { body: [paragraph('én', { numId: 1 }), paragraph('to', { numId: 1 })], firstHeader: [paragraph(['først', picture(1)])], header: [paragraph('1 (fortsat)')] },
      { body: [paragraph('anden del')], firstHeader: [paragraph(['først', picture(1)])], header: [paragraph('2 (fortsat)')] },
    ],
  });
  const parts = unzip(docx);
  const doc = parts['word/document.xml']!;

  it('ends each part but the last with a section break to a new page, each with its first-page and later headers', () => {
    const sects = [...doc.matchAll(/<w:sectPr>(.*?)<\/w:sectPr>/g)].map((m) => m[1]!);
    expect(sects).toHaveLength(2);
    // The first part's break sits in the paragraph after its text; the last part's properties end the body.
    expect(doc).toMatch(/to<\/w:t><\/w:r><\/w:p><w:p><w:pPr>.*?<w:sectPr>/);
    expect(doc).toMatch(/<\/w:sectPr><\/w:body>/);
    // A header used twice is one part, numbered in the order of first use: the first part's later pages, the first pages, the second part's later pages.
    expect(sects[0]).toContain('<w:headerReference w:type="default" r:id="rIdHeader1"/><w:headerReference w:type="first" r:id="rIdHeader2"/>');
    expect(sects[1]).toContain('<w:headerReference w:type="default" r:id="rIdHeader3"/><w:headerReference w:type="first" r:id="rIdHeader2"/>');
    expect(sects[0]).not.toContain('<w:type ');
    expect(sects[1]).toContain('<w:type w:val="nextPage"/>');
    for (const s of sects) expect(s).toMatch(/<w:footerReference w:type="default" r:id="rIdFooter1"\/><w:footerReference w:type="first" r:id="rIdFooter1"\/>.*<w:titlePg\/>$/);
    expect(Object.keys(parts).filter((n) => /^word\/header\d\.xml$/.test(n)).sort()).toEqual(['word/header1.xml', 'word/header2.xml', 'word/header3.xml']);
    for (const [name, xml] of Object.entries(parts)) if (name.endsWith('.xml') || name.endsWith('.rels')) expect(() => wellFormed(xml), name).not.toThrow();
  });

  it('numbers the list\'s paragraphs with a list of its own, 1., 2., … with a hanging indent', () => {
    expect(doc.match(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="1"\/><\/w:numPr>/g)).toHaveLength(2);
    expect(parts['word/numbering.xml']).toContain(`<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="${mm(8)}"/></w:tabs><w:ind w:left="${mm(8)}" w:hanging="${mm(8)}"/>`);
    expect(parts['[Content_Types].xml']).toContain('/word/numbering.xml');
    expect(parts['word/_rels/document.xml.rels']).toContain('Target="numbering.xml"');
  });

  it('puts the picture in the package and in the relationships of the headers that show it, behind the text', () => {
    expect(parts['word/media/mark.emf']).toBeDefined();
    expect(parts['[Content_Types].xml']).toContain('<Default Extension="emf" ContentType="image/x-emf"/>');
    expect(parts['word/_rels/header2.xml.rels']).toContain('Id="rIdMark" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/mark.emf"');
    expect(parts['word/_rels/header1.xml.rels']).toBeUndefined();
    expect(parts['word/header2.xml']).toMatch(/^<\?xml[^>]*>\n<w:hdr [^>]*xmlns:wp=/);
    expect(parts['word/header2.xml']).toContain('behindDoc="1"');
    expect(parts['word/header2.xml']).toContain('<a:blip r:embed="rIdMark"/>');
  });

  it('keeps every paragraph of a row with the next, once, after its style', () => {
    const kept = keptWithNext(row([cell('a'), cell([paragraph('b', { style: 'X' }), paragraph('c', { style: 'X', keepNext: true }), paragraph('d', { spaceAfterPt: 3 })])]));
    expect(kept.match(/<w:pPr>.*?<\/w:pPr>/g)).toEqual([
      '<w:pPr><w:keepNext/></w:pPr>',
      '<w:pPr><w:pStyle w:val="X"/><w:keepNext/></w:pPr>',
      '<w:pPr><w:pStyle w:val="X"/><w:keepNext/></w:pPr>',
      '<w:pPr><w:keepNext/><w:spacing w:after="60"/></w:pPr>',
    ]);
  });
});

describe('textPictureEmf', () => {
  it('writes an EMF: the header with its size and record count, a font turned by the angle, the text, the end', () => {
    const emf = textPictureEmf({ text: 'KLADDE', widthMm: 170, heightMm: 230, fontMm: 50, angleDeg: 54, color: 'F2B8B8', font: 'Calibri', bold: true });
    expect(emf.readUInt32LE(0)).toBe(1);
    expect(emf.readUInt32LE(40)).toBe(0x464d4520);
    expect(emf.readUInt32LE(48)).toBe(emf.length);
    // Records, each type and size, chained to the end of the file.
    const types: number[] = [];
    for (let at = emf.readUInt32LE(4); at < emf.length; at += emf.readUInt32LE(at + 4)) types.push(emf.readUInt32LE(at));
    expect(types).toEqual([82, 37, 24, 18, 22, 84, 14]);
    expect(emf.readUInt32LE(52)).toBe(types.length + 1);
    // The font: 50 mm high, turned 54°, bold, Calibri; the colour as Windows writes it (blue, green, red from the top byte down).
    const font = emf.indexOf(Buffer.from('Calibri', 'utf16le'));
    expect([emf.readInt32LE(font - 28), emf.readInt32LE(font - 20), emf.readInt32LE(font - 12)]).toEqual([-5000, 540, 700]);
    expect(emf.includes(Buffer.from('KLADDE', 'utf16le'))).toBe(true);
    expect(emf.readUInt32LE(emf.indexOf(Buffer.from([24, 0, 0, 0, 12, 0, 0, 0])) + 8)).toBe(0xb8b8f2);
  });
});
