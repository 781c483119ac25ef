/**
 * Pairs the items of two versions of a list (goals, interventions, challenges, participants)
 * the way a person reads two versions of a plan: an item keeps its identity when it is
 * reworded or moved, and an item inserted in the middle does not make every later one
 * "changed". Matching is by content first and by position second:
 *
 * 1. the longest order-preserving chain of clearly similar items (a weighted LCS): these
 *    stay where they were, whatever their indexes;
 * 2. clearly similar items outside that chain: moved (a new priority);
 * 3. between two items of the chain, what is left is paired in order when the items are
 *    at least somewhat alike: the same item, reworded in place;
 * 4. the rest were added or removed.
 */

/** One item of either list: in both (previous and current), or added, or removed. */
export interface Pairing {
  previous?: number;
  current?: number;
  /** True when the item is in both lists but left the order the others keep (step 2). */
  moved?: boolean;
}

export interface AlignThresholds {
  /** Similarity (0–1) from which two items are the same item, wherever they stand. */
  same: number;
  /** Similarity from which two items at the same place are one item, reworded. */
  reworded: number;
}

export const DEFAULT_THRESHOLDS: AlignThresholds = { same: 0.5, reworded: 0.25 };

/**
 * How many item pairs one comparison may weigh. Matching is quadratic in the list lengths;
 * a real plan has some ten goals of some ten interventions (a few hundred pairs), while a
 * hostile one could have 200 goals of 500 interventions each. Past the budget, lists are
 * paired by position alone.
 */
export class PairBudget {
  constructor(private left = 500_000) {}
  take(pairs: number): boolean {
    if (pairs > this.left) return false;
    this.left -= pairs;
    return true;
  }
}

/**
 * The pairings, in the order of the current list; a removed item where it stood among the
 * others. `features` prepares an item for `similarity` (its words, say), once per item and
 * only when the budget allows the comparison at all.
 */
export function alignLists<T, F>(
  previousItems: readonly T[],
  currentItems: readonly T[],
  features: (item: T) => F,
  similarity: (a: F, b: F) => number,
  budget: PairBudget = new PairBudget(),
  thresholds: AlignThresholds = DEFAULT_THRESHOLDS,
): Pairing[] {
  const n = previousItems.length;
  const m = currentItems.length;
  if (!budget.take(n * m)) return byPosition(n, m);
  const previous = previousItems.map(features);
  const current = currentItems.map(features);
  const sim = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sim[i * m + j] = similarity(previous[i]!, current[j]!);
  const at = (i: number, j: number) => sim[i * m + j]!;

  const prevTaken = new Int32Array(n).fill(-1);
  const currTaken = new Int32Array(m).fill(-1);
  const pair = (i: number, j: number) => {
    prevTaken[i] = j;
    currTaken[j] = i;
  };

  // 1. The chain: order-preserving pairs of clearly similar items with the largest total similarity.
  const anchors = monotonePairs(n, m, (i, j) => (at(i, j) >= thresholds.same ? at(i, j) : 0));
  for (const [i, j] of anchors) pair(i, j);

  // 2. Moves: the most similar first, so that an item goes to its best counterpart.
  const candidates: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    if (prevTaken[i]! >= 0) continue;
    for (let j = 0; j < m; j++) if (currTaken[j]! < 0 && at(i, j) >= thresholds.same) candidates.push([at(i, j), i, j]);
  }
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const moved = new Set<number>();
  for (const [, i, j] of candidates) {
    if (prevTaken[i]! >= 0 || currTaken[j]! >= 0) continue;
    pair(i, j);
    moved.add(i);
  }

  // 3. Rewordings in place: within each gap between two items of the chain.
  const bounds: Array<[number, number]> = [[-1, -1], ...anchors, [n, m]];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [i0, j0] = bounds[k]!;
    const [i1, j1] = bounds[k + 1]!;
    const ps = range(i0 + 1, i1).filter((i) => prevTaken[i]! < 0);
    const cs = range(j0 + 1, j1).filter((j) => currTaken[j]! < 0);
    if (ps.length === 0 || cs.length === 0) continue;
    for (const [a, b] of monotonePairs(ps.length, cs.length, (a, b) => (at(ps[a]!, cs[b]!) >= thresholds.reworded ? at(ps[a]!, cs[b]!) : 0))) pair(ps[a]!, cs[b]!);
  }

  return ordered(prevTaken, currTaken, (i) => moved.has(i));
}

/**
 * The order-preserving pairs (i, j) with the largest total weight; a weight of 0 never pairs.
 * Of equally good choices the earliest pair wins, so equal items pair by position.
 */
function monotonePairs(n: number, m: number, weight: (i: number, j: number) => number): Array<[number, number]> {
  // best[i][j]: the best total for the suffixes previous[i..] and current[j..].
  const w = m + 1;
  const best = new Float64Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const wt = weight(i, j);
      const diag = wt > 0 ? best[(i + 1) * w + j + 1]! + wt : -1;
      best[i * w + j] = Math.max(diag, best[(i + 1) * w + j]!, best[i * w + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const here = best[i * w + j]!;
    const wt = weight(i, j);
    if (wt > 0 && here === best[(i + 1) * w + j + 1]! + wt) pairs.push([i++, j++]);
    else if (here === best[(i + 1) * w + j]!) i++;
    else j++;
  }
  return pairs;
}

function byPosition(n: number, m: number): Pairing[] {
  const out: Pairing[] = [];
  for (let k = 0; k < Math.max(n, m); k++) out.push(k >= n ? { current: k } : k >= m ? { previous: k } : { previous: k, current: k });
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

/**
 * Current items in their order; a removed item right after the current item that its
 * nearest kept predecessor became (so it is listed where it stood).
 */
function ordered(prevTaken: Int32Array, currTaken: Int32Array, isMoved: (i: number) => boolean): Pairing[] {
  const keyed: Array<{ key: number; tie: number; pairing: Pairing }> = [];
  currTaken.forEach((i, j) => {
    keyed.push({ key: j, tie: 0, pairing: i >= 0 ? { previous: i, current: j, ...(isMoved(i) ? { moved: true } : {}) } : { current: j } });
  });
  let after = -0.5;
  prevTaken.forEach((j, i) => {
    if (j >= 0) {
      if (!isMoved(i)) after = j + 0.5;
      return;
    }
    keyed.push({ key: after, tie: i, pairing: { previous: i } });
  });
  return keyed.sort((a, b) => a.key - b.key || a.tie - b.tie).map((k) => k.pairing);
}

/** The words of a text as sorted, distinct 32-bit hashes: compared by merging, without strings. */
export type Words = Int32Array;

const NO_WORDS: Words = new Int32Array(0);

/** Words of a text, lower-cased; at most `cap` of them, which bounds the work per pair. */
export function wordSet(text: string, cap = 200): Words {
  if (text === '') return NO_WORDS;
  const seen = new Set<number>();
  for (const m of text.normalize('NFC').toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    seen.add(fnv1a(m[0]));
    if (seen.size >= cap) break;
  }
  return Int32Array.from(seen).sort();
}

/** FNV-1a: a collision only makes two different words count as one, never an error. */
function fnv1a(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** How alike two word sets are (Dice): 1 for the same words, 0 for none in common; two empty sets are alike. */
export function overlap(a: Words, b: Words): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! === b[j]!) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}
