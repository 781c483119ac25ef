/**
 * A service killed with SIGKILL leaves its LibreOffice folder (profile, temp files) in the work
 * dir, and its documents' folder in the document dir. The next start removes the folders of
 * services that are no longer running, and only those: a running service's folder (a live pid),
 * an older version's (no pid) and anything else in the directory stay.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from './helpers/app.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createLogger } from '../src/shared/logger.js';
import { createLibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { createPerCallConverter } from '../src/conversion/per-call-converter.js';
import { findProcessesByArg } from '../src/conversion/pool/find-processes.js';

const CHILD = path.join(PROJECT_ROOT, 'test', 'helpers', 'pool-child.ts');

/** A pid that no process has: one that just ended. */
function deadPid(): number {
  const pid = spawnSync('true').pid!;
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

describe('stale LibreOffice folders', () => {
  let workDir: string;
  let documentDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-stale-test-'));
    documentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversion-stale-documents-'));
  });
  afterAll(() => {
    expect(findProcessesByArg(workDir)).toEqual([]);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(documentDir, { recursive: true, force: true });
  });

  it('a pool removes the folders a SIGKILLed service left, and leaves the others alone', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, workDir, documentDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the child pool exited with ${code}`)));
    });
    const { rootDir, documentRoot } = JSON.parse(line) as { rootDir: string; documentRoot: string };
    expect(path.basename(rootDir)).toMatch(new RegExp(`^indsatsplan-pool-${child.pid}-`));
    expect(path.dirname(documentRoot)).toBe(documentDir);
    expect(path.basename(documentRoot)).toMatch(new RegExp(`^indsatsplan-pool-${child.pid}-`));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(path.join(rootDir, 'w0', 'profile'))).toBe(true);
    expect(fs.existsSync(path.join(documentRoot, 'w0', 'tmp'))).toBe(true);

    const keep = [
      `indsatsplan-pool-1-AbC123`, // pid 1 is always running: another service's
      'indsatsplan-pool-Xy9Zq1', // an older version's, without a pid
      'notes',
    ];
    for (const dir of [workDir, documentDir]) for (const name of keep) fs.mkdirSync(path.join(dir, name));
    const otherDead = path.join(workDir, `indsatsplan-per-call-${deadPid()}-q1W2e3`);
    fs.mkdirSync(path.join(otherDead, 'tmp'), { recursive: true });

    const pool = createLibreOfficePool({ ...testConfig({ CONVERSION_WORK_DIR: workDir, CONVERSION_DOCUMENT_DIR: documentDir }).conversion, logger: createLogger('silent') });
    try {
      await pool.start();
      expect(fs.existsSync(rootDir)).toBe(false);
      expect(fs.existsSync(documentRoot)).toBe(false);
      expect(fs.existsSync(otherDead)).toBe(false);
      expect(findProcessesByArg(rootDir)).toEqual([]);
      expect(findProcessesByArg(rootDir, 'python3')).toEqual([]);
      expect(findProcessesByArg(documentRoot, 'python3')).toEqual([]);
      expect(fs.readdirSync(workDir).sort()).toEqual([...keep, path.basename(pool.rootDir)].sort());
      expect(fs.readdirSync(documentDir).sort()).toEqual([...keep, path.basename(pool.documentRoot)].sort());
    } finally {
      await pool.close();
    }
    for (const dir of [workDir, documentDir]) for (const name of keep) fs.rmSync(path.join(dir, name), { recursive: true });
  }, 180_000);

  it('so does the per-call converter', async () => {
    const stale = path.join(workDir, `indsatsplan-pool-${deadPid()}-r4T5y6`);
    fs.mkdirSync(path.join(stale, 'w0', 'profile'), { recursive: true });
    const converter = createPerCallConverter(testConfig({ CONVERSION_WORK_DIR: workDir }).conversion);
    await converter.start();
    try {
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.readdirSync(workDir)).toEqual([expect.stringMatching(new RegExp(`^indsatsplan-per-call-${process.pid}-`))]);
    } finally {
      await converter.close();
    }
  });
});
