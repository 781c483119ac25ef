/**
 * What the SMTP and the outbox mailer share: the last check that nothing identifying
 * leaks into the parts of a message that travel unencrypted or show in an inbox list,
 * and the nodemailer message built from a SecureMail.
 */
import type { SendMailOptions } from 'nodemailer';
import { containsCprLike } from '../../shared/redact.js';
import type { DeliveryFailure, SecureMail } from './types.js';

/** A delivery id we made up, safe as a Message-ID local part and as a file name. */
const MESSAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;

/** Refuses a message whose subject, file names or id look like they carry a CPR number. */
export function refuseUnsafeMail(mail: SecureMail): DeliveryFailure | undefined {
  const exposed = [mail.subject, mail.messageId, ...mail.attachments.map((a) => a.filename)];
  if (exposed.some(containsCprLike)) {
    return {
      status: 'failed',
      permanent: true,
      code: 'unsafe-content',
      reason: 'Emnelinjen, et filnavn eller beskedens id ligner et CPR-nummer, så beskeden er ikke sendt.',
    };
  }
  if (!MESSAGE_ID.test(mail.messageId)) {
    return { status: 'failed', permanent: true, code: 'invalid', reason: 'Beskedens id er ugyldigt, så beskeden er ikke sendt.' };
  }
  return undefined;
}

/** `<id@domain>`: the domain is the sender's, as RFC 5322 recommends for uniqueness. */
export function messageIdHeader(messageId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'indsatsplan.invalid';
  return `<${messageId}@${domain}>`;
}

/** A meeting request travels as the iMIP calendar part, so mail programs offer Accept/Decline. */
function isMeetingRequest(a: SecureMail['attachments'][number]): boolean {
  return a.contentType.toLowerCase().startsWith('text/calendar') && /^METHOD:REQUEST\r?$/m.test(a.content.toString('utf8'));
}

export function toSendMailOptions(mail: SecureMail, from: string): SendMailOptions {
  const calendar = mail.attachments.find(isMeetingRequest);
  return {
    from,
    to: { name: mail.toName, address: mail.to },
    subject: mail.subject,
    text: mail.text,
    messageId: messageIdHeader(mail.messageId, from),
    attachments: mail.attachments
      .filter((a) => a !== calendar)
      .map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ...(calendar ? { icalEvent: { method: 'REQUEST', filename: calendar.filename, content: calendar.content } } : {}),
  };
}
