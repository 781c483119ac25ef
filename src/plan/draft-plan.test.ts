import { describe, expect, it } from 'vitest';
import { draftOf } from './draft-plan.js';
import { validatePlan } from './validate-plan.js';

describe('a draft of a plan with errors', () => {
  const v = (input: unknown) => validatePlan(input);

  it('is the plan as read, marked as a draft, errors and all', () => {
    const read = v({ citizen: { name: 'Mette Hansen' }, consent: null });
    expect(read.errors.length).toBeGreaterThan(0);
    const draft = draftOf(read);
    expect(draft.plan?.status).toBe('draft');
    expect(draft.plan?.citizen.name).toBe('Mette Hansen');
  });

  it('leaves out what the schema rejected, and shows the rest', () => {
    const read = v({ citizen: { name: 'Mette Hansen', cpr: 7 }, challenges: ['Bolig'] });
    expect(read.plan).toBeUndefined();
    expect(draftOf(read).plan).toMatchObject({ status: 'draft', citizen: { name: 'Mette Hansen', cpr: '' }, challenges: ['Bolig'] });
  });

  it('is refused when the citizen said no to consent, with the consequence', () => {
    expect(draftOf(v({ consent: false })).refused).toMatch(/kan der ikke udarbejdes en indsatsplan\. Det gælder også en kladde\.$/);
  });

  it('is refused when the plan is too long to lay out, or nothing of it could be read', () => {
    const long = Array.from({ length: 20 }, () => 'x'.repeat(9_000));
    expect(draftOf(v({ challenges: long })).refused).toContain('for lang');
    expect(draftOf(v('ikke en plan')).refused).toContain('kunne ikke læses');
  });
});
