import { describe, expect, it } from 'vitest';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { descendants, elementText, legacyCheckboxState, onOff, paragraphTexts, W_NS, firstChild } from './ooxml-text.js';

const T = W_NS.transitional;

function body(inner: string, ns: string = T): Element {
  const xml = `<w:document xmlns:w="${ns}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${inner}</w:body></w:document>`;
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return firstChild(doc.documentElement!, ns, 'body')!;
}
const text = (inner: string, ns: string = T) => elementText(body(inner, ns), ns);

describe('elementText', () => {
  it('joins runs split by spelling marks, bookmarks and smart tags', () => {
    expect(
      text(
        '<w:p><w:r><w:t>Jens </w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>Pe</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t>ter</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/><w:smartTag w:uri="u" w:element="place"><w:r><w:t xml:space="preserve"> Nielsen</w:t></w:r></w:smartTag></w:p>',
      ),
    ).toBe('Jens Peter Nielsen');
  });

  it('counts inserted and moved-to text, never deleted or moved-from text', () => {
    expect(
      text(
        '<w:p><w:r><w:t>Møde </w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>hver uge</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>hver 14. dag</w:t></w:r></w:ins><w:moveFrom w:id="3" w:author="a"><w:r><w:t>gammel</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t> i klinikken</w:t></w:r></w:moveTo></w:p>',
      ),
    ).toBe('Møde hver 14. dag i klinikken');
  });

  it('joins a paragraph whose mark was deleted to the next one', () => {
    expect(text('<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>Første</w:t></w:r></w:p><w:p><w:r><w:t> anden</w:t></w:r></w:p>')).toBe('Første anden');
  });

  it('shows field results, not field codes, for simple, complex and nested fields', () => {
    const complex =
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>inner</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> = 1 "a" "b"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Resultat</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
    expect(text(`<w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>1.5.2014</w:t></w:r></w:fldSimple><w:r><w:t> / </w:t></w:r>${complex}</w:p>`)).toBe('1.5.2014 / Resultat');
  });

  it('counts alternate content once (the Choice)', () => {
    expect(
      text('<w:p><w:r><w:t>a</w:t></w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>B</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>b</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>'),
    ).toBe('aB');
  });

  it('turns tabs, breaks, non-breaking hyphens and symbols into characters', () => {
    expect(
      text(
        '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>010180</w:t><w:noBreakHyphen/><w:t>4000</w:t><w:softHyphen/><w:sym w:font="Wingdings" w:char="F0FE"/><w:sym w:font="Wingdings" w:char="F0A8"/><w:sym w:font="Symbol" w:char="0041"/></w:r></w:p>',
      ),
    ).toBe('a\tb\nc\n010180-4000☑☐A');
  });

  it('maps characters typed in a symbol font to the glyph a person sees', () => {
    expect(text('<w:p><w:r><w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr><w:t>R</w:t></w:r><w:r><w:t> Ja</w:t></w:r></w:p>')).toBe('☑ Ja');
  });

  it('joins paragraphs with line breaks, keeping empty ones', () => {
    expect(text('<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>b</w:t></w:r></w:p>')).toBe('a\n\nb');
    expect(paragraphTexts(body('<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p>'), T)).toEqual(['a', 'b']);
  });

  it('reads a table cell by cell and skips property elements', () => {
    const tbl =
      '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="100"/></w:tabs></w:pPr><w:r><w:t>Navn</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Jens</w:t></w:r></w:p></w:tc></w:tr></w:tbl>';
    expect(text(tbl)).toBe('Navn\nJens');
  });

  it('treats a content control showing its placeholder as empty', () => {
    const sdt = (placeholder: boolean, t: string) =>
      `<w:sdt><w:sdtPr>${placeholder ? '<w:showingPlcHdr/>' : ''}<w:alias w:val="Navn"/></w:sdtPr><w:sdtContent><w:r><w:t>${t}</w:t></w:r></w:sdtContent></w:sdt>`;
    expect(text(`<w:p>${sdt(true, 'Klik her')}</w:p>`)).toBe('');
    expect(elementText(body(`<w:p>${sdt(true, 'Klik her')}</w:p>`), T, { keepPlaceholders: true })).toBe('Klik her');
    expect(text(`<w:p>${sdt(false, 'Jens')}</w:p>`)).toBe('Jens');
  });

  it('reads adjacent w:t as lines and leaves out controls only when asked', () => {
    const p = '<w:p><w:r><w:t>Navn: </w:t></w:r><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>a</w:t><w:t>b</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>!</w:t></w:r></w:p>';
    expect(text(p)).toBe('Navn: ab!');
    expect(elementText(body(p), T, { adjacentTextsAreLines: true })).toBe('Navn: a\nb!');
    expect(elementText(body(p), T, { skipContentControls: true })).toBe('Navn: !');
  });

  it('shows a legacy checkbox as a box glyph and hides its field code', () => {
    const box = (ff: string) =>
      `<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:checkBox><w:sizeAuto/>${ff}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> Ja</w:t></w:r></w:p>`;
    expect(text(box('<w:default w:val="0"/><w:checked/>'))).toBe('☒ Ja');
    expect(text(box('<w:default w:val="1"/>'))).toBe('☒ Ja');
    expect(text(box('<w:default w:val="0"/>'))).toBe('☐ Ja');
    expect(text(box('<w:default w:val="1"/><w:checked w:val="0"/>'))).toBe('☐ Ja');
  });

  it('puts text box content on lines of its own', () => {
    expect(
      text(
        '<w:p><w:r><w:t>før</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>boks</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>efter</w:t></w:r></w:p>',
      ),
    ).toBe('før\nboks\nefter');
  });

  it('works the same in the Strict namespace', () => {
    expect(text('<w:p><w:r><w:t>Str</w:t></w:r><w:ins><w:r><w:t>ict</w:t></w:r></w:ins><w:del><w:r><w:delText>x</w:delText></w:r></w:del></w:p>', W_NS.strict)).toBe('Strict');
    // Transitional elements are not read as Strict ones.
    expect(elementText(body('<w:p><w:r><w:t>x</w:t></w:r></w:p>'), W_NS.strict)).toBe('');
  });
});

