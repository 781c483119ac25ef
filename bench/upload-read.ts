/**
 * Benchmark of the upload read path (open + read + validate, no PDF).
 *
 *   npx tsx bench/upload-read.ts [iterations]
 *
 * 1. p50/p95 per upload for the Bilag 2 plan as the service's fillable form (pre-filled),
 *    the same plan in the official plain template, and the largest files of the real-docx
 *    corpus (by file size, and by main-part size). Target: under 20 ms p50 for the plan.
 * 2. The hostile files of test/upload-api.test.ts that reach the reader (zip bombs, a
 *    markup bomb): refused in well under a second each.
 * 3. Every file of the real-docx corpus (../shared/corpus/real-docx), read on its own:
 *    target under a second each. The tests only check that each gets an answer.
 *
 * Wall-clock and CPU time both: on a shared machine the wall clock also counts other
 * processes' turns.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../src/shared/config.js';
import { isAppError } from '../src/shared/errors.js';
import { PlanSchema } from '../src/plan/schema.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { buildPlanForm } from '../src/plan-form/build-plan-form.js';
import { readUpload } from '../src/upload/read-upload.js';
import { percentile } from './lib/load.js';
import { entriesBomb, markupBomb, ratioBomb } from '../test/helpers/hostile-docx.js';
import { buildLongPlan, loadBilag2 } from './lib/plans.js';
import { CORPUS_DIR } from '../test/helpers/shared-dir.js';

const CORPUS = CORPUS_DIR;
const iterations = Number(process.argv[2] ?? 300);
const limits = loadConfig({}).limits;

const bilag2Json = loadBilag2();
const longJson = buildLongPlan(bilag2Json);
const renderer = createDocxTemplateRenderer();

const corpus = readdirSync(CORPUS).filter((f) => f !== 'MANIFEST.md');
const bySize = (f: string) => statSync(path.join(CORPUS, f)).size;
const largestFile = corpus.reduce((a, b) => (bySize(b) > bySize(a) ? b : a));
// The main part's size decides the parse time; unzip -l lists it without inflating anything here.
const mainPartSize = (f: string) => {
  try {
    const listing = execFileSync('unzip', ['-l', path.join(CORPUS, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Math.max(0, ...[...listing.matchAll(/^\s*(\d+)\s+\S+\s+\S+\s+word\/\S+\.xml$/gm)].map((m) => Number(m[1])));
  } catch {
    return 0;
  }
};
const largestMainPart = corpus.reduce((a, b) => (mainPartSize(b) > mainPartSize(a) ? b : a));

const inputs: Array<[string, Buffer]> = [
  ['Bilag 2 plan, fillable form (pre-filled)', buildPlanForm(bilag2Json)],
  ['Bilag 2 plan, plain official template', renderPlanDocx(PlanSchema.parse(bilag2Json), renderer)],
  ['long plan (~20 pages), fillable form (pre-filled)', buildPlanForm(longJson)],
  [`largest corpus file: ${largestFile} (${Math.round(bySize(largestFile) / 1024)} KB)`, readFileSync(path.join(CORPUS, largestFile))],
  [`largest main part: ${largestMainPart} (${Math.round(mainPartSize(largestMainPart) / 1024)} KB XML)`, readFileSync(path.join(CORPUS, largestMainPart))],
];

function once(file: Buffer): string {
  try {
    const r = readUpload(file, limits);
    return `${r.source}, ${r.errors.length} errors`;
  } catch (e) {
    if (isAppError(e)) return `refused: ${e.code}`;
    throw e;
  }
}

/** The read's outcome, then `n` timed reads after `warmUp` untimed ones: wall and CPU ms of each. */
function measure(file: Buffer, n: number, warmUp: number): { outcome: string; wall: number[]; cpu: number[] } {
  const outcome = once(file);
  for (let i = 0; i < warmUp; i++) once(file);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    once(file);
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  return { outcome, wall, cpu };
}

const f = (values: number[], p: number) => percentile(values, p).toFixed(2);
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;

console.log(`upload read path (open + read + validate), ${iterations} runs each after warm-up, node ${process.version}, ${os.availableParallelism()} cores, ${load()}`);
for (const [name, file] of inputs) {
  const n = name.startsWith('largest main part') ? Math.min(iterations, 40) : iterations;
  const { outcome, wall, cpu } = measure(file, n, Math.min(20, n));
  console.log(`${name}\n  ${outcome}; ${file.length} bytes; n=${n}; wall p50 ${f(wall, 50)} ms, p95 ${f(wall, 95)} ms; cpu p50 ${f(cpu, 50)} ms, p95 ${f(cpu, 95)} ms`);
}

const SMALL_RUNS = 5;
const hostile: Array<[string, Buffer]> = [
  ['zip bomb (30 MB of zeros)', ratioBomb()],
  [`zip bomb (${limits.uploadEntries + 1} entries)`, entriesBomb(limits.uploadEntries)],
  ['markup bomb (150,000 paragraphs)', markupBomb()],
];
console.log(`\nhostile files, refused: median of ${SMALL_RUNS} runs after one warm-up, ${load()}`);
for (const [name, file] of hostile) {
  const { outcome, wall, cpu } = measure(file, SMALL_RUNS, 1);
  console.log(`  ${name}: ${outcome}; wall ${f(wall, 50)} ms, cpu ${f(cpu, 50)} ms`);
}

console.log(`\nthe real-docx corpus, each file: median of ${SMALL_RUNS} runs after one warm-up (target: under 1000 ms each), ${load()}`);
const perFile = [...corpus].sort().map((name) => {
  const file = readFileSync(path.join(CORPUS, name));
  const { outcome, wall, cpu } = measure(file, SMALL_RUNS, 1);
  const row = { name, bytes: file.length, outcome, wall: percentile(wall, 50), cpu: percentile(cpu, 50) };
  console.log(`  ${row.wall.toFixed(1).padStart(7)} ms wall ${row.cpu.toFixed(1).padStart(7)} ms cpu  ${name} (${Math.round(row.bytes / 1024)} KB): ${outcome}`);
  return row;
});
const slowest = perFile.reduce((a, b) => (b.wall > a.wall ? b : a));
const over = perFile.filter((r) => r.wall >= 1000);
console.log(
  `  ${perFile.length} files; slowest ${slowest.name}: ${slowest.wall.toFixed(1)} ms wall, ${slowest.cpu.toFixed(1)} ms cpu; ` +
    `${over.length === 0 ? 'none' : over.map((r) => r.name).join(', ')} over 1000 ms`,
);
