/** The benchmark's two plans: Bilag 2 (the official filled example) and a long one built from it. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/shared/paths.js';

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
