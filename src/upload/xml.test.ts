import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DOMParser, XMLSerializer, onErrorStopParsing } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { PlanSchema } from '../plan/schema.js';
import { renderPlanDocx } from '../plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../templating/template-renderer.js';
import { buildPlanForm } from '../plan-form/build-plan-form.js';
import { decodeXml, MAX_XML_DEPTH, parseXml } from './xml.js';
import { CORPUS_DIR } from '../../test/helpers/shared-dir.js';

const CORPUS = CORPUS_DIR;
const serialize = (d: Parameters<XMLSerializer['serializeToString']>[0]) => new XMLSerializer().serializeToString(d);

function xmlParts(file: Buffer): Array<[string, string]> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(file));
  } catch {
    return [];
  }
  return Object.entries(files)
    .filter(([name]) => /\.(xml|rels)$/i.test(name))
    .map(([name, bytes]) => [name, decodeXml(bytes)]);
}

describe('parseXml builds the same tree as xmldom’s DOMParser', () => {
  const bilag2 = JSON.parse(readFileSync(new URL('../../fixtures/bilag2.json', import.meta.url), 'utf8')) as unknown;
  const sources: Array<[string, Buffer]> = [
    ['the fillable form', buildPlanForm(bilag2)],
    ['the filled template', renderPlanDocx(PlanSchema.parse(bilag2), createDocxTemplateRenderer())],
    ...readdirSync(CORPUS)
      .filter((f) => f !== 'MANIFEST.md')
      .map((f): [string, Buffer] => [f, readFileSync(path.join(CORPUS, f))]),
  ];

  it.each(sources)('every XML part of %s', (_name, file) => {
    const parts = xmlParts(file).filter(([, text]) => !/<!DOCTYPE/i.test(text));
    for (const [part, text] of parts) {
      const reference = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'application/xml');
      // xmldom keeps the XML declaration as a node; it says nothing about the content.
      expect(serialize(parseXml(text, part)), part).toBe(serialize(reference).replace(/^<\?xml[^>]*\?>\s*/, ''));
    }
  });

  it('compares real parts: the corpus has hundreds', () => {
    const count = sources.reduce((sum, [, file]) => sum + xmlParts(file).length, 0);
    expect(count).toBeGreaterThan(300);
  });
});

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('parseXml', () => {
  it('reads references, CDATA, line ends and ">" inside attribute values', () => {
    const doc = parseXml(`<?xml version="1.0"?>\r\n<w:t ${W} w:instr="IF a > b" a='x&#9;y'>a &lt;&amp;&gt; &#xE6;&#248;&#229;\r\n<![CDATA[<b>]]></w:t>`, 'x.xml');
    const t = doc.documentElement!;
    expect(t.textContent).toBe('a <&> æøå\n<b>');
    expect(t.getAttributeNS('http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'instr')).toBe('IF a > b');
    expect(t.getAttribute('a')).toBe('x\ty');
  });

  it.each([
    ['an unterminated comment', '<a><!-- x</a>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['an unbound prefix', '<w:p/>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>Tom & Jerry</a>'],
    ['a reference to NUL', '<a>&#0;</a>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>tekst'],
    ['< in an attribute value', '<a b="<"/>'],
    ['an unquoted attribute', '<a b=c/>'],
    ['attributes run together', '<a b="1"c="2"/>'],
    ['an unterminated start tag', '<a b="1"'],
    ['no root at all', '   '],
    ['an empty tag name', '< a/>'],
  ])('refuses %s as corrupt', (_what, xml) => {
    let error: unknown;
    try {
      parseXml(xml, 'word/document.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('upload-corrupt');
    expect((error as AppError).detail).toMatch(/word\/document\.xml er ikke gyldig XML/);
  });

  it('refuses nesting deeper than any Word document, before a reader could overflow its stack', () => {
    const deep = '<a>'.repeat(MAX_XML_DEPTH + 1) + '</a>'.repeat(MAX_XML_DEPTH + 1);
    expect(() => parseXml(deep, 'word/document.xml')).toThrow(expect.objectContaining({ code: 'upload-unsafe' }));
    const ok = '<a>'.repeat(MAX_XML_DEPTH) + '</a>'.repeat(MAX_XML_DEPTH);
    expect(parseXml(ok, 'word/document.xml').documentElement?.localName).toBe('a');
  });

  it('refuses a DTD before parsing', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'p.xml')).toThrow(expect.objectContaining({ code: 'upload-unsafe' }));
  });
});
