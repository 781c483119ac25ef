/**
 * The delivery channels of a distribution, each behind one small interface; the real
 * implementation (SMTP, a Digital Post gateway, a print service) or the embedded
 * outbox-folder default is chosen at start-up from configuration.
 */

export type DeliveryResult =
  | { status: 'sent'; /** e.g. the SMTP message id or the outbox file name */ reference: string }
  | DeliveryFailure;

/** Why a delivery failed, for machines (the reason is for people). */
export type DeliveryFailureCode =
  | 'tls-unavailable'
  | 'tls-certificate'
  | 'tls-version'
  | 'auth'
  | 'rejected'
  | 'deferred'
  | 'connection'
  | 'invalid'
  | 'unsafe-content'
  | 'unknown';

export interface DeliveryFailure {
  status: 'failed';
  /** true: retrying will not help */
  permanent: boolean;
  /** Danish, no CPR, no diagnosis */
  reason: string;
  code?: DeliveryFailureCode;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface SecureMail {
  to: string;
  toName: string;
  /** Never a CPR number or a diagnosis. */
  subject: string;
  text: string;
  attachments: MailAttachment[];
  /** Stable per delivery, so a repeated attempt can be recognised. */
  messageId: string;
}

/** Secure e-mail: TLS 1.2+ enforced and the certificate verified, or nothing is sent. */
export interface SecureMailer {
  readonly kind: 'smtp' | 'outbox';
  send(mail: SecureMail): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export interface DigitalPostMessage {
  /** Stable per delivery (the MeMo messageUUID). */
  messageUuid: string;
  recipientCpr: string;
  recipientName: string;
  /** The message's title in the citizen's inbox; never a CPR number or a diagnosis. */
  label: string;
  pdf: Buffer;
  fileName: string;
}

/** Digital Post: hands a MeMo 1.1 message to the organisation's own gateway. */
export interface DigitalPostGateway {
  readonly kind: string;
  send(message: DigitalPostMessage): Promise<DeliveryResult>;
}

export interface PrintLetter {
  /** Stable per delivery. */
  letterId: string;
  /** Cover letter followed by the plan, print-ready. */
  pdf: Buffer;
  fileName: string;
}

/** Physical letters: hands a print-ready PDF to the print service (by default an outbox folder). */
export interface PrintService {
  readonly kind: string;
  send(letter: PrintLetter): Promise<DeliveryResult>;
}
