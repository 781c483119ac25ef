#!/usr/bin/env node
/**
 * The command line: the same validation, template and converter as the HTTP routes,
 * for batch jobs and for trying the service out.
 *
 *   indsatsplan validate <plan.json>
 *   indsatsplan render <plan.json> [-o <fil>] [--docx]
 *
 * Exit codes: 0 done, 1 the plan has errors, 2 wrong use, unreadable file, bad
 * configuration or a failed conversion. Problems go to stderr; nothing is logged that
 * could carry the plan's content.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { AppError } from '../shared/errors.js';
import type { ProblemItem } from '../shared/problem.js';
import { createConverter } from '../conversion/create-converter.js';
import { createDocxTemplateRenderer } from '../templating/template-renderer.js';
import { validatePlan, type PlanValidation } from '../plan/validate-plan.js';
import { planFileName, renderPlanDocx } from '../plan/render-plan-docx.js';

const USAGE = `Brug:
  indsatsplan validate <plan.json>
      Kontrollerer planen mod den officielle skabelons regler og skriver alle fejl og advarsler.
  indsatsplan render <plan.json> [-o <fil>] [--docx]
      Laver planen som PDF (PDF/A-2b), eller med --docx som udfyldt Word-skabelon.
      Uden -o skrives filen i den aktuelle mappe som indsatsplan-<mødedato>.pdf.

Afslutningskode: 0 udført, 1 planen har fejl, 2 forkert brug eller andet problem.`;

export const EXIT = { ok: 0, planErrors: 1, failure: 2 } as const;

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

class UsageError extends Error {}

function readPlanJson(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Kan ikke læse filen ${file}.`);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`${file} er ikke gyldig JSON: ${(e as Error).message}`);
  }
}

const warningsWord = (n: number) => `${n} ${n === 1 ? 'advarsel' : 'advarsler'}`;

function problemLine(kind: 'Fejl' | 'Advarsel', p: ProblemItem): string {
  return `${kind}: ${p.path || '/'} (${p.label}): ${p.message} [${p.code}]`;
}

function printProblems(v: PlanValidation, io: CliIo): void {
  for (const p of v.errors) io.err(problemLine('Fejl', p));
  for (const p of v.warnings) io.err(problemLine('Advarsel', p));
}

async function validateCommand(file: string, io: CliIo): Promise<number> {
  const v = validatePlan(readPlanJson(file));
  printProblems(v, io);
  if (v.errors.length > 0) {
    io.out(`Planen har ${v.errors.length} fejl og ${warningsWord(v.warnings.length)}.`);
    return EXIT.planErrors;
  }
  io.out(v.warnings.length > 0 ? `Planen er gyldig, med ${warningsWord(v.warnings.length)}.` : 'Planen er gyldig.');
  return EXIT.ok;
}

async function renderCommand(file: string, opts: { out?: string; docx: boolean }, io: CliIo): Promise<number> {
  const v = validatePlan(readPlanJson(file));
  printProblems(v, io);
  if (!v.plan || v.errors.length > 0) {
    io.out(`Planen har ${v.errors.length} fejl og laves ikke som dokument.`);
    return EXIT.planErrors;
  }
  const plan = v.plan;
  const ext = opts.docx ? 'docx' : 'pdf';
  const target = path.resolve(io.cwd, opts.out ?? planFileName(plan, ext));
  const docx = renderPlanDocx(plan, createDocxTemplateRenderer(), opts.docx ? undefined : { purpose: 'conversion' });
  if (opts.docx) {
    writeFileSync(target, docx);
  } else {
    // Quieter than the service by default; LOG_LEVEL still decides. Logs go to stderr, so
    // stdout carries only the path of what was written.
    const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
    // One document: one LibreOffice worker, not one per CPU.
    const converter = createConverter({ ...config.conversion, workers: 1 }, createLogger(config.logLevel, pino.destination(2)));
    await converter.start();
    try {
      writeFileSync(target, await converter.docxToPdf(docx));
    } finally {
      await converter.close();
    }
  }
  io.out(target);
  return EXIT.ok;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, docx: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    const [command, file, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return values.help ? EXIT.ok : EXIT.failure;
    }
    if (!file || rest.length > 0) throw new UsageError('Angiv præcis én plan-fil.');
    if (command === 'validate') return await validateCommand(path.resolve(io.cwd, file), io);
    if (command === 'render') return await renderCommand(path.resolve(io.cwd, file), { out: values.out, docx: values.docx ?? false }, io);
    throw new UsageError(`Ukendt kommando: ${command}`);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(e.message);
      io.err(USAGE);
    } else if (e instanceof ConfigError) {
      io.err(`Konfigurationen er ugyldig:\n  ${e.problems.join('\n  ')}`);
    } else if (e instanceof AppError) {
      io.err(`${e.detail ?? e.message} [${e.code}]`);
    } else {
      io.err(`Uventet fejl: ${(e as Error)?.message ?? String(e)}`);
    }
    return EXIT.failure;
  }
}

function stripExt(file: string): string {
  return file.replace(/\.[cm]?[jt]s$/, '');
}

// Run only as a program, not when a test imports runCli.
// realpath: an npm bin link points here through a symlink.
const isMain = !!process.argv[1] && stripExt(realpathSync(process.argv[1])) === stripExt(realpathSync(import.meta.filename));
if (isMain) {
  const code = await runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    // The one place besides server/index.ts that hands the environment to loadConfig.
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
