import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildManifest, listRecipients, RecipientChoicesSchema } from '../src/distribution/build-manifest.js';
import { AppError } from '../src/shared/errors.js';
import { PlanSchema, type PlanInput } from '../src/plan/schema.js';

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const plan = (over: Partial<PlanInput> = {}): PlanInput => ({ ...structuredClone(minimal), ...over });

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected buildManifest to refuse');
}
const codes = (e: AppError) => (e.extensions.errors as Array<{ code: string }>).map((x) => x.code);

describe('buildManifest: who gets what by which channel', () => {
  it('lists coordinator, participants and citizen by default, each with the channel and documents of the table', () => {
    const { recipients } = buildManifest(plan());
    expect(recipients.map((r) => [r.role, r.name, r.channel, r.documents, r.manualReason])).toEqual([
      ['coordinator', 'Anne Koordinator', 'secure-email', ['plan-docx', 'plan-pdf'], null],
      ['participant', 'Peter Psykiater', 'secure-email', ['plan-pdf'], null],
      ['citizen', 'Mette Hansen', 'digital-post', ['plan-pdf'], null],
    ]);
    expect(recipients.find((r) => r.role === 'citizen')?.address).toBe('0101804000');
    expect(new Set(recipients.map((r) => r.id)).size).toBe(3);
  });

  it('sends one copy per mailbox: a participant who is also the coordinator gets only the coordinator’s', () => {
    const base = plan();
    const coordinatorAsParticipant = { ...base.coordinator!, email: 'ANNE.koordinator@roskilde.dk', attended: true };
    const { recipients } = buildManifest({ ...base, participants: [...base.participants!, coordinatorAsParticipant] });
    expect(recipients.filter((r) => r.address?.toLowerCase() === 'anne.koordinator@roskilde.dk').map((r) => r.role)).toEqual(['coordinator']);
  });

  it('adds relatives by Digital Post with their CPR, and the GP by letter, when given and consented', () => {
    const { recipients } = buildManifest(
      plan({
        relativesConsent: true,
        relatives: [{ name: 'Ole Hansen', cpr: '020260-1233', relation: 'far' }],
        generalPractitioner: { name: 'Lægerne i Algade', clinic: 'Algade Lægehus', address: 'Algade 1\n4000 Roskilde', phone: '' },
      }),
    );
    expect(recipients.find((r) => r.role === 'relative')).toMatchObject({ channel: 'digital-post', address: '0202601233', manualReason: null });
    expect(recipients.find((r) => r.role === 'general-practitioner')).toMatchObject({ channel: 'letter', documents: ['gp-letter'], manualReason: null });
  });

  it('refuses relatives without the citizen’s consent: nothing is prepared', () => {
    const e = rejection(() => buildManifest(plan({ relativesConsent: false, relatives: [{ name: 'Ole Hansen', cpr: '020260-1233', relation: 'far' }] })));
    expect(e.code).toBe('distribution-invalid');
    expect(e.status).toBe(422);
    expect((e.extensions.errors as Array<{ path: string }>).some((x) => x.path === '/relatives')).toBe(true);
  });

  it('flags recipients whose channel cannot be used instead of dropping them or using a weaker channel', () => {
    const { recipients } = buildManifest(
      plan({
        participants: [
          { name: 'Uden Mail', title: 'Sygeplejerske', organisation: 'Psykiatrien', phone: '12 34 56 78', email: '', attended: true },
          { name: 'Forkert Mail', title: '', organisation: 'Jobcenter', phone: '', email: 'ikke-en-adresse', attended: false },
        ],
        generalPractitioner: { name: 'Lægen', clinic: '', address: '', phone: '' },
      }),
    );
    const byName = Object.fromEntries(recipients.map((r) => [r.name, r]));
    expect(byName['Uden Mail']).toMatchObject({ channel: 'secure-email', flag: 'email-missing', address: null });
    expect(byName['Forkert Mail']).toMatchObject({ channel: 'secure-email', flag: 'email-invalid', address: null });
    expect(byName['Lægen']).toMatchObject({ channel: 'letter', flag: 'address-missing' });
    for (const r of recipients.filter((x) => x.flag)) expect(r.manualReason).toMatch(/manuelt/);
    // the ones that can be reached are still there
    expect(recipients.filter((r) => !r.flag).map((r) => r.role)).toEqual(['coordinator', 'citizen']);
  });

  it('flags a private person without a usable CPR number: never e-mail instead', () => {
    // The plan's rules already refuse a relative without CPR; the manifest must not depend on that.
    const parsed = PlanSchema.parse(plan({ relativesConsent: true, relatives: [{ name: 'Uden Cpr', cpr: '', relation: 'søster' }, { name: 'Kort Cpr', cpr: '12345', relation: 'bror' }] }));
    parsed.citizen.cpr = '';
    const recipients = listRecipients(parsed, RecipientChoicesSchema.parse({}));
    for (const name of ['Uden Cpr', 'Kort Cpr', 'Mette Hansen']) {
      expect(recipients.find((r) => r.name === name)).toMatchObject({ channel: 'digital-post', flag: 'cpr-missing', address: null });
    }
  });

  it('refuses a draft, even one without other errors', () => {
    const e = rejection(() => buildManifest(plan({ status: 'draft' })));
    expect(codes(e)).toContain('distribution.draft');
  });

  it('refuses a plan without consent or without the citizen’s approval, naming every reason', () => {
    const e = rejection(() => buildManifest(plan({ consent: null, approvedByCitizen: null })));
    const paths = (e.extensions.errors as Array<{ path: string }>).map((x) => x.path);
    expect(paths).toContain('/consent');
    expect(paths).toContain('/approvedByCitizen');
    expect(rejection(() => buildManifest(plan({ approvedByCitizen: false }))).code).toBe('distribution-invalid');
  });

  it('refuses a plan with errors, with the plan’s own errors', () => {
    const e = rejection(() => buildManifest(plan({ grounds: { inPsychiatricTreatment: false, inSubstanceTreatment: false, needsPsychiatricTreatment: false, needsSubstanceTreatment: false } })));
    expect(codes(e).length).toBeGreaterThan(0);
    expect((e.extensions.errors as Array<{ path: string }>).some((x) => x.path.startsWith('/grounds'))).toBe(true);
  });

  it('honours the recipient choices, but the citizen cannot be left out', () => {
    const { recipients } = buildManifest(plan(), { coordinator: false, participants: [] });
    expect(recipients.map((r) => r.role)).toEqual(['citizen']);
    expect(rejection(() => buildManifest(plan(), { citizen: false })).code).toBe('request.invalid');
    expect(rejection(() => buildManifest(plan(), { participants: [5] })).code).toBe('distribution-invalid');
  });

  it('says in Danish what is wrong with the recipient choices, at JSON Pointers under /recipients', () => {
    const e = rejection(() => buildManifest(plan(), { citizen: false, coordinator: 'ja' }));
    expect(e.extensions.errors).toEqual([
      { code: 'recipients.invalid', path: '/recipients/coordinator', label: 'Modtagere', message: '»Modtagere«: forventede true eller false, men fik tekst.' },
      { code: 'recipients.invalid', path: '/recipients', label: 'Modtagere', message: '»Modtagere«: ukendte felter: citizen.' },
    ]);
  });
});
