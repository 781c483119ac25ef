import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../plan/schema.js';
import { followUpMatchKey, followUpOfPlan } from './follow-up-of-plan.js';

const bilag2 = PlanSchema.parse(JSON.parse(readFileSync(new URL('../../fixtures/bilag2.json', import.meta.url), 'utf8')));
const owner = { id: 'key:sbsys', organisation: 'Kommunen' };
const SECRET = 'en-hemmelighed-på-mindst-32-tegn-til-testen';

describe('the follow-up of a plan', () => {
  it('keeps the dates, the people and the citizen’s name, and nothing else of the plan', () => {
    const f = followUpOfPlan(bilag2, 'd-1', owner, SECRET);
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
    expect(followUpOfPlan({ ...bilag2, status: 'draft' }, 'd', owner, SECRET)).toBeUndefined();
    expect(followUpOfPlan({ ...bilag2, followUpDate: null }, 'd', owner, SECRET)).toBeUndefined();
    expect(followUpOfPlan({ ...bilag2, meetingDate: '2014-02-30' }, 'd', owner, SECRET)).toBeUndefined();
  });

  it('does not keep a CPR number typed into a name', () => {
    const f = followUpOfPlan({ ...bilag2, citizen: { ...bilag2.citizen, name: 'Jens Nielsen 010180-4000' } }, 'd', owner, SECRET);
    expect(f?.citizenName).toBe('Jens Nielsen [cpr]');
  });

  it('matches the same coordinator and citizen whatever the case and spacing of their names, and no one else', () => {
    const c = { name: 'Anne Andersen', organisation: '', email: 'anne.andersen@misbrugscenter.example.dk' };
    const jens = { name: 'Jens Peter Nielsen', cpr: '010180-4000' };
    const key = followUpMatchKey(SECRET, c, jens);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // The same citizen, however the name, the CPR number and the coordinator's address were typed this time.
    expect(followUpMatchKey(SECRET, { ...c, email: 'Anne.Andersen@Misbrugscenter.example.dk ' }, { name: ' jens  peter NIELSEN', cpr: '0101804000' })).toBe(key);
    // Even renamed: it is the CPR number that says who.
    expect(followUpMatchKey(SECRET, c, { ...jens, name: 'Jens Peter Nielsen Holm' })).toBe(key);
    // The same name, another citizen.
    expect(followUpMatchKey(SECRET, c, { ...jens, cpr: '020280-4000' })).not.toBe(key);
    // Another coordinator; another secret.
    expect(followUpMatchKey(SECRET, { ...c, email: 'bo@kommune.example.dk' }, jens)).not.toBe(key);
    expect(followUpMatchKey(`${SECRET}!`, c, jens)).not.toBe(key);
  });

  it('is no plain hash of the CPR number', () => {
    const c = { name: 'Anne Andersen', organisation: '', email: 'anne.andersen@misbrugscenter.example.dk' };
    for (const cpr of ['010180-4000', '070761-4285', '311299-9999']) {
      const key = followUpMatchKey(SECRET, c, { name: 'Jens Hansen', cpr });
      const digits = cpr.replace('-', '');
      // Trying every CPR number against a plain SHA-256 would find it; without the secret there is nothing to try.
      // Among them the very text the key is made of: only the secret keeps it from being a plain hash.
      for (const plain of [digits, cpr, `${c.email}\n${digits}`, `follow-up-match\n${c.email}\ncpr:${digits}`]) {
        expect(key).not.toBe(createHash('sha256').update(plain).digest('hex'));
      }
    }
  });

  it('falls back on the name only for a plan without a valid CPR number, never equal to a CPR number’s key', () => {
    const c = { name: 'Anne Andersen', organisation: '', email: '' };
    const byName = followUpMatchKey(SECRET, c, { name: 'Jens Hansen', cpr: '' });
    expect(followUpMatchKey(SECRET, { ...c, name: 'anne  andersen' }, { name: 'JENS hansen ', cpr: '0101' })).toBe(byName);
    expect(followUpMatchKey(SECRET, c, { name: 'Jens Hansen', cpr: '010180-4000' })).not.toBe(byName);
    expect(followUpOfPlan({ ...bilag2, citizen: { ...bilag2.citizen, cpr: '' } }, 'd', owner, SECRET)?.matchKey).not.toBe(followUpOfPlan(bilag2, 'd', owner, SECRET)?.matchKey);
  });
});
