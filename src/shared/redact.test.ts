import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { containsCprLike, redactCpr, redactDeep } from './redact.js';
import { createLogger } from './logger.js';

describe('CPR redaction', () => {
  it('replaces CPR-like numbers with and without a dash', () => {
    expect(redactCpr('borger 010180-4000 og 0101804000')).toBe('borger [cpr] og [cpr]');
    expect(containsCprLike('tlf 20304050')).toBe(false);
    expect(containsCprLike('010180 4000')).toBe(true);
  });

  it('scrubs nested values', () => {
    expect(redactDeep({ a: ['x 010180-4000'], b: { c: 3 } })).toEqual({ a: ['x [cpr]'], b: { c: 3 } });
  });

  it('keeps CPR numbers out of log lines, in messages and fields alike', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ note: 'for 010180-4000', cpr: '0101804000', nested: { x: '2902004000' } }, 'plan for 010180-4000');
    expect(lines).toHaveLength(1);
    expect(containsCprLike(lines[0]!)).toBe(false);
    expect(lines[0]).toContain('[cpr]');
  });
});
