/**
 * A minimal HTTP server (JSON plan in, PDF out) around one of the benchmark's rivals,
 * run as a child process so its memory can be measured on its own:
 *   carbone      Carbone's render with its own template (CARBONE_FACTORIES LibreOffice workers)
 *   carbone-docx Carbone converting this service's filled .docx (the very same document)
 *   per-call     this service's templating + libreoffice-convert, one soffice per request
 * Prints "listening <port>" when ready.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import libre from 'libreoffice-convert';
import { filterDataAsCliJson, PDF_EXPORT_FILTER_DATA } from '../../src/conversion/converter.js';
import { createDocxTemplateRenderer } from '../../src/templating/template-renderer.js';
import { validatePlan } from '../../src/plan/validate-plan.js';
import { renderPlanDocx } from '../../src/plan/render-plan-docx.js';
import { buildCarboneTemplate, flattenPlanForCarbone } from './carbone-template.js';

type Handler = (plan: unknown) => Promise<Buffer>;

async function carboneHandler(sameDocx: boolean): Promise<Handler> {
  const require = createRequire(import.meta.url);
  const carbone = require('carbone') as {
    set(o: Record<string, unknown>, cb?: () => void): void;
    render(t: string, d: unknown, o: Record<string, unknown>, cb: (e: unknown, r: Buffer) => void): void;
  };
  const factories = Number(process.env.CARBONE_FACTORIES ?? 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-carbone-'));
  fs.writeFileSync(path.join(dir, 'plan.docx'), buildCarboneTemplate());
  // set()'s callback is lost when a factory's first start exits with code 81 (fresh
  // profile), so readiness is one render per factory instead.
  carbone.set({ templatePath: dir, tempPath: dir, factories, startFactory: true });
  const formatOptions = Object.fromEntries(Object.entries(PDF_EXPORT_FILTER_DATA));
  const render = promisify(carbone.render);
  const options = { convertTo: { formatName: 'pdf', formatOptions } };
  const renderer = createDocxTemplateRenderer();
  let n = 0;
  const handler: Handler = sameDocx
    ? async (body) => {
        // Our validation and templating, then Carbone's LibreOffice on the filled .docx (no markers left).
        const { plan } = validatePlan(body);
        const file = path.join(dir, `filled-${++n}.docx`);
        fs.writeFileSync(file, plan ? renderPlanDocx(plan, renderer) : buildCarboneTemplate());
        try {
          return (await render(file, {}, options)) as Buffer;
        } finally {
          fs.rmSync(file, { force: true });
        }
      }
    : (plan) => render('plan.docx', flattenPlanForCarbone(plan), options) as Promise<Buffer>;
  await Promise.all(Array.from({ length: factories }, () => handler({ warmUp: true })));
  return handler;
}

function perCallHandler(): Handler {
  const renderer = createDocxTemplateRenderer();
  const convert = promisify(libre.convertWithOptions) as (d: Buffer, f: string, filter: string, o: Record<string, unknown>) => Promise<Buffer>;
  return (body) => {
    const { plan } = validatePlan(body);
    if (!plan) throw new Error('invalid plan');
    return convert(renderPlanDocx(plan, renderer), 'pdf', `writer_pdf_Export:${filterDataAsCliJson()}`, { fileName: 'plan.docx' });
  };
}

const kind = process.argv[2];
const handler = kind === 'carbone' || kind === 'carbone-docx' ? await carboneHandler(kind === 'carbone-docx') : perCallHandler();
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    handler(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      .then((pdf) => {
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.length });
        res.end(pdf);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => process.exit(0));
