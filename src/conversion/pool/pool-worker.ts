/**
 * One warm LibreOffice: a soffice.bin in its own process group, started and driven by a
 * uno_bridge.py process that Node talks to with one JSON object per line. The worker
 * knows how to start, convert one file, report its memory and die cleanly; the pool
 * decides when.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LOG_SAFE_MESSAGE, type Logger } from '../../shared/logger.js';
import { findProcessesByArg, killProcessGroups } from './find-processes.js';
import { seedWorkerProfile } from './office-profile.js';
import { IMPORT_FILTER, PDF_EXPORT_FILTER_DATA, type DocumentFormat } from '../converter.js';

/** What a conversion makes: a PDF, or an .odt (a template's ODT form, see src/templating/odt-form.ts). */
export type Target = 'pdf' | 'odt';

export interface WorkerOptions {
  python: string;
  bridgeScript: string;
  sofficeBin: string;
  profileDir: string;
  tmpDir: string;
  pipeName: string;
  /** A shared library to preload into soffice.bin (the allocator), or none. */
  officePreload?: string;
  /** Bound on start-up (a fresh profile takes a few seconds, twice: exit code 81). */
  startTimeoutMs: number;
  logger: Logger;
}

/** The office or its bridge died: the document may be fine, another worker may retry. */
export class WorkerCrashError extends Error {
  /** Exit codes, signals and LibreOffice's own exception text (paths of our temp files), never the document. */
  readonly [LOG_SAFE_MESSAGE] = true;
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

/** LibreOffice could not read or export this document; the worker lives on. */
export class DocumentError extends Error {
  /** LibreOffice's exception text, which names our temp file, not its content. */
  readonly [LOG_SAFE_MESSAGE] = true;
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

type BridgeMessage =
  | { event: 'ready'; pid: number; sockets: string[] }
  | { event: 'start-failed'; error: string }
  | { event: 'office-exit'; code: number }
  | { id: number; ok: boolean; fatal?: boolean; error?: string };

export class PoolWorker {
  /** Set once the worker died or was killed; the pool then replaces it. */
  dead = false;
  officePid: number | undefined;
  private bridge: ChildProcess | undefined;
  private sockets: string[] = [];
  private nextId = 1;
  private pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private onReady: ((err?: Error) => void) | undefined;
  /** Called once when the worker dies on its own (not when killed by the pool). */
  onDeath: ((why: string) => void) | undefined;

  constructor(private readonly opts: WorkerOptions) {}

