/**
 * A minimal HTTP server (JSON plan in, PDF out) around one of the benchmark's rivals,
 * run as a child process so its memory can be measured on its own:
 *   carbone      validation, then Carbone's render of the official form as a Carbone template
 *                (carbone-official-template.ts) with CARBONE_FACTORIES LibreOffice workers;
 *                CARBONE_SAME_PDF=1 gives its LibreOffice the service's PDF export settings;
 *                CARBONE_OUR_DOCX=1 has it only convert the .docx this service fills (validation and
 *                templating as the service does them, then carbone.convert): LibreOffice against LibreOffice
 *   per-call     this service's validation and templating + libreoffice-convert, one soffice per request
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
import { buildCarboneOfficialTemplate, carbonePlanView } from './carbone-official-template.js';

type Handler = (plan: unknown) => Promise<Buffer>;

const SOFFICE_BIN = '/usr/lib/libreoffice/program/soffice.bin';

/**
 * Carbone 3 takes `convertTo: { formatName: 'pdf', formatOptions }` but never hands the PDF
 * options to LibreOffice (lib/index.js passes only the CSV option string; converter.py sets
 * FilterOptions, not FilterData). LibreOffice's PDF export falls back to its profile's
 * settings, so each Carbone profile is seeded with ours: a `soffice.bin` first on PATH
 * writes registrymodifications.xcu into the new profile, then runs the real one.
 */
function seedPdfSettings(dir: string): void {
  const value = (v: boolean | number) => String(v);
  const items = Object.entries(PDF_EXPORT_FILTER_DATA)
    .map(([k, v]) => `<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export"><prop oor:name="${k}" oor:op="fuse"><value>${value(v)}</value></prop></item>`)
    .join('\n');
  const seed = path.join(dir, 'registrymodifications.xcu');
  fs.writeFileSync(
    seed,
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${items}\n</oor:items>\n`,
  );
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'soffice.bin'),
    [
      '#!/bin/sh',
      'for a in "$@"; do case "$a" in -env:UserInstallation=file://*) p="${a#-env:UserInstallation=file://}";; esac; done',
      `if [ -n "$p" ] && [ ! -f "$p/user/registrymodifications.xcu" ]; then mkdir -p "$p/user" && cp '${seed}' "$p/user/registrymodifications.xcu"; fi`,
      `exec ${SOFFICE_BIN} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  // Carbone looks its binaries up when it is loaded; python3 is still found in /usr/bin.
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
}

async function carboneHandler(): Promise<Handler> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-carbone-'));
  if (process.env.CARBONE_SAME_PDF === '1') seedPdfSettings(dir);
  const require = createRequire(import.meta.url);
  const carbone = require('carbone') as {
    set(o: Record<string, unknown>, cb?: () => void): void;
    render(t: string, d: unknown, o: Record<string, unknown>, cb: (e: unknown, r: Buffer) => void): void;
    convert(file: Buffer, o: Record<string, unknown>, cb: (e: unknown, r: Buffer) => void): void;
  };
  const factories = Number(process.env.CARBONE_FACTORIES ?? 1);
  fs.writeFileSync(path.join(dir, 'plan.docx'), buildCarboneOfficialTemplate());
  // set()'s callback is lost when a factory's first start exits with code 81 (fresh
  // profile), so readiness is one render per factory instead.
  carbone.set({ templatePath: dir, tempPath: dir, factories, startFactory: true });
  const render = promisify(carbone.render) as (t: string, d: unknown, o: Record<string, unknown>) => Promise<Buffer>;
  const convert = promisify(carbone.convert) as (file: Buffer, o: Record<string, unknown>) => Promise<Buffer>;
  const renderer = createDocxTemplateRenderer();
  // The same work as the service: validate (schema and the form's rules), build the view, fill, convert.
  const handler: Handler = async (body) => {
    const { plan } = validatePlan(body);
    if (!plan) throw new Error('invalid plan');
    if (process.env.CARBONE_OUR_DOCX === '1') {
      return convert(renderPlanDocx(plan, renderer, { purpose: 'conversion' }), { convertTo: 'pdf', extension: 'docx' });
    }
    return render('plan.docx', carbonePlanView(plan), { convertTo: 'pdf' });
  };
  const warmUp = JSON.parse(process.env.WARM_UP_PLAN ?? 'null') as unknown;
  await Promise.all(Array.from({ length: factories }, () => handler(warmUp)));
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
const handler = kind === 'carbone' ? await carboneHandler() : perCallHandler();
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
