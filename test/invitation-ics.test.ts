/** The meeting as iCalendar, read back with a real parser (ical.js), the way a calendar client would. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildIcs } from '../src/invitation/build-ics.js';
import { InvitationSchema, type InvitationInput } from '../src/invitation/schema.js';
import { containsCprLike } from '../src/shared/redact.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fixture = (name: string): InvitationInput => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const first = fixture('invitation-first.json');
const followUp = fixture('invitation-followup.json');

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

const ics = (input: InvitationInput, now = NOW) => buildIcs(InvitationSchema.parse(input), now);

describe('iCalendar of an invitation', () => {
  it('is a REQUEST with the organizer and one attendee per invitee with an address', () => {
    const { cal, vevent, event } = parse(ics(first));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(String(cal.getFirstPropertyValue('prodid'))).toContain('indsatsplan');

    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:birgitte.soerensen@roskilde.dk');
    expect(organizer.getParameter('cn')).toBe('Birgitte Ærø Sørensen');

    // The citizen has no e-mail address: invited another way, so no ATTENDEE.
    const attendees = event.attendees;
    expect(attendees.map((a) => a.getFirstValue())).toEqual([
      'mailto:aase.oestergaard@regionsjaelland.dk',
      'mailto:mikkel.baek@roskilde.dk',
      'mailto:hanne.lund@roskilde.dk',
    ]);
    for (const a of attendees) {
      expect(a.getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(a.getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(a.getParameter('rsvp')).toBe('TRUE');
    }
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual(['Åse Østergård', 'Mikkel Bæk', 'Hanne Lund']);
    expect(event.location).toBe('Distriktspsykiatrien, Køgevej 1, 4000 Roskilde, Mødelokale 2');
    expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-25T12:00:00Z');
  });

  it('gives Copenhagen local times with the time zone defined in the file, winter and summer', () => {
    const text = ics(first);
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20261203T100000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Copenhagen:20261203T113000\r\n');
    const { cal, event } = parse(text);
    const tz = cal.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Europe/Copenhagen');
    expect(tz.getAllSubcomponents('standard')).toHaveLength(1);
    expect(tz.getAllSubcomponents('daylight')).toHaveLength(1);
    expect(event.startDate.zone.tzid).toBe('Europe/Copenhagen');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-03T10:30:00.000Z');

    // Summer: the same wall-clock hour is one hour earlier in UTC.
    const summer = parse(ics(followUp)).event;
    expect(summer.startDate.toString()).toBe('2027-06-10T13:00:00');
    expect(summer.startDate.toJSDate().toISOString()).toBe('2027-06-10T11:00:00.000Z');
  });

  it('shows a time given in UTC as Danish local time', () => {
    const text = ics({ ...first, start: '2027-07-01T08:00:00Z', end: '2027-07-01T09:00:00Z' });
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20270701T100000');
    expect(parse(text).event.startDate.toJSDate().toISOString()).toBe('2027-07-01T08:00:00.000Z');
  });

  it('keeps the right instants for a meeting across the change to summer time', () => {
    // 01:30 winter time to 03:30 summer time on 28 March 2027 lasts one hour.
    const text = ics({ ...first, start: '2027-03-28T01:30:00+01:00', end: '2027-03-28T03:30:00+02:00' });
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20270328T013000');
    expect(text).toContain('DTEND;TZID=Europe/Copenhagen:20270328T033000');
    const { event } = parse(text);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(event.duration.toSeconds()).toBe(3600);
  });

  it('writes the repeated October hour unambiguously, in UTC', () => {
    // 02:30 happens twice on 31 October 2027. RFC 5545 reads a TZID time there as the first
    // occurrence, ical.js as the second: UTC leaves no client a choice.
    const second = ics({ ...first, start: '2027-10-31T02:30:00+01:00', end: '2027-10-31T03:30:00+01:00' });
    expect(second).toContain('DTSTART:20271031T013000Z');
    expect(second).toContain('DTEND;TZID=Europe/Copenhagen:20271031T033000');
    expect(parse(second).event.startDate.toJSDate().toISOString()).toBe('2027-10-31T01:30:00.000Z');
    const firstTime = ics({ ...first, start: '2027-10-31T02:30:00+02:00', end: '2027-10-31T03:30:00+01:00' });
    expect(firstTime).toContain('DTSTART:20271031T003000Z');
    const e = parse(firstTime).event;
    expect(e.startDate.toJSDate().toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2027-10-31T02:30:00.000Z');
    expect(e.duration.toSeconds()).toBe(7200);
  });

  it('starts a first invitation at SEQUENCE 0, and keeps the UID of a changed meeting, later stamped', () => {
    const original = parse(ics(first, NOW));
    expect(original.event.sequence).toBe(0);
    expect(ics(first, NOW)).toContain('\r\nSEQUENCE:0\r\n');
    const moved = parse(
      ics(
        { ...first, start: '2026-12-10T13:00:00+01:00', end: '2026-12-10T14:00:00+01:00', location: { address: 'Rådhuset, Rådhusbuen 1, 4000 Roskilde', room: 'Lokale 3' } },
        new Date(NOW.getTime() + 60_000),
      ),
    );
    expect(moved.event.uid).toBe(original.event.uid);
    // The same revision number, sent later: RFC 5546 2.1.5 makes the later DTSTAMP the newer version.
    expect(moved.event.sequence).toBe(0);
    expect(moved.vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-25T12:01:00Z');
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2026-12-10T12:00:00.000Z');

    // Another citizen's first meeting with the same coordinator is another event.
    expect(parse(ics({ ...first, citizen: { name: 'Anne Hansen' } })).event.uid).not.toBe(original.event.uid);
    // A follow-up is another event than the first meeting.
    expect(parse(ics({ ...first, meeting: 'followUp', previousMeetingDate: '2026-06-01' })).event.uid).not.toBe(original.event.uid);
  });

  it('takes the UID from the case system id and the SEQUENCE the caller gives', () => {
    const a = parse(ics(followUp)).event;
    const b = parse(ics({ ...followUp, sequence: 1, start: '2027-06-11T09:00:00+02:00', end: '2027-06-11T10:00:00+02:00', coordinator: { ...followUp.coordinator, email: 'ny.koordinator@roskilde.dk' } })).event;
    expect(b.uid).toBe(a.uid);
    expect([a.sequence, b.sequence]).toEqual([0, 1]);
    expect(a.uid).not.toContain('sag-4711');
    expect(parse(ics({ ...followUp, id: 'sag-4712' })).event.uid).not.toBe(a.uid);
  });

  it('carries no CPR, no free text and the citizen name only when asked', () => {
    // buildIcs does not validate: a CPR number typed into the coordinator's free text reaches it.
    const secret = 'Diagnose: paranoid skizofreni. Cpr. nr. 010180-4000';
    const text = ics({ ...first, purpose: secret, message: secret });
    // Checked on the unfolded lines: folding at 75 octets can split a number across two lines.
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(containsCprLike(unfolded)).toBe(false);
    expect(unfolded).not.toContain('skizofreni');
    const { event } = parse(text);
    expect(event.summary).toBe('Koordinationsmøde');
    expect(text).not.toContain('Jens Peter Nielsen');
    expect(parse(ics(followUp)).event.summary).toBe('Koordinationsmøde: Jens Peter Nielsen');
  });

  it('folds lines at 75 octets with CRLF and escapes text', () => {
    const address = 'Æblehavens Sundhedshus, Sønder Ålevej 117, st. th.; indgang B\\C, 4000 Roskilde';
    const text = ics({ ...first, location: { address, room: 'Mødelokale "Øresund"\nbagerst', videoLink: '' } });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(text).toContain('\\;');
    expect(parse(text).event.location).toBe(`${address}, Mødelokale "Øresund"\nbagerst`);
  });

  it('puts a video link in the location when there is no address', () => {
    const { event } = parse(ics(followUp));
    expect(event.location).toBe('https://video.regionsjaelland.dk/moede/abc-123');
    expect(event.description).toContain('https://video.regionsjaelland.dk/moede/abc-123');
  });
});
