/**
 * The benchmark's processes: a service or rival started as its own process group (so it and
 * every LibreOffice it started can be stopped at once), waited for, asked, and stopped.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../src/shared/paths.js';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let built = false;

/**
 * This service as `npm start` runs it: the built JavaScript, with the Node flags of the start
 * script (package.json), so the benchmark measures what is deployed. Builds once per run.
 */
export function spawnService(env: Record<string, string>): ChildProcess {
  if (!built) {
    execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    built = true;
  }
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's start script does not run node: ${pkg.scripts.start}`);
  return spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
}

export function spawnTs(file: string, args: string[], env: Record<string, string>): ChildProcess {
  // The rival's own process group, so it and every LibreOffice it started can be stopped at once.
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
}

export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready within ${ms} ms`);
}

export const get = (port: number, p: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });

function descendants(root: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    for (const [pid, ppid] of pairs) {
      if (ppid !== p) continue;
      found.push(pid);
      stack.push(pid);
    }
  }
  return found;
}

/** Stops a rival: SIGTERM to its main process (lets it shut down), then SIGKILL to all it started. */
export async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  const all = descendants(pid);
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  for (const p of [pid, ...all]) {
    for (const target of [-p, p]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
