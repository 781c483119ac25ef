/** Test helpers for distributions: the service on its own stores, a stored distribution without LibreOffice, fake channels, a captured log, the outbox's files. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/shared/logger.js';
import { safeUuid } from '../../src/distribution/safe-id.js';
import { recordSendRequest } from '../../src/distribution/life-cycle.js';
import type { DeliveryChannels } from '../../src/distribution/channels/create-channels.js';
import type { DeliveryResult, DigitalPostMessage, PrintLetter, SecureMail } from '../../src/distribution/channels/types.js';
import type { DistributionStore } from '../../src/distribution/distribution-store.js';
import type { NewDelivery } from '../../src/distribution/distribution-records.js';
import { createDistributionService, type DistributionService } from '../../src/distribution/create-distribution-service.js';
import { openSqliteStores } from '../../src/storage/open-sqlite-stores.js';
import type { Config } from '../../src/shared/config.js';

export const FAKE_PDF = Buffer.from('%PDF-1.7\nfake plan\n%%EOF\n');
export const FAKE_DOCX = Buffer.from('PK\u0003\u0004fake docx');

/** The owner of what tests prepare: the developer, as every request is in development mode. */
export const TEST_OWNER = { id: 'development', organisation: 'Kommunen' };

type Recipient = Partial<NewDelivery> & Pick<NewDelivery, 'role' | 'name' | 'channel'>;

/** Stores a plan distribution with the given recipients and small fake documents; returns its id and delivery ids. */
export async function seedDistribution(store: DistributionStore, recipients: Recipient[], actor = 'Test Aktør'): Promise<{ id: string; deliveryIds: string[] }> {
  const id = safeUuid();
  const deliveries: NewDelivery[] = recipients.map((r) => ({
    id: safeUuid(),
    organisation: '',
    address: r.channel === 'secure-email' ? `${r.name.toLowerCase().replace(/\W+/g, '.')}@example.dk` : r.channel === 'digital-post' ? '0101804000' : 'Algade 1\n4000 Roskilde',
    documents: r.role === 'coordinator' ? ['plan-docx', 'plan-pdf'] : r.channel === 'letter' ? ['gp-letter'] : ['plan-pdf'],
    subject: 'Koordinerende indsatsplan fra koordinationsmødet den 1. maj 2014',
    text: `Kære ${r.name}\n\nHer er planen for Mette Hansen.`,
    manualReason: null,
    ...r,
  }));
  await store.createDistribution(
    { id, kind: 'plan', createdBy: actor, owner: TEST_OWNER, title: 'Koordinerende indsatsplan, møde 1. maj 2014' },
    deliveries,
    [
      { key: 'plan-pdf', fileName: 'indsatsplan-2014-05-01.pdf', contentType: 'application/pdf', content: FAKE_PDF },
      { key: 'plan-docx', fileName: 'indsatsplan-2014-05-01.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: FAKE_DOCX },
      { key: 'gp-letter', fileName: 'brev-til-laege-2014-05-01.pdf', contentType: 'application/pdf', content: FAKE_PDF },
    ],
    [{ actor, action: 'distribution-prepared', distributionId: id, outcome: 'forberedt' }],
  );
  return { id, deliveryIds: deliveries.map((d) => d.id) };
}

/** A stored distribution whose send was requested, as the send route leaves it before the first pass. */
export async function seedRequestedDistribution(...args: Parameters<typeof seedDistribution>): ReturnType<typeof seedDistribution> {
  const seeded = await seedDistribution(...args);
  await recordSendRequest(args[0], seeded.id, args[2] ?? 'Test Aktør');
  return seeded;
}

/**
 * The distribution service on SQLite stores of its own (in memory unless a file is given),
 * as the server wires it; `close()` closes both.
 */
export function createTestDistributions(
  config: Config,
  logger: Logger,
  options: { databaseFile?: string; channels?: DeliveryChannels; now?: () => number } = {},
): DistributionService {
  const stores = openSqliteStores(options.databaseFile ?? config.databaseFile);
  const service = createDistributionService(config, logger, { ...options, stores });
  return {
    ...service,
    async close() {
      await service.close();
      await stores.close();
    },
  };
}

export type Script = (attempt: number, id: string) => DeliveryResult | Promise<DeliveryResult>;

/** Channels that record every call; `script` decides each outcome (default: sent). */
export function fakeChannels(script: Script = () => ({ status: 'sent', reference: 'ok' })) {
  const calls: Array<{ channel: string; id: string; to: string }> = [];
  const mails: SecureMail[] = [];
  const posts: DigitalPostMessage[] = [];
  const letters: PrintLetter[] = [];
  const attempts = new Map<string, number>();
  const run = (channel: string, id: string, to: string) => {
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    calls.push({ channel, id, to });
    return script(n, id);
  };
  const channels: DeliveryChannels = {
    mailer: { kind: 'outbox', send: async (m) => (mails.push(m), run('secure-email', m.messageId, m.to)), close: async () => undefined },
    digitalPost: { kind: 'fake', send: async (m) => (posts.push(m), run('digital-post', m.messageUuid, m.recipientCpr)) },
    print: { kind: 'fake', send: async (l) => (letters.push(l), run('letter', l.letterId, l.fileName)) },
  };
  return { channels, calls, mails, posts, letters };
}

/** A logger at debug level whose every line is kept, to check that none carries a CPR number. */
export function capturedLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

/** The files in an outbox folder's channels, as `mail/<id>.eml`, `digital-post/<id>.xml`, `print/<id>.pdf`. */
export function outboxFiles(outboxDir: string): string[] {
  return ['mail', 'digital-post', 'print'].flatMap((k) => {
    try {
      return readdirSync(path.join(outboxDir, k)).map((f) => `${k}/${f}`);
    } catch {
      return [];
    }
  });
}
