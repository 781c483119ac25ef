/**
 * The default print service: each print-ready letter is written as `<letterId>.pdf` into
 * an outbox folder for the organisation's print and post service to pick up.
 */
import type { PrintService } from './types.js';
import { deliverToOutbox } from './write-outbox-file.js';

export function createPrintOutbox(dir: string): PrintService {
  return {
    kind: 'outbox',
    async send(letter) {
      if (letter.pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        return { status: 'failed', permanent: true, code: 'invalid', reason: 'Brevet er ikke en PDF, så intet er lagt i printudbakken.' };
      }
      return deliverToOutbox(dir, `${letter.letterId}.pdf`, letter.pdf);
    },
  };
}