describe('onOff and legacyCheckboxState', () => {
  const ff = (inner: string) => descendants(body(`<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData>${inner}</w:ffData></w:fldChar></w:r></w:p>`), T, 'ffData')[0]!;
  it.each([
    ['<w:checkBox><w:checked/></w:checkBox>', true],
    ['<w:checkBox><w:checked w:val="1"/></w:checkBox>', true],
    ['<w:checkBox><w:checked w:val="true"/></w:checkBox>', true],
    ['<w:checkBox><w:checked w:val="0"/></w:checkBox>', false],
    ['<w:checkBox><w:checked w:val="false"/></w:checkBox>', false],
    ['<w:checkBox><w:default w:val="1"/></w:checkBox>', true],
    ['<w:checkBox><w:default w:val="0"/></w:checkBox>', false],
    ['<w:checkBox><w:sizeAuto/></w:checkBox>', false],
    ['<w:checkBox>\n  <w:checked\n    w:val="1"\n  />\n</w:checkBox>', true],
    ['<w:checkBox><w:checked w:val="maybe"/></w:checkBox>', undefined],
    ['<w:textInput/>', undefined],
  ])('%s → %s', (inner, expected) => {
    expect(legacyCheckboxState(ff(inner), T)).toBe(expected);
  });
  it('reads on/off values', () => {
    expect(onOff(undefined, T)).toBeUndefined();
  });
  const onOffEl = (attrs: string) => firstChild(body(`<w:b${attrs}/>`), T, 'b')!;
  it.each([
    ['', true],
    [' w:val="1"', true],
    [' w:val="true"', true],
    [' w:val="on"', true],
    [' w:val=" On "', true],
    [' w:val="TRUE"', true],
    [' w:val="0"', false],
    [' w:val="false"', false],
    [' w:val="off"', false],
    [' w:val="Off"', false],
    [' w:val=""', undefined],
    [' w:val="yes"', undefined],
  ])('<w:b%s/> → %s', (attrs, expected) => {
    expect(onOff(onOffEl(attrs), T)).toBe(expected);
  });
});
