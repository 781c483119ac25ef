/**
 * The bare server of `httpFloorMs` (load.ts): reads the JSON, answers with the PDF at once, and
 * does nothing else. Used in the bench's own process, or run as a process of its own
 * (`spawnTs('bench/lib/bare-server.ts', [], { BARE_PDF: file })`), which prints `listening <port>`.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function bareServer(pdf: Buffer): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.length });
      res.end(pdf);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = bareServer(readFileSync(process.env.BARE_PDF!));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`));
}
