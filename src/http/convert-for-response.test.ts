import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { Converter, OfficeDocument } from '../conversion/converter.js';
import { fakeConverter } from '../../test/helpers/fake-converter.js';
import { recordArrival } from './arrival.js';
import { convertForResponse } from './convert-for-response.js';

/** A converter that takes `ms` for a PDF and keeps each document it was given in `seen`. */
function slowConverter(ms: number, seen: OfficeDocument[]): Converter {
  const pdf = async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return Buffer.from('%PDF-fake');
  };
  return fakeConverter(pdf, { toPdf: (document) => (seen.push(document), pdf()) });
}

/** Just enough of Express's response for the helper: its request, its headers, its close event. */
function fakeResponse(): { res: Response; headers: Map<string, string>; req: IncomingMessage } {
  const req = new EventEmitter() as unknown as IncomingMessage;
  const headers = new Map<string, string>();
  const res = Object.assign(new EventEmitter(), {
    req,
    writableFinished: false,
    setHeader(name: string, value: string) {
      headers.set(name.toLowerCase(), value);
    },
  });
  return { res: res as unknown as Response, headers, req };
}

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Stands for a fill that takes time.
  }
}

const document: OfficeDocument = { format: 'odt', bytes: Buffer.from('filled') };

describe('convertForResponse', () => {
  it('fills first, converts what the fill gave, and times prepare, fill and pdf from the arrival', async () => {
    const { res, headers, req } = fakeResponse();
    const before = performance.now();
    recordArrival()(req as never, res, () => {});
    busy(15);
    const seen: OfficeDocument[] = [];
    const pdf = await convertForResponse(res, slowConverter(40, seen), () => {
      expect(seen).toHaveLength(0);
      busy(25);
      return document;
    });
    const elapsed = performance.now() - before;
    expect(pdf.toString()).toBe('%PDF-fake');
    expect(seen).toEqual([document]);
    const m = /^prepare;dur=(\d+\.\d), fill;dur=(\d+\.\d), pdf;dur=(\d+\.\d)$/.exec(headers.get('server-timing') ?? '');
    expect(m, headers.get('server-timing')).not.toBeNull();
    const [prepare, fill, convert] = [Number(m![1]), Number(m![2]), Number(m![3])];
    // Each part is at least what was spent in it (so none is swapped with another), and none
    // counts another's time: together they are no more than the whole (each rounded to 0.1 ms).
    expect(prepare).toBeGreaterThanOrEqual(15);
    expect(fill).toBeGreaterThanOrEqual(25);
    // A timer may fire up to a millisecond early by performance.now()'s clock, and the part is
    // rounded to 0.1 ms: 2 ms are allowed.
    expect(convert).toBeGreaterThanOrEqual(38);
    expect(prepare + fill + convert).toBeLessThanOrEqual(elapsed + 0.15);
  });

  it('leaves out prepare for a request whose arrival was not recorded', async () => {
    const { res, headers } = fakeResponse();
    await convertForResponse(res, slowConverter(5, []), () => document);
    expect(headers.get('server-timing')).toMatch(/^fill;dur=\d+\.\d, pdf;dur=\d+\.\d$/);
  });
});
