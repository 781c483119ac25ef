/** The last page of a plan rendered beside its previous plan: the comparison, as the template prints it. */
import type { ChangesPageView } from '../plan/plan-view.js';
import { danishDate } from '../plan/plan-view.js';
import type { PlanComparison } from './schema.js';

/** "Ændringer siden planen af 1. maj 2014". */
export function changesHeading(comparison: Pick<PlanComparison, 'previousMeetingDate'>): string {
  const date = danishDate(comparison.previousMeetingDate);
  return date ? `Ændringer siden planen af ${date}` : 'Ændringer siden den forrige plan';
}

export function buildChangesPage(comparison: PlanComparison): ChangesPageView {
  const date = danishDate(comparison.previousMeetingDate);
  const previous = date ? `planen af ${date}` : 'den forrige plan';
  return {
    heading: changesHeading(comparison),
    intro:
      `Denne plan sammenholdt med ${previous}, afsnit for afsnit: hvad der er tilføjet, fjernet, ændret eller flyttet.` +
      (comparison.truncated ? ` Der er flere end ${comparison.changeCount} ændringer; kun de første vises.` : ''),
    sections: comparison.sections
      .filter((s) => s.changes.length > 0)
      .map((s) => ({ title: s.title, changes: s.changes.map((c) => ({ label: c.label, message: withoutLabel(c.message, c.label) })) })),
  };
}

/** The table prints the label beside the message: "Dato for opfølgning: ændret fra …" becomes "Ændret fra …". */
function withoutLabel(message: string, label: string): string {
  if (!message.startsWith(`${label}: `)) return message;
  const rest = message.slice(label.length + 2);
  return `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`;
}
