/**
 * Secure e-mail against a real SMTP server on loopback: what arrives (parsed with
 * mailparser), and every way TLS can be missing or weak, where nothing may be delivered.
 */
import nodemailer from 'nodemailer';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, smtpTransportOptions, type SmtpSettings } from '../src/distribution/channels/smtp-mailer.js';
import type { SecureMail } from '../src/distribution/channels/types.js';
import { ConfigError } from '../src/shared/config.js';
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from './helpers/smtp.js';

const FROM = 'Roskilde Kommune <indsatsplan@roskilde.dk>';
let planPdf: Buffer;
const servers: SmtpTestServer[] = [];

beforeAll(async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText('Koordinerende indsatsplan', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
  planPdf = Buffer.from(await doc.save());
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const s = await startSmtpTestServer(options);
  servers.push(s);
  return s;
}

function settings(s: SmtpTestServer, extra: Partial<SmtpSettings> = {}): SmtpSettings {
  return { host: s.host, port: s.port, secure: s.secure, caFile: s.caFile, ...extra };
}

function mail(overrides: Partial<SecureMail> = {}): SecureMail {
  return {
    to: 'peter.psykiater@regionsjaelland.dk',
    toName: 'Peter Psykiater',
    subject: 'Koordinerende indsatsplan fra mødet 1. maj 2014',
    text: 'Hermed den koordinerende indsatsplan fra mødet 1. maj 2014.',
    attachments: [{ filename: 'koordinerende-indsatsplan-2014-05-01.pdf', content: planPdf, contentType: 'application/pdf' }],
    messageId: 'd-42-r-3',
    ...overrides,
  };
}

async function send(s: SmtpTestServer, m: SecureMail = mail(), extra: Partial<SmtpSettings> = {}) {
  const mailer = createSmtpMailer(settings(s, extra), { from: FROM, connectionTimeoutMs: 5000, greetingTimeoutMs: 5000 });
  try {
    return await mailer.send(m);
  } finally {
    await mailer.close();
  }
}

describe('secure e-mail over SMTP', () => {
  it('never lets TLS be optional in the transport options', () => {
    const o = smtpTransportOptions({ host: 'mail.example', port: 587, secure: false }, { from: FROM });
    expect(o.requireTLS).toBe(true);
    expect(o.ignoreTLS).toBe(false);
    expect(o.opportunisticTLS).toBe(false);
    expect(o.tls).toMatchObject({ minVersion: 'TLSv1.2', rejectUnauthorized: true });
    expect(o.tls?.ca).toBeUndefined();
  });

  it('delivers over STARTTLS with a verified certificate: recipient, subject, Message-ID and the PDF intact', async () => {
    const s = await server({ tls: 'starttls' });
    const result = await send(s);
    expect(result).toEqual({ status: 'sent', reference: '<d-42-r-3@roskilde.dk>' });
    expect(s.messages).toHaveLength(1);
    const got = s.messages[0]!;
    expect(got.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(got.to && !Array.isArray(got.to) ? got.to.value : []).toEqual([{ address: 'peter.psykiater@regionsjaelland.dk', name: 'Peter Psykiater' }]);
    expect(got.from?.value[0]?.address).toBe('indsatsplan@roskilde.dk');
    expect(got.subject).toBe('Koordinerende indsatsplan fra mødet 1. maj 2014');
    expect(got.messageId).toBe('<d-42-r-3@roskilde.dk>');
    expect(got.text?.trim()).toBe('Hermed den koordinerende indsatsplan fra mødet 1. maj 2014.');
    expect(got.attachments).toHaveLength(1);
    const att = got.attachments[0]!;
    expect(att.filename).toBe('koordinerende-indsatsplan-2014-05-01.pdf');
    expect(att.contentType).toBe('application/pdf');
    expect(Buffer.compare(att.content, planPdf)).toBe(0);
  });

  it('delivers over implicit TLS', async () => {
    const s = await server({ tls: 'implicit' });
    expect(await send(s)).toMatchObject({ status: 'sent' });
    expect(s.messages[0]?.tlsVersion).toMatch(/^TLSv1\.[23]$/);
  });

  it('logs in when the server asks for it, and a refused login is permanent', async () => {
    const s = await server({ tls: 'starttls', auth: { user: 'indsatsplan', pass: 'hemmelig' } });
    expect(await send(s, mail(), { user: 'indsatsplan', pass: 'hemmelig' })).toMatchObject({ status: 'sent' });
    const refused = await send(s, mail({ messageId: 'd-42-r-4' }), { user: 'indsatsplan', pass: 'forkert' });
    expect(refused).toMatchObject({ status: 'failed', permanent: true, code: 'auth' });
    expect(s.messages).toHaveLength(1);
  });

  it('refuses a server that does not offer STARTTLS, and nothing is delivered', async () => {
    const s = await server({ tls: 'none' });
    const result = await send(s);
    expect(result).toMatchObject({ status: 'failed', permanent: true, code: 'tls-unavailable' });
    expect(result.status === 'failed' && result.reason).toMatch(/STARTTLS/);
    expect(s.mailFromCount).toBe(0);
    expect(s.messages).toHaveLength(0);
  });

  it('refuses a server whose certificate is not trusted, and nothing is delivered', async () => {
    const s = await server({ tls: 'untrusted-cert' });
    const result = await send(s);
    expect(result).toMatchObject({ status: 'failed', permanent: true, code: 'tls-certificate' });
    expect(result.status === 'failed' && result.reason).toMatch(/certifikat/);
    expect(s.mailFromCount).toBe(0);
    expect(s.messages).toHaveLength(0);
  });

  it('refuses an untrusted certificate over implicit TLS too (no CA configured: system CAs only)', async () => {
    const s = await server({ tls: 'implicit' });
    const result = await send(s, mail(), { caFile: undefined });
    expect(result).toMatchObject({ status: 'failed', permanent: true, code: 'tls-certificate' });
    expect(s.messages).toHaveLength(0);
  });

  it('refuses a server that speaks nothing newer than TLS 1.1, and nothing is delivered', async () => {
    const s = await server({ tls: 'tls1.1' });
    // The server really does speak TLS 1.1: a deliberately weak client gets through.
    const weak = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      requireTLS: true,
      tls: { ca: s.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
    });
    await weak.sendMail({ from: FROM, to: 'kontrol@example.org', subject: 'kontrol', text: 'kontrol' });
    weak.close();
    expect(s.messages.map((m) => m.tlsVersion)).toEqual(['TLSv1.1']);

    const result = await send(s);
    expect(result).toMatchObject({ status: 'failed', permanent: true, code: 'tls-version' });
    expect(s.messages).toHaveLength(1);
    expect(s.mailFromCount).toBe(1);
  });

  it('classifies a 4xx reply as transient and a 5xx reply as permanent', async () => {
    const replies = [
      { code: 451, message: '4.3.0 Midlertidig fejl, prøv igen' },
      { code: 550, message: '5.7.1 Afvist' },
    ];
    const s = await server({ tls: 'starttls', beforeAccept: () => replies.shift() });
    const transient = await send(s);
    expect(transient).toMatchObject({ status: 'failed', permanent: false, code: 'deferred' });
    expect(transient.status === 'failed' && transient.reason).toMatch(/451/);
    const permanent = await send(s);
    expect(permanent).toMatchObject({ status: 'failed', permanent: true, code: 'rejected' });
    expect(permanent.status === 'failed' && permanent.reason).toMatch(/550/);
    expect(s.messages).toHaveLength(0);
    expect(await send(s)).toMatchObject({ status: 'sent' });
  });

  it('treats a server that cannot be reached as transient', async () => {
    const s = await server({ tls: 'starttls' });
    const port = s.port;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const mailer = createSmtpMailer({ host: '127.0.0.1', port, secure: false, caFile: s.caFile }, { from: FROM, connectionTimeoutMs: 2000 });
    expect(await mailer.send(mail())).toMatchObject({ status: 'failed', permanent: false, code: 'connection' });
    await mailer.close();
  });

  it('never sends a subject or file name that looks like a CPR number', async () => {
    const s = await server({ tls: 'starttls' });
    expect(await send(s, mail({ subject: 'Indsatsplan for 010180-4000' }))).toMatchObject({ status: 'failed', permanent: true, code: 'unsafe-content' });
    const badFile = mail({ attachments: [{ filename: 'plan-0101804000.pdf', content: planPdf, contentType: 'application/pdf' }] });
    expect(await send(s, badFile)).toMatchObject({ status: 'failed', permanent: true, code: 'unsafe-content' });
    expect(s.mailFromCount).toBe(0);
  });
});

describe('SMTP configuration', () => {
  it('fails at start-up on a CA file that cannot be read or holds no certificate', () => {
    expect(() => smtpTransportOptions({ host: 'mail.example', port: 587, secure: false, caFile: '/nonexistent/ca.pem' }, { from: FROM })).toThrow(ConfigError);
    expect(() => smtpTransportOptions({ host: 'mail.example', port: 587, secure: false, caFile: import.meta.filename }, { from: FROM })).toThrow(/PEM/);
  });
});
