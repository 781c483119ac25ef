import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../shared/paths.js';
import type { ProblemItem } from '../shared/problem.js';
import { validatePlan } from '../plan/validate-plan.js';
import { CORRECT_AND_UPLOAD, errorWithStep, pdfChoices, warningWithStep } from './what-to-do.js';

const dir = path.join(PROJECT_ROOT, 'fixtures', 'invalid');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
const reading = (input: unknown) => {
  const v = validatePlan(input, { today: new Date('2026-11-25T12:00:00Z') });
  return { asRead: v.asRead, parsed: v.plan !== undefined, errors: v.errors, warnings: v.warnings };
};

describe('what the referent does about each problem', () => {
  it('names the field and what it needs for every error the form can give, and ends with saving and uploading again', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'expected.json');
    const errors = files.flatMap((f) => reading(fixture(f.replace(/\.json$/, ''))).errors);
    // The relatives are not on the Word form: only the JSON API has them.
    const onForm = errors.filter((p) => !p.path.startsWith('/relatives') && !p.code.startsWith('schema.'));
    expect(onForm.length).toBeGreaterThan(15);
    for (const p of onForm.map(errorWithStep)) {
      expect(p.action, p.code).not.toBe(CORRECT_AND_UPLOAD);
      expect(p.action, p.code).toMatch(/Word-filen.*, gem den, og upload den igen\.$/);
    }
  });

  it('asks for a Ja/Nej answer the reader could not read as for a missing one', () => {
    const unclear = (path: string): ProblemItem => ({ code: 'upload.box-unclear', path, label: 'L', message: 'Uklart.' });
    expect(errorWithStep(unclear('/consent')).action).toContain('Sæt kryds ved enten Ja eller Nej ved »Samtykke«');
    expect(errorWithStep(unclear('/approvedByCitizen')).action).toContain('Når borgeren har godkendt planen');
    expect(errorWithStep(unclear('/grounds/inSubstanceTreatment')).action).toBe('Ret afkrydsningen i Word-filen, gem den, og upload den igen.');
  });

  it('gives the general step where nothing more precise is known, and a warning a step to check', () => {
    const odd: ProblemItem = { code: 'schema.invalid_type', path: '/citizen/name', label: 'Navn', message: '»Navn«: forventede tekst.' };
    expect(errorWithStep(odd).action).toBe('Ret det i Word-filen, gem den, og upload den igen.');
    expect(warningWithStep({ ...odd, code: 'cpr.modulus11' }).action).toMatch(/^Kontroller cpr-nummeret\./);
    expect(warningWithStep({ ...odd, code: 'text.unprintable' }).action).toMatch(/^Kontroller det\./);
  });
});

describe('which PDF the plan can be had as', () => {
  it('a valid plan: the final PDF', () => {
    const minimal = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'minimal.json'), 'utf8'));
    const choices = pdfChoices(reading({ ...minimal, citizen: { ...minimal.citizen, cpr: '070761-4285' } }));
    expect(choices.final).toEqual({ available: true, reason: null });
    expect(choices.draft.available).toBe(true);
  });

  it('not approved: a draft, and the final once the citizen has approved it', () => {
    const { final, draft } = pdfChoices(reading(fixture('not-approved')));
    expect(final.available).toBe(false);
    expect(final.reason).toContain('Borgeren har ikke godkendt planen');
    expect(final.reason).toMatch(/Indtil da kan du hente en kladde af det læste\.$/);
    expect(draft).toEqual({ available: true, reason: null });
  });

  it('with errors: how many, where to correct them, and a draft meanwhile', () => {
    const read = reading(fixture('many-problems'));
    const { final, draft } = pdfChoices(read);
    expect(final.reason).toContain(`Planen har ${read.errors.length} fejl. Ret dem i Word-filen, gem den, og upload den igen.`);
    expect(draft.available).toBe(true);
  });

  it('without consent: neither, and why', () => {
    const { final, draft } = pdfChoices(reading(fixture('consent-refused')));
    expect(final.reason).toContain('Planen har 1 fejl. Ret den i Word-filen');
    expect(final.reason).not.toContain('kladde');
    expect(draft.available).toBe(false);
    expect(draft.reason).toContain('Hvis borgeren ikke giver sit samtykke, kan der ikke udarbejdes en indsatsplan.');
  });
});
