/**
 * The meeting as an iCalendar request (RFC 5545), so every invitee's calendar shows it and
 * a changed meeting updates the same event. Calendars are rarely confidential, so the event
 * carries fixed words only: no CPR, no diagnosis, no free text from the coordinator, and the
 * citizen's name only when the coordinator asks for it.
 */
import { createHash } from 'node:crypto';
import type { Invitation } from './schema.js';
import { copenhagenOffsetMinutes, copenhagenParts, parseOffsetDateTime, TIME_ZONE, type LocalParts } from '../shared/dates.js';
import { CALENDAR_SUMMARY } from './texts.js';

export const PRODID = '-//indsatsplan//Invitation til koordinationsmøde//DA';
const UID_DOMAIN = 'indsatsplan.invitation';

/** Europe/Copenhagen as EU rules have it since 1996: summer time from the last Sunday of March to the last Sunday of October. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/**
 * The event's UID: from the case system's own meeting id when given; otherwise from what stays
 * the same when a meeting is moved (the coordinator, the citizen, and which meeting it is: the
 * first one, or the follow-up of a given earlier meeting), never from the time or the place.
 * Hashed, so the UID reveals nothing.
 */
export function invitationUid(inv: Invitation): string {
  const key = inv.id?.trim()
    ? `id\n${inv.id.trim()}`
    : ['fields', inv.coordinator.email.trim().toLowerCase(), inv.citizen.name.trim().toLowerCase(), inv.meeting, inv.meeting === 'followUp' ? (inv.previousMeetingDate ?? '') : ''].join('\n');
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${UID_DOMAIN}`;
}

/**
 * The event's revision (RFC 5545 3.8.7.4): 0 when it is created, raised by the organizer with
 * each significant change. The service keeps no record of the invitations it made, so the
 * revision is the caller's, and without one this is the first: 0. An unchanged SEQUENCE
 * re-sent later is still read as the newer version, by its later DTSTAMP (RFC 5546 2.1.5),
 * and Outlook and Thunderbird do so; a case system that moves a meeting passes 1, 2, ...
 */
export function invitationSequence(inv: Invitation): number {
  return inv.sequence ?? 0;
}

export function buildIcs(inv: Invitation, now: Date): string {
  const start = mustParse(inv.start);
  const end = mustParse(inv.end);
  const coordinator = inv.coordinator;
  const location = meetingLocation(inv);

  const summary = inv.showCitizenNameInCalendar && inv.citizen.name.trim() ? `${CALENDAR_SUMMARY}: ${inv.citizen.name.trim()}` : CALENDAR_SUMMARY;
  const description = [
    inv.meeting === 'followUp' ? 'Opfølgende koordinationsmøde om en koordinerende indsatsplan.' : 'Koordinationsmøde om en koordinerende indsatsplan.',
    'Dagsorden og deltagere står i invitationen, der er sendt med sikker e-mail.',
    inv.location.videoLink.trim() ? `Videomøde: ${inv.location.videoLink.trim()}` : '',
    `Afbud til koordinator ${coordinator.name.trim()}: ${[coordinator.email.trim(), coordinator.phone.trim()].filter(Boolean).join(', tlf. ')}`,
  ]
    .filter(Boolean)
    .join('\n');

  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    ...VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${invitationUid(inv)}`,
    `SEQUENCE:${invitationSequence(inv)}`,
    `DTSTAMP:${utcStamp(now)}`,
    dateTimeProperty('DTSTART', start),
    dateTimeProperty('DTEND', end),
    `SUMMARY:${escapeText(summary)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `DESCRIPTION:${escapeText(description)}`,
    'CLASS:CONFIDENTIAL',
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    `ORGANIZER;CN=${paramValue(coordinator.name.trim() || coordinator.email.trim())}:mailto:${coordinator.email.trim()}`,
    ...inv.invitees
      .filter((i) => i.email.trim())
      .map(
        (i) =>
          `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=${paramValue(i.name.trim() || i.email.trim())}:mailto:${i.email.trim()}`,
      ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The place in one line: address and room, or the video link. */
export function meetingLocation(inv: Invitation): string {
  const { address, room, videoLink } = inv.location;
  const place = [address.trim(), room.trim()].filter(Boolean).join(', ');
  return place || videoLink.trim();
}

function mustParse(value: string): Date {
  const d = parseOffsetDateTime(value.trim());
  if (!d) throw new Error('buildIcs: the invitation was not validated');
  return d;
}

/**
 * Local Copenhagen time with TZID, except in the hour that occurs twice in October: RFC 5545
 * reads such a time as its first occurrence, but clients differ (ical.js takes the second),
 * so an ambiguous time is written in UTC, which every client reads the same way.
 */
function dateTimeProperty(name: 'DTSTART' | 'DTEND', instant: Date): string {
  const local = copenhagenParts(instant);
  if (instantsOfLocal(local).length > 1) return `${name}:${utcStamp(instant)}`;
  return `${name};TZID=${TIME_ZONE}:${localStamp(local)}`;
}

/** Every instant whose Copenhagen wall-clock time is `local` (two in the repeated October hour). */
function instantsOfLocal(local: LocalParts): number[] {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return [120, 60]
    .map((offset) => asUtc - offset * 60_000)
    .filter((t) => copenhagenOffsetMinutes(new Date(t)) === (asUtc - t) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function localStamp(l: LocalParts): string {
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
}

function utcStamp(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .split('')
    .filter((ch) => !isControl(ch))
    .join('');
}

/** A parameter value, always quoted; a quote or control character cannot be escaped there, so it is dropped. */
function paramValue(value: string): string {
  return `"${value
    .split('')
    .filter((ch) => ch !== '"' && !isControl(ch))
    .join('')}"`;
}

/** Control characters (other than the line breaks already escaped) are not allowed in content lines. */
function isControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 0x20 || c === 0x7f;
}

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
