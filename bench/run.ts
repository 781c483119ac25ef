/**
 * `npm run bench`: this service (warm LibreOffice pool, over HTTP) against Carbone and
 * libreoffice-convert, in one run on the same machine, with the Bilag 2 plan and a long
 * (~20-page) plan, at concurrency 1 (sequential), 2, 4 and 8. Carbone renders the same
 * official form from a Carbone template of its own (lib/carbone-official-template.ts); the
 * run checks with pdfinfo/pdftotext that every rival's PDF has our pages and words. The service
 * is built and run as `npm start` runs it; each rival runs as its own process tree behind a
 * small HTTP server (JSON in, PDF out), so latency is measured the same way for all, and peak
 * memory and CPU per request are those of that tree (tsx's esbuild excluded).
 * Then the cost of the shared store (lib/replicas.ts): a plan prepared and sent on one
 * replica on SQLite, one on PostgreSQL, and two on one PostgreSQL behind a round-robin.
 *
 *   npm run bench                          everything (13-15 min on a quiet 2-core machine, 5-6 on a faster one)
 *   npm run bench -- --replicas            only the replicas' rows
 *   npm run bench -- --replicas --smoke    the same with a few plans: checks that it works, measures nothing
 *   npm run bench -- --quick               ours against Carbone (equal factories; our .docx) at c = 1 and 2 only,
 *                                          no replicas (1.5-3 min): for trying a change, not for the README
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { createDocxTemplateRenderer } from '../src/templating/template-renderer.js';
import { validatePlan } from '../src/plan/validate-plan.js';
import { renderPlanDocx } from '../src/plan/render-plan-docx.js';
import { buildCarboneOfficialTemplate, carbonePlanView } from './lib/carbone-official-template.js';
import { buildLongPlan, loadBilag2 } from './lib/plans.js';
import { httpFloorMs, percentile, runLoad } from './lib/load.js';
import { machineBusyMs, pageCostUs, sampleTreePeak, treeCpuMs, treeRssMb } from './lib/process-tree.js';
import { freePort, get, spawnService, spawnTs, stop, waitFor } from './lib/processes.js';
import { measureReplicas, printReplicaRows } from './lib/replicas.js';

const QUICK = process.argv.includes('--quick');
const CONCURRENCY = QUICK ? [1, 2] : [1, 2, 4, 8];
/** Requests per level for the warm contenders: 40 at least, so a p50 rests on more than a handful. */
const WARM_REQUESTS = (c: number) => Math.max(40, 5 * c);
/**
 * Requests of its first document before a warm contender is measured. A freshly started Node
 * process needs longer to warm than its LibreOffice workers do: the service's prepare and fill
 * took longer over its first hundred requests or so (bench/README.md, *Warm-up*), and its first
 * document's c = 1 was measured there. The documents after the first find the JavaScript warm.
 */
const WARM_UP_REQUESTS = 100;
const WORKERS = os.availableParallelism();
/** Requests of a document before it is measured: two per worker load what LibreOffice needs for it. */
const LIBREOFFICE_WARM_UP = 2 * WORKERS;
/** Rounds per level in which the rivals take turns: up to 4, each with at least 5 requests per client. */
const roundsFor = (n: number, c: number) => Math.min(4, Math.max(1, Math.floor(n / (5 * c))));
const EXCLUDE = ['esbuild'];

interface Contender {
  name: string;
  /** Runs in `--quick` too. */
  quick?: boolean;
  /** Requests per concurrency level (the per-call rival is slow). */
  requests: (c: number) => number;
  /** Requests of the first document before its first level, not measured. */
  warmUp: number;
  /** Starts the rival with its temp files under tmpDir. */
  start: (tmpDir: string) => Promise<{ child: ChildProcess; port: number; path: string }>;
}

interface Row {
  contender: string;
  doc: string;
  c: number;
  n: number;
  p50: number;
  p95: number;
  rps: number;
  peakMb: number;
  /** CPU ms per request of the rival's process tree (all its processes, every core). */
  cpuMs: number;
  /** CPU ms per request of everything else on the machine meanwhile (this client among it). */
  otherCpuMs: number;
  failures: number;
}

