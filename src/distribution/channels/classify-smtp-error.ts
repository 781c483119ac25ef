/**
 * Turns whatever nodemailer reports into a delivery outcome: permanent (retrying the same
 * message will not help: no STARTTLS, an untrusted certificate, TLS below 1.2, a refused
 * login, a 5xx reply) or transient (a 4xx reply, a refused or dropped connection, a
 * timeout), with a Danish reason that names no CPR number and no plan content.
 */
import type { NodemailerError } from 'nodemailer';
import { redactCpr } from '../../shared/redact.js';
import type { DeliveryFailure } from './types.js';

/** OpenSSL's and node's names for a certificate that did not verify. */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME/;
const CERTIFICATE_MESSAGE = /certificate|self[- ]signed|altnames|unable to verify/i;
/** OpenSSL's names for a handshake that found no protocol version or cipher both accept. */
const PROTOCOL_CODE = /^ERR_SSL_/;
const PROTOCOL_MESSAGE = /protocol version|unsupported protocol|no protocols available|wrong version number|version too low/i;
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export function classifySmtpError(err: unknown): DeliveryFailure {
  const e = (err ?? {}) as NodemailerError;
  const codes = [e.code, e.originalCode].filter((c): c is string => typeof c === 'string');
  const message = typeof e.message === 'string' ? e.message : String(err);
  const reply = e.responseCode ? ` (SMTP ${e.responseCode}${serverText(e.response)})` : '';

  if (e.code === 'ETLS' && e.command === 'STARTTLS' && e.responseCode) {
    return failure('tls-unavailable', true, `Mailserveren tilbyder ikke krypteret forbindelse (STARTTLS), så beskeden er ikke sendt${reply}.`);
  }
  if (codes.some((c) => CERTIFICATE_CODE.test(c)) || CERTIFICATE_MESSAGE.test(message)) {
    return failure('tls-certificate', true, 'Mailserverens certifikat kunne ikke verificeres, så beskeden er ikke sendt.');
  }
  if (codes.some((c) => PROTOCOL_CODE.test(c)) || PROTOCOL_MESSAGE.test(message)) {
    return failure('tls-version', true, 'Mailserveren understøtter ikke TLS 1.2 eller nyere, så beskeden er ikke sendt.');
  }
  if (e.code === 'ETLS') {
    return failure('tls-unavailable', true, `Der kunne ikke oprettes en krypteret forbindelse til mailserveren, så beskeden er ikke sendt${reply}.`);
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return failure('auth', true, `Mailserveren afviste login, så beskeden er ikke sendt${reply}.`);
  }
  if (e.responseCode) {
    // nodemailer sets `permanent` from the reply class (5xx except 503); a reply without it
    // is judged the same way here.
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    return permanent
      ? failure('rejected', true, `Mailserveren afviste beskeden${reply}.`)
      : failure('deferred', false, `Mailserveren kunne ikke tage imod beskeden lige nu${reply}.`);
  }
  if (codes.some((c) => CONNECTION_CODES.has(c))) {
    return failure('connection', false, 'Mailserveren kunne ikke nås.');
  }
  if (e.code === 'EENVELOPE' || e.code === 'ECONFIG' || e.code === 'EMESSAGE') {
    return failure('invalid', true, 'Beskeden eller modtageradressen er ugyldig, så beskeden er ikke sendt.');
  }
  // Unknown: retried (bounded by the caller), since giving up would lose a delivery.
  return failure('unknown', false, 'Beskeden kunne ikke sendes på grund af en ukendt fejl.');
}

function failure(code: DeliveryFailure['code'], permanent: boolean, reason: string): DeliveryFailure {
  return { status: 'failed', permanent, reason, code };
}

/** The server's own words help whoever fixes it; a server may echo an address, never a CPR. */
function serverText(response: string | undefined): string {
  if (!response) return '';
  const text = redactCpr(response.replace(/^\d{3}[ -]?/, '').replace(/\s+/g, ' ').trim()).slice(0, 160);
  return text ? `: ${text}` : '';
}
