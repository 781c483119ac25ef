/**
 * The secret the follow-ups' match keys are HMACs under (followUpMatchKey): FOLLOW_UP_MATCH_SECRET,
 * or, on the embedded SQLite store, one generated on first use into a file of its own in DATA_DIR
 * (readable by the service's user only). Never in the database: a copy of the database alone must
 * not be enough to try every CPR number against the keys. With PostgreSQL the variable is
 * required (config.ts): every replica needs the same secret, and no replica's folder is shared.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MATCH_SECRET_FILE = 'follow-up-match.secret';

export function followUpMatchSecret(configured: string | undefined, dataDir: string): string {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, MATCH_SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole under a name of its own, then linked into place: a link fails if the file
    // exists, so a secret is never replaced, and no reader ever sees it half written.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret; remove it or set FOLLOW_UP_MATCH_SECRET`);
  return secret;
}
