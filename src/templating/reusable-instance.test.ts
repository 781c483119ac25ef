import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { buildDocx } from '../docx/build-docx.js';
import { paragraph } from '../docx/ooxml.js';
import { clearFill, isReusable, readyForFill } from './reusable-instance.js';

/** True when `needle` is in any string or byte array reachable from `root` through properties, arrays, maps and sets. */
function reaches(root: unknown, needle: string): boolean {
  const seen = new Set<unknown>();
  const bytes = Buffer.from(needle);
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes(needle)) return true;
      continue;
    }
    if (!value || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Uint8Array) {
      if (Buffer.from(value.buffer, value.byteOffset, value.length).includes(bytes)) return true;
      continue;
    }
    if (value instanceof Map) stack.push(...value.keys(), ...value.values());
    if (value instanceof Set) stack.push(...value);
    for (const key of Object.getOwnPropertyNames(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) stack.push(d.value);
    }
  }
  return false;
}

describe('a reused docxtemplater instance', () => {
  it('fills again with the next data, and holds nothing of a filled document between fills', () => {
    const doc = new Docxtemplater(new PizZip(buildDocx({ title: 'T', body: [paragraph('Navn: {name}')] })), { paragraphLoop: true });
    expect(isReusable(doc)).toBe(true);
    for (const name of ['Anna Andersen', 'Bo Berg']) {
      readyForFill(doc);
      expect(doc.render({ name }).getZip().file('word/document.xml')!.asText()).toContain(`Navn: ${name}`);
      expect(reaches(doc, name)).toBe(true);
      clearFill(doc);
      expect(reaches(doc, name)).toBe(false);
    }
  });

  it('is not reused when docxtemplater has not compiled it as expected', () => {
    expect(isReusable({ rendered: false, scopeManagers: {}, compiled: {} } as unknown as Docxtemplater)).toBe(false);
  });
});
