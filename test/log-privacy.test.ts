/**
 * Nothing personal in the log: a marker text, standing for a citizen's name or a diagnosis,
 * goes through every failure path (an invalid plan, an invalid invitation, a body that is not
 * JSON, a template that cannot be filled, a conversion that fails, uploads that cannot be
 * read, a delivery the mail server rejects quoting the address) with the logger at its most
 * verbose, and no log line holds it, nor anything a library prints to the console (the
 * service's log stream is stdout). Each path is shown to have been taken (its status, its
 * log line), so the test cannot pass by failing early.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { documentXml, minimalDocx } from './helpers/hostile-docx.js';
import { startSmtpTestServer, type SmtpTestServer } from './helpers/smtp.js';
import { capturedLogger } from './helpers/distribution.js';
import { createDocxTemplateRenderer, type TemplateRenderer } from '../src/templating/template-renderer.js';

const MARKER = 'Qzx7Mvrk';
const marker = MARKER.toLowerCase();
const NOW = new Date('2026-11-25T12:00:00Z');

/**
 * The real renderer, except for two citizens: one whose name reaches docxtemplater with a NUL
 * (as it did before validation removed such characters), one whose document is not a .docx,
 * so LibreOffice fails on it. The marker rides along in both.
 */
function trapRenderer(): TemplateRenderer {
  const real = createDocxTemplateRenderer();
  const name = (data: Record<string, unknown>) => String(data.citizenName ?? '');
  const broken = Buffer.from(`PK\u0003\u0004 ${MARKER} ikke et dokument`);
  return {
    render(template, data, options) {
      if (name(data).includes('skabelonfejl')) return real.render(template, { ...data, citizenName: `${name(data)}\u0000` }, options);
      if (name(data).includes('konverteringsfejl')) return broken;
      return real.render(template, data, options);
    },
    renderForPdf(template, data) {
      if (name(data).includes('skabelonfejl')) return real.renderForPdf(template, { ...data, citizenName: `${name(data)}\u0000` });
      if (name(data).includes('konverteringsfejl')) return { format: 'docx', bytes: broken };
      return real.renderForPdf(template, data);
    },
    templateDocx: (template) => real.templateDocx(template),
    useOdtForm: (template, odt) => real.useOdtForm(template, odt),
  };
}

const plan = {
  status: 'final',
  citizen: { name: `Jens ${MARKER}`, cpr: '010180-4000', address: `${MARKER}vej 1, 4000 Roskilde`, phone: '20 30 40 50' },
  grounds: { inPsychiatricTreatment: true, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: false },
  consent: true,
  coordinator: { name: `Anne ${MARKER}`, title: 'Socialrådgiver', organisation: 'Roskilde Kommune', phone: '46 31 00 00', email: `${marker}.anne@roskilde.dk` },
  participants: [{ name: `Peter ${MARKER}`, title: 'Overlæge', organisation: 'Psykiatrien', phone: '', email: `${marker}@regionsjaelland.dk`, attended: true }],
  meetingDate: '2014-05-01',
  approvedByCitizen: true,
  challenges: [`Diagnose: ${MARKER}-syndrom`],
  goals: [{ title: `Mål ${MARKER}`, interventions: [{ task: `Samtaler om ${MARKER}`, successCriteria: 'Møder op', responsible: 'Psykiatrien', timeline: 'Maj' }] }],
  followUpDate: '2014-10-01',
};

const invitation = {
  meeting: 'first',
  citizen: { name: `Jens ${MARKER}` },
  start: '2026-12-03T10:00:00+01:00',
  end: '2026-12-03T09:00:00+01:00', // before the start: invalid
  location: { address: `${MARKER}vej 1`, room: '', videoLink: '' },
  coordinator: { name: `Anne ${MARKER}`, title: '', organisation: '', phone: '', email: `${marker}@roskilde.dk` },
  invitees: [{ name: `Peter ${MARKER}`, title: '', organisation: '', email: 'peter@example.dk' }],
  message: `Om ${MARKER}`,
};

