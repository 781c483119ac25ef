/** The invitation's rules: one test per rule, each asserting the exact code and path. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInvitation, requireValidInvitation } from '../src/invitation/validate-invitation.js';
import type { InvitationInput } from '../src/invitation/schema.js';
import { AppError } from '../src/shared/errors.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string): InvitationInput => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const first = fixture('invitation-first.json');
const followUp = fixture('invitation-followup.json');

const check = (input: unknown, now = NOW) => validateInvitation(input, { now });
const codes = (items: Array<{ code: string; path: string }>) => items.map((p) => [p.code, p.path]);

describe('invitation rules', () => {
  it('accepts the fixtures, flagging only the citizen who has no e-mail address', () => {
    const v = check(first);
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toEqual([['invitees.email.missing', '/invitees/3/email']]);
    expect(v.warnings[0]!.message).toContain('Jens Peter Nielsen');
    expect(v.warnings[0]!.message).toContain('på anden måde');
    expect(check(followUp)).toMatchObject({ errors: [], warnings: [] });
  });

  it('start.past: the meeting lies after the time of the request', () => {
    expect(codes(check(first, new Date('2026-12-03T09:00:00Z')).errors)).toEqual([['start.past', '/start']]);
    expect(codes(check(first, new Date('2026-12-03T08:59:59Z')).errors)).toEqual([]);
  });

  it('end.beforeStart: the end comes after the start', () => {
    expect(codes(check({ ...first, end: '2026-12-03T10:00:00+01:00' }).errors)).toEqual([['end.beforeStart', '/end']]);
    // Same wall-clock time, but in UTC it is one hour later: valid.
    expect(codes(check({ ...first, start: '2026-12-03T10:00:00+01:00', end: '2026-12-03T10:00:00Z' }).errors)).toEqual([]);
  });

  it('start.missing, end.format: times carry their offset', () => {
    expect(codes(check({ ...first, start: '', end: '2026-12-03T11:30:00' }).errors)).toEqual([
      ['start.missing', '/start'],
      ['end.format', '/end'],
    ]);
    expect(codes(check({ ...first, start: '2026-02-30T10:00:00+01:00' }).errors)).toEqual([['start.format', '/start']]);
  });

  it('start.offset: an offset Denmark does not use that day is a warning naming the Danish time', () => {
    const v = check({ ...first, start: '2026-12-03T10:00:00+02:00' });
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toContainEqual(['start.offset', '/start']);
    expect(v.warnings.find((w) => w.code === 'start.offset')!.message).toContain('kl. 09.00');
  });

  it('invitees.none: at least one invitee', () => {
    expect(codes(check({ ...first, invitees: [] }).errors)).toEqual([['invitees.none', '/invitees']]);
  });

  it('coordinator.email.missing and .format: the coordinator has a secure e-mail address', () => {
    expect(codes(check({ ...first, coordinator: { ...first.coordinator, email: ' ' } }).errors)).toEqual([['coordinator.email.missing', '/coordinator/email']]);
    expect(codes(check({ ...first, coordinator: { ...first.coordinator, email: 'birgitte@roskilde' } }).errors)).toEqual([['coordinator.email.format', '/coordinator/email']]);
  });

  it('coordinator.name.missing and citizen.name.missing', () => {
    const v = check({ ...first, citizen: { name: '' }, coordinator: { ...first.coordinator, name: '' } });
    expect(codes(v.errors)).toEqual([
      ['citizen.name.missing', '/citizen/name'],
      ['coordinator.name.missing', '/coordinator/name'],
    ]);
  });

  it('invitees.email.missing is a warning, not an error', () => {
    const v = check({ ...first, invitees: [{ name: 'Karen Pårørende', title: 'Søster', organisation: '', email: '' }] });
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toEqual([['invitees.email.missing', '/invitees/0/email']]);
  });

  it('invitees.email.format, invitees.name.missing, invitees.email.duplicate', () => {
    const v = check({
      ...first,
      invitees: [
        { name: 'A', email: 'a@kommune.dk' },
        { name: '', email: 'a@kommune.dk' },
        { name: 'C', email: 'c@kommune.dk; d@kommune.dk' },
      ],
    });
    expect(codes(v.errors)).toEqual([
      ['invitees.name.missing', '/invitees/1/name'],
      ['invitees.email.format', '/invitees/2/email'],
    ]);
    expect(codes(v.warnings)).toEqual([['invitees.email.duplicate', '/invitees/1/email']]);
  });

  it('previousMeetingDate.missing: a follow-up names the previous meeting', () => {
    expect(codes(check({ ...followUp, previousMeetingDate: null }).errors)).toEqual([['previousMeetingDate.missing', '/previousMeetingDate']]);
  });

  it('previousMeetingDate.format and .notBefore', () => {
    expect(codes(check({ ...followUp, previousMeetingDate: '03-12-2026' }).errors)).toEqual([['previousMeetingDate.format', '/previousMeetingDate']]);
    expect(codes(check({ ...followUp, previousMeetingDate: '2027-06-10' }).errors)).toEqual([['previousMeetingDate.notBefore', '/previousMeetingDate']]);
  });

  it('location.missing and location.videoLink.format', () => {
    expect(codes(check({ ...first, location: { address: '', room: 'Lokale 2', videoLink: '' } }).errors)).toEqual([['location.missing', '/location']]);
    expect(codes(check({ ...first, location: { address: '', videoLink: 'http://video.example.dk/x' } }).errors)).toEqual([['location.videoLink.format', '/location/videoLink']]);
  });

  it('cpr.present: no CPR number anywhere in the invitation', () => {
    const v = check({ ...first, message: 'Vedr. borger 010180-4000', invitees: [...first.invitees!, { name: 'Pårørende 0101804000', email: '' }] });
    expect(codes(v.errors)).toEqual([
      ['cpr.present', '/invitees/4/name'],
      ['cpr.present', '/message'],
    ]);
  });

  it('unknown-field: a member the invitation does not know is a warning, however deep; include is known', () => {
    const v = check({ ...first, include: { docx: true }, startTime: first.start, invitees: [{ ...first.invitees![0], emial: 'x' }] });
    expect(v.errors).toEqual([]);
    expect(v.warnings.filter((w) => w.code === 'unknown-field').map((w) => [w.path, w.message])).toEqual([
      ['/invitees/0/emial', '»Inviterede«: ukendt felt /invitees/0/emial; det bruges ikke. Mente du »email«?'],
      ['/startTime', '»Invitationen«: ukendt felt /startTime; det bruges ikke.'],
    ]);
  });

  it('structure problems come back with code and path instead of a crash', () => {
    const v = check({ ...first, invitees: 'alle', meeting: 'third' });
    expect(v.invitation).toBeUndefined();
    expect(codes(v.errors)).toEqual(expect.arrayContaining([['structure.invalid_type', '/invitees'], ['structure.invalid_value', '/meeting']]));
    // In Danish, against the form's labels; zod's own English never reaches a person.
    expect(v.errors.find((e) => e.path === '/invitees')).toMatchObject({ label: 'Inviterede', message: '»Inviterede«: forventede en liste, men fik tekst.' });
    expect(v.errors.find((e) => e.path === '/meeting')?.message).toBe('»Mødetype«: skal være en af "first", "followUp".');
    const purpose = check({ ...first, purpose: 42 }).errors.find((e) => e.path === '/purpose');
    expect(purpose).toMatchObject({ label: 'Formål med mødet', message: '»Formål med mødet«: forventede tekst, men fik et tal.' });
  });

  it('reports every problem at once, as the 422 problem', () => {
    const v = check({ meeting: 'followUp' });
    expect(v.errors.map((e) => e.code)).toEqual([
      'citizen.name.missing',
      'start.missing',
      'end.missing',
      'location.missing',
      'coordinator.name.missing',
      'coordinator.email.missing',
      'invitees.none',
      'previousMeetingDate.missing',
    ]);
    for (const e of v.errors) expect(e.label).not.toBe('');
    try {
      requireValidInvitation(v);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).code).toBe('invitation-invalid');
      expect((err as AppError).extensions.errors).toHaveLength(8);
    }
  });
});
