/** The benchmark's two plans: Bilag 2 (the official filled example) and a long one built from it. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/shared/paths.js';
import { PlanSchema } from '../../src/plan/schema.js';

export function loadBilag2(): Record<string, unknown> {
  const file = ['bilag2.json', 'minimal.json'].map((f) => path.join(PROJECT_ROOT, 'fixtures', f)).find((f) => fs.existsSync(f))!;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * A long plan (about 20 pages as the service renders it): Bilag 2 with its goals and
 * challenges repeated, each repetition numbered so no two paragraphs are identical.
 */
export function buildLongPlan(base: Record<string, unknown>, repeat = 11): Record<string, unknown> {
  const plan = structuredClone(base) as { goals?: Array<{ title: string }>; challenges?: string[] };
  const goals = plan.goals ?? [];
  const challenges = plan.challenges ?? [];
  plan.goals = Array.from({ length: repeat }, (_, r) => goals.map((g) => ({ ...structuredClone(g), title: `${g.title} (${r + 1})` }))).flat();
  plan.challenges = Array.from({ length: repeat }, (_, r) => challenges.map((c) => `${c} (${r + 1})`)).flat();
  return plan as Record<string, unknown>;
}

const SENTENCE = 'Borgeren ønsker støtte til at holde aftaler med psykiatrien og misbrugscentret og til at komme i gang med et fast dagligt forløb. ';
/** Text of exactly n characters, without line breaks. */
const prose = (n: number) => SENTENCE.repeat(Math.ceil(n / SENTENCE.length)).slice(0, n);

export type HeaviestShape = 'long-cells' | 'many-lines' | 'many-rows';

/**
 * The heaviest plans the text limits allow (src/shared/text-limits.ts), each of the known costly
 * shapes, built on Bilag 2 with its goals replaced:
 * - long-cells: intervention rows whose four cells are each one paragraph at the field limit
 *   (a table row running over many pages is what LibreOffice lays out slowest);
 * - many-lines: the same cells, each at the field's line limit;
 * - many-rows: as many short intervention rows as the document's line limit allows.
 */
export function buildHeaviestPlan(shape: HeaviestShape, limits: { fieldChars: number; fieldLines: number; documentChars: number; documentLines: number }): Record<string, unknown> {
  const base = loadBilag2() as { goals?: unknown[] };
  const plan = { ...base, goals: [] as Array<{ title: string; interventions: Array<Record<string, string>> }> };
  const fields = ['task', 'successCriteria', 'responsible', 'timeline'];
  const count = (v: unknown): { chars: number; lines: number } => {
    if (typeof v === 'string') return { chars: v.length, lines: v.split('\n').length };
    const parts = v && typeof v === 'object' ? Object.values(v).map(count) : [];
    return parts.reduce((a, b) => ({ chars: a.chars + b.chars, lines: a.lines + b.lines }), { chars: 0, lines: 0 });
  };
  // As the service counts: with the schema's defaults (empty fields count a line each).
  const measure = (v: unknown) => count(PlanSchema.parse(v));
  const title = 'Stabilt fremmøde i behandlingen';
  if (shape === 'many-rows') {
    // Goals of 100 rows (the schema allows 500 a goal): each goal's title is a line too.
    let lines = limits.documentLines - measure(plan).lines;
    while (lines >= 1 + fields.length) {
      lines--;
      const rows = Math.min(100, Math.floor(lines / fields.length));
      lines -= rows * fields.length;
      plan.goals.push({ title, interventions: Array.from({ length: rows }, (_, i) => Object.fromEntries(fields.map((f) => [f, `${f} ${i + 1}`]))) });
    }
    return plan;
  }
  const cell =
    shape === 'long-cells'
      ? prose(limits.fieldChars)
      : Array.from({ length: limits.fieldLines }, () => prose(Math.floor(limits.fieldChars / limits.fieldLines) - 1)).join('\n');
  const goal = { title, interventions: [] as Array<Record<string, string>> };
  plan.goals.push(goal);
  const used = measure(plan);
  let chars = limits.documentChars - used.chars;
  let lines = limits.documentLines - used.lines;
  const cellLines = cell.split('\n');
  while (chars > 0 && lines >= fields.length) {
    const row: Record<string, string> = {};
    fields.forEach((f, i) => {
      // Every field counts a line, an empty one too: leave one for each field still to come in the row.
      const text = cellLines.slice(0, lines - (fields.length - 1 - i)).join('\n').slice(0, chars);
      row[f] = text;
      chars -= text.length;
      lines -= text.split('\n').length;
    });
    goal.interventions.push(row);
  }
  return plan;
}
