import { describe, expect, it } from 'vitest';
import { chooseDocumentDir, DOCUMENT_ROOM_PER_WORKER, type FolderProbe } from './work-dir.js';

const TMPFS = 0x01021994;
const EXT4 = 0xef53;
const MB = 1024 * 1024;

/** A machine whose folders are as given; any other folder is not there. */
const machine =
  (folders: Record<string, { type: number; freeMb: number; writable?: boolean }>): FolderProbe =>
  (dir) => {
    const f = folders[dir];
    return f ? { type: f.type, freeBytes: f.freeMb * MB, writable: f.writable ?? true } : null;
  };

describe('chooseDocumentDir', () => {
  const work = '/var/lib/indsatsplan/work';

  it('takes /dev/shm when it is memory with room for every worker', () => {
    const probe = machine({ '/dev/shm': { type: TMPFS, freeMb: 64 }, [work]: { type: EXT4, freeMb: 10_000 } });
    expect(chooseDocumentDir(undefined, work, 4, probe)).toEqual({ dir: '/dev/shm', inMemory: true });
  });

  it("falls back to the work dir when /dev/shm has too little room for the workers (a container's 64 MB and 8 workers)", () => {
    const probe = machine({ '/dev/shm': { type: TMPFS, freeMb: 64 }, [work]: { type: EXT4, freeMb: 10_000 } });
    expect(64 * MB).toBeLessThan(8 * DOCUMENT_ROOM_PER_WORKER);
    expect(chooseDocumentDir(undefined, work, 8, probe)).toEqual({ dir: work, inMemory: false, notInMemory: 'too-small' });
  });

  it('falls back when /dev/shm is missing, not memory, or not writable', () => {
    expect(chooseDocumentDir(undefined, work, 1, machine({ [work]: { type: EXT4, freeMb: 1 } }))).toEqual({ dir: work, inMemory: false, notInMemory: 'no-tmpfs' });
    expect(chooseDocumentDir(undefined, work, 1, machine({ '/dev/shm': { type: EXT4, freeMb: 1000 } }))).toMatchObject({ dir: work, notInMemory: 'no-tmpfs' });
    expect(chooseDocumentDir(undefined, work, 1, machine({ '/dev/shm': { type: TMPFS, freeMb: 1000, writable: false } }))).toMatchObject({ dir: work, notInMemory: 'not-writable' });
  });

  it('says so when the work dir it falls back to is itself memory', () => {
    expect(chooseDocumentDir(undefined, work, 1, machine({ [work]: { type: TMPFS, freeMb: 1 } }))).toEqual({ dir: work, inMemory: true, notInMemory: 'no-tmpfs' });
  });

  it('takes the configured folder as it is, and says whether it is memory', () => {
    const probe = machine({ '/dev/shm': { type: TMPFS, freeMb: 1000 }, '/run/indsatsplan': { type: TMPFS, freeMb: 8 }, '/srv/docs': { type: EXT4, freeMb: 8 } });
    expect(chooseDocumentDir('/run/indsatsplan', work, 8, probe)).toEqual({ dir: '/run/indsatsplan', inMemory: true });
    expect(chooseDocumentDir('/srv/docs', work, 1, probe)).toEqual({ dir: '/srv/docs', inMemory: false });
  });
});
