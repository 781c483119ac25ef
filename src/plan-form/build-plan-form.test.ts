/** The form's structure: what Word needs, and what LibreOffice 7.4 needs to keep the fields findable. */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { childElements, descendants, firstChild, W14_NS, W_NS } from '../upload/ooxml-text.js';
import { buildPlanForm } from './build-plan-form.js';

const W = W_NS.transitional;
const body = (docx: Buffer): Element => {
  const doc = new DOMParser().parseFromString(strFromU8(unzipSync(docx)['word/document.xml']!), 'text/xml');
  return firstChild(doc.documentElement!, W, 'body')!;
};
const isCheckbox = (sdt: Element) => firstChild(firstChild(sdt, W, 'sdtPr'), W14_NS, 'checkbox') !== undefined;

describe('buildPlanForm', () => {
  const form = buildPlanForm({ participants: Array.from({ length: 8 }, (_, i) => ({ name: `P${i}` })), goals: [{}, {}, {}, {}] });

  it('declares the Word 2010/2013 namespaces of its checkboxes and repeating sections as ignorable, and gives every control its own id', () => {
    const xml = strFromU8(unzipSync(form)['word/document.xml']!);
    expect(xml).toMatch(/<w:document [^>]*xmlns:w14="http:\/\/schemas.microsoft.com\/office\/word\/2010\/wordml"[^>]*mc:Ignorable="w14 w15"/);
    expect(xml).toContain('xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"');
    const ids = [...xml.matchAll(/<w:id w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts every checkbox alone in its paragraph, and never two such paragraphs side by side', () => {
    // LibreOffice keeps a checkbox's alias on its paragraph and merges neighbouring ones.
    const b = body(form);
    const boxes = descendants(b, W, 'sdt').filter(isCheckbox);
    expect(boxes.length).toBe(4 + 2 + 2 + 8);
    for (const box of boxes) {
      const p = box.parentNode as Element;
      expect(p.localName).toBe('p');
      expect(descendants(p, W, 'sdt').filter(isCheckbox)).toHaveLength(1);
      const siblings = childElements(p.parentNode as Element, W, 'p');
      const i = siblings.indexOf(p);
      for (const n of [siblings[i - 1], siblings[i + 1]]) if (n) expect(descendants(n, W, 'sdt').filter(isCheckbox)).toHaveLength(0);
    }
  });

  it('makes the rows of challenges and each goal’s interventions a repeating section', () => {
    const sections = descendants(body(form), W, 'sdt').filter((s) => firstChild(firstChild(s, W, 'sdtPr'), 'http://schemas.microsoft.com/office/word/2012/wordml', 'repeatingSection'));
    expect(sections).toHaveLength(1 + 4);
    for (const s of sections) {
      const items = childElements(firstChild(s, W, 'sdtContent')!, W, 'sdt');
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(childElements(firstChild(item, W, 'sdtContent')!, W, 'tr')).toHaveLength(1);
    }
  });

  it('offers a blank row more than it was given, and at least the official form’s rows', () => {
    const tags = (docx: Buffer, key: string) => strFromU8(unzipSync(docx)['word/document.xml']!).split(`<w:tag w:val="${key}"/>`).length - 1;
    expect(tags(form, 'participants[].name')).toBe(8);
    expect(tags(form, 'goals[].title')).toBe(4);
    const blank = buildPlanForm();
    expect(tags(blank, 'challenges[]')).toBe(5);
    expect(tags(blank, 'goals[].title')).toBe(3);
    expect(tags(blank, 'goals[].interventions[].task')).toBe(6);
  });

  it('gives the blank form the official hints for the people, and no box for attendance', () => {
    const blank = strFromU8(unzipSync(buildPlanForm())['word/document.xml']!);
    expect(blank).toContain('>[Koordinators navn, stilling, organisation og kontaktoplysninger angives her]<');
    expect(blank).toContain('>[De inddragede parters navn, stilling, organisation og kontaktoplysninger angives her]<');
    expect(blank).not.toContain('participants[].');
    expect(blank).not.toContain('coordinator.');
    expect(blank).toContain('>Opfølgende møde afholdes den </w:t></w:r><w:sdt>');
    expect(blank).toContain('>___________ 20___<');
  });

  it('ticks "Deltog" for a known participant unless the plan says apologies were sent', () => {
    const xml = strFromU8(unzipSync(buildPlanForm({ participants: [{ name: 'A' }, { name: 'B', attended: false }, { name: 'C', attended: true }] }))['word/document.xml']!);
    const states = [...xml.matchAll(/<w:alias w:val="Deltager: deltog"\/>.*?<w14:checked w14:val="(\d)"\/>/g)].map((m) => m[1]);
    expect(states).toEqual(['1', '0', '1']);
  });

  it('keeps every row on one page', () => {
    const rows = descendants(body(buildPlanForm()), W, 'tr');
    expect(rows.length).toBeGreaterThan(40);
    for (const tr of rows) expect(firstChild(firstChild(tr, W, 'trPr'), W, 'cantSplit'), tr.textContent ?? '').toBeDefined();
  });
});
