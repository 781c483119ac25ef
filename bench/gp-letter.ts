/**
 * What the GP's letter costs against the plan's own PDF: the letter is the cover letter and the
 * plan again, joined into one .docx and converted in one run (so the print file is one tagged
 * PDF/A-2b), one at a time on one warm LibreOffice worker:
 *
 *   npx tsx bench/gp-letter.ts [runs]
 *
 * For the smallest plan (fixtures/minimal.json) and Bilag 2, each with a GP: the median of the
 * runs in wall-clock seconds and in CPU seconds of soffice.bin (from /proc, which tells the work
 * apart from the waiting on a machine that other work keeps busy), and the letter's cost as a
 * multiple of the plan's.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/shared/config.js';
import { createLogger } from '../src/shared/logger.js';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { PlanSchema } from '../src/plan/schema.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { createLibreOfficePool } from '../src/conversion/pool/libreoffice-pool.js';
import { buildGpLetterPdf } from '../src/distribution/channels/build-gp-letter-pdf.js';
import { pdfPageCount } from '../src/distribution/channels/pdf-page-count.js';
import { percentile } from './lib/load.js';
import { cpuSeconds } from './lib/process-tree.js';

const runs = Number(process.argv[2] ?? 5);
const renderer = createDocxTemplateRenderer();
const pool = createLibreOfficePool({ ...loadConfig({ LOG_LEVEL: 'warn', CONVERSION_WORKERS: '1' }).conversion, logger: createLogger('warn') });
const gp = { name: 'Lægerne i Algade', clinic: 'v/ Karen Lund', address: 'Algade 12\n4000 Roskilde', phone: '' };
const median = (values: number[]) => percentile(values, 50);

/** Wall-clock and soffice.bin CPU seconds of one call. */
async function measure(run: () => Promise<Buffer>): Promise<{ wall: number; cpu: number; pdf: Buffer }> {
  const pid = pool.workerPids()[0]!;
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const pdf = await run();
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds(pid) - cpuBefore, pdf };
}

await pool.start();
try {
  console.log(`${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}, ${runs} runs each`);
  for (const fixture of ['minimal.json', 'bilag2.json']) {
    const plan = PlanSchema.parse({ ...JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', fixture), 'utf8')), generalPractitioner: gp });
    const planDocx = renderPlanDocx(plan, renderer, { purpose: 'conversion' });
    const planPdf = await pool.docxToPdf(planDocx);
    const organisation = plan.coordinator.organisation;
    const letter = () => buildGpLetterPdf({ gp, plan, organisation, converter: pool, renderer, planDocx, planPdf });
    await letter(); // warm
    const plans: Array<{ wall: number; cpu: number }> = [];
    const letters: Array<{ wall: number; cpu: number; pdf: Buffer }> = [];
    for (let i = 0; i < runs; i++) {
      plans.push(await measure(() => pool.docxToPdf(planDocx)));
      letters.push(await measure(letter));
    }
    const [pw, pc, lw, lc] = [plans.map((r) => r.wall), plans.map((r) => r.cpu), letters.map((r) => r.wall), letters.map((r) => r.cpu)].map(median) as [number, number, number, number];
    console.log(
      `${fixture.padEnd(13)} plan ${await pdfPageCount(planPdf)} pages: wall ${pw.toFixed(2)} s, CPU ${pc.toFixed(2)} s | ` +
        `letter ${await pdfPageCount(letters[0]!.pdf)} pages: wall ${lw.toFixed(2)} s, CPU ${lc.toFixed(2)} s | letter/plan: wall ${(lw / pw).toFixed(1)}, CPU ${(lc / pc).toFixed(1)}`,
    );
  }
} finally {
  await pool.close();
}
