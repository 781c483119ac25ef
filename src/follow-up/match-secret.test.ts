import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followUpMatchSecret, MATCH_SECRET_FILE } from './match-secret.js';

describe('the follow-ups’ match secret', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the configured one, and then writes nothing', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'match-secret-'));
    expect(followUpMatchSecret('s'.repeat(32), dir)).toBe('s'.repeat(32));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is generated once into a file of the service user’s only, and the same ever after', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'match-secret-'));
    const data = path.join(dir, 'data'); // created when missing
    const first = followUpMatchSecret(undefined, data);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(data, MATCH_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(followUpMatchSecret(undefined, data)).toBe(first);
    // No draft is left beside it.
    expect(readdirSync(data)).toEqual([MATCH_SECRET_FILE]);
  });

  it('refuses a file that holds no usable secret rather than keying with it', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'match-secret-'));
    writeFileSync(path.join(dir, MATCH_SECRET_FILE), '\n');
    expect(() => followUpMatchSecret(undefined, dir)).toThrow(/no usable secret/);
  });
});
