/** Reads a PDF back the way a person would check it: its text and its info (poppler-utils). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export function pdfInfo(pdf: Buffer): { pages: number; tagged: boolean; title: string; subject: string; raw: string; pdfaPart?: string; pdfaConformance?: string } {
  return withFile(pdf, (f) => {
    const raw = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
    const meta = execFileSync('pdfinfo', ['-meta', f], { encoding: 'utf8' });
    return {
      raw,
      pages: Number(/Pages:\s+(\d+)/.exec(raw)?.[1] ?? 0),
      tagged: /Tagged:\s+yes/.test(raw),
      title: /Title:\s+(.*)/.exec(raw)?.[1]?.trim() ?? '',
      subject: /Subject:\s+(.*)/.exec(raw)?.[1]?.trim() ?? '',
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

/** An element of a tagged PDF's structure tree, with its attributes (`/Scope /Column` as Scope: 'Column'). */
export interface PdfTag {
  type: string;
  attributes: Record<string, string>;
  children: PdfTag[];
}

/**
 * The structure tree (what a screen reader reads: no artifacts such as page headers, footers
 * or a table's heading rows repeated on later pages) of pdfStructure, as elements: the root's
 * type is '' and its children are the tree's top elements.
 */
export function pdfTags(pdf: Buffer): PdfTag {
  const out = pdfStructure(pdf).tree;
  const root: PdfTag = { type: '', attributes: {}, children: [] };
  const stack: Array<{ indent: number; tag: PdfTag }> = [{ indent: -2, tag: root }];
  for (const line of out.split('\n')) {
    const m = /^( *)(\S.*)?$/.exec(line)!;
    const indent = m[1]!.length;
    const body = m[2] ?? '';
    if (body === '') continue;
    const attribute = /^\/(\w+) (.*)$/.exec(body);
    if (attribute) {
      stack[stack.length - 1]!.tag.attributes[attribute[1]!] = attribute[2]!.replace(/^\//, '');
      continue;
    }
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const tag: PdfTag = { type: /^([^\s:]+)/.exec(body)![1]!, attributes: {}, children: [] };
    stack[stack.length - 1]!.tag.children.push(tag);
    stack.push({ indent, tag });
  }
  return root;
}

/** The elements of a type under an element, in reading order. */
export function findTags(tag: PdfTag, type: string): PdfTag[] {
  return tag.children.flatMap((c) => [...(c.type === type ? [c] : []), ...findTags(c, type)]);
}

/**
 * Each page as printed by poppler at `dpi`, in page order: colour (PPM files) or grey (PGM), as
 * the files' bytes. In grey, to compare two PDFs' looks.
 */
export function pageImages(pdf: Buffer, dpi = 30, colour: 'grey' | 'colour' = 'grey'): Buffer[] {
  const ext = colour === 'grey' ? '.pgm' : '.ppm';
  return withFile(pdf, (f) => {
    const dir = path.dirname(f);
    execFileSync('pdftoppm', ['-r', String(dpi), ...(colour === 'grey' ? ['-gray'] : []), f, path.join(dir, 'page')]);
    const number = (name: string) => Number(/(\d+)\.p[gp]m$/.exec(name)![1]);
    return readdirSync(dir).filter((n) => n.endsWith(ext)).sort((x, y) => number(x) - number(y)).map((name) => readFileSync(path.join(dir, name)));
  });
}

/**
 * Where a colour is on each page as printed (poppler renders it, at a low resolution): the
 * pixels within `tolerance` of `rgb` ('RRGGBB'), counted in a 2×2 grid of the page,
 * [[top left, top right], [bottom left, bottom right]].
 */
export function colourOnPages(pdf: Buffer, rgb: string, tolerance = 16, dpi = 15): number[][][] {
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(rgb.slice(i, i + 2), 16)) as [number, number, number];
  return pageImages(pdf, dpi, 'colour').map((ppm) => {
    // P6: "P6", width, height, maximum, each after whitespace; then the pixels, 3 bytes each.
    const fields: string[] = [];
    let at = 0;
    while (fields.length < 4) {
      const m = /^\s*(\S+)/.exec(ppm.subarray(at, at + 20).toString('latin1'))!;
      fields.push(m[1]!);
      at += m[0].length;
    }
    at += 1;
    const [w, h] = [Number(fields[1]), Number(fields[2])];
    const grid = [[0, 0], [0, 0]];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = at + (y * w + x) * 3;
        if (Math.abs(ppm[i]! - r) <= tolerance && Math.abs(ppm[i + 1]! - g) <= tolerance && Math.abs(ppm[i + 2]! - b) <= tolerance) grid[y < h / 2 ? 0 : 1]![x < w / 2 ? 0 : 1]!++;
      }
    return grid;
  });
}
