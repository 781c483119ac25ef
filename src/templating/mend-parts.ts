/**
 * docxtemplater's mending after a fill (its join-uncorrupt.js), done once over a whole filled
 * part and without allocating per part: an element a rule names that the fill left without
 * any of the elements it should contain gets the rule's value (a cell its empty paragraph),
 * or goes (a row without cells, a table without rows).
 *
 * docxtemplater mends after every loop and again over the whole part, and builds two strings
 * and an array for every part it looks at, for every rule. For the ODT form that was 18 % of a
 * fill's time and a third of what it allocates (Bilag 2: 0.27 of 1.51 ms and 487 of 1,576 KB;
 * the long plan 0.80 of 4.44 ms and 1,445 of 4,341 KB; a --cpu-prof and V8's sampling heap
 * profiler over 1,000 and 100 fills in one process). Mending once, over the whole part, gives
 * the same bytes: a loop's mending only mends what the whole part's would (odt-form.test.ts
 * fills cells and tables emptied inside loops). That this mending is docxtemplater's own is
 * checked against its join-uncorrupt.js in mend-parts.test.ts.
 */

export interface MendRule {
  /** The element mended, e.g. `table:table-cell`. */
  tag: string;
  /** What it should contain: any one of these elements. */
  shouldContain: readonly string[];
  /** Put in before its end when it contains none of them. */
  value?: string;
  /** Removed when it contains none of them. */
  drop?: boolean;
}

interface CompiledRule {
  open: string;
  end: string;
  contains: readonly string[];
  value: string;
  drop: boolean;
}

/** True when `part` starts with the element `open` ("<name") opens: the name is followed by ">", " " or "/". */
function starts(part: string, open: string): boolean {
  if (!part.startsWith(open)) return false;
  const next = part.charCodeAt(open.length);
  return next === 62 || next === 32 || next === 47;
}

/** A function that mends a filled part's pieces in place by the rules, in their order, as docxtemplater does. */
export function partMender(rules: readonly MendRule[]): (parts: string[]) => string[] {
  const compiled: CompiledRule[] = rules.map((r) => ({
    open: `<${r.tag}`,
    end: `</${r.tag}>`,
    contains: r.shouldContain.map((c) => `<${c}`),
    value: r.value ?? '',
    drop: r.drop ?? false,
  }));
  return (parts) => {
    // As docxtemplater's, kept from one rule to the next: an element left open stops the later rules.
    let collecting = -1;
    let startIndex = -1;
    for (let j = 0; j < compiled.length; j++) {
      const { open, end, contains, value, drop } = compiled[j]!;
      for (let i = 0, len = parts.length; i < len; i++) {
        const part = parts[i]!;
        if (collecting === j) {
          if (part === end) {
            collecting = -1;
            // What docxtemplater collects are the pieces from the start up to here, as they were read.
            const inner = drop ? '' : parts.slice(startIndex, i).join('');
            for (let k = startIndex; k <= i; k++) parts[k] = '';
            if (!drop) parts[i] = inner + value + part;
          } else {
            for (const c of contains) {
              if (starts(part, c)) {
                collecting = -1;
                break;
              }
            }
          }
        }
        // A piece that is the element's start tag alone (not, e.g., a cell's start and its paragraph).
        if (collecting === -1 && starts(part, open) && part.indexOf('<', 1) === -1) {
          if (part.charCodeAt(part.length - 2) === 47) {
            parts[i] = '';
          } else {
            startIndex = i;
            collecting = j;
          }
        }
      }
    }
    return parts;
  };
}