/** OSL pipe files in /tmp, and those some live process listens on. */
const oslPipes = () => fs.readdirSync('/tmp').filter((f) => f.startsWith('OSL_PIPE_')).map((f) => `/tmp/${f}`);
const boundPipes = () => new Set(fs.readFileSync('/proc/net/unix', 'utf8').split('\n').map((l) => l.trim().split(/\s+/)[7]).filter(Boolean));

const ourService: Contender = {
  name: `indsatsplan (pool, ${WORKERS} workers)`,
  quick: true,
  requests: WARM_REQUESTS,
  warmUp: WARM_UP_REQUESTS,
  async start(tmpDir) {
    const port = await freePort();
    const child = spawnService({
      PORT: String(port), LOG_LEVEL: 'warn', DATA_DIR: tmpDir, CONVERSION_WORK_DIR: tmpDir, TMPDIR: tmpDir, CONVERTER: 'pool', CONVERSION_WORKERS: String(WORKERS), CONVERSION_QUEUE_MAX: '256',
      // The bench measures conversion, not the rate limit.
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    await waitFor(async () => (await get(port, '/readyz')).status === 200, 120_000, 'indsatsplan');
    return { child, port, path: '/api/plans/pdf' };
  },
};

function rival(name: string, kind: 'carbone' | 'per-call', env: Record<string, string>, requests: (c: number) => number, quick = false): Contender {
  return {
    name,
    quick,
    requests,
    // One soffice per call keeps no process warm between calls: LibreOffice's warm-up only.
    warmUp: kind === 'per-call' ? LIBREOFFICE_WARM_UP : WARM_UP_REQUESTS,
    async start(tmpDir) {
      const child = spawnTs('bench/lib/contender-server.ts', [kind], {
        ...env,
        TMPDIR: tmpDir,
        WARM_UP_PLAN: JSON.stringify(loadBilag2()),
        // Carbone looks up soffice.bin and python3 on PATH; Debian's python3 has the uno module.
        PATH: `/usr/bin:/usr/lib/libreoffice/program:/bin:${process.env.PATH ?? ''}`,
      });
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
      });
      return { child, port, path: '/' };
    },
  };
}

const allContenders: Contender[] = [
  ourService,
  rival(`carbone (${WORKERS} factories)`, 'carbone', { CARBONE_FACTORIES: String(WORKERS) }, WARM_REQUESTS, true),
  rival('carbone (default: 1 factory)', 'carbone', { CARBONE_FACTORIES: '1' }, WARM_REQUESTS),
  rival('libreoffice-convert (per call)', 'per-call', {}, (c) => Math.max(6, 2 * c)),
  // Carbone cannot pass PDF export options (see contender-server.ts); its LibreOffice
  // profile is given ours, so it too writes tagged PDF/A-2b, as the service does.
  rival(`carbone, same PDF settings (${WORKERS} f.)`, 'carbone', { CARBONE_FACTORIES: String(WORKERS), CARBONE_SAME_PDF: '1' }, WARM_REQUESTS),
  // LibreOffice against LibreOffice: Carbone's warm factory converting the very .docx this
  // service fills, with the same PDF settings; only the conversion's plumbing differs.
  rival(`carbone, our .docx (${WORKERS} f.)`, 'carbone', { CARBONE_FACTORIES: String(WORKERS), CARBONE_SAME_PDF: '1', CARBONE_OUR_DOCX: '1' }, WARM_REQUESTS, true),
];

/** In a quick run: ours, Carbone with equal factories, and Carbone converting our .docx. */
const contenders = QUICK ? allContenders.filter((c) => c.quick) : allContenders;

interface PdfFacts {
  pages: number;
  words: number;
  tagged: boolean;
  /** "2B" for PDF/A-2b, '' for none. */
  pdfa: string;
  text: string;
}

