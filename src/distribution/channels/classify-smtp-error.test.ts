import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './classify-smtp-error.js';

const err = (props: Record<string, unknown>, message = 'x') => Object.assign(new Error(message), props);

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 452, permanent: false, response: '452 4.2.2 Mailbox full' }, false, 'deferred'],
    [{ code: 'EMESSAGE', responseCode: 421, permanent: false, response: '421 closing' }, false, 'deferred'],
    [{ code: 'EPROTOCOL', responseCode: 503, permanent: false, response: '503 bad sequence' }, false, 'deferred'],
    [{ code: 'EENVELOPE', responseCode: 550, permanent: true, response: '550 5.1.1 No such user' }, true, 'rejected'],
    [{ code: 'EMESSAGE', responseCode: 554 }, true, 'rejected'],
    [{ code: 'ETIMEDOUT' }, false, 'connection'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, false, 'connection'],
    [{ code: 'EDNS', originalCode: 'ENOTFOUND' }, false, 'connection'],
    [{ code: 'EAUTH', responseCode: 535, permanent: true }, true, 'auth'],
    [{ code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' }, true, 'tls-certificate'],
    [{ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }, true, 'tls-certificate'],
    [{ code: 'ESOCKET', originalCode: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }, true, 'tls-version'],
    [{ code: 'ETLS', command: 'STARTTLS', responseCode: 454, response: '454 TLS not available' }, true, 'tls-unavailable'],
    [{ code: 'ETLS', command: 'CONN' }, true, 'tls-unavailable'],
  ])('%o → permanent %s (%s)', (props, permanent, code) => {
    expect(classifySmtpError(err(props))).toMatchObject({ status: 'failed', permanent, code });
  });

  it('keeps the server words but never a CPR number', () => {
    const r = classifySmtpError(err({ code: 'EENVELOPE', responseCode: 550, permanent: true, response: '550 5.1.1 <010180-4000@x.dk> unknown' }));
    expect(r.reason).toContain('550');
    expect(r.reason).toContain('unknown');
    expect(r.reason).not.toMatch(/010180/);
  });

  it('retries what it does not recognise', () => {
    expect(classifySmtpError(new Error('?'))).toMatchObject({ permanent: false, code: 'unknown' });
    expect(classifySmtpError(undefined)).toMatchObject({ permanent: false, code: 'unknown' });
  });
});
