/**
 * What the shared store costs: the whole life of a plan in the service (prepare a
 * distribution: validate, fill, convert to PDF in LibreOffice, store the documents; then
 * send it: claim, write each recipient's outbox file, complete) on
 *   - one replica on the SQLite file (the embedded default),
 *   - one replica on PostgreSQL,
 *   - two replicas on one PostgreSQL behind a round-robin of requests, each plan prepared on
 *     one replica and sent by the other,
 * all on this machine with the same number of LibreOffice workers in total (split between
 * the two replicas), so that what differs is the store and the second process, not the
 * conversion capacity. The PostgreSQL server is a real one on loopback (Debian's package,
 * as the tests start it, but with fsync on).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../test/helpers/postgres.js';
import { percentile, postJson } from './load.js';
import { freePort, get, spawnService, stop, waitFor } from './processes.js';

export interface ReplicaRow {
  setup: string;
  c: number;
  n: number;
  /** Per plan, prepare + send, as the client sees it. */
  p50: number;
  p95: number;
  plansPerSecond: number;
  failures: number;
}

interface Setup {
  name: string;
  replicas: number;
  database: 'sqlite' | 'postgres';
}

interface Replica {
  child: ChildProcess;
  port: number;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawnService({ ...env, PORT: String(port), LOG_LEVEL: 'warn', CONVERTER: 'pool', CONVERSION_QUEUE_MAX: '256', RATE_LIMIT_PER_MINUTE: '1000000' });
  await waitFor(async () => (await get(port, '/readyz')).status === 200, 120_000, `replica on port ${port}`);
  return { child, port };
}

/** `n` plans, `concurrency` clients; plan i is prepared on replica i and sent on replica i + 1 (round-robin). */
async function runPlans(replicas: Replica[], plan: unknown, concurrency: number, n: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * replicas.length });
  const body = JSON.stringify({ plan });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      const prepareOn = replicas[i % replicas.length]!;
      const sendOn = replicas[(i + 1) % replicas.length]!;
      const prepared = await postJson(agent, prepareOn.port, '/api/distributions', body);
      if (prepared.status !== 201) {
        failures.push(`prepare ${prepared.status} ${prepared.body.subarray(0, 200).toString()}`);
        continue;
      }
      const { id } = JSON.parse(prepared.body.toString()) as { id: string };
      const sent = await postJson(agent, sendOn.port, `/api/distributions/${id}/send`, '');
      const state = sent.status === 200 ? (JSON.parse(sent.body.toString()) as { state?: string }).state : undefined;
      if (state !== 'finished') failures.push(`send ${sent.status} ${sent.body.subarray(0, 200).toString()}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { latencies, failures, wallMs };
}

export async function measureReplicas(options: {
  plan: unknown;
  workers: number;
  concurrency: number[];
  requests: (c: number) => number;
  log: (line: string) => void;
}): Promise<ReplicaRow[]> {
  const { workers } = options;
  const perReplica = Math.max(1, Math.floor(workers / 2));
  const setups: Setup[] = [
    { name: `SQLite, 1 replica (${workers} workers)`, replicas: 1, database: 'sqlite' },
    { name: `PostgreSQL, 1 replica (${workers} workers)`, replicas: 1, database: 'postgres' },
    { name: `PostgreSQL, 2 replicas (${perReplica}+${perReplica} w.)`, replicas: 2, database: 'postgres' },
  ];
  // Durable, as a real server is (the tests' cluster skips fsync), against SQLite's synchronous = FULL.
  const postgres = await startPostgres({ durable: true });
  const rows: ReplicaRow[] = [];
  try {
    for (const [k, setup] of setups.entries()) {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replicas-'));
      let databaseUrl: string | undefined;
      if (setup.database === 'postgres') {
        const admin = new pg.Client({ connectionString: postgres.url });
        await admin.connect();
        await admin.query(`CREATE DATABASE bench_${k}`);
        await admin.end();
        const url = new URL(postgres.url);
        url.pathname = `/bench_${k}`;
        databaseUrl = url.toString();
      }
      const replicas: Replica[] = [];
      try {
        // One after the other: two pools warming up at once would only slow each other down.
        for (let r = 0; r < setup.replicas; r++) {
          const dataDir = path.join(tmp, `replica-${r}`);
          replicas.push(
            await startReplica({
              DATA_DIR: dataDir,
              CONVERSION_WORK_DIR: dataDir,
              TMPDIR: tmp,
              OUTBOX_DIR: path.join(tmp, 'outbox'),
              CONVERSION_WORKERS: String(setup.replicas === 1 ? workers : perReplica),
              ...(databaseUrl ? { DATABASE_URL: databaseUrl, FOLLOW_UP_MATCH_SECRET: 'the-bench-replicas-shared-secret-32+' } : {}),
            }),
          );
        }
        // Warm-up, not measured: fonts, filters, the pools' first connections.
        await runPlans(replicas, options.plan, 1, 2 * setup.replicas);
        for (const c of options.concurrency) {
          const n = options.requests(c);
          const r = await runPlans(replicas, options.plan, c, n);
          const row: ReplicaRow = {
            setup: setup.name,
            c,
            n,
            p50: percentile(r.latencies, 50),
            p95: percentile(r.latencies, 95),
            plansPerSecond: (n * 1000) / r.wallMs,
            failures: r.failures.length,
          };
          rows.push(row);
          if (r.failures.length) options.log(`${setup.name} c=${c}: ${r.failures.length} failures, e.g. ${r.failures[0]}`);
          options.log(`${row.setup.padEnd(40)} c=${c} n=${n}  p50 ${row.p50.toFixed(0)} ms  p95 ${row.p95.toFixed(0)} ms  ${row.plansPerSecond.toFixed(2)} plans/s`);
        }
      } finally {
        for (const r of replicas) await stop(r.child);
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    postgres.stop();
  }
  return rows;
}

/** The table, and each setup's best throughput against one replica on SQLite. */
export function printReplicaRows(rows: ReplicaRow[], log: (line: string) => void): void {
  log('setup                                    |  c |  n | p50 ms | p95 ms | plans/s | plans/hour | failed');
  for (const r of rows) {
    log(
      `${r.setup.padEnd(40)} | ${String(r.c).padStart(2)} | ${String(r.n).padStart(2)} | ${r.p50.toFixed(0).padStart(6)} | ${r.p95.toFixed(0).padStart(6)} | ${r.plansPerSecond.toFixed(2).padStart(7)} | ${Math.round(r.plansPerSecond * 3600).toString().padStart(10)} | ${r.failures}`,
    );
  }
  const setups = [...new Set(rows.map((r) => r.setup))];
  const best = (setup: string) => Math.max(...rows.filter((r) => r.setup === setup).map((r) => r.plansPerSecond));
  const [base] = setups;
  if (!base) return;
  for (const s of setups.slice(1)) {
    log(`${s}: best ${best(s).toFixed(2)} plans/s = ${(best(s) / best(base)).toFixed(2)}× ${base} (${best(base).toFixed(2)})`);
  }
}
