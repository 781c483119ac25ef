/**
 * Chooses each channel's implementation from configuration at start-up: SMTP when a
 * server is configured, else the outbox folder, so the service works out of the box.
 */
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';
import { createOutboxDigitalPostGateway } from './outbox-digital-post-gateway.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createPrintOutbox } from './print-outbox.js';
import { createSmtpMailer } from './smtp-mailer.js';
import type { DigitalPostGateway, PrintService, SecureMailer } from './types.js';

export function createMailer(config: Config, logger?: Logger): SecureMailer {
  const { smtp, from, outboxDir } = config.mail;
  return smtp ? createSmtpMailer(smtp, { from, logger }) : createOutboxMailer(outboxDir, { from });
}

export interface DeliveryChannels {
  mailer: SecureMailer;
  digitalPost: DigitalPostGateway;
  print: PrintService;
}

/** The folders the outbox channels write into (the mail outbox too when SMTP is configured: it may hold an earlier run's files). */
export function outboxDirs(config: Config): string[] {
  return [config.mail.outboxDir, config.digitalPost.outboxDir, config.print.outboxDir];
}

export function createChannels(config: Config, logger?: Logger): DeliveryChannels {
  return {
    mailer: createMailer(config, logger),
    digitalPost: createOutboxDigitalPostGateway(config.digitalPost.outboxDir, {
      senderCvr: config.digitalPost.senderCvr,
      senderLabel: config.digitalPost.senderLabel,
    }),
    print: createPrintOutbox(config.print.outboxDir),
  };
}
