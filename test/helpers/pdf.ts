/** Reads a PDF back the way a person would check it: its text and its info (poppler-utils). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-test-'));
  const file = path.join(dir, 'x.pdf');
  writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text, in reading order unless `layout` is asked for. */
export function pdfText(pdf: Buffer, layout = false): string {
  return withFile(pdf, (f) => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }));
}

export function pdfInfo(pdf: Buffer): { pages: number; tagged: boolean; title: string; raw: string; pdfaPart?: string; pdfaConformance?: string } {
  return withFile(pdf, (f) => {
    const raw = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
    const meta = execFileSync('pdfinfo', ['-meta', f], { encoding: 'utf8' });
    return {
      raw,
      pages: Number(/Pages:\s+(\d+)/.exec(raw)?.[1] ?? 0),
      tagged: /Tagged:\s+yes/.test(raw),
      title: /Title:\s+(.*)/.exec(raw)?.[1]?.trim() ?? '',
      pdfaPart: /<pdfaid:part>(\d)<\/pdfaid:part>/.exec(meta)?.[1],
      pdfaConformance: /<pdfaid:conformance>(\w)<\/pdfaid:conformance>/.exec(meta)?.[1],
    };
  });
}

/** Normalises whitespace so assertions survive line wrapping in the PDF. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The PDF's structure tree (its tags), as `pdfinfo -struct` prints it, and what poppler warned
 * about while reading it (an empty string when nothing). Not `-struct-text`: that one takes
 * poppler seconds of CPU a page.
 */
export function pdfStructure(pdf: Buffer): { tree: string; warnings: string } {
  return withFile(pdf, (f) => {
    const run = spawnSync('pdfinfo', ['-struct', f], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pdfinfo -struct failed: ${run.stderr}`);
    return { tree: run.stdout, warnings: run.stderr.trim() };
  });
}