describe('no field value in any log line', () => {
  let dir: string;
  let smtp: SmtpTestServer;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const { logger, lines } = capturedLogger('trace');
  const rejections: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'log-privacy-'));
    // The mail server rejects every message, quoting the recipients and the subject, as servers do.
    smtp = await startSmtpTestServer({
      beforeAccept: (mail, session) => {
        const message = `5.7.1 <${session.envelope.rcptTo.map((r) => r.address).join(',')}> rejected: ${mail.subject} ${MARKER}`;
        rejections.push(message);
        return { code: 550, message };
      },
    });
    t = await createTestApp(
      { logger, renderer: trapRenderer(), now: () => NOW },
      { DATA_DIR: dir, SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_CA_FILE: smtp.caFile, DISTRIBUTION_MAX_ATTEMPTS: '1' },
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes every failure path and writes the marker into no log line', async () => {
    const printed: string[] = [];
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')))),
      ...[process.stdout, process.stderr].map((stream) => {
        const write = stream.write.bind(stream);
        return vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
          printed.push(String(chunk));
          return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
        });
      }),
    ];
    const statuses: Record<string, number> = {};
    const post = async (what: string, url: string, body: object | string, type = 'application/json') => {
      const res = await request(t.app).post(url).set('Content-Type', type).send(body);
      statuses[what] = res.status;
      return res;
    };

    await post('invalid plan', '/api/plans/pdf', { ...plan, consent: null, approvedByCitizen: false });
    await post('invalid invitation', '/api/invitations/pdf', invitation);
    await post('not JSON', '/api/plans/pdf', `{"citizen": {"name": "${MARKER}"`);
    await post('template', '/api/plans/docx', { ...plan, citizen: { ...plan.citizen, name: `${MARKER} skabelonfejl` } });
    await post('conversion', '/api/plans/pdf', { ...plan, citizen: { ...plan.citizen, name: `${MARKER} konverteringsfejl` } });
    const corrupt = minimalDocx({ 'word/document.xml': documentXml(`<w:p><w:r><w:t>${MARKER}</w:t></w:r>`) });
    statuses['corrupt upload'] = (await request(t.app).post('/api/plans/upload').attach('file', corrupt, `${MARKER}.docx`)).status;
    const notAPlan = minimalDocx({ 'word/document.xml': documentXml(`<w:p><w:r><w:t>${MARKER}</w:t></w:r></w:p>`) });
    statuses['upload not a plan'] = (await request(t.app).post('/api/plans/upload').attach('file', notAPlan, `${MARKER}.docx`)).status;
    const prepared = await post('distribution', '/api/distributions', { plan });
    const sent = await request(t.app).post(`/api/distributions/${prepared.body.id}/send`);
    statuses['send'] = sent.status;
    for (const spy of spies) spy.mockRestore();

    expect(statuses).toEqual({
      'invalid plan': 422,
      'invalid invitation': 422,
      'not JSON': 400,
      template: 500,
      conversion: 502,
      'corrupt upload': 422,
      'upload not a plan': 422,
      distribution: 201,
      send: 200,
    });
    // The mail server did quote the marker, and the deliveries did fail.
    expect(rejections.length, JSON.stringify(sent.body)).toBeGreaterThan(0);
    expect(rejections.every((r) => r.toLowerCase().includes(marker))).toBe(true);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r.msg === 'delivery failed').length).toBeGreaterThan(0);
    expect(records.find((r) => r.msg === 'request failed' && r.code === 'template-failed')).toMatchObject({ err: { type: 'TemplateError', templateError: 'multi_error' } });
    expect(records.find((r) => r.msg === 'request failed' && r.code === 'conversion-failed')).toBeDefined();

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((l) => l.toLowerCase().includes(marker))).toEqual([]);
    expect(printed.filter((l) => l.toLowerCase().includes(marker))).toEqual([]);
  });
});
