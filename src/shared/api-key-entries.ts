/**
 * API key entries of case systems, as the configuration holds them: parsed with the rest of
 * it, every problem at once; src/auth/api-keys.ts verifies presented keys against them. The
 * service knows only each key's SHA-256, never the key: `API_KEYS` (and the file `API_KEYS_FILE`) hold entries `name=sha256hex[:item+item…]`,
 * separated by commas or line breaks. The items after the colon are roles (`referent`,
 * `coordinator`, `system`, `operations`) and the flag `x-actor`, which lets the key name the
 * person it acts for in the X-Actor header. A key without roles has the `system` role.
 * Removing an entry revokes the key at the next start.
 */
import { ROLES, type Role } from './roles.js';

/** The entry item that lets a key name the person it acts for (X-Actor). */
export const ACTOR_FLAG = 'x-actor';

export interface ApiKeyEntry {
  name: string;
  /** SHA-256 of the key, lower-case hex. */
  hash: string;
  roles: Role[];
  mayNameActor: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Parses entries; `source` names the setting in the problems (which name the entry by its
 * name or position, never by its hash). Lines starting with # are comments.
 */
export function parseApiKeys(text: string, source: string): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const raw = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));
  raw.forEach((entry, i) => {
    const where = `${source}: indgang ${i + 1}`;
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!NAME.test(name)) {
      problems.push(`${where}: skal have formen navn=sha256hex[:rolle+rolle], hvor navnet er 1-64 tegn (bogstaver a-z, tal, . _ -)`);
      return;
    }
    const [hash = '', items, ...rest] = entry.slice(eq + 1).split(':').map((s) => s.trim());
    if (!SHA256_HEX.test(hash) || rest.length > 0) {
      problems.push(`${where} (${name}): efter = skal stå nøglens SHA-256 som 64 hextegn, eventuelt fulgt af :rolle+rolle`);
      return;
    }
    const roles: Role[] = [];
    let mayNameActor = false;
    for (const item of (items ?? '').split('+').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      if (item === ACTOR_FLAG) mayNameActor = true;
      else if ((ROLES as readonly string[]).includes(item)) roles.push(item as Role);
      else problems.push(`${where} (${name}): ukendt rolle "${item}"; brug ${ROLES.join(', ')} eller ${ACTOR_FLAG}`);
    }
    entries.push({ name, hash: hash.toLowerCase(), roles: roles.length ? [...new Set(roles)] : ['system'], mayNameActor });
  });
  return { entries, problems };
}

/** Problems of a whole set of entries: a name or a key used twice. */
export function duplicateApiKeyProblems(entries: ApiKeyEntry[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const hashes = new Map<string, string>();
  for (const e of entries) {
    if (names.has(e.name)) problems.push(`API_KEYS: navnet "${e.name}" er brugt mere end én gang`);
    names.add(e.name);
    const other = hashes.get(e.hash);
    if (other) problems.push(`API_KEYS: "${e.name}" og "${other}" har samme nøgle`);
    hashes.set(e.hash, e.name);
  }
  return problems;
}
