import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocxTemplateRenderer } from './template-renderer.js';
import { buildPlanView } from '../plan/plan-view.js';
import { PlanSchema } from '../plan/schema.js';
import { PROJECT_ROOT } from '../shared/paths.js';
import { AppError } from '../shared/errors.js';
import PizZip from 'pizzip';
import { buildInvitationView } from '../invitation/invitation-view.js';
import { validateInvitation } from '../invitation/validate-invitation.js';

/** Compression methods of a zip's local file headers: 0 stored, 8 deflated. */
function methods(zip: Buffer): Set<number> {
  const found = new Set<number>();
  for (let i = zip.indexOf('PK\x03\x04'); i >= 0; i = zip.indexOf('PK\x03\x04', i + 4)) found.add(zip.readUInt16LE(i + 8));
  return found;
}

/** Each part of a package by name, as text (a zip's dates are the time of writing, so packages are compared part by part). */
function partsOf(zip: Buffer): Record<string, string> {
  return Object.fromEntries(Object.values(new PizZip(zip).files).map((f) => [f.name, f.asText()]));
}

describe('docxtemplater renderer', () => {
  const plan = PlanSchema.parse(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'minimal.json'), 'utf8')));
  const renderer = createDocxTemplateRenderer();

  it('compresses a .docx meant for a person, and stores one meant only for LibreOffice', () => {
    const forPerson = renderer.render('indsatsplan', buildPlanView(plan));
    const forConversion = renderer.render('indsatsplan', buildPlanView(plan), { purpose: 'conversion' });
    expect(methods(forPerson).has(8)).toBe(true);
    expect([...methods(forConversion)]).toEqual([0]);
    expect(forConversion.includes(Buffer.from(plan.citizen.name))).toBe(true);
  });

  it('fills every document from its one compiled instance to what a fresh instance gives, in any order, also after a failed fill', () => {
    const fixture = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
    const bilag2 = fixture('bilag2.json');
    const invitation = (name: string) => buildInvitationView(validateInvitation(fixture(name), { now: new Date('2014-01-01T00:00:00Z') }).invitation!);
    const cases: Array<[string, 'indsatsplan' | 'invitation', Record<string, unknown>]> = [
      ['Bilag 2', 'indsatsplan', buildPlanView(PlanSchema.parse(bilag2))],
      ['the smallest plan', 'indsatsplan', buildPlanView(plan)],
      ['long texts', 'indsatsplan', buildPlanView(PlanSchema.parse(fixture('long-text.json')))],
      ['a draft without goals', 'indsatsplan', buildPlanView(PlanSchema.parse({ ...bilag2, status: 'draft', goals: [] }))],
      ['a first invitation', 'invitation', { ...invitation('invitation-first.json') }],
      ['a follow-up invitation', 'invitation', { ...invitation('invitation-followup.json') }],
    ];
    const one = createDocxTemplateRenderer();
    for (const [name, template, view] of [...cases, ...[...cases].reverse(), ...cases]) {
      expect(partsOf(one.render(template, view)), name).toEqual(partsOf(createDocxTemplateRenderer().render(template, view)));
    }
    // A fill that fails half-way (a character XML cannot hold) leaves nothing behind for the next.
    expect(() => one.render('indsatsplan', { ...cases[0]![2], citizenName: 'A\u0000B' })).toThrow(AppError);
    expect(partsOf(one.render('indsatsplan', cases[1]![2]))).toEqual(partsOf(createDocxTemplateRenderer().render('indsatsplan', cases[1]![2])));
  });

  it('reports a template that cannot be filled as one error type', () => {
    try {
      renderer.render('no-such-template' as 'indsatsplan', {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('template-failed');
    }
  });
});
