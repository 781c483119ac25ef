/**
 * Secure e-mail over SMTP. TLS is never optional: implicit TLS, or STARTTLS with
 * `requireTLS` (nodemailer then sends STARTTLS whatever the server announces and gives
 * up if it is refused), TLS 1.2 at least, and the server's certificate verified against
 * the system's CAs plus the organisation's own. If any of that fails, nothing is sent.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer, { type SMTPTransportOptions } from 'nodemailer';
import type { Logger } from '../../shared/logger.js';
import { ConfigError, type Config } from '../../shared/config.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { refuseUnsafeMail, toSendMailOptions } from './compose-mail.js';
import type { SecureMailer } from './types.js';

export type SmtpSettings = NonNullable<Config['mail']['smtp']>;

export interface SmtpMailerOptions {
  from: string;
  logger?: Logger;
  /** Milliseconds; a short wait keeps a dead server from holding a whole distribution. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** The transport options; exported so a test can see that no setting weakens TLS. */
export function smtpTransportOptions(smtp: SmtpSettings, options: SmtpMailerOptions): SMTPTransportOptions {
  // SMTP_CA_FILE adds a CA; setting `ca` alone would replace the system's CAs.
  const ca = smtp.caFile ? [...rootCertificates, readCa(smtp.caFile)] : undefined;
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: true,
    ignoreTLS: false,
    opportunisticTLS: false,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(ca ? { ca } : {}) },
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.greetingTimeoutMs ?? 15_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    // Attachments are always buffers; a path or URL in a message would be a bug or an attack.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** A missing or unreadable CA file is a configuration error at start-up, not a failed delivery later. */
function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`SMTP_CA_FILE: filen ${file} kan ikke læses`]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError([`SMTP_CA_FILE: filen ${file} indeholder intet PEM-certifikat`]);
  return pem;
}

export function createSmtpMailer(smtp: SmtpSettings, options: SmtpMailerOptions): SecureMailer {
  const transport = nodemailer.createTransport(smtpTransportOptions(smtp, options));
  return {
    kind: 'smtp',
    async send(mail) {
      const refused = refuseUnsafeMail(mail);
      if (refused) return refused;
      try {
        const info = await transport.sendMail(toSendMailOptions(mail, options.from));
        if (info.rejected.length > 0 || info.accepted.length === 0) {
          return { status: 'failed', permanent: true, code: 'rejected', reason: 'Mailserveren afviste modtageren.' };
        }
        return { status: 'sent', reference: info.messageId };
      } catch (err) {
        const result = classifySmtpError(err);
        const e = err as { code?: string; originalCode?: string; responseCode?: number };
        options.logger?.warn(
          { deliveryId: mail.messageId, code: e.code, originalCode: e.originalCode, responseCode: e.responseCode, outcome: result.code, permanent: result.permanent },
          'secure e-mail not delivered',
        );
        return result;
      }
    },
    async close() {
      transport.close();
    },
  };
}
