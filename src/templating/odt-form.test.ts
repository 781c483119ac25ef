/**
 * The ODT form's own work, on small hand-made forms (no LibreOffice): white space in values,
 * page styles on removed tag paragraphs, a document ending with a table, and when a form is
 * refused. test/odt-form.test.ts shows with LibreOffice that the real templates' forms give
 * the same PDFs as their .docx.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { buildDocx } from '../docx/build-docx.js';
import { paragraph } from '../docx/ooxml.js';
import { AppError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { createDocxTemplateRenderer } from './template-renderer.js';
import { deriveOdtForms } from './derive-odt-forms.js';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

/** An .odt as LibreOffice writes one (no line breaks between elements), with this body and these automatic styles. */
function odt(body: string, automaticStyles = ''): Buffer {
  const zip = new PizZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text');
  zip.file('content.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${automaticStyles}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`);
  zip.file('styles.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}><office:master-styles><style:master-page style:name="Standard"/></office:master-styles></office:document-styles>`);
  zip.file('meta.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${NS}><office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>`);
  return zip.generate({ type: 'nodebuffer' }) as Buffer;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A renderer whose "indsatsplan" is a .docx of these paragraphs (title "{title}"). */
function rendererWith(paragraphs: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'odt-form-test-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'indsatsplan.docx'), buildDocx({ title: '{title}', body: paragraphs.map((p) => paragraph(p)) }));
  return createDocxTemplateRenderer(dir);
}

const content = (bytes: Buffer) => new PizZip(bytes).file('content.xml')!.asText();
const body = (bytes: Buffer) => /<office:text>(.*)<\/office:text>/.exec(content(bytes))![1];

describe('a template\'s ODT form', () => {
  it('writes a value\'s line breaks, tabs and the spaces ODF would fold as ODF\'s elements, and escapes markup', () => {
    const renderer = rendererWith(['Navn: {x}']);
    renderer.useOdtForm('indsatsplan', odt('<text:p text:style-name="P1">Navn: {x}</text:p>'));
    const filled = renderer.renderForPdf('indsatsplan', { x: '  a  b\tc\nd <&> e ', title: 'T' });
    expect(filled.format).toBe('odt');
    expect(body(filled.bytes)).toBe('<text:p text:style-name="P1">Navn: <text:s/><text:s/>a<text:s/><text:s/>b<text:tab/>c<text:line-break/>d &lt;&amp;&gt; e<text:s/></text:p>');
    expect(new PizZip(filled.bytes).file('meta.xml')!.asText()).toContain('<dc:title>T</dc:title>');
    // What only docxtemplater needed is gone.
    expect(Object.keys(new PizZip(filled.bytes).files).sort()).toEqual(['content.xml', 'meta.xml', 'mimetype', 'styles.xml']);
  });

  it('writes white space by the same rule for every value of up to five spaces, tabs, line breaks and letters', () => {
    const renderer = rendererWith(['{x}']);
    renderer.useOdtForm('indsatsplan', odt('<text:p>{x}</text:p>'));
    // The rule in full, without the shortcut the fill takes for a value that needs none of it.
    const odf = (v: string) =>
      v.replace(/\r\n?/g, '\n').replace(/ (?= |\t|\n|$)|(?<=^|[ \t\n]) /g, '<text:s/>').replace(/\t/g, '<text:tab/>').replace(/\n/g, '<text:line-break/>');
    const chars = [' ', '\t', '\n', '\r', 'a'];
    let values = [''];
    const wrong: string[] = [];
    for (let length = 1; length <= 5; length++) {
      values = values.flatMap((v) => chars.map((c) => v + c));
      for (const x of values) {
        if (body(renderer.renderForPdf('indsatsplan', { x, title: '' }).bytes) !== `<text:p>${odf(x)}</text:p>`) wrong.push(JSON.stringify(x));
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('moves the page style of a removed tag paragraph to the next paragraph that remains', () => {
    const renderer = rendererWith(['{#a}', 'inde', '{/a}', 'efter']);
    const styles = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard" style:master-page-name="First"/><style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="1cm" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"/></style:style>';
    renderer.useOdtForm('indsatsplan', odt('<text:p text:style-name="P1">{#a}</text:p><text:p text:style-name="P2">inde</text:p><text:p text:style-name="Standard">{/a}</text:p><text:p text:style-name="Brødtekst">efter</text:p>', styles));

    const without = content(renderer.renderForPdf('indsatsplan', { a: false, title: '' }).bytes);
    expect(/<office:text>(.*)<\/office:text>/.exec(without)![1]).toBe('<text:p text:style-name="ixPageStart1">efter</text:p>');
    expect(without).toContain('<style:style style:name="ixPageStart1" style:family="paragraph" style:parent-style-name="Brødtekst" style:master-page-name="First"/></office:automatic-styles>');

    const within = content(renderer.renderForPdf('indsatsplan', { a: true, title: '' }).bytes);
    expect(/<office:text>(.*)<\/office:text>/.exec(within)![1]).toBe('<text:p text:style-name="ixPageStart1">inde</text:p><text:p text:style-name="Brødtekst">efter</text:p>');
    // A copy of the paragraph's own automatic style, its properties kept.
    expect(within).toContain('<style:style style:name="ixPageStart1" style:master-page-name="First" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="1cm"');
  });

  it('puts each part\'s head back in front of its filled rest byte for byte (here a content.xml without automatic styles)', () => {
    const renderer = rendererWith(['Navn: {x}']);
    const zip = new PizZip(odt('<text:p text:style-name="P1">Navn: {x}</text:p>'));
    zip.file('content.xml', zip.file('content.xml')!.asText().replace('<office:automatic-styles></office:automatic-styles>', ''));
    renderer.useOdtForm('indsatsplan', zip.generate({ type: 'nodebuffer' }) as Buffer);
    const filled = new PizZip(renderer.renderForPdf('indsatsplan', { x: 'Anne', title: 'T' }).bytes);
    expect(filled.file('content.xml')!.asText()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text><text:p text:style-name="P1">Navn: Anne</text:p></office:text></office:body></office:document-content>`,
    );
    expect(filled.file('styles.xml')!.asText()).toBe(new PizZip(odt('')).file('styles.xml')!.asText());
  });

  it('ends a document that ends with a table with a hidden section, not the empty paragraph LibreOffice would add', () => {
    const renderer = rendererWith(['{x}', '{#more}', 'mere', '{/more}']);
    const table = '<table:table table:name="T1"><table:table-row><table:table-cell><text:p>{x}</text:p></table:table-cell></table:table-row></table:table>';
    renderer.useOdtForm('indsatsplan', odt(`${table}<text:p text:style-name="P1">{#more}</text:p><text:p>mere</text:p><text:p>{/more}</text:p>`));
    expect(body(renderer.renderForPdf('indsatsplan', { x: 'celle', more: false, title: '' }).bytes)).toMatch(/<\/table:table><text:section text:name="ixEnd" text:display="none"><text:p\/><\/text:section>$/);
    expect(body(renderer.renderForPdf('indsatsplan', { x: 'celle', more: true, title: '' }).bytes)).toMatch(/<\/table:table><text:p>mere<\/text:p>$/);
    // Also when a removed tag paragraph named a page style (its mark, between the table and the end, goes with nothing after it).
    const withPage = rendererWith(['{x}', '{#more}', 'mere', '{/more}']);
    const pageStyle = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard" style:master-page-name="First"/>';
    withPage.useOdtForm('indsatsplan', odt(`${table}<text:p text:style-name="P1">{#more}</text:p><text:p>mere</text:p><text:p>{/more}</text:p>`, pageStyle));
    expect(body(withPage.renderForPdf('indsatsplan', { x: 'celle', more: false, title: '' }).bytes)).toMatch(/<\/table:table><text:section text:name="ixEnd" text:display="none"><text:p\/><\/text:section>$/);
  });

  it('mends what a loop emptied as docxtemplater mends Word: an empty cell gets a paragraph, a table without rows goes', () => {
    const renderer = rendererWith(['{#a}', 'inde', '{/a}', 'fast', '{#rows}{v}', '{/rows}', 'efter']);
    const cell = (inner: string) => `<table:table-cell table:style-name="C1">${inner}</table:table-cell>`;
    // The emptied cell last in its row: its end stands beside the row's, which the fill must not join to it.
    // The other cell's paragraph comes after other markup: the mending must still see it.
    const first = `<table:table table:name="T1"><table:table-row>${cell('<text:soft-page-break/><text:p><text:span text:style-name="T1">fast</text:span></text:p>')}${cell('<text:p text:style-name="P1">{#a}</text:p><text:p>inde</text:p><text:p>{/a}</text:p>')}</table:table-row></table:table>`;
    const second = `<table:table table:name="T2"><table:table-row>${cell('<text:p>{#rows}{v}</text:p>')}${cell('<text:p>{/rows}</text:p>')}</table:table-row></table:table>`;
    renderer.useOdtForm('indsatsplan', odt(`${first}${second}<text:p>efter</text:p>`));
    const emptied = `<table:table table:name="T1"><table:table-row>${cell('<text:soft-page-break/><text:p><text:span text:style-name="T1">fast</text:span></text:p>')}${cell('<text:p/>')}</table:table-row></table:table><text:p>efter</text:p>`;
    expect(body(renderer.renderForPdf('indsatsplan', { a: false, rows: [], title: '' }).bytes)).toBe(emptied);
    expect(body(renderer.renderForPdf('indsatsplan', { a: true, rows: [{ v: 'x' }], title: '' }).bytes)).toBe(
      `<table:table table:name="T1"><table:table-row>${cell('<text:soft-page-break/><text:p><text:span text:style-name="T1">fast</text:span></text:p>')}${cell('<text:p>inde</text:p>')}</table:table-row></table:table>` +
        `<table:table table:name="T2"><table:table-row>${cell('<text:p>x</text:p>')}${cell('<text:p></text:p>')}</table:table-row></table:table><text:p>efter</text:p>`,
    );
  });

  it('mends inside loops too: a cell emptied in one row of a row loop, a table emptied in one pass of a section loop', () => {
    const renderer = rendererWith(['{#sections}{title}', '{#rows}{v}', '{#show}', 'vist', '{/show}{/rows}', '{/sections}']);
    const cell = (inner: string) => `<table:table-cell>${inner}</table:table-cell>`;
    const table = `<table:table table:name="T"><table:table-row>${cell('<text:p>{#rows}{v}</text:p>')}${cell('<text:p>{#show}</text:p><text:p>vist</text:p><text:p>{/show}</text:p>')}${cell('<text:p>{/rows}</text:p>')}</table:table-row></table:table>`;
    renderer.useOdtForm('indsatsplan', odt(`<text:p>{#sections}{title}</text:p>${table}<text:p>{/sections}</text:p>`));
    const rows = [{ v: '1', show: false }, { v: '2', show: true }];
    const filled = body(renderer.renderForPdf('indsatsplan', { sections: [{ title: 'A', rows }, { title: 'B', rows: [] }], title: '' }).bytes);
    const row = (v: string, shown: string) => `<table:table-row>${cell(`<text:p>${v}</text:p>`)}${cell(shown)}${cell('<text:p></text:p>')}</table:table-row>`;
    expect(filled).toBe(`<text:p>A</text:p><table:table table:name="T">${row('1', '<text:p/>')}${row('2', '<text:p>vist</text:p>')}</table:table><text:p>B</text:p><text:p></text:p>`);
  });

  it('mends the cells, rows and tables without a loop in them as before they were joined: an empty cell, covered cells, a self-closing cell', () => {
    const renderer = rendererWith(['{#a}{x}{/a}', '{v}']);
    const cell = (inner: string) => `<table:table-cell>${inner}</table:table-cell>`;
    // No loop in this table: an empty cell, a row of covered cells only, a self-closing cell, a value.
    const fixed = `<table:table table:name="F"><table:table-row>${cell('')}${cell('<text:p>{v}</text:p>')}</table:table-row><table:table-row>${cell('<text:p>{v}</text:p>')}<table:table-cell/></table:table-row><table:table-row><table:covered-table-cell/></table:table-row></table:table>`;
    // A loop in the outer cell; a table with no loop inside it.
    const nested = `<table:table table:name="N"><table:table-row>${cell(`<text:p>{#a}{x}{/a}</text:p><table:table table:name="I"><table:table-row>${cell('<text:p>inde</text:p>')}</table:table-row></table:table>`)}</table:table-row></table:table>`;
    renderer.useOdtForm('indsatsplan', odt(`${fixed}${nested}`));
    expect(body(renderer.renderForPdf('indsatsplan', { v: 'V', a: [{ x: 1 }, { x: 2 }], title: '' }).bytes)).toBe(
      `<table:table table:name="F"><table:table-row>${cell('<text:p/>')}${cell('<text:p>V</text:p>')}</table:table-row><table:table-row>${cell('<text:p>V</text:p>')}</table:table-row></table:table>` +
        `<table:table table:name="N"><table:table-row>${cell(`<text:p>12</text:p><table:table table:name="I"><table:table-row>${cell('<text:p>inde</text:p>')}</table:table-row></table:table>`)}</table:table-row></table:table>` +
        '<text:section text:name="ixEnd" text:display="none"><text:p/></text:section>',
    );
  });

  it('renders loops of every kind as docxtemplater does: lists, objects, yes and no, inverted, nested, missing', () => {
    const tags = ['{#list}{.}{/list}', '{^list}tom{/list}', '{#obj}{a}{/obj}', '{#yes}ja{/yes}', '{#no}nej{/no}', '{^no}ikke{/no}', '{#outer}{name}:{#inner}{v}{/inner}{/outer}', '{#missing}x{/missing}{^missing}y{/missing}'];
    const renderer = rendererWith(tags);
    renderer.useOdtForm('indsatsplan', odt(tags.map((t) => `<text:p>${t}</text:p>`).join('')));
    const fill = (data: Record<string, unknown>) => body(renderer.renderForPdf('indsatsplan', { title: '', ...data }).bytes);
    const outer = [{ name: 'A', inner: [{ v: 1 }, { v: 2 }] }, { name: 'B', inner: [] }, { name: 'C', inner: [{ v: 'c' }] }];
    expect(fill({ list: ['x', 'y', 'z'], obj: { a: 'o' }, yes: true, no: false, outer })).toBe(
      '<text:p>xyz</text:p><text:p></text:p><text:p>o</text:p><text:p>ja</text:p><text:p></text:p><text:p>ikke</text:p><text:p>A:12B:C:c</text:p><text:p>y</text:p>',
    );
    expect(fill({ list: [], obj: null, yes: 'ja', no: 0, outer: [] })).toBe(
      '<text:p></text:p><text:p>tom</text:p><text:p></text:p><text:p>ja</text:p><text:p></text:p><text:p>ikke</text:p><text:p></text:p><text:p>y</text:p>',
    );
  });

  it('fails a value with a character XML cannot hold, as the .docx does', () => {
    const renderer = rendererWith(['{x}']);
    renderer.useOdtForm('indsatsplan', odt('<text:p>{x}</text:p>'));
    expect(() => renderer.renderForPdf('indsatsplan', { x: 'a\u0001b', title: '' })).toThrow(AppError);
    expect(() => renderer.render('indsatsplan', { x: 'a\u0001b', title: '' })).toThrow(AppError);
  });

  it('is refused when it does not hold the .docx\'s tags, and the template keeps filling its .docx', () => {
    const renderer = rendererWith(['{x}', '{#list}{y}{/list}']);
    expect(() => renderer.useOdtForm('indsatsplan', odt('<text:p>{x}</text:p><text:p>{#list}{z}{/list}</text:p>'))).toThrow(/missing #list\/y, extra #list\/z/);
    expect(renderer.renderForPdf('indsatsplan', { x: '1', list: [], title: '' }).format).toBe('docx');
  });

  it('is used only once LibreOffice has made it; until then, or when it fails, PDFs come from the .docx', async () => {
    const renderer = rendererWith(['{x}']);
    expect(renderer.renderForPdf('indsatsplan', { x: '1', title: '' }).format).toBe('docx');
    const warnings: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void warnings.push(line) });
    await deriveOdtForms(renderer, { docxToOdt: async () => Promise.reject(new Error('LibreOffice gave up')) }, logger);
    expect(renderer.renderForPdf('indsatsplan', { x: '1', title: '' }).format).toBe('docx');
    expect(warnings.join('\n')).toMatch(/"template":"indsatsplan".*LibreOffice gave up.*made from its \.docx/);

    await deriveOdtForms(renderer, { docxToOdt: async () => odt('<text:p>{x}</text:p>') }, logger);
    expect(renderer.renderForPdf('indsatsplan', { x: '1', title: '' }).format).toBe('odt');
  });
});
