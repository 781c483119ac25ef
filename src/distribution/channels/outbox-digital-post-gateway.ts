/**
 * The default Digital Post gateway: each MeMo message is written as `<messageUuid>.xml`
 * into an outbox folder that the organisation's own Digital Post integration (which
 * holds the certificates this service does not) picks up. The file name carries no CPR;
 * the CPR is inside the message, where the format requires it.
 */
import { buildMemo, MemoInvalidError, type MemoSender } from './build-memo.js';
import type { DigitalPostGateway } from './types.js';
import { deliverToOutbox } from './write-outbox-file.js';

export function createOutboxDigitalPostGateway(dir: string, sender: MemoSender): DigitalPostGateway {
  return {
    kind: 'outbox',
    async send(message) {
      let xml: string;
      try {
        xml = buildMemo(message, sender);
      } catch (err) {
        if (!(err instanceof MemoInvalidError)) throw err;
        return { status: 'failed', permanent: true, code: 'invalid', reason: `Digital Post-beskeden er ugyldig: ${err.message}.` };
      }
      return deliverToOutbox(dir, `${message.messageUuid.toLowerCase()}.xml`, xml);
    },
  };
}
