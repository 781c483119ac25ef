/**
 * Writes one delivery into an outbox folder that another system picks up: atomically
 * (a reader never sees half a file) and at most once per name (a repeated delivery
 * finds the file already there and leaves it alone).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { containsCprLike } from '../../shared/redact.js';
import type { DeliveryResult } from './types.js';

/** A file name is an id we made up: letters, digits, dot, dash, underscore; never a CPR number. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

export function assertSafeFileName(name: string): void {
  if (!SAFE_NAME.test(name) || name.includes('..') || containsCprLike(name)) {
    throw new Error('unsafe outbox file name');
  }
}

/**
 * A file being written: the name starts with a dot so a pick-up that skips hidden files
 * never takes it; random, so two writers never share one.
 */
const tempName = (fileName: string) => `.${fileName}.${randomBytes(6).toString('hex')}.tmp`;
const TEMP_NAME = /^\.[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.[0-9a-f]{12}\.tmp$/;

export interface OutboxWriteResult {
  fileName: string;
  /** False: a file of that name was already there (an earlier attempt delivered it). */
  written: boolean;
}

export async function writeOutboxFile(dir: string, fileName: string, data: Buffer | string): Promise<OutboxWriteResult> {
  assertSafeFileName(fileName);
  // Group-readable, so the system that picks the files up can run as its own user in the group.
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const target = path.join(dir, fileName);
  const temp = path.join(dir, tempName(fileName));
  const fh = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    // link() fails if the target exists, where rename() would replace it: that makes
    // "publish if not yet published" one atomic step, also between two processes.
    await link(temp, target);
    await syncDir(dir);
    return { fileName, written: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { fileName, written: false };
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Removes the temporary files that writes cut short by a crash left in an outbox folder
 * (whole e-mails with the plan attached, among them); returns how many. For start-up, before
 * any delivery is resumed. With one service process per outbox folder no write is running
 * then (`minAgeMs` 0: all go); in a folder replicas share, another replica may be writing, so
 * only files last written more than `minAgeMs` before `now` go (a write older than a claim's
 * lease belongs to an attempt that is over). Nothing but this module's own temporary names
 * is touched.
 */
export async function removeLeftoverTempFiles(dir: string, minAgeMs = 0, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const removed = await Promise.all(
    names.filter((n) => TEMP_NAME.test(n)).map(async (n) => {
      const file = path.join(dir, n);
      try {
        if (minAgeMs > 0 && (await stat(file)).mtimeMs > now - minAgeMs) return false;
        await unlink(file);
        return true;
      } catch {
        return false;
      }
    }),
  );
  return removed.filter(Boolean).length;
}

/** Makes the new directory entry survive a power cut, not just the file's bytes. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already synced.
  } finally {
    await fh.close();
  }
}

/**
 * An outbox delivery as a channel result: already there counts as sent (an earlier
 * attempt delivered it); a disk problem is worth retrying.
 */
export async function deliverToOutbox(
  dir: string,
  fileName: string,
  data: Buffer | string | (() => Promise<Buffer | string>),
): Promise<DeliveryResult> {
  try {
    assertSafeFileName(fileName);
  } catch {
    return { status: 'failed', permanent: true, code: 'invalid', reason: 'Filnavnet til udbakken er ugyldigt, så intet er lagt i udbakken.' };
  }
  try {
    // The usual repeat (a resumed send) is answered without building the content again;
    // a race between two senders is still settled by writeOutboxFile.
    if (await exists(path.join(dir, fileName))) return { status: 'sent', reference: fileName };
    const { fileName: written } = await writeOutboxFile(dir, fileName, typeof data === 'function' ? await data() : data);
    return { status: 'sent', reference: written };
  } catch {
    return { status: 'failed', permanent: false, code: 'unknown', reason: 'Filen kunne ikke lægges i udbakken.' };
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
