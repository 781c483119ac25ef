/**
 * Benchmark of the upload read path (open + read + validate, no PDF): p50/p95 per upload.
 *
 *   npx tsx bench/upload-read.ts [iterations]
 *
 * Inputs: the Bilag 2 plan as the service's fillable form (pre-filled), the same plan in
 * the official plain template, and the largest files of the real-docx corpus (by file
 * size, and by main-part size). Target: under 20 ms p50 for the plan.
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

console.log(
  `upload read path (open + read + validate), ${iterations} runs each after warm-up, node ${process.version}, ` +
    `${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);
for (const [name, file] of inputs) {
  const outcome = once(file);
  const n = name.startsWith('largest main part') ? Math.min(iterations, 40) : iterations;
  for (let i = 0; i < Math.min(20, n); i++) once(file);
  const ms: number[] = [];
  // CPU time as well: on a shared machine the wall clock also counts other processes' turns.
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    once(file);
    ms.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  const f = (values: number[], p: number) => percentile(values, p).toFixed(2);
  console.log(
    `${name}\n  ${outcome}; ${file.length} bytes; n=${n}; wall p50 ${f(ms, 50)} ms, p95 ${f(ms, 95)} ms; cpu p50 ${f(cpu, 50)} ms, p95 ${f(cpu, 95)} ms`,
  );
}
