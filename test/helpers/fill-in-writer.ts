/**
 * Fills the service's Word form in real LibreOffice Writer, headless over UNO, as a referent
 * would (scripts/uno/fill-form.py: typing into fields, ticking boxes, adding rows), and
 * gives the .docx Writer saved.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/uno/fill-form.py', import.meta.url).pathname;

export interface WriterEdits {
  fields?: Array<{ alias: string; nth?: number; value: string }>;
  boxes?: Array<{ alias: string; nth?: number; checked: boolean }>;
  beside?: Array<{ alias: string; nth?: number; value: string }>;
  rows?: Array<{ alias: string; nth?: number; cells: string[] }>;
}

export async function fillInWriter(form: Buffer, edits: WriterEdits): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fill-in-writer-'));
  try {
    writeFileSync(path.join(dir, 'form.docx'), form);
    writeFileSync(path.join(dir, 'edits.json'), JSON.stringify(edits));
    await run('/usr/bin/python3', [SCRIPT, '--in', path.join(dir, 'form.docx'), '--out', path.join(dir, 'filled.docx'), '--edits', path.join(dir, 'edits.json'), '--profile', path.join(dir, 'profile')], {
      timeout: 240_000,
    });
    return readFileSync(path.join(dir, 'filled.docx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
