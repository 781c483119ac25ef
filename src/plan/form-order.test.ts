import { describe, expect, it } from 'vitest';
import type { ProblemItem } from '../shared/problem.js';
import { FORM_ORDER, formRank, inFormOrder, sectionAt } from './form-order.js';
import { SECTION } from './labels.js';
import { PlanSchema } from './schema.js';
import { validatePlan } from './validate-plan.js';

const item = (path: string, code = 'x', message = `at ${path}`): ProblemItem => ({ code, path, label: 'L', message });
const paths = (items: ProblemItem[]) => items.map((p) => p.path);

describe("the form's order", () => {
  it('places every field of the plan, and only those', () => {
    expect(FORM_ORDER.map(([field]) => field).sort()).toEqual(Object.keys(PlanSchema.shape).sort());
  });

  it('reads section 1 top to bottom, then sections 2 to 5, whatever order the problems were found in', () => {
    const form = [
      '/status',
      '/citizen/name',
      '/citizen/cpr',
      '/grounds',
      '/consent',
      '/coordinator/name',
      '/participants/0/name',
      '/meetingDate',
      '/approvedByCitizen',
      '/referralDate',
      '/relatives/0/cpr',
      '/existingPlans/drugTreatment/status',
      '/existingPlans/other/goal',
      '/challenges',
      '/goals',
      '/followUpDate',
      '/someTypo',
      '',
    ];
    const found = [...form].reverse().map((p) => item(p));
    expect(paths(inFormOrder(found))).toEqual(form);
  });

  it('puts the consent box the reader could not read after the name, as the form does (not first, as it was found)', () => {
    const read = [item('/consent', 'upload.box-unclear')];
    const ruled = [item('/citizen/name', 'citizen.name.missing'), item('/coordinator/name', 'coordinator.missing')];
    expect(inFormOrder([...read, ...ruled]).map((p) => p.code)).toEqual(['citizen.name.missing', 'upload.box-unclear', 'coordinator.missing']);
  });

  it('orders goals and rows by number (10 after 2) and a goal before its parts, its title before its interventions', () => {
    const want = [
      '/goals/0',
      '/goals/0/title',
      '/goals/0/interventions/0/task',
      '/goals/0/interventions/0/responsible',
      '/goals/0/interventions/1/task',
      '/goals/2/title',
      '/goals/10/title',
    ];
    expect(paths(inFormOrder([...want].reverse().map((p) => item(p))))).toEqual(want);
    expect(formRank('/goals/0/interventions/0/task')).toEqual([15, 0, 1, 0, 0]);
  });

  it('keeps problems at the same field in the order they were found', () => {
    const first = item('/citizen/cpr', 'cpr.format', 'først');
    const second = item('/citizen/cpr', 'upload.date-unreadable', 'så');
    expect(inFormOrder([item('/goals'), first, second]).slice(0, 2)).toEqual([
      { ...first, section: SECTION.masterData },
      { ...second, section: SECTION.masterData },
    ]);
  });

  it('lists each problem once', () => {
    const twice = item('/consent', 'upload.box-unclear');
    expect(inFormOrder([twice, item('/citizen/name'), { ...twice }])).toHaveLength(2);
    // The same field with other words is another problem.
    expect(inFormOrder([twice, { ...twice, message: 'andet' }])).toHaveLength(2);
  });

  it('names the section of each field, and none for the status, unknown fields and the plan as a whole', () => {
    expect(sectionAt('/relatives/0/name')).toBe('1. Stamoplysninger');
    expect(sectionAt('/existingPlans/other/status')).toBe(SECTION.existingPlans);
    expect(sectionAt('/challenges/2')).toBe(SECTION.challenges);
    expect(sectionAt('/goals/0/interventions/0/task')).toBe(SECTION.goals);
    expect(sectionAt('/followUpDate')).toBe('5. Opfølgning');
    for (const none of ['/status', '/someTypo', '']) expect(sectionAt(none), none).toBeUndefined();
    expect(inFormOrder([item('')])[0]).not.toHaveProperty('section');
  });

  it('is the order of validatePlan: errors and warnings, each with its section', () => {
    const v = validatePlan({ citizen: { cpr: '010180-4000' }, consent: null, followUpDate: '2014-01-01', meetingDate: '2014-05-01', challenges: [''] });
    const codes = v.errors.map((p) => p.code);
    expect(codes.indexOf('citizen.name.missing')).toBeLessThan(codes.indexOf('consent.missing'));
    expect(codes.indexOf('approval.missing')).toBeLessThan(codes.indexOf('challenges.none'));
    expect(codes.at(-1)).toBe('followUp.not-after-meeting');
    const sectionOf = (code: string) => v.errors.find((p) => p.code === code)?.section;
    expect(sectionOf('citizen.name.missing')).toBe(SECTION.masterData);
    expect(sectionOf('challenges.none')).toBe(SECTION.challenges);
    expect(sectionOf('goals.none')).toBe(SECTION.goals);
    expect(sectionOf('followUp.not-after-meeting')).toBe(SECTION.followUp);
    expect(v.warnings.find((p) => p.code === 'cpr.modulus11')?.section).toBe(SECTION.masterData);
  });
});
