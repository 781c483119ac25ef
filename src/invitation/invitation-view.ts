/**
 * The invitation as the template sees it: every text ready to print, times in Danish
 * local time, no logic left for the template beyond showing or repeating a block.
 */
import type { Invitation } from './schema.js';
import { copenhagenDate, formatDanishClock, formatDanishWeekdayDate, parseIsoDate, parseOffsetDateTime } from '../shared/dates.js';
import { agenda, apologiesText, defaultPurpose, introText, personalDataNote, TITLE } from './texts.js';

export interface InvitationView {
  title: string;
  intro: string;
  citizenName: string;
  /** "torsdag den 3. december 2026" */
  date: string;
  /** "kl. 10.00–11.30" */
  time: string;
  /** The whole line: "torsdag den 3. december 2026 kl. 10.00–11.30" */
  when: string;
  address: string;
  room: string;
  videoLink: string;
  isFollowUp: boolean;
  previousMeeting: string;
  purpose: string;
  agenda: Array<{ number: number; text: string }>;
  /** Each with the secure e-mail address the invitation goes to (empty: invited another way). */
  invitees: Array<{ name: string; title: string; organisation: string; email: string }>;
  message: string;
  /** The coordinator's contact details (an empty one stays an empty cell). */
  coordinatorName: string;
  coordinatorTitle: string;
  coordinatorOrganisation: string;
  coordinatorPhone: string;
  coordinatorEmail: string;
  apologies: string;
  personalDataNote: string;
  hasAttachments: boolean;
  attachments: string[];
}

export interface ViewOptions {
  /** The enclosures the invitation lists (in a bundle). */
  attachments?: string[];
  /** The pre-filled plan goes with the invitation. */
  planAttached?: boolean;
}

/** "torsdag den 3. december 2026", the day in Copenhagen. */
const meetingDay = (instant: Date): string => formatDanishWeekdayDate(copenhagenDate(instant));

/** The previous meeting's `YYYY-MM-DD` in words; as given if it is no date (validation has said so). */
function previousMeetingDay(value: string): string {
  const d = parseIsoDate(value);
  return d ? formatDanishWeekdayDate(d) : value;
}

export function buildInvitationView(inv: Invitation, options: ViewOptions = {}): InvitationView {
  const attachments = options.attachments ?? [];
  const start = parseOffsetDateTime(inv.start.trim());
  const end = parseOffsetDateTime(inv.end.trim());
  if (!start || !end) throw new Error('buildInvitationView: the invitation was not validated');
  const isFollowUp = inv.meeting === 'followUp';
  const previousMeeting = isFollowUp && inv.previousMeetingDate ? previousMeetingDay(inv.previousMeetingDate.trim()) : '';
  const citizenName = inv.citizen.name.trim();
  const c = inv.coordinator;
  const date = meetingDay(start);
  const endDay = meetingDay(end);
  // A meeting past midnight names both days.
  const time = date === endDay ? `kl. ${formatDanishClock(start)}–${formatDanishClock(end)}` : `kl. ${formatDanishClock(start)} til ${endDay} kl. ${formatDanishClock(end)}`;
  return {
    title: TITLE[inv.meeting],
    intro: introText(inv.meeting, citizenName, previousMeeting),
    citizenName,
    date,
    time,
    when: `${date} ${time}`,
    address: inv.location.address.trim(),
    room: inv.location.room.trim(),
    videoLink: inv.location.videoLink.trim(),
    isFollowUp,
    previousMeeting,
    purpose: inv.purpose.trim() || defaultPurpose(inv.meeting, previousMeeting),
    agenda: agenda(inv.meeting, previousMeeting).map((text, i) => ({ number: i + 1, text })),
    invitees: inv.invitees.map((i) => ({ name: i.name.trim(), title: i.title.trim(), organisation: i.organisation.trim(), email: i.email.trim() })),
    message: inv.message.trim(),
    coordinatorName: c.name.trim(),
    coordinatorTitle: c.title.trim(),
    coordinatorOrganisation: c.organisation.trim(),
    coordinatorPhone: c.phone.trim(),
    coordinatorEmail: c.email.trim(),
    apologies: apologiesText({ name: c.name.trim(), email: c.email.trim(), phone: c.phone.trim() }),
    personalDataNote: personalDataNote(options.planAttached ?? false),
    hasAttachments: attachments.length > 0,
    attachments,
  };
}
