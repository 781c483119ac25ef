import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../shared/paths.js';
import { PlanSchema, type Plan } from '../plan/schema.js';
import { comparePlans, MAX_CHANGES } from './compare-plans.js';
import { PlanComparisonSchema } from './schema.js';

const bilag2 = (): Plan => PlanSchema.parse(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'bilag2.json'), 'utf8')));
const changesOf = (previous: Plan, current: Plan) => comparePlans(previous, current).sections.flatMap((s) => s.changes.map((c) => ({ section: s.section, ...c })));
const codes = (previous: Plan, current: Plan) => changesOf(previous, current).map((c) => `${c.code} ${c.currentPath ?? c.previousPath}`);

describe('comparePlans', () => {
  it('finds nothing in the same plan, nor in one that differs only in whitespace and line breaks', () => {
    const a = bilag2();
    expect(comparePlans(a, bilag2()).changeCount).toBe(0);
    const b = bilag2();
    b.existingPlans.psychiatricTreatment.status = b.existingPlans.psychiatricTreatment.status.replace(/\n+/g, ' ');
    b.goals[0]!.title = `  ${b.goals[0]!.title}\n`;
    expect(comparePlans(a, b).changeCount).toBe(0);
  });

  it('finds exactly one goal changed, one intervention added and one participant gone', () => {
    const previous = bilag2();
    const current = bilag2();
    current.goals[1]!.title = 'Motivere til alkoholbehandling';
    current.goals[0]!.interventions.push({ task: 'Kriseplan udarbejdes', successCriteria: 'Borgeren kender planen', responsible: 'DP og borgeren', timeline: 'Inden 1.8.2014' });
    current.participants.splice(3, 1);

    const result = comparePlans(previous, current);
    expect(PlanComparisonSchema.parse(result)).toEqual(result);
    expect(result.changeCount).toBe(3);
    expect(changesOf(previous, current)).toEqual([
      {
        section: 'masterData', code: 'participant.removed', kind: 'removed', label: 'Deltagere i koordinationsmødet', previousPath: '/participants/3',
        message: 'Ikke længere deltager: Mads Jørgensen (Sagsbehandler, Jobcenter Roskilde).',
      },
      {
        section: 'goals', code: 'intervention.added', kind: 'added', label: 'Mål 1', currentPath: '/goals/0/interventions/1',
        message: 'Mål 1 »Fastholdelse i psykiatrisk behandling«: ny indsats 2 »Kriseplan udarbejdes« (ansvar: »DP og borgeren«; tidsplan: »Inden 1.8.2014«).',
      },
      {
        section: 'goals', code: 'goal.changed', kind: 'changed', label: 'Mål 2', previousPath: '/goals/1/title', currentPath: '/goals/1/title',
        previous: 'Motivere til misbrugsbehandling', current: 'Motivere til alkoholbehandling',
        message: 'Mål 2, titel: ændret fra »Motivere til misbrugsbehandling« til »Motivere til alkoholbehandling«.',
      },
    ]);
    // Every section is there, in the form's order, with the form's heading.
    expect(result.sections.map((s) => s.title)).toEqual([
      '1. Stamoplysninger',
      '2. Afdækning af status, mål og indsatser i eksisterende planer',
      '3. Identifikation af primære og/eller akutte udfordringer',
      '4. Fælles mål og prioritering',
      '5. Opfølgning',
    ]);
  });

  it('a goal inserted in the middle is one addition: the later goals are not changed', () => {
    const previous = bilag2();
    const current = bilag2();
    current.goals.splice(1, 0, { title: 'Stabil bolig', interventions: [{ task: 'Ansøgning om bostøtte', successCriteria: '', responsible: 'Socialpsykiatrien', timeline: 'August 2014' }] });
    expect(codes(previous, current)).toEqual(['goal.added /goals/1']);
    // Nor is a removed one followed by changes.
    expect(codes(current, previous)).toEqual(['goal.removed /goals/1']);
  });

  it('a goal moved up is one move; a reworded goal in place is a change of title', () => {
    const previous = bilag2();
    const current = bilag2();
    current.goals.unshift(current.goals.pop()!);
    expect(codes(previous, current)).toEqual(['goal.moved /goals/0']);
    const reworded = bilag2();
    reworded.goals[2]!.title = 'Kontakt til Jobcenter Roskilde';
    reworded.goals[2]!.interventions[0]!.successCriteria = 'Borgeren deltager i et virksomhedspraktikforløb';
    expect(codes(previous, reworded)).toEqual(['goal.changed /goals/2/title', 'intervention.changed /goals/2/interventions/0/successCriteria']);
  });

  it('names a new responsible party and a new deadline as such', () => {
    const previous = bilag2();
    const current = bilag2();
    current.goals[2]!.interventions[0]!.responsible = 'Jobcentrets virksomhedskonsulent';
    current.goals[2]!.interventions[0]!.timeline = 'Senest 1.12.2014';
    const changes = changesOf(previous, current);
    expect(changes.map((c) => c.code)).toEqual(['intervention.responsible.changed', 'intervention.timeline.changed']);
    expect(changes[0]!.message).toBe(
      'Mål 3 »Kontakt til Jobcenter«, indsats 1 »Kontakt til jobcenter mhp. at jobplan udarbejdes under hensyn til borgerens psykiske lidelse og…«: ny ansvarlig: »Jobcentrets virksomhedskonsulent« (før: »Koordinerende sagsbehandler i jobcentret samarbejder med borger, medarbejder fra DP…«).',
    );
    expect(changes[0]!.label).toBe('Rollefordeling');
    expect(changes[1]!.label).toBe('Tidsplan for indsatser');
    expect(changes[1]!.current).toBe('Senest 1.12.2014');
  });

  it('reports challenges added, removed, reworded and re-prioritised', () => {
    const previous = bilag2();
    const current = bilag2();
    current.challenges = [previous.challenges[2]!, previous.challenges[0]!, previous.challenges[1]!.replace('Behandling for angstlidelse', 'Behandling af angst'), 'Gæld og økonomi.'];
    expect(codes(previous, current)).toEqual(['challenge.moved /challenges/0', 'challenge.changed /challenges/2', 'challenge.added /challenges/3']);
    const [moved, reworded] = changesOf(previous, current);
    expect(moved!.message).toMatch(/^Udfordringen »Beskæftigelsesplan.*« er flyttet fra nr\. 3 til nr\. 1\.$/);
    expect(reworded!.message).toMatch(/^Udfordring nr\. 3 er omformuleret: »Behandling af angst, .*« \(før: »Behandling for angstlidelse, .*«\)\.$/);
    current.challenges = [previous.challenges[0]!, previous.challenges[2]!];
    expect(codes(previous, current)).toEqual(['challenge.removed /challenges/1']);
    expect(changesOf(previous, current)[0]!.message).toMatch(/^Udfordring nr\. 2 i den forrige plan er fjernet: »Behandling for angstlidelse/);
  });

  it('reports participants who joined, new details and attendance, whatever their order', () => {
    const previous = bilag2();
    const current = bilag2();
    current.participants.reverse();
    current.participants[0]!.attended = true; // Mads came this time
    current.participants[1]!.phone = '46 31 20 21';
    current.participants.push({ name: 'Ole Berg', title: 'Praktiserende læge', organisation: '', phone: '', email: '', attended: true });
    expect(changesOf(previous, current).map((c) => c.message)).toEqual([
      'Mads Jørgensen deltog i mødet (sidst: meldte afbud).',
      'Karen Sørensen, telefon: ændret fra »46 31 20 20« til »46 31 20 21«.',
      'Ny deltager: Ole Berg (Praktiserende læge).',
    ]);
  });

  it('reports grounds, consent, approval, a new coordinator and the dates', () => {
    const previous = bilag2();
    const current = bilag2();
    current.grounds.inSubstanceTreatment = true;
    current.consent = null;
    current.approvedByCitizen = false;
    current.coordinator = { ...current.coordinator, name: 'Bo Berg', title: 'Sygeplejerske', organisation: 'Distriktspsykiatrien' };
    current.meetingDate = '2014-10-01';
    current.followUpDate = '2015-03-01';
    const changes = changesOf(previous, current);
    expect(changes.map((c) => [c.section, c.code, c.message])).toEqual([
      ['masterData', 'grounds.changed', 'Grundlag for indsatsplan: »Borgeren er i stof- og/eller alkoholbehandling eller er henvist hertil« er nu afkrydset (før: ikke afkrydset).'],
      ['masterData', 'consent.changed', 'Samtykke: ændret fra Ja til ikke besvaret.'],
      ['masterData', 'coordinator.changed', 'Ny koordinator: Bo Berg (Sygeplejerske, Distriktspsykiatrien) (før: Anne Andersen (Socialrådgiver, koordinator, Roskilde Kommune, Misbrugscenter Roskilde)).'],
      ['masterData', 'meetingDate.changed', 'Dato for koordinationsmødet: ændret fra 1. maj 2014 til 1. oktober 2014.'],
      ['masterData', 'approvedByCitizen.changed', 'Indsatsplan er godkendt af borger: ændret fra Ja til Nej.'],
      ['followUp', 'followUpDate.changed', 'Dato for opfølgning: ændret fra 1. oktober 2014 til 1. marts 2015.'],
    ]);
    expect(changes[0]!.label).toBe('Grundlag for indsatsplan');
  });

  it('says only that a long text changed, and gives both texts in full', () => {
    const previous = bilag2();
    const current = bilag2();
    current.existingPlans.socialActionPlan.goal += '\n\nNyt mål: egen bolig.';
    const [change] = changesOf(previous, current);
    expect(change).toMatchObject({
      section: 'existingPlans',
      code: 'existingPlan.changed',
      label: 'Social handleplan (Serviceloven § 141): Mål',
      currentPath: '/existingPlans/socialActionPlan/goal',
      message: 'Social handleplan (Serviceloven § 141): Mål: teksten er ændret.',
      current: current.existingPlans.socialActionPlan.goal,
    });
  });


  it('stops at MAX_CHANGES and says so: a small body cannot make a huge answer', () => {
    const goals = (seed: string) => [{ title: 'Mål', interventions: Array.from({ length: 400 }, (_, i) => ({ task: `${seed}${i}` })) }, { title: 'Andet', interventions: Array.from({ length: 400 }, (_, i) => ({ task: `${seed}${i}` })) }];
    const result = comparePlans(PlanSchema.parse({ goals: goals('a') }), PlanSchema.parse({ goals: goals('b') }));
    expect(result.truncated).toBe(true);
    expect(result.changeCount).toBe(MAX_CHANGES);
    expect(result.sections.flatMap((s) => s.changes)).toHaveLength(MAX_CHANGES);
    expect(comparePlans(bilag2(), bilag2()).truncated).toBe(false);
  });
});
