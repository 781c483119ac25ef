import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../shared/paths.js';
import { GROUNDS_HINT, LABEL, NOTE } from './labels.js';
import type { PlanInput } from './schema.js';
import { MAX_PROBLEMS, validatePlan } from './validate-plan.js';

const fixturesDir = path.join(PROJECT_ROOT, 'fixtures');
const TODAY = new Date('2026-11-25T12:00:00Z');
const minimal = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'minimal.json'), 'utf8')) as PlanInput;

/** The minimal plan with a CPR number that passes modulus 11, so it has no problem at all. */
function plan(patch: Partial<PlanInput> = {}): PlanInput {
  return { ...structuredClone(minimal), citizen: { ...minimal.citizen, cpr: '070761-4285' }, ...patch };
}
const codes = (items: { code: string; path: string }[]) => items.map(({ code, path }) => ({ code, path }));
function check(input: unknown) {
  const v = validatePlan(input, { today: TODAY });
  return { errors: codes(v.errors), warnings: codes(v.warnings), v };
}
const only = (code: string, p: string) => [{ code, path: p }];
const noneTicked = { inPsychiatricTreatment: false, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: false };
const intervention = { task: 'Samtaler', successCriteria: 'Møder op', responsible: 'Distriktspsykiatrien', timeline: 'Maj' };

describe('validatePlan on a good plan', () => {
  it('finds nothing wrong with the minimal plan (modulus 11 CPR)', () => {
    const { errors, warnings, v } = check(plan());
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(v.plan?.citizen.name).toBe('Mette Hansen');
  });
});

