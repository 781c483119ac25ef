/** The Ja/Nej pairs of the form (Samtykke, Godkendt af borger) read back: one answer from two boxes, decided alike by every reader. */

/** A box: ticked, empty, or undefined when it is missing or says neither. */
export type BoxState = boolean | undefined;

/**
 * Ja ticked → true, Nej ticked → false. Both, neither, or a box that is missing or
 * cannot be read gives null (never a guess) and the Danish reason, naming the label.
 */
export function decideYesNo(yes: BoxState, no: BoxState, label: string): { value: boolean | null; problem?: string } {
  if (yes === undefined || no === undefined) {
    const which = yes === undefined && no === undefined ? '»Ja« og »Nej«' : yes === undefined ? '»Ja«' : '»Nej«';
    return { value: null, problem: `Afkrydsningen ved »${label}« kan ikke aflæses: ${which} er hverken tydeligt afkrydset eller tomt, eller feltet mangler.` };
  }
  if (yes && no) return { value: null, problem: `Både »Ja« og »Nej« er afkrydset ved »${label}«. Sæt kun ét kryds.` };
  if (yes) return { value: true };
  if (no) return { value: false };
  return { value: null, problem: `Hverken »Ja« eller »Nej« er afkrydset ved »${label}«.` };
}
