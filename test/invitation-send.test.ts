/**
 * Sending an invitation to every invitee by secure e-mail through the plan's distribution
 * mechanism, with the real parts: LibreOffice for the PDF, a real SQLite file, and a real
 * SMTP server on loopback that requires STARTTLS. The mails are read back as received.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { capturedLogger } from './helpers/distribution.js';
import { pdfText, squash } from './helpers/pdf.js';
import { startSmtpTestServer, type SmtpTestServer } from './helpers/smtp.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import type { InvitationInput } from '../src/invitation/schema.js';
import { NO_EMAIL_REASON } from '../src/invitation/prepare-invitation-distribution.js';
import { ATTACHMENT } from '../src/invitation/texts.js';
import type { DistributionView } from '../src/distribution/distribution-view.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const first = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'invitation-first.json'), 'utf8')) as InvitationInput;

let dir: string;
let smtp: SmtpTestServer;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const { logger, lines } = capturedLogger();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'invitation-send-'));
  smtp = await startSmtpTestServer({ tls: 'starttls' });
  ctx = await createTestApp(
    { logger, now: () => NOW },
    { DATA_DIR: dir, LOG_LEVEL: 'debug', SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_CA_FILE: smtp.caFile },
  );
});
afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sending an invitation by secure e-mail', () => {
  // Prepared here, not in a test, so that each test stands on its own whatever runs first.
  let prepared: request.Response;
  let sentWhenPrepared: number;
  beforeAll(async () => {
    prepared = await request(ctx.app).post('/api/invitations/distributions').set('X-Actor', 'Birgitte Koordinator (bsoe)').send({ ...first, include: { article: true } });
    sentWhenPrepared = smtp.messages.length;
  });

  it('prepares one delivery per invitee; the one without an address is left for manual handling', () => {
    const res = prepared;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = res.body as DistributionView & { warnings: Array<{ code: string }> };
    const id = d.id;
    expect(res.headers.location).toBe(`/api/distributions/${id}`);
    expect(d.kind).toBe('invitation');
    expect(d.recipients.map((r) => [r.role, r.name, r.channel, r.state, r.address])).toEqual([
      ['invitee', 'Åse Østergård', 'secure-email', 'pending', 'aase.oestergaard@regionsjaelland.dk'],
      ['invitee', 'Mikkel Bæk', 'secure-email', 'pending', 'mikkel.baek@roskilde.dk'],
      ['invitee', 'Hanne Lund', 'secure-email', 'pending', 'hanne.lund@roskilde.dk'],
      ['invitee', 'Jens Peter Nielsen', 'secure-email', 'manual', null],
    ]);
    expect(d.recipients[3]!.reason).toBe(NO_EMAIL_REASON);
    expect(d.warnings.map((w) => w.code)).toEqual(['invitees.email.missing']);
    expect(sentWhenPrepared).toBe(0);
  });

  it('refuses an invitation with errors before anything is stored', async () => {
    const before = (await ctx.distributions.stores.audit.list()).length;
    const res = await request(ctx.app).post('/api/invitations/distributions').send({ ...first, start: '2026-11-01T10:00:00+01:00' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('start.past');
    expect((await ctx.distributions.stores.audit.list()).length).toBe(before);
  });

  it('sends each invitee the invitation PDF, the calendar file and the article over TLS, exactly once', async () => {
    const id = (prepared.body as DistributionView).id;
    const res = await request(ctx.app).post(`/api/distributions/${id}/send`).set('X-Actor', 'Birgitte Koordinator (bsoe)');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as DistributionView).recipients.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'manual']);

    expect(smtp.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address).sort()).toEqual(
      ['aase.oestergaard@regionsjaelland.dk', 'hanne.lund@roskilde.dk', 'mikkel.baek@roskilde.dk'],
    );
    for (const mail of smtp.messages) {
      expect(mail.tlsVersion).toMatch(/^TLSv1\.[23]$/);
      // The subject is what a mail log shows: the meeting, no name, no CPR.
      expect(mail.subject).toBe('Invitation til koordinationsmøde torsdag den 3. december 2026');
      expect(mail.text).toContain('torsdag den 3. december 2026 kl. 10.00–11.30');
      expect(mail.text).toContain('meld afbud til mig på sikker e-mail til birgitte.soerensen@roskilde.dk');
      expect(mail.text).toContain(`Sted: Distriktspsykiatrien, Køgevej 1, 4000 Roskilde, Mødelokale 2\n`);
      expect(mail.text).toContain(`Desuden er vedhæftet:\n– ${ATTACHMENT.article}`);
      expect(mail.attachments.filter((a) => a.filename).map((a) => a.filename).sort()).toEqual([
        'invitation-2026-12-03.ics',
        'invitation-2026-12-03.pdf',
        'med-den-koordinerende-indsatsplan-loefter-alle-i-flok.pdf',
      ]);
      // The calendar also travels as the iMIP part (text/calendar; method=REQUEST) beside the text,
      // which is what makes Outlook and Gmail offer Accept/Decline.
      const imip = mail.attachments.find((a) => !a.filename && a.contentType === 'text/calendar');
      expect(imip, 'iMIP calendar part').toBeDefined();
      const imipType = imip!.headers.get('content-type') as { params?: Record<string, string> };
      expect(imipType.params?.method?.toUpperCase()).toBe('REQUEST');
      // ...and as a file for the programs that only import (nodemailer labels that copy application/ics).
      const ics = mail.attachments.find((a) => a.filename === 'invitation-2026-12-03.ics')!;
      expect(ics.contentType).toBe('application/ics');
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
      expect(event.attendees).toHaveLength(3);
      expect(event.sequence).toBe(0); // a first invitation (RFC 5545 3.8.7.4)
      expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-03T09:00:00.000Z');
    }
    const aase = smtp.messages.find((m) => m.text?.startsWith('Kære Åse Østergård'));
    expect(aase).toBeDefined();
    expect(squash(pdfText(aase!.attachments.find((a) => a.filename === 'invitation-2026-12-03.pdf')!.content))).toContain('koordinerende indsatsplan for Jens Peter Nielsen');

    // A second send finds nothing left to do.
    const again = await request(ctx.app).post(`/api/distributions/${id}/send`);
    expect(again.status).toBe(200);
    expect(smtp.messages).toHaveLength(3);
  });

  // No CPR check here: validation refuses an invitation with a CPR number before anything is
  // sent or logged (cpr.present, see invitation-rules.test.ts), so none can reach the log.
  it('logs no citizen name', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('Jens Peter Nielsen');
    }
  });
});
