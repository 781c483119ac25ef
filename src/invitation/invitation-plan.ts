/**
 * What the plan knows before the meeting, taken from the invitation: the citizen's name,
 * the coordinator, the invitees as participants and the meeting date. The coordinator
 * fills in the rest (CPR, address, grounds) in the form; the invitation never carries them.
 */
import type { PlanInput } from '../plan/schema.js';
import type { Invitation } from './schema.js';
import { copenhagenIsoDate, parseOffsetDateTime } from '../shared/dates.js';

export function planFromInvitation(inv: Invitation): PlanInput {
  const citizen = inv.citizen.name.trim();
  const start = parseOffsetDateTime(inv.start.trim());
  return {
    status: 'draft',
    citizen: { name: citizen },
    coordinator: { ...inv.coordinator },
    // The citizen may be on the invitation list, but is not one of the plan's participants.
    participants: inv.invitees
      .filter((i) => i.name.trim().toLowerCase() !== citizen.toLowerCase())
      .map((i) => ({ ...i, attended: true })),
    meetingDate: start ? copenhagenIsoDate(start) : null,
  };
}