/** What poppler sees in a PDF: pages, tagging, PDF/A claim, and its text. */
function pdfFacts(pdf: Buffer): PdfFacts {
  const file = path.join(os.tmpdir(), `bench-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const meta = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const part = /<pdfaid:part>(\d)<\/pdfaid:part>/.exec(meta)?.[1] ?? /pdfaid:part="(\d)"/.exec(meta)?.[1];
    const conf = /<pdfaid:conformance>(\w)<\/pdfaid:conformance>/.exec(meta)?.[1] ?? /pdfaid:conformance="(\w)"/.exec(meta)?.[1];
    return {
      pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
      words: text.split(/\s+/).filter(Boolean).length,
      tagged: /Tagged:\s+yes/.test(info),
      pdfa: part ? `${part}${conf ?? ''}` : '',
      text,
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const metricValue = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
/** The sum of a metric over the series whose labels include `labels` (e.g. 'route="/api/plans/pdf"'). */
const metricSum = (text: string, name: string, labels: string) =>
  [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} ([0-9.e+-]+)$`, 'gm'))].filter((m) => m[1]!.includes(labels)).reduce((sum, m) => sum + Number(m[2]), 0);

const median = (xs: number[]) => percentile(xs, 50);

/**
 * Requests whose service took this many page faults more than its usual request (the tenth
 * percentile: that document's own fresh buffers) took fresh memory: 150 pages, 0.6 MB.
 */
const EXTRA_FAULTS = 150;

/** The fill's median in requests with about the usual page faults in the service's process and with many more. */
function faultSplit(fill: number[], faults: number[]): string {
  const usual = percentile(faults, 10);
  const many = (i: number) => faults[i]! > usual + EXTRA_FAULTS;
  const side = (xs: number[]) => (xs.length ? `${median(xs).toFixed(1)} ms (${xs.length} requests)` : 'none');
  return (
    `page faults in the service's process per request: 10th percentile ${usual}, median ${median(faults)}, over ${usual + EXTRA_FAULTS} in ${fill.filter((_, i) => many(i)).length} of ${faults.length};` +
    ` the fill's median in the others ${side(fill.filter((_, i) => !many(i)))}, in those ${side(fill.filter((_, i) => many(i)))}`
  );
}

