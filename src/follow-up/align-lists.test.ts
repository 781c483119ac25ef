import { describe, expect, it } from 'vitest';
import { alignLists, overlap, PairBudget, wordSet } from './align-lists.js';

const textSimilarity = (a: string, b: string) => overlap(wordSet(a), wordSet(b));
const same = <T>(x: T) => x;
const align = (previous: string[], current: string[]) =>
  alignLists(previous, current, same, textSimilarity).map((p) =>
    p.previous === undefined ? `+${current[p.current!]}` : p.current === undefined ? `-${previous[p.previous]}` : `${previous[p.previous]}=${current[p.current]}${p.moved ? ' moved' : ''}`,
  );

describe('alignLists', () => {
  it('pairs an unchanged list item by item', () => {
    expect(align(['a b', 'c d', 'e f'], ['a b', 'c d', 'e f'])).toEqual(['a b=a b', 'c d=c d', 'e f=e f']);
  });

  it('an item inserted in the middle leaves the later ones paired with themselves', () => {
    expect(align(['bolig', 'job', 'misbrug'], ['bolig', 'økonomi', 'job', 'misbrug'])).toEqual(['bolig=bolig', '+økonomi', 'job=job', 'misbrug=misbrug']);
  });

  it('a removed item is listed where it stood', () => {
    expect(align(['bolig', 'job', 'misbrug'], ['bolig', 'misbrug'])).toEqual(['bolig=bolig', '-job', 'misbrug=misbrug']);
    expect(align(['bolig', 'job'], ['job'])).toEqual(['-bolig', 'job=job']);
  });

  it('a reworded item stays the same item, in place', () => {
    expect(align(['støtte til fremmøde i psykiatrien', 'job'], ['støtte til stabilt fremmøde i den ambulante psykiatri', 'job'])).toEqual([
      'støtte til fremmøde i psykiatrien=støtte til stabilt fremmøde i den ambulante psykiatri',
      'job=job',
    ]);
  });

  it('an item that changed priority is moved, the others are not', () => {
    expect(align(['bolig og økonomi', 'job og uddannelse', 'misbrug og behandling'], ['misbrug og behandling', 'bolig og økonomi', 'job og uddannelse'])).toEqual([
      'misbrug og behandling=misbrug og behandling moved',
      'bolig og økonomi=bolig og økonomi',
      'job og uddannelse=job og uddannelse',
    ]);
  });

  it('an entirely different item in the same place is a removal and an addition, not a change', () => {
    expect(align(['bolig', 'job'], ['bolig', 'tandlæge'])).toEqual(['bolig=bolig', '-job', '+tandlæge']);
  });

  it('pairs equal items by position', () => {
    expect(alignLists(['x', 'x'], ['x'], same, textSimilarity)).toEqual([{ previous: 0, current: 0 }, { previous: 1 }]);
  });

  it('past its budget of pairs to weigh, pairs by position alone', () => {
    const budget = new PairBudget(6);
    const weighed: string[] = [];
    const spy = (a: string, b: string) => (weighed.push(`${a}${b}`), textSimilarity(a, b));
    expect(alignLists(['a', 'b'], ['b', 'c'], same, spy, budget)).toEqual([{ previous: 0 }, { previous: 1, current: 0 }, { current: 1 }]);
    expect(weighed).toHaveLength(4);
    // 3 × 2 pairs would exceed what is left (2): none is weighed.
    expect(alignLists(['a', 'b', 'c'], ['x', 'a'], same, spy, budget)).toEqual([{ previous: 0, current: 0 }, { previous: 1, current: 1 }, { previous: 2 }]);
    expect(weighed).toHaveLength(4);
  });

  it('handles empty lists', () => {
    expect(align([], [])).toEqual([]);
    expect(align([], ['a'])).toEqual(['+a']);
    expect(align(['a'], [])).toEqual(['-a']);
  });
});

describe('overlap', () => {
  it('is the share of words in common, whatever their case and punctuation', () => {
    expect(overlap(wordSet('Kontakt til Jobcenter.'), wordSet('kontakt til jobcenter'))).toBe(1);
    expect(overlap(wordSet('a b'), wordSet('c d'))).toBe(0);
    expect(overlap(wordSet('a b c d'), wordSet('a b'))).toBeCloseTo(2 / 3);
    expect(overlap(wordSet(''), wordSet(''))).toBe(1);
  });
});