describe('grounds (Grundlag for indsatsplan)', () => {
  it('grounds.none: no box ticked, with the form’s words', () => {
    const { errors, v } = check(plan({ grounds: noneTicked }));
    expect(errors).toEqual(only('grounds.none', '/grounds'));
    expect(v.errors[0]?.message).toContain(GROUNDS_HINT);
    expect(v.errors[0]?.label).toBe(LABEL.grounds);
  });

  it('grounds.none: unanswered boxes from Word (null) count as not ticked', () => {
    const nulls = { inPsychiatricTreatment: null, inSubstanceTreatment: null, needsPsychiatricTreatment: null, needsSubstanceTreatment: null };
    expect(check(plan({ grounds: nulls })).errors).toEqual(only('grounds.none', '/grounds'));
  });

  it('grounds.not-in-treatment: a warning with the form’s note when neither upper box is ticked', () => {
    const { errors, warnings, v } = check(plan({ grounds: { ...noneTicked, inPsychiatricTreatment: null, needsSubstanceTreatment: true } }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual(only('grounds.not-in-treatment', '/grounds'));
    expect(v.warnings[0]?.message).toContain(NOTE.masterData[0]);
  });

  it('no warning when one upper box is ticked', () => {
    expect(check(plan({ grounds: { ...noneTicked, inSubstanceTreatment: true } })).warnings).toEqual([]);
  });
});

describe('consent (Samtykke)', () => {
  it('consent.missing: unanswered, or both/neither ticked in Word (null)', () => {
    const { errors, v } = check(plan({ consent: null }));
    expect(errors).toEqual(only('consent.missing', '/consent'));
    expect(v.errors[0]?.message).toContain('Hvis borgeren ikke giver sit samtykke, kan der ikke udarbejdes en indsatsplan.');
  });

  it('consent.missing also when the key is left out', () => {
    const { consent: _c, ...withoutConsent } = plan();
    expect(check(withoutConsent).errors).toEqual(only('consent.missing', '/consent'));
  });

  it('consent.refused: Nej', () => {
    const { errors, v } = check(plan({ consent: false }));
    expect(errors).toEqual(only('consent.refused', '/consent'));
    expect(v.errors[0]?.message).toContain('Hvis borgeren ikke giver sit samtykke, kan der ikke udarbejdes en indsatsplan.');
  });

  it('applies to drafts too', () => {
    expect(check(plan({ status: 'draft', consent: false })).errors).toEqual(only('consent.refused', '/consent'));
  });
});

describe('approval (Indsatsplan er godkendt af borger)', () => {
  it.each([false, null])('approval.missing for a final plan when %j', (approvedByCitizen) => {
    const { errors, v } = check(plan({ approvedByCitizen }));
    expect(errors).toEqual(only('approval.missing', '/approvedByCitizen'));
    expect(v.errors[0]?.label).toBe(LABEL.approvedByCitizen);
  });

  it('a draft may be rendered without approval', () => {
    expect(check(plan({ status: 'draft', approvedByCitizen: false })).errors).toEqual([]);
  });
});

describe('citizen (Navn, Cpr. nr.)', () => {
  it.each(['', '   '])('citizen.name.missing for %j', (name) => {
    expect(check(plan({ citizen: { name, cpr: '070761-4285' } })).errors).toEqual(only('citizen.name.missing', '/citizen/name'));
  });

  it('citizen.cpr.missing', () => {
    const { errors, v } = check(plan({ citizen: { name: 'Mette Hansen', cpr: '' } }));
    expect(errors).toEqual(only('citizen.cpr.missing', '/citizen/cpr'));
    expect(v.errors[0]?.label).toBe(LABEL.cpr);
  });

  it('cpr.format: not 10 digits with an optional dash after 6', () => {
    expect(check(plan({ citizen: { name: 'M', cpr: '0707614-285' } })).errors).toEqual(only('cpr.format', '/citizen/cpr'));
  });

  it('cpr.date: 29 February 1900 (7th digit 0)', () => {
    expect(check(plan({ citizen: { name: 'M', cpr: '290200-0000' } })).errors).toEqual(only('cpr.date', '/citizen/cpr'));
  });

  it('cpr.date: a birth date after today', () => {
    expect(check(plan({ citizen: { name: 'M', cpr: '010130-4000' } })).errors).toEqual(only('cpr.date', '/citizen/cpr'));
  });

  it("cpr.date: 'today' is the day in Denmark, not in UTC (a child born 1 December, checked at 00.30 Danish time)", () => {
    const input = plan({ citizen: { name: 'M', cpr: '011226-4000' } });
    const at = (iso: string) => codes(validatePlan(input, { today: new Date(iso) }).errors);
    expect(at('2026-11-30T23:30:00Z')).toEqual([]);
    expect(at('2026-11-30T22:30:00Z')).toEqual(only('cpr.date', '/citizen/cpr'));
  });

  it('cpr.modulus11: a warning only, the plan stays valid (1 January 1980)', () => {
    const { errors, warnings, v } = check(plan({ citizen: { name: 'M', cpr: '010180-4000' } }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual(only('cpr.modulus11', '/citizen/cpr'));
    expect(v.plan).toBeDefined();
  });

  it('no message ever repeats the CPR number', () => {
    const { v } = check(plan({ citizen: { name: 'M', cpr: '310280-1234' }, relatives: [{ name: 'L', cpr: '010180-4000' }] }));
    for (const p of [...v.errors, ...v.warnings]) expect(p.message).not.toMatch(/\d{6}-?\d{4}/);
  });
});

describe('coordinator and participants', () => {
  it('coordinator.missing', () => {
    const { errors, v } = check(plan({ coordinator: { name: ' ', organisation: 'Roskilde Kommune' } }));
    expect(errors).toEqual(only('coordinator.missing', '/coordinator/name'));
    expect(v.errors[0]?.label).toBe(LABEL.coordinator);
  });

  it('participants.none: an empty list', () => {
    expect(check(plan({ participants: [] })).errors).toEqual(only('participants.none', '/participants'));
  });

  it('participants.none: only blank rows (as read from a Word table)', () => {
    expect(check(plan({ participants: [{ name: '' }, { name: ' ', email: '' }] })).errors).toEqual(only('participants.none', '/participants'));
  });

  it('participant.name.missing: a filled row without a name', () => {
    const participants = [{ name: 'Peter' }, { name: '', organisation: 'Jobcentret' }];
    expect(check(plan({ participants })).errors).toEqual(only('participant.name.missing', '/participants/1/name'));
  });

  it('a participant who sent apologies still counts', () => {
    expect(check(plan({ participants: [{ name: 'Peter', attended: false }] })).errors).toEqual([]);
  });
});

describe('dates', () => {
  it.each([null, '', '  '])('meetingDate.missing for %j', (meetingDate) => {
    expect(check(plan({ meetingDate })).errors).toEqual(only('meetingDate.missing', '/meetingDate'));
  });

  it.each(['01-05-2014', '2014-5-1', '2014-02-30', '2014-13-01', '2014-05-01T10:00', '1. maj 2014'])('date.invalid for meetingDate %j', (meetingDate) => {
    expect(check(plan({ meetingDate })).errors).toEqual(only('date.invalid', '/meetingDate'));
  });

  it('date.invalid for followUpDate', () => {
    expect(check(plan({ followUpDate: '2014-09-31' })).errors).toEqual(only('date.invalid', '/followUpDate'));
  });

  it('date.invalid for referralDate', () => {
    expect(check(plan({ referralDate: '10.04.2014' })).errors).toEqual(only('date.invalid', '/referralDate'));
  });

  it('29 February is a date only in a leap year', () => {
    expect(check(plan({ meetingDate: '2016-02-29', followUpDate: '2016-06-01' })).errors).toEqual([]);
    expect(check(plan({ meetingDate: '2015-02-29', followUpDate: '2015-06-01' })).errors).toEqual(only('date.invalid', '/meetingDate'));
  });
});

describe('follow-up (Dato for opfølgning)', () => {
  it('followUp.missing', () => {
    expect(check(plan({ followUpDate: null })).errors).toEqual(only('followUp.missing', '/followUpDate'));
  });

  it.each(['2014-05-01', '2014-04-30'])('followUp.not-after-meeting for %s (meeting 2014-05-01)', (followUpDate) => {
    expect(check(plan({ followUpDate })).errors).toEqual(only('followUp.not-after-meeting', '/followUpDate'));
  });

  it.each([
    ['2014-05-01', '2014-11-01', '2014-11-02'],
    ['2014-08-31', '2015-02-28', '2015-03-01'],
    ['2015-08-31', '2016-02-29', '2016-03-01'],
    ['2014-12-31', '2015-06-30', '2015-07-01'],
    ['2014-07-15', '2015-01-15', '2015-01-16'],
  ])('followUp.too-late: meeting %s, last allowed day %s, %s too late', (meetingDate, lastAllowed, tooLate) => {
    expect(check(plan({ meetingDate, followUpDate: lastAllowed })).errors).toEqual([]);
    const { errors, v } = check(plan({ meetingDate, followUpDate: tooLate }));
    expect(errors).toEqual(only('followUp.too-late', '/followUpDate'));
    expect(v.errors[0]?.label).toBe(LABEL.followUpDate);
  });

  it('names the last allowed day in Danish', () => {
    const { v } = check(plan({ meetingDate: '2014-08-31', followUpDate: '2015-03-01' }));
    expect(v.errors[0]?.message).toContain('28. februar 2015');
  });
});

describe('referral (Dato for indstilling)', () => {
  it('no warning when the meeting is 28 days after the referral', () => {
    expect(check(plan({ referralDate: '2014-04-03' })).warnings).toEqual([]);
  });

  it('referral.late: a warning when the meeting is 29 days after an ambulant referral', () => {
    const { errors, warnings } = check(plan({ referralDate: '2014-04-02' }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual(only('referral.late', '/referralDate'));
  });

  it('referral.late is for ambulant referrals only', () => {
    expect(check(plan({ referralDate: '2014-01-02', referralSetting: 'inpatient' })).warnings).toEqual([]);
  });

  it('referral.after-meeting: a warning when the referral is dated after the meeting', () => {
    expect(check(plan({ referralDate: '2014-05-02' })).warnings).toEqual(only('referral.after-meeting', '/referralDate'));
  });
});

describe('sections 3–4 of a final plan', () => {
  it('challenges.none: blank lines do not count', () => {
    const { errors, v } = check(plan({ challenges: ['', '   '] }));
    expect(errors).toEqual(only('challenges.none', '/challenges'));
    expect(v.errors[0]?.label).toBe(LABEL.challenges);
  });

  it('goals.none', () => {
    expect(check(plan({ goals: [] })).errors).toEqual(only('goals.none', '/goals'));
  });

  it('goals.none: only blank goals (the empty Mål 2 and Mål 3 of the form)', () => {
    const blankGoal = { title: '', interventions: [{ task: '', successCriteria: '', responsible: '', timeline: '' }] };
    expect(check(plan({ goals: [blankGoal, blankGoal] })).errors).toEqual(only('goals.none', '/goals'));
  });

  it('goal.interventions.none', () => {
    const goals = [{ title: 'Mål A', interventions: [intervention] }, { title: 'Mål B', interventions: [{ task: ' ' }] }];
    const { errors, v } = check(plan({ goals }));
    expect(errors).toEqual(only('goal.interventions.none', '/goals/1/interventions'));
    expect(v.errors[0]?.label).toBe('Mål 2');
  });

  it('goal.title.missing', () => {
    expect(check(plan({ goals: [{ title: '', interventions: [intervention] }] })).errors).toEqual(only('goal.title.missing', '/goals/0/title'));
  });

  it('intervention.responsible.missing (Rollefordeling)', () => {
    const goals = [{ title: 'Mål A', interventions: [intervention, { ...intervention, responsible: '  ' }] }];
    const { errors, v } = check(plan({ goals }));
    expect(errors).toEqual(only('intervention.responsible.missing', '/goals/0/interventions/1/responsible'));
    expect(v.errors[0]?.label).toBe(LABEL.responsible);
  });

  it('intervention.task.missing', () => {
    const goals = [{ title: 'Mål A', interventions: [{ ...intervention, task: '' }] }];
    expect(check(plan({ goals })).errors).toEqual(only('intervention.task.missing', '/goals/0/interventions/0/task'));
  });

  it('blank intervention rows are ignored', () => {
    const goals = [{ title: 'Mål A', interventions: [intervention, { task: '', responsible: '' }] }];
    expect(check(plan({ goals })).errors).toEqual([]);
  });

  it('a draft may leave sections 3–4 incomplete', () => {
    const goals = [{ title: '', interventions: [{ task: 'Samtaler' }] }, { title: 'Mål B', interventions: [] }];
    expect(check(plan({ status: 'draft', challenges: [], goals })).errors).toEqual([]);
    expect(check(plan({ status: 'draft', challenges: [], goals: [] })).errors).toEqual([]);
  });
});

describe('relatives (Pårørende)', () => {
  const relative = { name: 'Lise Hansen', cpr: '070761-4285', relation: 'Søster' };

  it.each([false, null, undefined])('relatives.no-consent when relativesConsent is %j', (relativesConsent) => {
    const { errors, v } = check(plan({ relatives: [relative], relativesConsent }));
    expect(errors).toEqual(only('relatives.no-consent', '/relatives'));
    expect(v.errors[0]?.label).toBe(LABEL.relatives);
  });

  it('no problem with the citizen’s consent', () => {
    expect(check(plan({ relatives: [relative], relativesConsent: true })).errors).toEqual([]);
  });

  it('blank relative rows are not a list of relatives', () => {
    expect(check(plan({ relatives: [{ name: '', cpr: '' }], relativesConsent: false })).errors).toEqual([]);
  });

  it.each([
    ['0707614285x', 'cpr.format'],
    ['290200-0000', 'cpr.date'],
  ])('a relative’s CPR %j: %s at /relatives/N/cpr', (cpr, code) => {
    const relatives = [relative, { ...relative, cpr }];
    expect(check(plan({ relatives, relativesConsent: true })).errors).toEqual(only(code, '/relatives/1/cpr'));
  });

  it('a relative without CPR is a warning: the distribution flags them for manual handling', () => {
    const { errors, warnings } = check(plan({ relatives: [{ ...relative, cpr: '' }], relativesConsent: true }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual(only('relative.cpr.missing', '/relatives/0/cpr'));
  });

  it('a relative’s CPR failing modulus 11 is a warning only', () => {
    const { errors, warnings } = check(plan({ relatives: [{ ...relative, cpr: '010180-4000' }], relativesConsent: true }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual(only('cpr.modulus11', '/relatives/0/cpr'));
  });

  it('relative.name.missing', () => {
    expect(check(plan({ relatives: [{ ...relative, name: '' }], relativesConsent: true })).errors).toEqual(only('relative.name.missing', '/relatives/0/name'));
  });
});

describe('structure (the zod schema)', () => {
  it('schema.invalid_type with the field’s path, label and a Danish message', () => {
    const { errors, v } = check(plan({ citizen: { name: 42 as unknown as string, cpr: '070761-4285' } }));
    expect(errors).toEqual(only('schema.invalid_type', '/citizen/name'));
    expect(v.errors[0]).toMatchObject({ label: LABEL.name, message: '»Navn«: forventede tekst, men fik et tal.' });
    expect(v.plan).toBeUndefined();
  });

  it('schema.invalid_value for an unknown status', () => {
    const { errors, v } = check({ ...plan(), status: 'godkendt' });
    expect(errors).toEqual(only('schema.invalid_value', '/status'));
    expect(v.errors[0]?.message).toContain('"final", "draft"');
  });

  it('schema.too_big for an over-long text', () => {
    expect(check(plan({ citizen: { name: 'x'.repeat(100_001), cpr: '070761-4285' } })).errors).toEqual(only('schema.too_big', '/citizen/name'));
  });

  it.each([[null], [[]], ['plan'], [42]])('a top level that is not an object (%j): one problem at the root', (input) => {
    const { errors, v } = check(input);
    expect(errors).toEqual(only('schema.invalid_type', ''));
    expect(v.plan).toBeUndefined();
  });

  it('reports the rules on the rest of a plan whose structure is partly wrong, without repeating, in the form\'s order', () => {
    const input = { ...plan({ consent: 'ja' as unknown as boolean, challenges: [7 as unknown as string] }), coordinator: { name: '' } };
    expect(check(input).errors).toEqual([
      { code: 'schema.invalid_type', path: '/consent' },
      { code: 'coordinator.missing', path: '/coordinator/name' },
      { code: 'schema.invalid_type', path: '/challenges/0' },
    ]);
  });

  it('a wrong element inside an intervention leaves the other goals checked', () => {
    const goals = [
      { title: 'Mål A', interventions: [{ ...intervention, responsible: 5 as unknown as string }] },
      { title: 'Mål B', interventions: [{ ...intervention, responsible: '' }] },
    ];
    expect(check(plan({ goals })).errors).toEqual([
      { code: 'schema.invalid_type', path: '/goals/0/interventions/0/responsible' },
      { code: 'intervention.responsible.missing', path: '/goals/1/interventions/0/responsible' },
    ]);
  });
});

describe('a bounded answer', () => {
  it(`problems.truncated after ${MAX_PROBLEMS} rule problems`, () => {
    const goals = [{ title: 'Mål A', interventions: Array.from({ length: 250 }, () => ({ task: 'Samtaler' })) }];
    const { errors, v } = check(plan({ goals }));
    expect(errors).toHaveLength(MAX_PROBLEMS + 1);
    expect(errors[0]).toEqual({ code: 'intervention.responsible.missing', path: '/goals/0/interventions/0/responsible' });
    expect(errors.at(-1)).toEqual({ code: 'problems.truncated', path: '' });
    expect(v.errors.at(-1)?.message).toContain('50 problemer mere');
  });

  it(`problems.truncated after ${MAX_PROBLEMS} structural problems, without running the rules`, () => {
    const input = { challenges: Array.from({ length: 150 }, () => 1), goals: Array.from({ length: 60 }, () => ({ title: 2 })) };
    const { errors, v } = check(input);
    expect(errors).toHaveLength(MAX_PROBLEMS + 1);
    expect(errors.slice(0, -1).every((e) => e.code === 'schema.invalid_type')).toBe(true);
    expect(errors.at(-1)).toEqual({ code: 'problems.truncated', path: '' });
    expect(v.errors.at(-1)?.message).toContain('10 problemer mere');
    expect(v.plan).toBeUndefined();
  });
});

describe('fixtures/invalid', () => {
  const dir = path.join(fixturesDir, 'invalid');
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, { errors: unknown[]; warnings: unknown[] }>;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'expected.json');

  it('every fixture has an expectation and every expectation a fixture', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s gives exactly the expected problems', (file) => {
    const { errors, warnings } = check(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const want = expected[file.replace(/\.json$/, '')];
    expect(want?.errors.length).toBeGreaterThan(0);
    expect({ errors, warnings }).toEqual(want);
  });

  // Common English words are absent; a Danish letter or a common Danish word is there.
  const ENGLISH = /\b(the|is|are|be|must|should|not|required|invalid|missing)\b/i;
  const DANISH = /[æøå]|\b(skal|er|ikke|kan|efter|dato)\b/i;
  it('many-problems reports everything at once, each with a label and a Danish message', () => {
    const { v } = check(JSON.parse(fs.readFileSync(path.join(dir, 'many-problems.json'), 'utf8')));
    expect(v.errors.length).toBeGreaterThanOrEqual(10);
    for (const p of [...v.errors, ...v.warnings]) {
      expect(p.label.length).toBeGreaterThan(0);
      expect(p.message).not.toMatch(ENGLISH);
      expect(p.message).toMatch(DANISH);
    }
  });
});
