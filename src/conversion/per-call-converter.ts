/**
 * The zero-setup converter: one soffice process per conversion through the
 * libreoffice-convert package. Slow (a cold start each time) but needs nothing beyond
 * LibreOffice itself. The process runs under coreutils `timeout`, which signals the
 * whole process group, so a hung conversion leaves no soffice.bin behind.
 */
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import libre from 'libreoffice-convert';
import { AppError } from '../shared/errors.js';
import type { Converter } from './converter.js';
import { filterDataAsCliJson } from './converter.js';

const convertWithOptions = promisify(libre.convertWithOptions) as (
  doc: Buffer,
  format: string,
  filter: string | undefined,
  options: Record<string, unknown>,
) => Promise<Buffer>;

export interface PerCallOptions {
  sofficePath: string;
  timeoutMs: number;
  /** At most this many soffice processes at once; the rest wait. */
  concurrency: number;
}

export function createPerCallConverter(opts: PerCallOptions): Converter {
  let ready = false;
  let running = 0;
  const waiting: Array<() => void> = [];
  let wrapperDir: string | undefined;
  let wrapper = opts.sofficePath;

  const acquire = async () => {
    if (running < opts.concurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    kind: 'per-call',
    async start() {
      // libreoffice-convert takes a binary path only, so the time limit is a wrapper script.
      wrapperDir = mkdtempSync(path.join(os.tmpdir(), 'indsatsplan-soffice-'));
      wrapper = path.join(wrapperDir, 'soffice');
      const secs = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
      writeFileSync(wrapper, `#!/bin/sh\nexec timeout -s KILL ${secs} ${JSON.stringify(opts.sofficePath)} "$@"\n`);
      chmodSync(wrapper, 0o755);
      ready = true;
    },
    isReady: () => ready,
    async docxToPdf(docx) {
      if (!ready) throw new AppError('conversion-unavailable');
      await acquire();
      try {
        return await convertWithOptions(docx, 'pdf', `writer_pdf_Export:${filterDataAsCliJson()}`, {
          sofficeBinaryPaths: [wrapper],
          fileName: 'dokument.docx',
        });
      } catch (cause) {
        const text = String((cause as Error)?.message ?? cause);
        if (/code 137|SIGKILL|killed/i.test(text)) throw new AppError('conversion-timeout', undefined, { cause });
        throw new AppError('conversion-failed', undefined, { cause });
      } finally {
        release();
      }
    },
    async close() {
      ready = false;
      if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true });
    },
  };
}
