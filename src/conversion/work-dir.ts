/**
 * The converters' folders in the work dir (LibreOffice profiles, documents being converted).
 * Each is named with the pid of the service that made it, `indsatsplan-pool-<pid>-XXXXXX`,
 * so that a start can tell the leftovers of a service that died without cleaning up (kill -9,
 * a crash, a power cut) from the folders of a service still running beside it, and remove
 * only those.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findProcessesByArg, killProcessGroups } from './pool/find-processes.js';

export type WorkDirKind = 'pool' | 'per-call';

const OURS = /^indsatsplan-(?:pool|per-call)-(\d+)-[A-Za-z0-9]{6}$/;

/** A new folder of this process under `parent`. */
export function createWorkDir(parent: string, kind: WorkDirKind): string {
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, `indsatsplan-${kind}-${process.pid}-`));
}

/** True while a process with this pid exists (EPERM: it exists, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders under `parent` whose owning service is no longer running, after
 * stopping any LibreOffice or bridge still working in one. Folders of a living pid (this
 * service, or another beside it), of older versions without a pid, and everything that is
 * not ours are left alone. Returns the folders removed.
 */
export function removeStaleWorkDirs(parent: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return []; // no work dir yet: nothing left behind
  }
  const removed: string[] = [];
  for (const name of entries) {
    const pid = Number(OURS.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const dir = path.join(parent, name);
    killProcessGroups([...findProcessesByArg(dir), ...findProcessesByArg(dir, 'python3')]);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
