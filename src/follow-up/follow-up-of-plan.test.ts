import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../plan/schema.js';
import { followUpMatchKey, followUpOfPlan } from './follow-up-of-plan.js';

const bilag2 = PlanSchema.parse(JSON.parse(readFileSync(new URL('../../fixtures/bilag2.json', import.meta.url), 'utf8')));
const owner = { id: 'key:sbsys', organisation: 'Kommunen' };

describe('the follow-up of a plan', () => {
  it('keeps the dates, the people and the citizen’s name, and nothing else of the plan', () => {
    const f = followUpOfPlan(bilag2, 'd-1', owner);
    expect(f).toMatchObject({
      distributionId: 'd-1',
      followUpDate: '2014-10-01',
      meetingDate: '2014-05-01',
      citizenName: 'Jens Peter Nielsen',
      coordinator: { name: 'Anne Andersen', organisation: 'Roskilde Kommune, Misbrugscenter Roskilde', email: 'anne.andersen@misbrugscenter.example.dk' },
      owner,
    });
    expect(f?.participants.map((p) => Object.keys(p))).toEqual(bilag2.participants.map(() => ['name', 'organisation', 'email']));
    const kept = JSON.stringify(f);
    for (const secret of ['010180', 'Testvej', '20 30 40 50', 'DF40', 'agorafobi', 'Socialrådgiver', bilag2.challenges[0]!]) expect(kept).not.toContain(secret);
  });

  it('is none for a draft, or a plan without its dates', () => {
    expect(followUpOfPlan({ ...bilag2, status: 'draft' }, 'd', owner)).toBeUndefined();
    expect(followUpOfPlan({ ...bilag2, followUpDate: null }, 'd', owner)).toBeUndefined();
    expect(followUpOfPlan({ ...bilag2, meetingDate: '2014-02-30' }, 'd', owner)).toBeUndefined();
  });

  it('does not keep a CPR number typed into a name', () => {
    const f = followUpOfPlan({ ...bilag2, citizen: { ...bilag2.citizen, name: 'Jens Nielsen 010180-4000' } }, 'd', owner);
    expect(f?.citizenName).toBe('Jens Nielsen [cpr]');
  });

  it('matches the same coordinator and citizen whatever the case and spacing, and no one else', () => {
    const c = { name: 'Anne Andersen', organisation: '', email: 'anne.andersen@misbrugscenter.example.dk' };
    const key = followUpMatchKey(c, 'Jens Peter Nielsen');
    expect(followUpMatchKey({ ...c, email: 'Anne.Andersen@Misbrugscenter.example.dk ' }, ' jens  peter nielsen')).toBe(key);
    expect(followUpMatchKey(c, 'Jens Nielsen')).not.toBe(key);
    expect(followUpMatchKey({ ...c, email: 'bo@kommune.example.dk' }, 'Jens Peter Nielsen')).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});
