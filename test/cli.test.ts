/**
 * The command line as a person runs it: a real process (tsx), real files, the real
 * LibreOffice; checked by exit code, output and the files it writes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(PROJECT_ROOT, 'src', 'cli', 'index.ts');
const fixture = (name: string) => path.join(PROJECT_ROOT, 'fixtures', name);
const expected = JSON.parse(fs.readFileSync(fixture('invalid/expected.json'), 'utf8')) as Record<string, { errors: Array<{ code: string; path: string }>; warnings: Array<{ code: string; path: string }> }>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: dir, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('indsatsplan validate', () => {
  it('accepts Bilag 2 (exit 0), printing its warning with path and label', async () => {
    const r = await cli(['validate', fixture('bilag2.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Planen er gyldig');
    expect(r.stderr).toMatch(/^Advarsel: \/citizen\/cpr \(Cpr\. nr\.\): .*modulus 11.* \[cpr\.modulus11\]$/m);
  });

  it('prints every problem in Danish with its path and exits 1', async () => {
    const r = await cli(['validate', fixture('invalid/many-problems.json')]);
    expect(r.code).toBe(1);
    const want = expected['many-problems']!;
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('Fejl: '));
    expect(errors.map((l) => /\[([^\]]+)\]$/.exec(l)?.[1])).toEqual(want.errors.map((e) => e.code));
    expect(errors.map((l) => /^Fejl: (\S+) /.exec(l)?.[1])).toEqual(want.errors.map((e) => e.path));
    expect(r.stderr).toContain('Fejl: /consent (Samtykke): »Samtykke« skal besvares');
    expect(r.stdout).toContain(`Planen har ${want.errors.length} fejl`);
  });

  it('exits 2 on a file that is missing or not JSON, and on wrong use', async () => {
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "status": ');
    const broken = await cli(['validate', 'broken.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json er ikke gyldig JSON');
    expect((await cli(['validate', 'nothing-here.json'])).code).toBe(2);
    const unknown = await cli(['print', fixture('bilag2.json')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Ukendt kommando: print');
  });
});

describe('indsatsplan render', () => {
  it('writes the PDF/A of Bilag 2 where -o says', async () => {
    const out = path.join(dir, 'plan.pdf');
    const r = await cli(['render', fixture('bilag2.json'), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const pdf = fs.readFileSync(out);
    const info = pdfInfo(pdf);
    expect(info.pdfaPart).toBe('2');
    expect(info.tagged).toBe(true);
    const text = squash(pdfText(pdf));
    expect(text).toContain('Jens Peter Nielsen');
    expect(text).toContain('Mål 3: Kontakt til Jobcenter');
  });

  it('writes the filled .docx under a name without CPR in the current folder with --docx', async () => {
    const r = await cli(['render', fixture('bilag2.json'), '--docx']);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(dir, 'indsatsplan-2014-05-01.docx');
    expect(r.stdout.trim()).toBe(file);
    const doc = new PizZip(fs.readFileSync(file)).file('word/document.xml')!.asText();
    expect(doc).toContain('Jens Peter Nielsen');
  });

  it('writes nothing for a plan with errors, and exits 1', async () => {
    const out = path.join(dir, 'invalid.pdf');
    const r = await cli(['render', fixture('invalid/consent-refused.json'), '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Fejl: \/consent \(Samtykke\): .* \[consent\.refused\]$/m);
    expect(fs.existsSync(out)).toBe(false);
  });
});
