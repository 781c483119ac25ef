import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../shared/paths.js';
import { createDocxTemplateRenderer } from '../templating/template-renderer.js';
import { buildPlanView, danishDate, planDocumentTitle, planRunningHeader, SHORT_FIELD_CHARS, wordText } from './plan-view.js';
import { renderPlanDocx } from './render-plan-docx.js';
import { PlanSchema, type PlanInput } from './schema.js';

const bilag2 = (): PlanInput => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'bilag2.json'), 'utf8'));
const plan = (patch: Partial<PlanInput> = {}) => PlanSchema.parse({ ...bilag2(), ...patch });

describe('buildPlanView', () => {
  it('writes dates the Danish way, and leaves what is not a real date as given', () => {
    expect(danishDate('2014-05-01')).toBe('1. maj 2014');
    expect(danishDate('2014-12-31')).toBe('31. december 2014');
    expect(danishDate('2014-02-30')).toBe('2014-02-30');
    expect(danishDate(null)).toBe('');
  });

  it('ticks a box only for true, and neither Ja nor Nej for an unanswered question', () => {
    const v = buildPlanView(plan({ consent: null, approvedByCitizen: false }));
    expect([v.boxInPsychiatricTreatment, v.boxInSubstanceTreatment, v.boxNeedsPsychiatricTreatment, v.boxNeedsSubstanceTreatment]).toEqual(['☒', '☐', '☐', '☒']);
    expect([v.consentYes, v.consentNo, v.approvedYes, v.approvedNo]).toEqual(['☐', '☐', '☐', '☒']);
  });

  it('numbers challenges and goals from 1 and joins contact details without dangling commas', () => {
    const v = buildPlanView(plan({ participants: [{ name: '', title: 'Psykolog', organisation: '', phone: '', email: 'a@b.dk', attended: false }] }));
    expect(v.challenges.map((c) => c.number)).toEqual([1, 2, 3]);
    expect(v.goals.map((g) => `${g.number}: ${g.title}`)).toEqual(['1: Fastholdelse i psykiatrisk behandling', '2: Motivere til misbrugsbehandling', '3: Kontakt til Jobcenter']);
    expect(v.participants).toEqual([{ name: '', details: 'Psykolog', contact: 'a@b.dk', attendance: 'Meldte afbud' }]);
    expect(v.coordinator).toMatchObject({ name: 'Anne Andersen', details: ', Socialrådgiver, koordinator, Roskilde Kommune, Misbrugscenter Roskilde' });
  });

  it('titles the document with the form and the date only: no CPR number, no name, no diagnosis', () => {
    expect(planDocumentTitle(plan())).toBe('Koordinerende indsatsplan 1. maj 2014');
    expect(planDocumentTitle(plan({ status: 'draft', meetingDate: null }))).toBe('Koordinerende indsatsplan (KLADDE – ikke godkendt)');
  });

  it('heads every page with the form and the meeting date, and only a real date', () => {
    expect(planRunningHeader(plan())).toBe('Koordinerende indsatsplan · møde 1. maj 2014');
    expect(planRunningHeader(plan({ meetingDate: null }))).toBe('Koordinerende indsatsplan');
    // Not a date (whatever the rules say of it): left out, so no free text reaches the header.
    expect(planRunningHeader({ ...plan(), meetingDate: '010180-4000' })).toBe('Koordinerende indsatsplan');
  });

  it('prints section 2 as short fields in rows under the plan, and each long field in a block of its own', () => {
    const v = buildPlanView(plan());
    const headings = v.existingPlanBlocks.map((b) => (b.short ? `${b.short.heading}: ${b.short.fields.map((f) => f.label).join(', ')}` : b.long.heading));
    expect(headings).toEqual([
      'Behandlingsplan(er) for stofmisbrug (Serviceloven § 141, sundhedsloven § 142): Status, Mål, Indsats',
      'Behandlingsplan for alkoholafhængighed: Status, Mål, Indsats',
      'Psykiatrisk behandlingsplan (Psykiatriloven § 3 stk. 3) – Status',
      'Psykiatrisk behandlingsplan (Psykiatriloven § 3 stk. 3) – Mål',
      'Psykiatrisk behandlingsplan (Psykiatriloven § 3 stk. 3) – Indsats',
      'Udskrivningsaftale (Psykiatriloven § 13 a): Status, Mål, Indsats',
      'Koordinationsplan (Psykiatriloven § 13 b): Status, Mål, Indsats',
      'Social handleplan (Serviceloven § 141) – Status',
      'Social handleplan (Serviceloven § 141) – Mål',
      'Social handleplan (Serviceloven § 141) – Indsats',
      'Uddannelsesplan eller jobplan: Status, Mål, Indsats',
      'Andet: Status, Mål, Indsats',
    ]);
    // A line break or more than two lines of text make a field long; a long field between short ones splits their rows.
    const mixed = buildPlanView(plan({ existingPlans: { other: { status: 'kort', goal: 'a\nb', intervention: 'x'.repeat(SHORT_FIELD_CHARS) } } }));
    expect(mixed.existingPlanBlocks.slice(-3).map((b) => (b.short ? b.short.fields.map((f) => f.text) : b.long.text))).toEqual([['kort'], 'a\nb', ['x'.repeat(SHORT_FIELD_CHARS)]]);
  });

  it('sets the last challenge, goal and intervention apart, for the template to keep them with the note box', () => {
    const v = buildPlanView(plan());
    expect([v.challengesBeforeLast.length, v.lastChallenge.map((c) => c.number)]).toEqual([2, [3]]);
    expect([v.goalsBeforeLast.map((g) => g.number), v.lastGoal.map((g) => g.number)]).toEqual([[1, 2], [3]]);
    expect([v.lastGoal[0]!.interventionsBeforeLast, v.lastGoal[0]!.lastIntervention]).toEqual([[], v.goals[2]!.interventions]);
    const none = buildPlanView(plan({ challenges: [], goals: [] }));
    expect([none.lastChallenge, none.lastGoal]).toEqual([[], []]);
  });

  it('drops characters a Word file cannot hold, so any text renders', () => {
    expect(wordText('a\u0000b\u0007c\r\nd\re\tf\uD800g')).toBe('abc\nd\ne\tfg');
    const docx = renderPlanDocx(plan({ citizen: { name: 'Jens <&> {x}\u0001', cpr: '010180-4000', address: '', phone: '' } }), createDocxTemplateRenderer());
    expect(new PizZip(docx).file('word/document.xml')!.asText()).toContain('Jens &lt;&amp;&gt; {x}</w:t>');
  });
});
