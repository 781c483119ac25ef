import { describe, expect, it } from 'vitest';
import { createApiKeyVerifier, hashApiKey } from './api-keys.js';
import { duplicateApiKeyProblems, parseApiKeys } from '../shared/api-key-entries.js';

const H = hashApiKey('nøgle-1');

describe('API key entries', () => {
  it('reads name, hash, roles and the x-actor flag; no roles means system', () => {
    const { entries, problems } = parseApiKeys(`sbsys=${H}, drift=${H.toUpperCase()}:operations\n# a comment\nkoordinator=${H}:coordinator+referent+x-actor`, 'API_KEYS');
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { name: 'sbsys', hash: H, roles: ['system'], mayNameActor: false },
      { name: 'drift', hash: H, roles: ['operations'], mayNameActor: false },
      { name: 'koordinator', hash: H, roles: ['coordinator', 'referent'], mayNameActor: true },
    ]);
    expect(parseApiKeys(`fagsystem=${H}:x-actor`, 'API_KEYS').entries[0]).toMatchObject({ roles: ['system'], mayNameActor: true });
  });

  it('names every wrong entry in Danish, by position and name, never by its hash', () => {
    const { problems } = parseApiKeys(`=${H}, sbsys=abc, a=${H}:admin, b=${H}:referent:x`, 'API_KEYS_FILE');
    expect(problems).toEqual([
      'API_KEYS_FILE: indgang 1: skal have formen navn=sha256hex[:rolle+rolle], hvor navnet er 1-64 tegn (bogstaver a-z, tal, . _ -)',
      'API_KEYS_FILE: indgang 2 (sbsys): efter = skal stå nøglens SHA-256 som 64 hextegn, eventuelt fulgt af :rolle+rolle',
      'API_KEYS_FILE: indgang 3 (a): ukendt rolle "admin"; brug referent, coordinator, system, operations eller x-actor',
      'API_KEYS_FILE: indgang 4 (b): efter = skal stå nøglens SHA-256 som 64 hextegn, eventuelt fulgt af :rolle+rolle',
    ]);
    expect(problems.join('\n')).not.toContain(H);
    const twice = parseApiKeys(`a=${H}, a=${hashApiKey('x')}, b=${H}`, 'API_KEYS').entries;
    expect(duplicateApiKeyProblems(twice)).toEqual(['API_KEYS: navnet "a" er brugt mere end én gang', 'API_KEYS: "b" og "a" har samme nøgle']);
  });

  it('knows a key by its hash only', () => {
    const verify = createApiKeyVerifier(parseApiKeys(`sbsys=${H}:coordinator`, 'API_KEYS').entries, 'Roskilde Kommune');
    expect(verify('nøgle-1')).toEqual({ kind: 'key', id: 'key:sbsys', name: 'sbsys', organisation: 'Roskilde Kommune', roles: ['coordinator'], mayNameActor: false });
    expect(verify(H)).toBeUndefined();
    expect(verify('nøgle-2')).toBeUndefined();
    expect(verify('')).toBeUndefined();
  });
});
