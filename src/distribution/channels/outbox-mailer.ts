/**
 * The default mailer when no SMTP server is configured: each message becomes an `.eml`
 * file in an outbox folder, named by its delivery id (never a CPR number), for the
 * organisation's own secure mail system to send. A repeated delivery finds its file
 * there and does not write a second one.
 */
import nodemailer from 'nodemailer';
import { refuseUnsafeMail, toSendMailOptions } from './compose-mail.js';
import type { SecureMailer } from './types.js';
import { deliverToOutbox } from './write-outbox-file.js';

export interface OutboxMailerOptions {
  from: string;
}

export function createOutboxMailer(dir: string, options: OutboxMailerOptions): SecureMailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    // RFC 5322 lines end in CRLF; mail programs open such an .eml as is.
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: 'outbox',
    async send(mail) {
      const refused = refuseUnsafeMail(mail);
      if (refused) return refused;
      return deliverToOutbox(dir, `${mail.messageId}.eml`, async () => {
        const info = await transport.sendMail(toSendMailOptions(mail, options.from));
        return info.message as Buffer;
      });
    },
    async close() {
      transport.close();
    },
  };
}
