import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../shared/paths.js';
import { buildMemo, escapeXml, MEMO_NAMESPACE, MemoInvalidError } from './build-memo.js';
import type { DigitalPostMessage } from './types.js';

const SPEC_EXAMPLE = path.join(PROJECT_ROOT, '..', 'shared', 'spec', 'memo', 'MeMo_Minimum_Example.xml');
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256))]);
const sender = { senderCvr: '29189854', senderLabel: 'Roskilde Kommune & Co <Misbrugscenter>' };

function message(overrides: Partial<DigitalPostMessage> = {}): DigitalPostMessage {
  return {
    messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c114',
    recipientCpr: '010180-4000',
    recipientName: 'Mette Hansen',
    label: 'Koordinerende indsatsplan fra mødet 1. maj 2014',
    pdf,
    fileName: 'koordinerende-indsatsplan-2014-05-01.pdf',
    ...overrides,
  };
}

const parse = (xml: string) => new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'application/xml');

/** Every element in document order, as namespace-qualified paths: the structure to compare. */
function structure(root: Element): string[] {
  const out: string[] = [];
  const walk = (el: Element, prefix: string) => {
    const here = `${prefix}/${el.localName}`;
    out.push(`${el.namespaceURI} ${here}`);
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element, here);
  };
  walk(root, '');
  return out;
}

const text = (root: Element, p: string) => {
  let el: Element | undefined = root;
  for (const name of p.split('/')) {
    el = Array.from(el!.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
  }
  return el?.textContent ?? undefined;
};

describe('buildMemo', () => {
  const created = new Date('2014-05-02T08:30:00.123Z');
  const doc = parse(buildMemo(message(), sender, created));
  const root = doc.documentElement!;

  it('has exactly the elements of the official minimum example, in its order and namespace', () => {
    const example = parse(readFileSync(SPEC_EXAMPLE, 'utf8')).documentElement!;
    expect(structure(root)).toEqual(structure(example));
    expect(root.namespaceURI).toBe(MEMO_NAMESPACE);
    expect(root.localName).toBe('Message');
    expect(root.getAttribute('memoVersion')).toBe('1.1');
  });

  it('carries sender CVR, recipient CPR (without dash) and the label', () => {
    expect(text(root, 'MessageHeader/messageType')).toBe('DIGITALPOST');
    expect(text(root, 'MessageHeader/messageUUID')).toBe('8C2EA15D-61FB-4BA9-9366-42F8B194C114');
    expect(text(root, 'MessageHeader/label')).toBe('Koordinerende indsatsplan fra mødet 1. maj 2014');
    expect(text(root, 'MessageHeader/mandatory')).toBe('false');
    expect(text(root, 'MessageHeader/legalNotification')).toBe('false');
    expect(text(root, 'MessageHeader/Sender/senderID')).toBe('29189854');
    expect(text(root, 'MessageHeader/Sender/idType')).toBe('CVR');
    expect(text(root, 'MessageHeader/Sender/label')).toBe('Roskilde Kommune & Co <Misbrugscenter>');
    expect(text(root, 'MessageHeader/Recipient/recipientID')).toBe('0101804000');
    expect(text(root, 'MessageHeader/Recipient/idType')).toBe('CPR');
    expect(text(root, 'MessageBody/createdDateTime')).toBe('2014-05-02T08:30:00Z');
    expect(text(root, 'MessageBody/MainDocument/File/encodingFormat')).toBe('application/pdf');
    expect(text(root, 'MessageBody/MainDocument/File/filename')).toBe('koordinerende-indsatsplan-2014-05-01.pdf');
    expect(text(root, 'MessageBody/MainDocument/File/language')).toBe('da');
  });

  it('keeps the PDF intact through base64', () => {
    const back = Buffer.from(text(root, 'MessageBody/MainDocument/File/content')!, 'base64');
    expect(Buffer.compare(back, pdf)).toBe(0);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`a&b<c>"d'\u0001e`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e');
    const tricky = buildMemo(message({ label: 'Plan </memo:label><memo:x/> & "mere"\u0007' }), sender, created);
    expect(text(parse(tricky).documentElement!, 'MessageHeader/label')).toBe('Plan </memo:label><memo:x/> & "mere"');
  });

  it('refuses what cannot make a valid message, without repeating a CPR in the error', () => {
    const cases: Partial<DigitalPostMessage>[] = [
      { recipientCpr: '01018040' },
      { messageUuid: 'not-a-uuid' },
      { label: 'Plan for 010180-4000' },
      { label: '  ' },
      { fileName: 'plan-0101804000.pdf' },
      { fileName: 'plan.docx' },
      { pdf: Buffer.from('not a pdf') },
    ];
    for (const c of cases) {
      let err: unknown;
      try {
        buildMemo(message(c), sender);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(Object.keys(c))).toBeInstanceOf(MemoInvalidError);
      expect((err as Error).message).not.toMatch(/\d{6}/);
    }
    expect(() => buildMemo(message(), { ...sender, senderCvr: '123' })).toThrow(MemoInvalidError);
  });
});
