import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDocx } from './build-docx.js';
import { cell, field, GRID_TABLE, mm, noteBox, paragraph, row, run, table } from './ooxml.js';

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
