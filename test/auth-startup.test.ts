/**
 * The real entry point (server/index.ts) as a process: without authentication it refuses to
 * start where others could reach it or in production (exit 78, EX_CONFIG, with a Danish
 * message naming the settings), and on loopback it starts in development mode, saying so.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';

const ENTRY = path.join(PROJECT_ROOT, 'server', 'index.ts');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'auth-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the server until it exits, or until `until` appears in its output (then stops it). */
function run(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only what the service needs from the parent's environment, and none of its authentication.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', DATA_DIR: dataDir, CONVERTER: 'per-call', PORT: '0' };
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { cwd: PROJECT_ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    if (until?.test(stdout)) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const SETTINGS = ['API_KEYS', 'API_KEYS_FILE', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL', 'SESSION_SECRET'];

describe('starting the service without authentication', () => {
  it('refuses HOST=0.0.0.0 with exit code 78 and names the settings', async () => {
    const { code, stderr, stdout } = await run({ HOST: '0.0.0.0' });
    expect(code).toBe(78);
    expect(stderr).toContain('Ugyldig konfiguration');
    expect(stderr).toContain('HOST=0.0.0.0 kan nås fra andre maskiner og kræver godkendelse');
    for (const s of SETTINGS) expect(stderr).toContain(s);
    expect(stdout).not.toContain('listening');
  });

  it('refuses NODE_ENV=production even on loopback', async () => {
    const { code, stderr } = await run({ HOST: '127.0.0.1', NODE_ENV: 'production' });
    expect(code).toBe(78);
    expect(stderr).toContain('NODE_ENV=production kræver godkendelse');
    for (const s of SETTINGS) expect(stderr).toContain(s);
  });

  it('starts on loopback in development mode, with a warning', async () => {
    const { stdout } = await run({ HOST: '127.0.0.1' }, /indsatsplan listening/);
    const warning = stdout.split('\n').find((l) => l.includes('DEVELOPMENT MODE'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40 });
    expect(stdout).toContain('indsatsplan listening');
  });
});
