/** A closed-loop HTTP load: `concurrency` clients, each sending its next request when the last is answered. */
import http from 'node:http';

export interface LoadResult {
  latenciesMs: number[];
  /** Per request, client latency less the service's own `pdf` Server-Timing (LibreOffice with its queue); empty for rivals. */
  outsideMs: number[];
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

export async function runLoad(port: number, path: string, plan: unknown, concurrency: number, requests: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify(plan);
  const latenciesMs: number[] = [];
  const outsideMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let lastBody: Buffer | undefined;
  const started = performance.now();
  const client = async () => {
    while (next < requests) {
      next++;
      const t = performance.now();
      const res = await postJson(agent, port, path, body);
      const latency = performance.now() - t;
      latenciesMs.push(latency);
      const pdfMs = /(?:^|,\s*)pdf;dur=([\d.]+)/.exec(res.serverTiming ?? '')?.[1];
      if (pdfMs) outsideMs.push(latency - Number(pdfMs));
      if (res.status !== 200 || res.body.subarray(0, 5).toString() !== '%PDF-') failures.push(`${res.status} ${res.body.subarray(0, 200).toString()}`);
      else lastBody = res.body;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, outsideMs, wallMs, failures, lastBody };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
