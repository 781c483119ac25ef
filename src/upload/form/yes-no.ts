/** The Ja/Nej pairs of the form (Samtykke, Godkendt af borger): one answer from two boxes. */

/** A box: ticked, empty, or undefined when it is missing or says neither. */
export type BoxState = boolean | undefined;

/**
 * Ja ticked → true, Nej ticked → false. Both, neither, or a box that cannot be read
 * gives null and the Danish reason, naming the form's label.
 */
export function decideYesNo(yes: BoxState, no: BoxState, label: string): { value: boolean | null; problem?: string } {
  if (yes === true && no === true) return { value: null, problem: `Både »Ja« og »Nej« er afkrydset ved »${label}«. Sæt kun ét kryds.` };
  if (yes === true) return { value: true };
  if (no === true) return { value: false };
  if (yes === false && no === false) return { value: null, problem: `Hverken »Ja« eller »Nej« er afkrydset ved »${label}«.` };
  return { value: null, problem: `Afkrydsningen ved »${label}« kan ikke aflæses: feltet »${yes === undefined ? 'Ja' : 'Nej'}« er hverken tydeligt afkrydset eller tomt, eller det mangler.` };
}