/** Carbone's own templating (fill, no conversion) in this process, for comparison with ours. */
async function carboneFillMs(plan: unknown, runs: number): Promise<number[]> {
  const require = createRequire(import.meta.url);
  const carbone = require('carbone') as {
    set(o: Record<string, unknown>): void;
    render(t: string, d: unknown, o: Record<string, unknown>, cb: (e: unknown, r: Buffer) => void): void;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-carbone-fill-'));
  try {
    fs.writeFileSync(path.join(dir, 'plan.docx'), buildCarboneOfficialTemplate());
    carbone.set({ templatePath: dir, tempPath: dir });
    const render = promisify(carbone.render) as (t: string, d: unknown, o: Record<string, unknown>) => Promise<Buffer>;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await render('plan.docx', carbonePlanView(validatePlan(plan).plan!), {});
      times.push(performance.now() - t);
    }
    return times;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ONLY_REPLICAS = process.argv.includes('--replicas');
const SMOKE = process.argv.includes('--smoke');

/** The replicas' rows: plans prepared and sent, at concurrency 1, 2 and 4 per replica set. */
async function replicaSection(): Promise<void> {
  console.log(`\n== The shared store: plans prepared and sent (Bilag 2), SQLite and PostgreSQL, one replica and two${SMOKE ? ' (SMOKE RUN: too few plans to mean anything)' : ''} ==`);
  const rows = await measureReplicas({
    plan: loadBilag2(),
    workers: WORKERS,
    concurrency: SMOKE ? [1, 2] : [1, 2, 4],
    requests: (c) => (SMOKE ? 2 * c : Math.max(30, 5 * c)),
    log: (line) => console.log(line),
  });
  console.log('');
  printReplicaRows(rows, (line) => console.log(line));
}

async function main(): Promise<void> {
  if (ONLY_REPLICAS) {
    console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.availableParallelism()} CPUs)`);
    await replicaSection();
    console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    return;
  }
  const bilag2 = loadBilag2();
  const docs = [
    { name: 'Bilag 2', plan: bilag2 },
    { name: 'long plan', plan: buildLongPlan(bilag2) },
  ];
  const rows: Row[] = [];
  console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.availableParallelism()} CPUs)`);
  const pageCost = pageCostUs();
  const overhead: Array<{ doc: string; p50: number; meanLatency: number; meanServer: number; meanConversion: number; meanWait: number; medianOutside: number; medianFill: number; medianPrepare: number; medianRest: number; fill: number[]; faults: number[]; pdf?: Buffer }> = [];
  const extra: string[] = [];
  const facts = new Map<string, PdfFacts>();
  const factsKey = (contender: string, doc: string) => `${contender}|${doc}`;
  // Work outside LibreOffice, measured in-process: validation, view and filling, ours and Carbone's.
  // Ours fills the .docx and compresses it, as for a person; for a PDF the service fills the
  // template's ODT form, which LibreOffice derives at start-up, and stores it: its Server-Timing
  // shows that fill.
  const renderer = createDocxTemplateRenderer();
  for (const d of docs) {
    const ours = Array.from({ length: 25 }, () => {
      const t = performance.now();
      renderPlanDocx(validatePlan(d.plan).plan!, renderer);
      return performance.now() - t;
    }).slice(5);
    const theirs = (await carboneFillMs(d.plan, 25)).slice(5);
    extra.push(
      `validate + view + fill, ${d.name}: ours (docxtemplater, the .docx compressed) median ${median(ours).toFixed(1)} ms, Carbone's template median ${median(theirs).toFixed(1)} ms (in-process, 20 runs after 5 warm-up, back to back)`,
    );
  }

  // All rivals run side by side and take turns at each level (in rotating order), so a
  // busy moment on this machine falls on all of them rather than on one.
  const pipesBefore = new Set(oslPipes());
  const running: Array<{ contender: Contender; child: ChildProcess; port: number; urlPath: string; tmpDir: string }> = [];
  try {
    for (const contender of contenders) {
      const startedAt = performance.now();
      const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rival-'));
      const { child, port, path: urlPath } = await contender.start(tmpDir).catch((err: unknown) => {
        fs.rmSync(tmpDir, { recursive: true, force: true });
        throw err;
      });
      running.push({ contender, child, port, urlPath, tmpDir });
      extra.push(`${contender.name}: ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s, idle RSS ${treeRssMb(child.pid!, EXCLUDE).toFixed(0)} MB`);
    }
    for (const [index, d] of docs.entries()) {
      // Warm-up, not measured, as many at once as there are workers: the first requests of a
      // document load its fonts and filters in every worker or factory; before the first
      // document, more bring each process's JavaScript to its steady pace. The last one is checked.
      for (const { contender, port, urlPath } of running) {
        const warm = await runLoad(port, urlPath, d.plan, WORKERS, index === 0 ? contender.warmUp : LIBREOFFICE_WARM_UP);
        if (warm.failures.length || !warm.lastBody) throw new Error(`${contender.name} warm-up: ${warm.failures[0] ?? 'no PDF'}`);
        facts.set(factsKey(contender.name, d.name), pdfFacts(warm.lastBody));
      }
      for (const [level, c] of CONCURRENCY.entries()) {
        const order = running.map((_, i) => running[(i + level) % running.length]!);
        // The rivals take turns in rounds, so that a slow spell of this machine (other tenants,
        // its own housekeeping) falls on all of them rather than on the one measured just then.
        const tallies = new Map(order.map((o) => [o, { latencies: [] as number[], outside: [] as number[], fill: [] as number[], prepare: [] as number[], rest: [] as number[], faults: [] as number[], lastBody: undefined as Buffer | undefined, wallMs: 0, cpuMs: 0, busyMs: 0, peakMb: 0, failures: [] as string[], metricsBefore: '' }]));
        const rounds = Math.max(...order.map((o) => roundsFor(o.contender.requests(c), c)));
        for (let round = 0; round < rounds; round++) {
          for (const o of order) {
            const { contender, child, port, urlPath } = o;
            const n = contender.requests(c);
            const myRounds = roundsFor(n, c);
            if (round >= myRounds) continue;
            const t = tallies.get(o)!;
            const share = Math.floor(n / myRounds) + (round < n % myRounds ? 1 : 0);
            if (round === 0 && contender === ourService) t.metricsBefore = (await get(port, '/metrics')).text;
            const sampler = sampleTreePeak(child.pid!, EXCLUDE);
            const [cpuBefore, busyBefore] = [treeCpuMs(child.pid!, EXCLUDE), machineBusyMs()];
            // The service's page faults per request, for the split printed with its time outside LibreOffice (c = 1).
            const r = await runLoad(port, urlPath, d.plan, c, share, contender === ourService && c === 1 ? child.pid : undefined);
            t.cpuMs += treeCpuMs(child.pid!, EXCLUDE) - cpuBefore;
            t.busyMs += machineBusyMs() - busyBefore;
            t.peakMb = Math.max(t.peakMb, sampler.stop());
            t.latencies.push(...r.latenciesMs);
            t.outside.push(...r.outsideMs);
            t.fill.push(...r.fillMs);
            t.prepare.push(...r.prepareMs);
            t.rest.push(...r.restMs);
            t.faults.push(...r.faults);
            t.lastBody = r.lastBody ?? t.lastBody;
            t.wallMs += r.wallMs;
            t.failures.push(...r.failures);
          }
        }
        for (const o of order) {
          const { contender, port, urlPath } = o;
          const t = tallies.get(o)!;
          const n = t.latencies.length;
          const row: Row = {
            contender: contender.name, doc: d.name, c, n,
            p50: percentile(t.latencies, 50), p95: percentile(t.latencies, 95),
            rps: (n * 1000) / t.wallMs, peakMb: t.peakMb, cpuMs: t.cpuMs / n, otherCpuMs: Math.max(0, t.busyMs - t.cpuMs) / n, failures: t.failures.length,
          };
          rows.push(row);
          if (t.failures.length) console.error(`${contender.name} ${d.name} c=${c}: ${t.failures.length} failures, e.g. ${t.failures[0]}`);
          console.log(`${row.contender.padEnd(36)} ${row.doc.padEnd(10)} c=${c} n=${n}  p50 ${row.p50.toFixed(0)} ms  p95 ${row.p95.toFixed(0)} ms  ${row.rps.toFixed(2)} req/s  peak ${row.peakMb.toFixed(0)} MB  CPU ${row.cpuMs.toFixed(0)} ms/req (others ${row.otherCpuMs.toFixed(0)})`);
          if (contender === ourService && c === 1) {
            const after = (await get(port, '/metrics')).text;
            const delta = (name: string) => metricValue(after, name) - metricValue(t.metricsBefore, name);
            const count = delta('indsatsplan_conversion_duration_seconds_count');
            const served = (name: string) => metricSum(after, name, `route="${urlPath}"`) - metricSum(t.metricsBefore, name, `route="${urlPath}"`);
            overhead.push({
              doc: d.name,
              p50: row.p50,
              meanLatency: t.latencies.reduce((a, b) => a + b, 0) / n,
              medianOutside: percentile(t.outside, 50),
              medianFill: percentile(t.fill, 50),
              medianPrepare: percentile(t.prepare, 50),
              medianRest: percentile(t.rest, 50),
              fill: t.fill,
              faults: t.faults,
              pdf: t.lastBody,
              meanServer: (served('indsatsplan_http_request_duration_seconds_sum') * 1000) / served('indsatsplan_http_request_duration_seconds_count'),
              meanConversion: (delta('indsatsplan_conversion_duration_seconds_sum') * 1000) / count,
              meanWait: (delta('indsatsplan_conversion_queue_wait_seconds_sum') * 1000) / count,
            });
          }
        }
      }
    }
  } finally {
    for (const { child, tmpDir } of running) {
      await stop(child);
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
    // A killed LibreOffice leaves its pipe files; remove the ones the rivals made.
    const bound = boundPipes();
    for (const p of oslPipes()) if (!pipesBefore.has(p) && !bound.has(p)) fs.rmSync(p, { force: true });
  }

  const [ours, carboneN, carbone1, perCall, carboneSame, carboneDocx] = allContenders.map((x) => x.name) as [string, string, string, string, string, string];
  console.log('\n== The same document? (the last warm-up PDF of each rival, against ours) ==');
  console.log('contender                            | doc       | pages | words | tagged | PDF/A | text (pdftotext -layout)');
  for (const d of docs) {
    const mine = facts.get(factsKey(ours, d.name))!;
    for (const c of contenders) {
      const f = facts.get(factsKey(c.name, d.name))!;
      const a = mine.text.split('\n');
      const b = f.text.split('\n');
      const differing = Math.max(a.length, b.length) - a.filter((line, i) => line === b[i]).length;
      const same = c.name === ours ? '(reference)' : f.text === mine.text ? 'identical to ours' : `DIFFERS from ours in ${differing} lines`;
      console.log(
        `${c.name.padEnd(36)} | ${d.name.padEnd(9)} | ${String(f.pages).padStart(5)} | ${String(f.words).padStart(5)} | ${(f.tagged ? 'yes' : 'no').padStart(6)} | ${(f.pdfa || '-').padStart(5)} | ${same}`,
      );
    }
  }
  console.log(
    'PDF settings: carbone 3.8.2 accepts convertTo.formatOptions but drops them for PDF (lib/index.js passes only the CSV option string\n' +
      'to the converter; converter.py sets FilterOptions, never FilterData), so plain Carbone writes untagged PDF without PDF/A.\n' +
      `"${carboneSame}" gives its LibreOffice profiles our export settings (registrymodifications.xcu), the only way with carbone 3.`,
  );

  console.log('\n== Results ==');
  console.log('contender                            | doc       |  c |  n | p50 ms | p95 ms |  req/s | peak RSS MB | CPU ms/req | others\' CPU ms/req | failed');
  for (const r of [...rows].sort((a, b) => a.doc.localeCompare(b.doc) || a.c - b.c || contenders.findIndex((c) => c.name === a.contender) - contenders.findIndex((c) => c.name === b.contender))) {
    console.log(
      `${r.contender.padEnd(36)} | ${r.doc.padEnd(9)} | ${String(r.c).padStart(2)} | ${String(r.n).padStart(2)} | ${r.p50.toFixed(0).padStart(6)} | ${r.p95.toFixed(0).padStart(6)} | ${r.rps.toFixed(2).padStart(6)} | ${r.peakMb.toFixed(0).padStart(11)} | ${r.cpuMs.toFixed(0).padStart(10)} | ${r.otherCpuMs.toFixed(0).padStart(19)} | ${r.failures}`,
    );
  }

  console.log('\n== Ratios: p50 ours / p50 rival, same document, same concurrency (target ≤ 0.80) ==');
  const find = (name: string, doc: string, c: number) => rows.find((r) => r.contender === name && r.doc === doc && r.c === c);
  const ratio = (o: Row, name: string) => {
    const r = find(name, o.doc, o.c);
    return r ? (o.p50 / r.p50).toFixed(2) : '-';
  };
  const rivals = [carboneN, carbone1, carboneSame, carboneDocx, perCall].filter((name) => contenders.some((c) => c.name === name));
  console.log(`doc       |  c | ${rivals.map((r) => r.padStart(Math.max(8, r.length))).join(' | ')}`);
  for (const d of docs) {
    for (const c of CONCURRENCY) {
      const o = find(ours, d.name, c)!;
      console.log(`${d.name.padEnd(9)} | ${String(c).padStart(2)} | ${rivals.map((r) => ratio(o, r).padStart(Math.max(8, r.length))).join(' | ')}`);
    }
    const best = (name: string) => Math.max(...rows.filter((r) => r.contender === name && r.doc === d.name).map((r) => r.rps));
    console.log(
      `${d.name.padEnd(9)} best throughput (req/s): ours ${best(ours).toFixed(2)}; ${rivals.map((r) => `${r} ${best(r).toFixed(2)} (ours ${(best(ours) / best(r)).toFixed(2)}×)`).join('; ')}`,
    );
  }
  for (const o of overhead) {
    // Latency as the client sees it, less the time the pool spent converting (bridge + LibreOffice)
    // and queueing, from the service's own metrics over the same requests: HTTP, validation, templating.
    const outside = o.meanLatency - o.meanConversion - o.meanWait;
    // The same, from the service's request histogram: without this benchmark client's own time.
    const outsideServer = o.meanServer - o.meanConversion - o.meanWait;
    console.log(
      `${o.doc.padEnd(9)} sequential (c=1): mean latency ${o.meanLatency.toFixed(0)} ms (p50 ${o.p50.toFixed(0)}), in the converter ${o.meanConversion.toFixed(0)} ms, queue ${o.meanWait.toFixed(1)} ms` +
        ` -> outside LibreOffice (HTTP, validation, templating) ${outside.toFixed(1)} ms = ${((100 * outside) / o.meanLatency).toFixed(1)} % of mean latency, ${((100 * outside) / o.p50).toFixed(1)} % of p50 (target < 5 %);` +
        ` in the service alone (request histogram) ${outsideServer.toFixed(1)} ms = ${((100 * outsideServer) / o.p50).toFixed(1)} % of p50`,
    );
    // Per request, from the answer's Server-Timing: latency less LibreOffice-with-queue; the median of those.
    // Then what HTTP alone costs this client for the same JSON and PDF, with no service's work in it.
    const d = docs.find((x) => x.name === o.doc)!;
    const floor = o.pdf ? await httpFloorMs(d.plan, o.pdf, Math.round(o.p50), 'own process') : NaN;
    const floorHere = o.pdf ? await httpFloorMs(d.plan, o.pdf, Math.round(o.p50), 'this process') : NaN;
    console.log(
      `${o.doc.padEnd(9)} sequential (c=1), per request: median of (latency - Server-Timing pdf) ${o.medianOutside.toFixed(1)} ms = ${((100 * o.medianOutside) / o.p50).toFixed(1)} % of p50 (target < 5 %);` +
        ` of it, medians: from arrival to the fill (Server-Timing prepare: body, access, validation) ${o.medianPrepare.toFixed(1)} ms, the fill (Server-Timing fill) ${o.medianFill.toFixed(1)} ms,` +
        ` the rest (latency less prepare, fill and pdf: HTTP both ways, the answer written) ${o.medianRest.toFixed(1)} ms;` +
        ` HTTP alone (a bare server in a process of its own answering the same JSON with the same PDF at once, median of 40) ${floor.toFixed(1)} ms = ${((100 * floor) / o.p50).toFixed(1)} % of p50` +
        ` (in this process, as before 2026-12: ${floorHere.toFixed(1)} ms)`,
    );
    if (o.faults.length === o.fill.length && o.faults.length) console.log(`${o.doc.padEnd(9)} sequential (c=1), ${faultSplit(o.fill, o.faults)}`);
  }
  console.log(`a fresh 4 KB page on this machine (a new 64 MB buffer written once, at the start): ${pageCost.fresh.toFixed(2)} µs at its first touch, ${pageCost.mapped.toFixed(2)} µs when written again`);
  console.log('');
  for (const line of extra) console.log(line);
  if (!QUICK) await replicaSection();
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

await main();
