/**
 * People written as free text, the way the official form asks for them ("[Koordinators
 * navn, stilling, organisation og kontaktoplysninger angives her]"): a name, then title
 * and organisation, split by commas, with a phone number and an e-mail address anywhere
 * on the line. Both the plain-template reader and the form reader (whose Koordinator and
 * Deltagere cells are such free text in the blank form) read them here.
 */
import type { Contact } from '../plan/schema.js';

export type ParticipantText = Contact & { attended: boolean };

const EMAIL = /[^\s,;·|<>()]+@[^\s,;·|<>()]+\.[^\s,;·|<>()]{2,}/u;
const PHONE_LABELLED = /(?:tlf|telefon|mobil|tel)\.?\s*:?\s*(\+?\d[\d ]{6,}\d)/iu;
const PHONE_BARE = /^\+?\d[\d ]{6,}\d$/u;
const ATTENDED = /^(deltog(\s+i\s+mødet)?|til stede)$/iu;
const ABSENT = /^(meldte\s+afbud|afbud|deltog\s+ikke|fraværende)$/iu;
/** "(afbud)" anywhere on the line, or "afbud" as the line's last comma-separated part. */
const ABSENT_INLINE = /\s*\((?:meldte\s+)?afbud\)\s*|\s*[,–-]\s*(?:meldte\s+)?afbud\s*$/iu;

/** Removes the form's own "[… angives her]" hint, which stays when the referent types after it. */
export function stripHint(value: string): string {
  return value.replace(/^\s*\[[^\]]*\]\s*/u, '').trim();
}

/** Picks e-mail and phone out of a contact line; undefined when the line has neither. */
function contactDetails(line: string): { phone: string; email: string; rest: string } | undefined {
  let rest = line;
  const email = EMAIL.exec(rest)?.[0] ?? '';
  if (email) rest = rest.replace(email, ' ');
  let phone = '';
  const labelled = PHONE_LABELLED.exec(rest);
  if (labelled) {
    phone = labelled[1]!.trim();
    rest = rest.replace(labelled[0], ' ');
  } else {
    const bare = rest.split(/[·|,;]/u).map((s) => s.trim()).find((s) => PHONE_BARE.test(s));
    if (bare) {
      phone = bare;
      rest = rest.replace(bare, ' ');
    }
  }
  if (!email && !phone) return undefined;
  const parts = rest.replace(/[·|;]/gu, ',').split(',').map((p) => p.replace(/\s+/gu, ' ').trim());
  return { phone, email, rest: parts.filter(Boolean).join(', ') };
}

/** "Navn, stilling, organisation": the first part is the name, the second the title, the rest the organisation. */
function nameLine(line: string): Pick<Contact, 'name' | 'title' | 'organisation'> {
  const parts = line.split(',').map((s) => s.trim()).filter(Boolean);
  return { name: parts[0] ?? '', title: parts[1] ?? '', organisation: parts.slice(2).join(', ') };
}

const lines = (text: string) =>
  stripHint(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** One person: the first name line, its contact details, and further lines as more of the organisation. */
export function readContactText(text: string): Contact {
  const c: Contact = { name: '', title: '', organisation: '', phone: '', email: '' };
  for (const line of lines(text)) {
    const details = contactDetails(line);
    if (details) {
      c.phone ||= details.phone;
      c.email ||= details.email;
      if (details.rest && !c.name) Object.assign(c, nameLine(details.rest));
    } else if (!c.name) {
      Object.assign(c, nameLine(line));
    } else {
      c.organisation = [c.organisation, line].filter(Boolean).join(', ');
    }
  }
  return c;
}

/** One participant per name line; contact and attendance lines belong to the participant above them. */
export function readParticipantsText(text: string): ParticipantText[] {
  const out: ParticipantText[] = [];
  for (const raw of lines(text)) {
    const current = out[out.length - 1];
    if (ATTENDED.test(raw) && current) {
      current.attended = true;
      continue;
    }
    if (ABSENT.test(raw) && current) {
      current.attended = false;
      continue;
    }
    const absent = ABSENT_INLINE.test(raw);
    const line = raw.replace(ABSENT_INLINE, ' ').trim();
    const details = contactDetails(line);
    if (details && current && !details.rest && !(current.phone || current.email)) {
      current.phone = details.phone;
      current.email = details.email;
      continue;
    }
    const p: ParticipantText = { name: '', title: '', organisation: '', phone: details?.phone ?? '', email: details?.email ?? '', attended: !absent };
    Object.assign(p, nameLine(details ? details.rest : line));
    out.push(p);
  }
  return out;
}
