/**
 * API keys of case systems, presented as `Authorization: Bearer <key>`: the key's SHA-256 is
 * looked up among the configured entries (src/shared/api-key-entries.ts), never the key itself.
 */
import { createHash } from 'node:crypto';
import type { Identity } from './identity.js';
import type { ApiKeyEntry } from '../shared/api-key-entries.js';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const MAX_KEY_LENGTH = 512;

/** Finds the identity of a presented key; undefined for a key the configuration does not hold. */
export function createApiKeyVerifier(entries: ApiKeyEntry[], organisation: string): (key: string) => Identity | undefined {
  // A lookup by the key's hash: what the service compares is never the key itself.
  const byHash = new Map(entries.map((e) => [e.hash, e]));
  return (key) => {
    if (!key || key.length > MAX_KEY_LENGTH) return undefined;
    const entry = byHash.get(hashApiKey(key));
    if (!entry) return undefined;
    return { kind: 'key', id: `key:${entry.name}`, name: entry.name, organisation, roles: entry.roles, mayNameActor: entry.mayNameActor };
  };
}
