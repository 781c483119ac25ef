/**
 * The zero-setup converter (one soffice per call) and the fallback to it, with the real
 * LibreOffice: its time limit kills the whole process group, its queue is bounded, and
 * the pool falls back to it when its UNO bridge cannot start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from './helpers/app.js';
import { pdfInfo, pdfText } from './helpers/pdf.js';
import { createLogger } from '../src/shared/logger.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { createConverter } from '../src/conversion/create-converter.js';
import { createPerCallConverter } from '../src/conversion/per-call-converter.js';
import { buildSimpleDocx } from '../src/conversion/pool/warm-up-docx.js';
import { CONVERSION_DETAIL } from '../src/conversion/converter.js';
import { findProcessesByArg } from '../src/conversion/pool/find-processes.js';

describe('per-call converter', () => {
  let workDir: string;
  const ours = () => findProcessesByArg(workDir);

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-per-call-test-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('is chosen when the pool cannot start its bridge, and converts to tagged PDF/A-2b', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const config = testConfig({ UNO_PYTHON: path.join(workDir, 'no-python-here'), CONVERSION_WORK_DIR: workDir });
    const converter = createConverter(config.conversion, logger);
    try {
      await converter.start();
      expect(converter.kind).toBe('per-call');
      expect(converter.isReady()).toBe(true);
      expect(lines.join('')).toMatch(/falling back to one LibreOffice process per conversion/);
      const pdf = await converter.docxToPdf(buildSimpleDocx(['Reserveløsningen virker.']));
      expect(pdfText(pdf)).toContain('Reserveløsningen virker.');
      const info = pdfInfo(pdf);
      expect(info.tagged).toBe(true);
      expect(info.pdfaPart).toBe('2');
      // A template's ODT form: LibreOffice's .odt of a .docx, and a PDF of that.
      const odt = await converter.docxToOdt(buildSimpleDocx(['Også som ODT.']));
      expect(odt.subarray(30, 38).toString()).toBe('mimetype');
      const fromOdt = await converter.toPdf({ format: 'odt', bytes: odt });
      expect(pdfText(fromOdt)).toContain('Også som ODT.');
      expect(pdfInfo(fromOdt).tagged).toBe(true);
    } finally {
      await converter.close();
    }
    expect(ours()).toEqual([]);
  });

  it('stops a conversion whose client has gone: its soffice is killed, the call answers at once', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const converter = createPerCallConverter({ ...testConfig({ CONVERSION_WORKERS: '1', CONVERSION_TIMEOUT_MS: '120000', CONVERSION_WORK_DIR: workDir }).conversion, metrics });
    await converter.start();
    try {
      const controller = new AbortController();
      const long = buildSimpleDocx(Array.from({ length: 60_000 }, (_, i) => `Afsnit ${i}: en længere tekst om borgerens mål og indsatser.`));
      const conversion = converter.docxToPdf(long, { signal: controller.signal });
      while (ours().length === 0) await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      await expect(conversion).rejects.toMatchObject({ code: 'conversion-failed', detail: CONVERSION_DETAIL.aborted });
      expect(ours()).toEqual([]);
      const failures = (await metrics.conversionFailures.get()).values.map((v) => [v.labels.cause, v.value]);
      expect(failures).toEqual([['aborted', 1]]);
    } finally {
      await converter.close();
    }
  });

  it('kills a conversion past its time limit with its process group, and bounds its queue', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const converter = createPerCallConverter({
      ...testConfig({ CONVERSION_TIMEOUT_MS: '400', CONVERSION_WORKERS: '1', CONVERSION_QUEUE_MAX: '0', CONVERSION_QUEUE_TIMEOUT_MS: '5000', CONVERSION_WORK_DIR: workDir }).conversion,
      metrics,
    });
    await converter.start();
    try {
      const slow = converter.docxToPdf(buildSimpleDocx());
      // One runs, none may wait: the second is turned away at once.
      await expect(converter.docxToPdf(buildSimpleDocx())).rejects.toMatchObject({ code: 'conversion-queue-full', status: 429 });
      await expect(slow).rejects.toMatchObject({ code: 'conversion-timeout', status: 504 });
      // The soffice that timed out is gone, and so is its temporary profile and document.
      expect(ours()).toEqual([]);
      const leftovers = fs.readdirSync(workDir).flatMap((d) => fs.readdirSync(path.join(workDir, d, 'tmp')));
      expect(leftovers).toEqual([]);
      const failures = (await metrics.conversionFailures.get()).values.map((v) => v.labels.cause).sort();
      expect(failures).toEqual(['queue-full', 'timeout']);
    } finally {
      await converter.close();
    }
  });
});
