/** A closed-loop HTTP load: `concurrency` clients, each sending its next request when the last is answered. */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { bareServer } from './bare-server.js';
import { spawnTs, stop } from './processes.js';
import { minorFaults } from './process-tree.js';

export interface LoadResult {
  latenciesMs: number[];
  /** Per request, client latency less the service's own `pdf` Server-Timing (LibreOffice with its queue); empty for rivals. */
  outsideMs: number[];
  /** Per request, the service's own `fill` Server-Timing (view and template); empty for rivals. */
  fillMs: number[];
  /** Per request, the service's own `prepare` Server-Timing (arrival to fill: body, access, validation); empty for rivals. */
  prepareMs: number[];
  /** Per request, client latency less prepare, fill and pdf: HTTP both ways and the answer written; empty for rivals. */
  restMs: number[];
  /** Per request, the minor page faults of the process `faultsOf` named (the service's own, one request at a time); empty if none was named. */
  faults: number[];
  wallMs: number;
  failures: string[];
  lastBody?: Buffer;
}

export function postJson(agent: http.Agent, port: number, path: string, body: string): Promise<{ status: number; body: Buffer; serverTiming?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), serverTiming: [res.headers['server-timing'] ?? []].flat().join(', ') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(port: number, path: string, plan: unknown, concurrency: number, requests: number, faultsOf?: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify(plan);
  const latenciesMs: number[] = [];
  const outsideMs: number[] = [];
  const fillMs: number[] = [];
  const prepareMs: number[] = [];
  const restMs: number[] = [];
  const faults: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let lastBody: Buffer | undefined;
  const started = performance.now();
  const client = async () => {
    while (next < requests) {
      next++;
      // Read outside the timed span.
      const faultsBefore = faultsOf === undefined ? 0 : minorFaults(faultsOf);
      const t = performance.now();
      const res = await postJson(agent, port, path, body);
      const latency = performance.now() - t;
      if (faultsOf !== undefined) faults.push(minorFaults(faultsOf) - faultsBefore);
      latenciesMs.push(latency);
      const [pdf, fill, prepare] = ['pdf', 'fill', 'prepare'].map((name) => serverTimingMs(res.serverTiming, name));
      if (pdf !== undefined) outsideMs.push(latency - pdf);
      if (fill !== undefined) fillMs.push(fill);
      if (prepare !== undefined) prepareMs.push(prepare);
      if (pdf !== undefined && fill !== undefined && prepare !== undefined) restMs.push(latency - pdf - fill - prepare);
      if (res.status !== 200 || res.body.subarray(0, 5).toString() !== '%PDF-') failures.push(`${res.status} ${res.body.subarray(0, 200).toString()}`);
      else lastBody = res.body;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, outsideMs, fillMs, prepareMs, restMs, faults, wallMs, failures, lastBody };
}

/** One part's duration from a Server-Timing header (`fill;dur=5.1, pdf;dur=80.3`), or undefined. */
export function serverTimingMs(header: string | undefined, name: string): number | undefined {
  const found = new RegExp(`(?:^|,\\s*)${name};dur=([\\d.]+)`).exec(header ?? '')?.[1];
  return found === undefined ? undefined : Number(found);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * What HTTP alone costs this client: a bare Node server (bare-server.ts) reads the same JSON and
 * answers with the same PDF at once, one request at a time, with `pauseMs` between them (as long as
 * LibreOffice's part of a real request, so the machine idles as it does then). The median latency
 * of `requests` after 5 warm-up: what HTTP costs here with no service's work in it. The server runs
 * in a process of its own, as the service does (both processes wake for every request), or in this
 * one (one wakes). Not a strict floor: a bare process that sleeps between requests can wake slower
 * than the service, whose LibreOffice bridge and timers keep it busier.
 */
export async function httpFloorMs(plan: unknown, pdf: Buffer, pauseMs: number, where: 'own process' | 'this process', requests = 40): Promise<number> {
  const { port, close } = await (where === 'this process' ? bareServerHere(pdf) : bareServerApart(pdf));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify(plan);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < requests + 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const t = performance.now();
      await postJson(agent, port, '/', body);
      if (i >= 5) latencies.push(performance.now() - t);
    }
  } finally {
    agent.destroy();
    await close();
  }
  return percentile(latencies, 50);
}

type Running = { port: number; close: () => Promise<void> };

async function bareServerHere(pdf: Buffer): Promise<Running> {
  const server = bareServer(pdf);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function bareServerApart(pdf: Buffer): Promise<Running> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  fs.writeFileSync(path.join(dir, 'floor.pdf'), pdf);
  const child = spawnTs('bench/lib/bare-server.ts', [], { BARE_PDF: path.join(dir, 'floor.pdf') });
  const close = async () => {
    await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Its first line names the port; if it exits first, the line is null.
    const line = await Promise.race([once(child.stdout!, 'data').then(([chunk]) => String(chunk)), once(child, 'exit').then(() => null)]);
    const port = line && /listening (\d+)/.exec(line)?.[1];
    if (!port) throw new Error('the bare server did not start');
    return { port: Number(port), close };
  } catch (err) {
    await close();
    throw err;
  }
}
