/**
 * The invitation endpoints through HTTP with the real LibreOffice: the PDF read back with
 * pdftotext, the .ics with ical.js, the bundle unzipped, the way a recipient would open them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app.js';
import { binaryParser } from './helpers/binary.js';
import { pdfInfo, pdfText, squash } from './helpers/pdf.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { containsCprLike } from '../src/shared/redact.js';
import type { InvitationInput } from '../src/invitation/schema.js';
import { agenda, ATTACHMENT, HEADING, defaultPurpose, personalDataNote } from '../src/invitation/texts.js';
import { ARTICLE } from '../scripts/templates/invitation-article.js';
import { readUpload } from '../src/upload/read-upload.js';
import { FORM_FILE_NAME } from '../src/plan-form/build-plan-form.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string): InvitationInput => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const first = fixture('invitation-first.json');
const followUp = fixture('invitation-followup.json');

/** pdftotext joins a word hyphenated at a line end; whitespace squashed. */
const flat = (s: string) => squash(s).replace(/-\s+/g, '');
/** The same, for a text that may break at its own hyphen ("e-mail" at a line end reads "email"). */
const unhyphenated = (s: string) => flat(s).replace(/-/g, '');

describe('invitation endpoints', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const post = (what: string, body: unknown) => request(t.app).post(`/api/invitations/${what}`).send(body as object).buffer(true).parse(binaryParser);

  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the first-meeting invitation as a PDF with every part, in Danish local time', async () => {
    const res = await post('pdf', first);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invitation-2026-12-03.pdf"');
    expect(res.headers['x-invitation-warnings']).toBe('invitees.email.missing');
    const pdf = res.body as Buffer;
    const text = flat(pdfText(pdf));

    expect(text).toContain('Invitation til koordinationsmøde');
    expect(text).toContain(flat('Du inviteres hermed til første koordinationsmøde om en koordinerende indsatsplan for Jens Peter Nielsen.'));
    expect(text).toContain(`${HEADING.date} torsdag den 3. december 2026`);
    expect(text).toContain(`${HEADING.time} kl. 10.00–11.30`);
    expect(text).toContain('Distriktspsykiatrien, Køgevej 1, 4000 Roskilde');
    expect(text).toContain(`${HEADING.room} Mødelokale 2`);
    expect(text).not.toContain(HEADING.videoLink);
    expect(text).not.toContain(HEADING.previousMeeting);
    expect(text).toContain(flat(defaultPurpose('first', '')));

    // The agenda in the FAQ's order.
    const items = agenda('first', '').map((a, i) => text.indexOf(flat(`${i + 1}. ${a}`)));
    expect(items.every((p) => p >= 0), String(items)).toBe(true);
    expect([...items].sort((a, b) => a - b)).toEqual(items);

    // Each invitee on a row of their own: name, role, organisation and the secure e-mail address.
    const layout = pdfText(pdf, true);
    expect(squash(layout)).toContain(`${HEADING.name} ${HEADING.role} ${HEADING.organisation} ${HEADING.email}`);
    for (const inv of first.invitees ?? []) {
      // The row's first line: each column's first word, in the columns' order.
      const line = layout.split('\n').map(squash).find((l) => l.startsWith(inv.name!)) ?? '';
      const at = [inv.title, inv.organisation, inv.email].filter(Boolean).map((v) => line.indexOf(v!.split(/[ ,;]/)[0]!));
      expect(at.every((p) => p > 0), `${inv.name}: ${line}`).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text).toContain(inv.title!);
      if (inv.organisation) expect(text).toContain(inv.organisation);
      if (inv.email) expect(text).toContain(inv.email);
    }
    for (const v of ['Birgitte Ærø Sørensen', 'Sagsbehandler', 'Roskilde Kommune, Socialpsykiatrien', '46 31 00 00', 'birgitte.soerensen@roskilde.dk']) expect(text).toContain(v);
    expect(text).toContain(`${HEADING.coordinator} ${HEADING.name} Birgitte Ærø Sørensen ${HEADING.phone} 46 31 00 00`);
    expect(text).toContain('meld afbud hurtigst muligt til koordinator Birgitte Ærø Sørensen på sikker e-mail eller telefon.');
    expect(text).toContain(HEADING.personalData);
    expect(unhyphenated(text)).toContain(unhyphenated(personalDataNote(false)));
    expect(text).toContain(HEADING.confidential);
    // Danish letters survive as letters, not as look-alikes or replacement characters.
    expect(text).toMatch(/Åse Østergård.*Mikkel Bæk/);
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toContain('{');
    expect(text).not.toContain('opfølgende');

    const info = pdfInfo(pdf);
    expect(info.title).toBe('Invitation til koordinationsmøde');
    expect(info.tagged).toBe(true);
    // Four invitees, the apologies and the note on personal data: one page, none left half empty.
    expect(info.pages).toBe(1);
  });

  it('words a follow-up meeting differently and refers to the previous plan and its date', async () => {
    const res = await post('pdf', followUp);
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="invitation-2027-06-10.pdf"');
    expect(res.headers['x-invitation-warnings']).toBeUndefined();
    const text = flat(pdfText(res.body as Buffer));
    expect(text).toContain('Invitation til opfølgende koordinationsmøde');
    expect(text).toContain(flat('som blev lagt på koordinationsmødet torsdag den 3. december 2026'));
    expect(text).toContain(`${HEADING.previousMeeting} torsdag den 3. december 2026`);
    // Summer time: 13.00 local, given as +02:00.
    expect(text).toContain('torsdag den 10. juni 2027');
    expect(text).toContain('kl. 13.00–14.30');
    expect(text).toContain(`${HEADING.videoLink} https://video.regionsjaelland.dk/moede/abc-123`);
    expect(text).not.toContain(HEADING.address);
    expect(text).toContain(flat(defaultPurpose('followUp', 'torsdag den 3. december 2026')));
    expect(text).toContain(flat(agenda('followUp', 'torsdag den 3. december 2026')[1]!));
    expect(text).not.toContain('første');
  });

  it('gives the .docx with the same content, and shows the coordinator\'s own purpose and message', async () => {
    const res = await post('docx', { ...first, purpose: 'Vi skal tale om boligsituationen.', message: 'Mødelokalet ligger på 2. sal; elevator ved indgang B.' });
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invitation-2026-12-03.docx"');
    const xml = strFromU8(unzipSync(new Uint8Array(res.body as Buffer))['word/document.xml']!);
    expect(xml).toContain('Vi skal tale om boligsituationen.');
    expect(xml).toContain(HEADING.message);
    expect(xml).toContain('elevator ved indgang B');
    expect(xml).toContain('Åse Østergård');
    expect(xml).not.toMatch(/\{[#/^]?[a-zA-Z]+\}/);
  });

  it('gives the calendar file as text/calendar with attendees and organizer', async () => {
    const res = await request(t.app).post('/api/invitations/ics').send(first);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invitation-2026-12-03.ics"');
    const ics = res.text;
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.attendees).toHaveLength(3);
    expect(vevent.getFirstProperty('organizer')!.getFirstValue()).toBe('mailto:birgitte.soerensen@roskilde.dk');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-25T12:00:00Z');

    // A CPR number typed into the free text is refused before any calendar file is made.
    const cpr = await request(t.app).post('/api/invitations/ics').send({ ...first, message: 'Diagnose: paranoid skizofreni. Cpr. nr. 010180-4000' });
    expect(cpr.status).toBe(422);
    expect(cpr.headers['content-type']).toContain('application/problem+json');
    expect(cpr.body.errors.map((e: { code: string; path: string }) => [e.code, e.path])).toEqual([['cpr.present', '/message']]);
    expect(cpr.text).not.toContain('010180');
  });

  it('answers every problem at once as a 422 problem document, at the time of the request', async () => {
    const res = await request(t.app)
      .post('/api/invitations/pdf')
      .send({ ...first, start: '2026-11-20T10:00:00+01:00', end: '2026-11-20T09:00:00+01:00', invitees: [], coordinator: { name: 'B' } });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe('/problems/invitation-invalid');
    expect(res.body.errors.map((e: { code: string; path: string }) => [e.code, e.path])).toEqual([
      ['start.past', '/start'],
      ['end.beforeStart', '/end'],
      ['coordinator.email.missing', '/coordinator/email'],
      ['invitees.none', '/invitees'],
    ]);
    const v = await request(t.app).post('/api/invitations/validate').send(first);
    expect(v.status).toBe(200);
    expect(v.body.valid).toBe(true);
    expect(v.body.warnings.map((w: { code: string }) => w.code)).toEqual(['invitees.email.missing']);
  });

  it('bundles the invitation, the calendar file, the pre-filled plan and the article; the invitation lists its enclosures', async () => {
    const res = await post('bundle', { ...followUp, invitees: [...followUp.invitees!, { name: 'Jens Peter Nielsen', title: 'Borger' }], include: { article: true, docx: true, planForm: true } });
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="invitation-2027-06-10.zip"');
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    expect(Object.keys(entries).sort()).toEqual([
      'invitation-2027-06-10.docx',
      'invitation-2027-06-10.ics',
      'invitation-2027-06-10.pdf',
      FORM_FILE_NAME,
      'med-den-koordinerende-indsatsplan-loefter-alle-i-flok.pdf',
    ].sort());
    for (const name of Object.keys(entries)) {
      expect(containsCprLike(name)).toBe(false);
      expect(name).not.toMatch(/jens|nielsen/i);
    }

    const invitationText = pdfText(Buffer.from(entries['invitation-2027-06-10.pdf']!));
    const invitation = flat(invitationText);
    // The apologies, the enclosures and the note on personal data stay together on the last page.
    const last = invitationText.split('\f').filter((p) => p.trim()).at(-1)!;
    for (const part of ['meld afbud hurtigst muligt', HEADING.attachments, ATTACHMENT.calendar, personalDataNote(true)]) expect(unhyphenated(last)).toContain(unhyphenated(part));
    expect(invitation).toContain(HEADING.attachments);
    expect(invitation).toContain(flat(ATTACHMENT.calendar));
    expect(invitation).toContain(flat(ATTACHMENT.article));
    expect(invitation).toContain(flat(ATTACHMENT.planForm));
    expect(unhyphenated(invitation)).toContain(unhyphenated(personalDataNote(true)));

    // The plan form, read back the way the referent's upload will be: what the invitation knew is filled in.
    const form = readUpload(Buffer.from(entries[FORM_FILE_NAME]!), t.config.limits);
    expect(form.source).toBe('form-controls');
    expect(form.plan.citizen?.name).toBe('Jens Peter Nielsen');
    expect(form.plan.citizen?.cpr ?? '').toBe('');
    expect(form.plan.coordinator?.email).toBe('birgitte.soerensen@roskilde.dk');
    expect(form.plan.meetingDate).toBe('2027-06-10');
    // The citizen is invited, but is no participant of the plan.
    expect(form.plan.participants?.map((p) => [p.name, p.organisation, p.email])).toEqual([
      ['Åse Østergård', 'Distriktspsykiatrien Roskilde', 'aase.oestergaard@regionsjaelland.dk'],
      ['Mikkel Bæk', 'Rusmiddelcenter Roskilde', 'mikkel.baek@roskilde.dk'],
    ]);

    const article = flat(pdfText(Buffer.from(entries['med-den-koordinerende-indsatsplan-loefter-alle-i-flok.pdf']!)));
    expect(article).toContain(ARTICLE.title);
    expect(article).toContain(flat(ARTICLE.heading));
    expect(article).toContain(flat(ARTICLE.body[2]!));
    expect(article).toContain('Sammen lægger vi trædesten for det gode liv.');
    expect(article).not.toContain('faxeifaellesskab.dk drives af');

    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(strFromU8(entries['invitation-2027-06-10.ics']!))).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Koordinationsmøde: Jens Peter Nielsen');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-06-10T11:00:00.000Z');
  });

  it('refuses a bundle with a malformed include, naming its path', async () => {
    const res = await request(t.app).post('/api/invitations/bundle').send({ ...first, include: { article: 'ja' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { code: string; path: string }) => [e.code, e.path])).toEqual([['structure.invalid_type', '/include/article']]);
  });

  it('publishes the invitation routes and schemas in the OpenAPI document', async () => {
    const res = await request(t.app).get('/openapi.json');
    for (const p of ['validate', 'pdf', 'docx', 'ics', 'bundle']) expect(res.body.paths[`/api/invitations/${p}`]?.post).toBeDefined();
    expect(res.body.components.schemas.Invitation.properties.invitees).toBeDefined();
    expect(res.body.components.schemas.InvitationBundleRequest.properties.include).toBeDefined();
  });
});
