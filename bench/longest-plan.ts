/**
 * How long the heaviest plans the text limits allow take to convert, one at a time on one
 * warm LibreOffice worker (the time a single request can hold a worker):
 *
 *   npx tsx bench/longest-plan.ts [runs]
 *
 * Each plan (bench/lib/plans.ts, buildHeaviestPlan) is first checked to be valid, so the
 * figure is for what the service accepts. Prints pages, docx size and the median of the runs.
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
import { createLibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { percentile } from './lib/load.js';
import { buildHeaviestPlan, loadBilag2, type HeaviestShape } from './lib/plans.js';

const runs = Number(process.argv[2] ?? 3);
const config = loadConfig({ LOG_LEVEL: 'warn', CONVERSION_WORKERS: '1', CONVERSION_TIMEOUT_MS: '600000' });
const pool = createLibreOfficePool({ ...config.conversion, logger: createLogger('warn') });
const renderer = createDocxTemplateRenderer();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'longest-plan-'));

const plans: Array<[string, unknown]> = [
  ['Bilag 2', loadBilag2()],
  ...(['long-cells', 'many-lines', 'many-rows'] as HeaviestShape[]).map((shape): [string, unknown] => [shape, buildHeaviestPlan(shape, TEXT_LIMITS)]),
];

await pool.start();
try {
  console.log(`limits: ${JSON.stringify(TEXT_LIMITS)}; ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  for (const [name, input] of plans) {
    const v = validatePlan(input);
    if (!v.plan || v.errors.length > 0) throw new Error(`${name} is not a valid plan: ${v.errors.map((e) => e.code).join(', ')}`);
    const docx = renderPlanDocx(v.plan, renderer, { purpose: 'conversion' });
    const times: number[] = [];
    let pdf: Buffer = Buffer.alloc(0);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      pdf = await pool.docxToPdf(docx);
      times.push(performance.now() - started);
    }
    const file = path.join(tmp, 'plan.pdf');
    writeFileSync(file, pdf);
    const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1];
    console.log(`${name.padEnd(10)} ${String(pages).padStart(4)} pages, docx ${(docx.length / 1024).toFixed(0)} KB: median ${(percentile(times, 50) / 1000).toFixed(1)} s (${times.map((t) => (t / 1000).toFixed(1)).join(', ')})`);
  }
} finally {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
}
