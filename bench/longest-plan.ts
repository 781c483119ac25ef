/**
 * How long the heaviest plans the text limits allow take to convert, one at a time on one
 * warm LibreOffice worker (the time a single request can hold a worker), and what replacing
 * a worker costs (start and warm-up: what stopping an abandoned conversion costs):
 *
 *   npx tsx bench/longest-plan.ts [runs]
 *
 * Each plan (bench/lib/plans.ts, buildHeaviestPlan) is first checked to be valid, so the
 * figures are for what the service accepts. Prints pages, docx size, and the median of the
 * runs in wall-clock seconds and in CPU seconds of soffice.bin (from /proc), the latter
 * telling the work apart from the waiting on a machine that other work keeps busy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/shared/config.js';
import { createLogger } from '../src/shared/logger.js';
import { TEXT_LIMITS } from '../src/shared/text-limits.js';
import { validatePlan } from '../src/plan/validate-plan.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { createLibreOfficePool, type LibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { percentile } from './lib/load.js';
import { buildHeaviestPlan, loadBilag2, type HeaviestShape } from './lib/plans.js';
import { cpuSeconds } from './lib/process-tree.js';

const runs = Number(process.argv[2] ?? 3);
const renderer = createDocxTemplateRenderer();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'longest-plan-'));
const poolWith = (env: Record<string, string>) =>
  createLibreOfficePool({ ...loadConfig({ LOG_LEVEL: 'warn', CONVERSION_WORKERS: '1', CONVERSION_TIMEOUT_MS: '600000', ...env }).conversion, logger: createLogger('warn') });

const worker = (pool: LibreOfficePool) => pool.workerPids()[0]!;
const seconds = (values: number[]) => `median ${percentile(values, 50).toFixed(1)} s (${values.map((v) => v.toFixed(1)).join(', ')})`;

const plans: Array<[string, unknown]> = [
  ['Bilag 2', loadBilag2()],
  ...(['long-cells', 'many-lines', 'many-rows'] as HeaviestShape[]).map((shape): [string, unknown] => [shape, buildHeaviestPlan(shape, TEXT_LIMITS)]),
];

const pool = poolWith({});
const recycling = poolWith({ CONVERSION_MAX_PER_WORKER: '1' });
await pool.start();
try {
  console.log(`limits: ${JSON.stringify(TEXT_LIMITS)}; ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  for (const [name, input] of plans) {
    const v = validatePlan(input);
    if (!v.plan || v.errors.length > 0) throw new Error(`${name} is not a valid plan: ${v.errors.map((e) => e.code).join(', ')}`);
    const docx = renderPlanDocx(v.plan, renderer, { purpose: 'conversion' });
    const wall: number[] = [];
    const cpu: number[] = [];
    let pdf: Buffer = Buffer.alloc(0);
    for (let i = 0; i < runs; i++) {
      const cpuBefore = cpuSeconds(worker(pool));
      const started = performance.now();
      pdf = await pool.docxToPdf(docx);
      wall.push((performance.now() - started) / 1000);
      cpu.push(cpuSeconds(worker(pool)) - cpuBefore);
    }
    const file = path.join(tmp, 'plan.pdf');
    writeFileSync(file, pdf);
    const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1];
    console.log(`${name.padEnd(10)} ${String(pages).padStart(4)} pages, docx ${(docx.length / 1024).toFixed(0)} KB: wall ${seconds(wall)}; CPU ${seconds(cpu)}`);
  }
  // A worker recycled after each conversion: its successor's CPU once warm is what a restart costs.
  await pool.close();
  await recycling.start();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    await recycling.docxToPdf(renderPlanDocx(validatePlan(loadBilag2()).plan!, renderer, { purpose: 'conversion' }));
    const started = performance.now();
    while (recycling.stats().idle < 1) await new Promise((r) => setTimeout(r, 10));
    wall.push((performance.now() - started) / 1000);
    cpu.push(cpuSeconds(worker(recycling)));
  }
  console.log(`${'restart'.padEnd(10)} a worker's start and warm-up: wall ${seconds(wall)}; CPU ${seconds(cpu)}`);
} finally {
  await pool.close();
  await recycling.close();
  rmSync(tmp, { recursive: true, force: true });
}