  /** Starts the office and connects the bridge; rejects on failure or after startTimeoutMs. */
  start(): Promise<void> {
    mkdirSync(this.opts.profileDir, { recursive: true });
    mkdirSync(this.opts.tmpDir, { recursive: true });
    seedWorkerProfile(this.opts.profileDir);
    const { python, bridgeScript, sofficeBin, profileDir, tmpDir, pipeName, startTimeoutMs, officePreload } = this.opts;
    const bridge = spawn(python, [bridgeScript, sofficeBin, profileDir, tmpDir, pipeName, String(startTimeoutMs / 1000)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Only for soffice.bin: the bridge passes it on as LD_PRELOAD.
      env: { ...process.env, OFFICE_LD_PRELOAD: officePreload ?? '' },
    });
    this.bridge = bridge;
    bridge.stdin.on('error', () => undefined); // EPIPE after a crash is reported by 'exit'
    bridge.stderr.on('data', (chunk: Buffer) => this.opts.logger.debug({ pipe: pipeName, stderr: chunk.toString('utf8').slice(0, 500) }, 'uno bridge stderr'));
    createInterface({ input: bridge.stdout }).on('line', (line) => this.onLine(line));
    bridge.on('error', (err) => this.die(`bridge could not start: ${err.message}`));
    bridge.on('exit', (code, signal) => this.die(`bridge exited (code ${code}, signal ${signal})`));

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onReady = undefined;
        reject(new WorkerCrashError(`worker did not start within ${startTimeoutMs} ms`));
      }, startTimeoutMs + 5000); // the bridge's own bound comes first and cleans up
      this.onReady = (err) => {
        clearTimeout(timer);
        this.onReady = undefined;
        if (err) reject(err);
        else resolve();
      };
    });
  }

  /** Converts input to output (both paths in this worker's tmpDir). No time limit here: the pool owns it. */
  convert(input: string, format: DocumentFormat, output: string, target: Target): Promise<void> {
    if (this.dead || !this.bridge) return Promise.reject(new WorkerCrashError('worker is not running'));
    const id = this.nextId++;
    const request = { id, input, importFilter: IMPORT_FILTER[format], output, ...(target === 'pdf' ? { filterData: PDF_EXPORT_FILTER_DATA } : { exportFilter: 'writer8' }) };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.bridge!.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Resident memory of the soffice.bin, in MB, from /proc; undefined if unknown. */
  rssMb(): number | undefined {
    if (!this.officePid) return undefined;
    try {
      const status = readFileSync(`/proc/${this.officePid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Kills the office's whole process group and the bridge; removes its pipes and temp files. */
  async kill(): Promise<void> {
    this.dead = true;
    this.onDeath = undefined;
    if (this.officePid) killProcessGroups([this.officePid]);
    const bridge = this.bridge;
    if (bridge && bridge.exitCode === null && bridge.signalCode === null) {
      const exited = new Promise<void>((resolve) => bridge.once('exit', () => resolve()));
      // SIGTERM first: before 'ready' only the bridge knows the office's pid.
      bridge.kill(this.officePid ? 'SIGKILL' : 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
      bridge.kill('SIGKILL');
    }
    // Last sweep: any soffice.bin on this worker's profile (started by a bridge that died early).
    const strays = findProcessesByArg(this.opts.profileDir);
    killProcessGroups(strays);
    for (const pid of [...strays, ...(this.officePid ? [this.officePid] : [])]) await waitForExit(pid, 2000);
    this.failPending('worker was stopped');
    for (const socket of [...this.sockets, `/tmp/OSL_PIPE_${process.getuid?.() ?? 0}_${this.opts.pipeName}`]) {
      try {
        unlinkSync(socket);
      } catch {
        // already gone
      }
    }
    clearDir(this.opts.tmpDir);
  }

  private onLine(line: string): void {
    let msg: BridgeMessage;
    try {
      msg = JSON.parse(line) as BridgeMessage;
    } catch {
      this.opts.logger.warn({ pipe: this.opts.pipeName }, 'uno bridge wrote a line that is not JSON');
      return;
    }
    if ('event' in msg) {
      if (msg.event === 'ready') {
        this.officePid = msg.pid;
        this.sockets = msg.sockets;
        this.onReady?.();
      } else if (msg.event === 'start-failed') {
        this.onReady?.(new WorkerCrashError(`LibreOffice did not start: ${msg.error}`));
      } else if (msg.event === 'office-exit') {
        this.die(`soffice.bin exited with code ${msg.code}`);
      }
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    if (msg.ok) waiter.resolve();
    else if (msg.fatal) {
      waiter.reject(new WorkerCrashError(`LibreOffice died during conversion: ${msg.error}`));
      this.die('office died during conversion');
    } else waiter.reject(new DocumentError(`LibreOffice could not convert the document: ${msg.error}`));
  }

  private die(why: string): void {
    this.onReady?.(new WorkerCrashError(why));
    this.failPending(why);
    if (this.dead) return;
    this.dead = true;
    const onDeath = this.onDeath;
    this.onDeath = undefined;
    onDeath?.(why);
  }

  private failPending(why: string): void {
    for (const waiter of this.pending.values()) waiter.reject(new WorkerCrashError(why));
    this.pending.clear();
  }
}

async function waitForExit(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    // A zombie still answers kill(0); its state in /proc says it is gone.
    try {
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function clearDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function bridgeScriptPath(projectRoot: string): string {
  return path.join(projectRoot, 'src', 'conversion', 'pool', 'uno_bridge.py');
}
