/** A closed-loop HTTP load: `concurrency` clients, each sending its next request when the last is answered. */
import http from 'node:http';

export interface LoadResult {
  latenciesMs: number[];
  wallMs: number;
  failures: string[];
  lastBody?: Buffer;
}

export function postJson(agent: http.Agent, port: number, path: string, body: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(port: number, path: string, plan: unknown, concurrency: number, requests: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify(plan);
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let lastBody: Buffer | undefined;
  const started = performance.now();
  const client = async () => {
    while (next < requests) {
      next++;
      const t = performance.now();
      const res = await postJson(agent, port, path, body);
      latenciesMs.push(performance.now() - t);
      if (res.status !== 200 || res.body.subarray(0, 5).toString() !== '%PDF-') failures.push(`${res.status} ${res.body.subarray(0, 200).toString()}`);
      else lastBody = res.body;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, wallMs, failures, lastBody };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
