import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { buildDocx } from '../docx/build-docx.js';
import { paragraph } from '../docx/ooxml.js';
import { clearFill, isReusable, readyForFill } from './reusable-instance.js';

const text = (doc: Docxtemplater) => Object.values(doc.getZip().files as Record<string, PizZip.ZipObject>).map((f) => (f.dir ? '' : f.asText())).join('\n');

describe('a reused docxtemplater instance', () => {
  it('fills again with the next data, and holds no filled document between fills', () => {
    const doc = new Docxtemplater(new PizZip(buildDocx({ title: 'T', body: [paragraph('Navn: {name}')] })), { paragraphLoop: true });
    expect(isReusable(doc)).toBe(true);
    for (const name of ['Anna Andersen', 'Bo Berg']) {
      readyForFill(doc);
      expect(doc.render({ name }).getZip().file('word/document.xml')!.asText()).toContain(`Navn: ${name}`);
      clearFill(doc);
      expect(text(doc)).not.toContain(name);
      expect(JSON.stringify((doc as unknown as { scopeManagers: unknown }).scopeManagers)).toBe('{}');
    }
  });

  it('is not reused when docxtemplater has not compiled it as expected', () => {
    expect(isReusable({ rendered: false, scopeManagers: {}, compiled: {} } as unknown as Docxtemplater)).toBe(false);
  });
});
