/**
 * The real service (server/index.ts) as a child process, configured only by its
 * environment, for tests of what happens across a restart: its JSON log lines are kept
 * and can be waited for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/shared/paths.js';

export interface ServiceProcess {
  baseUrl: string;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The first log line with this message (waiting for it if need be). */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the signal and waits until the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A start takes a second or two alone, but tsx compiles the server and LibreOffice starts in
 * it: on a 2-core machine running the whole suite that has taken over 30 s. The budget is for
 * a start that hangs, not for a slow one.
 */
const START_BUDGET_MS = 150_000;

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server', 'index.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let rest = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = once(child, 'exit');
  child.on('exit', () => {
    for (const w of waiters.splice(0)) w();
  });

  const waitForLog = async (msg: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logs.find((l) => l.msg === msg);
      if (found) return found;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`service exited before "${msg}": ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no "${msg}" within ${timeoutMs} ms: ${stderr}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };

  await waitForLog('indsatsplan listening', START_BUDGET_MS);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    waitForLog,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
