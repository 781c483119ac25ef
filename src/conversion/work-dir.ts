/**
 * The converters' folders in the work dir (LibreOffice profiles, documents being converted).
 * Each is named with the pid of the service that made it, `indsatsplan-pool-<pid>-XXXXXX`,
 * so that a start can tell the leftovers of a service that died without cleaning up (kill -9,
 * a crash, a power cut) from the folders of a service still running beside it, and remove
 * only those.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
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

/** Linux's tmpfs: a file system in memory (statfs(2)). */
const TMPFS_MAGIC = 0x01021994;
/**
 * Room each worker's documents may need at once, with room to spare: the heaviest plans the text
 * limits allow (bench/lib/plans.ts, buildHeaviestPlan) took at most 2.9 MB in a worker's folder
 * during their conversion (the filled form 0.6 MB, its PDF 1.7 MB, LibreOffice's temp files),
 * against 0.36 MB for Bilag 2's form and PDF (.probe: the folder's size every 20 ms).
 */
export const DOCUMENT_ROOM_PER_WORKER = 16 * 1024 * 1024;
/** Linux's shared memory folder: tmpfs on every distribution, and in every container (64 MB by default). */
export const SHARED_MEMORY_DIR = '/dev/shm';

export interface DocumentDir {
  dir: string;
  /** True when the folder is memory (tmpfs): the documents never reach a disk, unless the machine swaps. */
  inMemory: boolean;
  /** Why not in memory, when /dev/shm was considered and not taken. */
  notInMemory?: 'no-tmpfs' | 'not-writable' | 'too-small';
}

/** What `chooseDocumentDir` asks of a folder: statfs(2) and access(2), or null when it is not there. */
export type FolderProbe = (dir: string) => { type: number; freeBytes: number; writable: boolean } | null;

const probeFolder: FolderProbe = (dir) => {
  try {
    const s = statfsSync(dir);
    let writable = true;
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      writable = false;
    }
    return { type: s.type, freeBytes: s.bavail * s.bsize, writable };
  } catch {
    return null;
  }
};

/**
 * Where the documents being converted go (the filled plan, its PDF, LibreOffice's temp files:
 * the plan's data, for about a tenth of a second each). The configured folder if there is one;
 * else /dev/shm when it is memory with room for every worker's documents; else the work dir.
 * In memory a document never reaches a disk, where a deleted file's blocks stay until they are
 * reused; and a conversion is faster: Bilag 2 84.3-92.9 ms against 89.3-104.3 on ext4, three
 * runs of 80 in turns (bench/README.md, What was cut).
 */
export function chooseDocumentDir(configured: string | undefined, workDir: string, workers: number, probe: FolderProbe = probeFolder): DocumentDir {
  if (configured) return { dir: configured, inMemory: probe(configured)?.type === TMPFS_MAGIC };
  const shm = probe(SHARED_MEMORY_DIR);
  const notInMemory = !shm || shm.type !== TMPFS_MAGIC ? 'no-tmpfs' : !shm.writable ? 'not-writable' : shm.freeBytes < workers * DOCUMENT_ROOM_PER_WORKER ? 'too-small' : undefined;
  if (!notInMemory) return { dir: SHARED_MEMORY_DIR, inMemory: true };
  return { dir: workDir, inMemory: probe(workDir)?.type === TMPFS_MAGIC, notInMemory };
}
