import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocxTemplateRenderer } from './template-renderer.js';
import { buildPlanView } from '../plan/plan-view.js';
import { PlanSchema } from '../plan/schema.js';
import { PROJECT_ROOT } from '../shared/paths.js';
import { AppError } from '../shared/errors.js';

/** Compression methods of a zip's local file headers: 0 stored, 8 deflated. */
function methods(zip: Buffer): Set<number> {
  const found = new Set<number>();
  for (let i = zip.indexOf('PK\x03\x04'); i >= 0; i = zip.indexOf('PK\x03\x04', i + 4)) found.add(zip.readUInt16LE(i + 8));
  return found;
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

  it('fills every document from a fresh instance, whether one was prepared in advance or not', async () => {
    const named = (name: string) => buildPlanView(PlanSchema.parse({ ...plan, citizen: { ...plan.citizen, name } }));
    const text = (docx: Buffer) => docx.toString('latin1');
    const fresh = createDocxTemplateRenderer();
    const first = fresh.render('indsatsplan', named('Anna Andersen'), { purpose: 'conversion' });
    // At once: the next instance is not prepared yet.
    const second = fresh.render('indsatsplan', named('Bo Berg'), { purpose: 'conversion' });
    await new Promise((r) => setTimeout(r, 60));
    // Later: filled from the instance prepared meanwhile.
    const third = fresh.render('indsatsplan', named('Carl Carlsen'), { purpose: 'conversion' });
    expect([first, second, third].map((d) => ['Anna Andersen', 'Bo Berg', 'Carl Carlsen'].filter((n) => text(d).includes(n)))).toEqual([
      ['Anna Andersen'],
      ['Bo Berg'],
      ['Carl Carlsen'],
    ]);
    expect(text(third)).not.toContain('{citizenName}');
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
