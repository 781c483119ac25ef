/**
 * The embedded default channels: outbox folders for e-mail (.eml), Digital Post (MeMo
 * .xml) and print (.pdf). Each delivery is one file, named by its id (never a CPR),
 * written atomically, and a repeated delivery never writes a second file.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createChannels, createMailer } from '../src/distribution/channels/create-channels.js';
import { createOutboxDigitalPostGateway } from '../src/distribution/channels/outbox-digital-post-gateway.js';
import { createOutboxMailer } from '../src/distribution/channels/outbox-mailer.js';
import { createPrintOutbox } from '../src/distribution/channels/print-outbox.js';
import { removeLeftoverTempFiles, writeOutboxFile } from '../src/distribution/channels/write-outbox-file.js';
import type { DigitalPostMessage, SecureMail } from '../src/distribution/channels/types.js';
import { loadConfig } from '../src/shared/config.js';
import { containsCprLike } from '../src/shared/redact.js';
import { capturedLogger, createTestDistributions, seedRequestedDistribution } from './helpers/distribution.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'channels-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${++n}`);

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256))]);
const FROM = 'Roskilde Kommune <indsatsplan@roskilde.dk>';

const mail = (overrides: Partial<SecureMail> = {}): SecureMail => ({
  to: 'anne.koordinator@roskilde.dk',
  toName: 'Anne Koordinator',
  subject: 'Koordinerende indsatsplan fra mødet 1. maj 2014',
  text: 'Hermed planen.',
  attachments: [{ filename: 'koordinerende-indsatsplan-2014-05-01.pdf', content: pdf, contentType: 'application/pdf' }],
  messageId: 'd-7-r-1',
  ...overrides,
});

const memo = (overrides: Partial<DigitalPostMessage> = {}): DigitalPostMessage => ({
  messageUuid: '0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e01',
  recipientCpr: '010180-4000',
  recipientName: 'Mette Hansen',
  label: 'Koordinerende indsatsplan fra mødet 1. maj 2014',
  pdf,
  fileName: 'koordinerende-indsatsplan-2014-05-01.pdf',
  ...overrides,
});

describe('outbox mailer', () => {
  it('writes one .eml per message that a mail program reads back whole', async () => {
    const dir = freshDir();
    const mailer = createOutboxMailer(dir, { from: FROM });
    expect(await mailer.send(mail())).toEqual({ status: 'sent', reference: 'd-7-r-1.eml' });
    expect(readdirSync(dir)).toEqual(['d-7-r-1.eml']);
    const raw = readFileSync(path.join(dir, 'd-7-r-1.eml'));
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Koordinerende indsatsplan fra mødet 1. maj 2014');
    expect(parsed.messageId).toBe('<d-7-r-1@roskilde.dk>');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([{ name: 'Anne Koordinator', address: 'anne.koordinator@roskilde.dk' }]);
    expect(parsed.attachments[0]?.filename).toBe('koordinerende-indsatsplan-2014-05-01.pdf');
    expect(Buffer.compare(parsed.attachments[0]!.content, pdf)).toBe(0);
    expect((statSync(path.join(dir, 'd-7-r-1.eml')).mode & 0o777).toString(8)).toBe('640');
  });

  it('is idempotent: the same message id, sent again or at once, gives one file, untouched', async () => {
    const dir = freshDir();
    const mailer = createOutboxMailer(dir, { from: FROM });
    await mailer.send(mail());
    const first = readFileSync(path.join(dir, 'd-7-r-1.eml'));
    const again = await Promise.all(Array.from({ length: 5 }, () => mailer.send(mail({ text: 'en anden tekst' }))));
    expect(again.every((r) => r.status === 'sent' && r.reference === 'd-7-r-1.eml')).toBe(true);
    expect(readdirSync(dir)).toEqual(['d-7-r-1.eml']);
    expect(Buffer.compare(readFileSync(path.join(dir, 'd-7-r-1.eml')), first)).toBe(0);
  });

  it('writes nothing for a subject, file name or id that looks like a CPR number', async () => {
    const dir = freshDir();
    const mailer = createOutboxMailer(dir, { from: FROM });
    for (const m of [
      mail({ subject: 'Plan for 0101804000' }),
      mail({ messageId: '010180-4000' }),
      mail({ messageId: '../../etc/passwd' }),
      mail({ attachments: [{ filename: 'plan 010180 4000.pdf', content: pdf, contentType: 'application/pdf' }] }),
    ]) {
      expect(await mailer.send(m)).toMatchObject({ status: 'failed', permanent: true });
    }
    expect(() => readdirSync(dir)).toThrow();
  });

  it('reports a folder it cannot write to as a transient failure', async () => {
    const blocker = path.join(root, `file-${++n}`);
    writeFileSync(blocker, 'not a folder');
    const mailer = createOutboxMailer(path.join(blocker, 'mail'), { from: FROM });
    expect(await mailer.send(mail())).toMatchObject({ status: 'failed', permanent: false });
  });
});

describe('writing an outbox file', () => {
  it('publishes exactly one of several racing writers, whole, and leaves no temp files', async () => {
    const dir = freshDir();
    const contents = Array.from({ length: 8 }, (_, i) => Buffer.alloc(200_000, 65 + i));
    const results = await Promise.all(contents.map((c) => writeOutboxFile(dir, 'x-1.pdf', c)));
    expect(results.filter((r) => r.written)).toHaveLength(1);
    const winner = contents[results.findIndex((r) => r.written)]!;
    expect(readdirSync(dir)).toEqual(['x-1.pdf']);
    expect(Buffer.compare(readFileSync(path.join(dir, 'x-1.pdf')), winner)).toBe(0);
  });

  it('refuses a name that could leave the folder or carry a CPR number', async () => {
    for (const name of ['../x.pdf', '.hidden', 'a/b.pdf', '0101804000.pdf', '']) {
      await expect(writeOutboxFile(freshDir(), name, 'x')).rejects.toThrow(/unsafe/);
    }
  });
});

describe('outbox Digital Post gateway', () => {
  it('writes <messageUuid>.xml with the CPR inside and not in the name, once', async () => {
    const dir = freshDir();
    const gateway = createOutboxDigitalPostGateway(dir, { senderCvr: '29189854', senderLabel: 'Roskilde Kommune' });
    const result = await gateway.send(memo());
    expect(result).toEqual({ status: 'sent', reference: '0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e01.xml' });
    expect(await gateway.send(memo({ label: 'Ændret titel' }))).toEqual(result);
    const files = readdirSync(dir);
    expect(files).toEqual(['0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e01.xml']);
    const xml = readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(xml).toContain('<memo:recipientID>0101804000</memo:recipientID>');
    expect(xml).toContain('<memo:label>Koordinerende indsatsplan fra mødet 1. maj 2014</memo:label>');
    expect(xml).toContain(pdf.toString('base64'));
  });

  it('refuses an invalid message as a permanent failure and writes nothing', async () => {
    const dir = freshDir();
    const gateway = createOutboxDigitalPostGateway(dir, { senderCvr: '29189854', senderLabel: 'Roskilde Kommune' });
    const result = await gateway.send(memo({ recipientCpr: '' }));
    expect(result).toMatchObject({ status: 'failed', permanent: true, code: 'invalid' });
    expect(result.status === 'failed' && containsCprLike(result.reason)).toBe(false);
    expect(() => readdirSync(dir)).toThrow();
  });
});

describe('print outbox', () => {
  it('writes <letterId>.pdf once, byte for byte', async () => {
    const dir = freshDir();
    const print = createPrintOutbox(dir);
    const letter = { letterId: 'd-7-gp', pdf, fileName: 'brev-til-laege.pdf' };
    expect(await print.send(letter)).toEqual({ status: 'sent', reference: 'd-7-gp.pdf' });
    expect(await print.send({ ...letter, pdf: Buffer.from('%PDF-1.7 other') })).toEqual({ status: 'sent', reference: 'd-7-gp.pdf' });
    expect(readdirSync(dir)).toEqual(['d-7-gp.pdf']);
    expect(Buffer.compare(readFileSync(path.join(dir, 'd-7-gp.pdf')), pdf)).toBe(0);
    expect(await print.send({ ...letter, letterId: 'x', pdf: Buffer.from('no pdf') })).toMatchObject({ status: 'failed', permanent: true });
  });
});

describe('choosing the channels from configuration', () => {
  it('uses the outboxes out of the box and SMTP once a server is configured', async () => {
    const dataDir = freshDir();
    const channels = createChannels(loadConfig({ DATA_DIR: dataDir }));
    expect(channels.mailer.kind).toBe('outbox');
    expect(await channels.mailer.send(mail())).toMatchObject({ status: 'sent' });
    expect(await channels.digitalPost.send(memo())).toMatchObject({ status: 'sent' });
    expect(await channels.print.send({ letterId: 'l1', pdf, fileName: 'brev.pdf' })).toMatchObject({ status: 'sent' });
    expect(readdirSync(path.join(dataDir, 'outbox')).sort()).toEqual(['digital-post', 'mail', 'print']);
    await channels.mailer.close();

    const smtp = createMailer(loadConfig({ DATA_DIR: dataDir, SMTP_HOST: 'mail.example.org' }));
    expect(smtp.kind).toBe('smtp');
    await smtp.close();
  });
});

describe('temporary files a crash left in the outboxes', () => {
  it('are removed at start-up before anything is resumed; published files and other files stay', async () => {
    const dataDir = freshDir();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const { logger, lines } = capturedLogger();
    const service = createTestDistributions(config, logger, { databaseFile: ':memory:' });
    try {
      // The name a real write gives its temporary file, seen while it exists.
      mkdirSync(config.mail.outboxDir, { recursive: true });
      const seen: string[] = [];
      const watcher = watch(config.mail.outboxDir, (_event, name) => name && seen.push(name));
      await writeOutboxFile(config.mail.outboxDir, 'published.eml', 'From: x\r\n\r\nHermed planen.');
      await new Promise((r) => setTimeout(r, 100));
      watcher.close();
      const realTemp = seen.find((n) => n.endsWith('.tmp'));
      expect(realTemp).toMatch(/^\.published\.eml\.[0-9a-f]{12}\.tmp$/);

      // As a crash mid-write leaves them: whole messages with the plan, in every outbox.
      const { id, deliveryIds } = await seedRequestedDistribution(service.stores.distributions, [{ role: 'participant', name: 'Peter', channel: 'secure-email' }]);
      const leftovers = [
        path.join(config.mail.outboxDir, realTemp!),
        path.join(config.mail.outboxDir, `.${deliveryIds[0]}.eml.0123456789ab.tmp`),
        path.join(config.digitalPost.outboxDir, '.0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e01.xml.a1b2c3d4e5f6.tmp'),
        path.join(config.print.outboxDir, '.0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e02.pdf.ffffffffffff.tmp'),
      ];
      const others = [path.join(config.mail.outboxDir, '.keep'), path.join(config.print.outboxDir, '.pickup.tmp')];
      for (const f of [...leftovers, ...others]) {
        mkdirSync(path.dirname(f), { recursive: true });
        writeFileSync(f, 'Content-Type: application/pdf\r\n\r\n%PDF-1.7 halvt skrevet');
      }

      expect(await service.start()).toBe(1);
      for (const f of leftovers) expect(existsSync(f), f).toBe(false);
      for (const f of others) expect(existsSync(f), f).toBe(true);
      // The resumed delivery wrote its own file afterwards, whole.
      expect(readdirSync(config.mail.outboxDir).sort()).toEqual(['.keep', `${deliveryIds[0]}.eml`, 'published.eml']);
      expect((await service.stores.distributions.getDistribution(id))!.deliveries[0]!.state).toBe('sent');
      expect(lines.map((l) => JSON.parse(l) as { msg: string; files?: number }).find((l) => l.msg === 'removed temporary outbox files left by a crash')?.files).toBe(4);
    } finally {
      await service.close();
    }
  });

  it('in a folder replicas share, only those older than a claim’s lease: a younger one may be another replica’s write in progress', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const now = Date.now();
    const old = path.join(dir, '.0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e01.eml.0123456789ab.tmp');
    const young = path.join(dir, '.0b9c2f7e-3d1a-4c55-9e0f-5a6b7c8d9e02.eml.a1b2c3d4e5f6.tmp');
    for (const f of [old, young]) writeFileSync(f, 'halvt skrevet');
    utimesSync(old, new Date(now - 60_001), new Date(now - 60_001));
    utimesSync(young, new Date(now - 59_000), new Date(now - 59_000));
    expect(await removeLeftoverTempFiles(dir, 60_000, now)).toBe(1);
    expect([existsSync(old), existsSync(young)]).toEqual([false, true]);
    expect(await removeLeftoverTempFiles(dir)).toBe(1); // one process per folder: every one goes
    expect(existsSync(young)).toBe(false);
  });
});
