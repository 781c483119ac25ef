/**
 * Delivery and distribution ids: UUIDs (MeMo requires one) that never look like a CPR
 * number. About one random UUID in 250 has six digits, a dash and four digits at the
 * first dash, which every CPR guard (mailer, outbox, logs) would rightly refuse.
 */
import { randomUUID } from 'node:crypto';
import { containsCprLike } from '../shared/redact.js';

export function safeUuid(): string {
  for (;;) {
    const id = randomUUID();
    if (!containsCprLike(id)) return id;
  }
}
