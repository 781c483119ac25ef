/**
 * The one door to the template engine. Templates are the .docx files in templates/,
 * each read from disk on its first use and kept; filling one never touches the disk again.
 * For a PDF a template is filled in its ODT form when it has one (odt-form.ts: LibreOffice
 * reads that faster), which start-up derives from the .docx (derive-odt-forms.ts).
 *
 * docxtemplater compiles a template when an instance is made and fills it once; about
 * half of a fill is that compilation (4 of 8 ms for Bilag 2). So the renderer keeps one
 * compiled, unfilled instance of each template ready, and compiles the next one shortly
 * after a fill: while LibreOffice converts the document just filled, not while a client
 * waits. Each instance has its own zip, as docxtemplater requires.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../shared/errors.js';
import { TEMPLATES_DIR } from '../shared/paths.js';
import type { OfficeDocument } from '../conversion/converter.js';
import { nativeJoinModule } from './native-join-module.js';
import { finishOdtForm, odtFormOptions, prepareOdtForm, type PreparedOdtForm } from './odt-form.js';

export type TemplateName = 'indsatsplan' | 'invitation' | 'gp-cover-letter';

/** The templates that become PDFs on their own; the GP's cover letter is joined to the plan as a .docx. */
export const PDF_TEMPLATES = ['indsatsplan', 'invitation'] as const satisfies readonly TemplateName[];
export type PdfTemplateName = (typeof PDF_TEMPLATES)[number];

export interface RenderOptions {
  /**
   * 'file' (default): a compressed .docx to hand to a person. 'conversion': stored without
   * compression, since LibreOffice only unpacks it again (saves a few ms per PDF).
   */
  purpose?: 'file' | 'conversion';
}

export interface TemplateRenderer {
  /** Fills the named template with data; returns the .docx. */
  render(template: TemplateName, data: Record<string, unknown>, options?: RenderOptions): Buffer;
  /** Fills the template for a PDF: in its ODT form when it has one, else the .docx (stored). */
  renderForPdf(template: PdfTemplateName, data: Record<string, unknown>): OfficeDocument;
  /** The template's .docx as it is on disk, for deriving its ODT form. */
  templateDocx(template: PdfTemplateName): Buffer;
  /**
   * Gives the template its ODT form, from LibreOffice's .odt of its .docx. Throws, and the
   * template keeps filling its .docx, when the form does not hold the same tags.
   */
  useOdtForm(template: PdfTemplateName, odt: Buffer): void;
}

/** Long enough for the hand-off to LibreOffice, short against a conversion (80 ms and more). */
const PREPARE_DELAY_MS = 20;

/** A template in one of its forms: the .docx, or the ODT form for PDFs. */
type Form = `${TemplateName}.docx` | `${PdfTemplateName}.odt`;

// errorLogging off: docxtemplater would print a failure's properties, the field's value among them, to stdout.
const COMMON_OPTIONS = { paragraphLoop: true, nullGetter: () => '', errorLogging: false } as const;

export function createDocxTemplateRenderer(dir: string = TEMPLATES_DIR): TemplateRenderer {
  const originals = new Map<TemplateName, Buffer>();
  /** Each template's .docx, unpacked (stored without compression). */
  const files = new Map<TemplateName, Buffer>();
  /** The ODT forms of the templates that have one. */
  const odtForms = new Map<PdfTemplateName, PreparedOdtForm>();
  const prepared = new Map<Form, Docxtemplater>();
  const pending = new Set<Form>();

  const original = (name: TemplateName): Buffer => {
    let file = originals.get(name);
    if (!file) {
      file = readFileSync(path.join(dir, `${name}.docx`));
      originals.set(name, file);
    }
    return file;
  };

  const compile = (form: Form): Docxtemplater => {
    const template = form.slice(0, form.lastIndexOf('.')) as TemplateName;
    if (form.endsWith('.odt')) {
      const odt = odtForms.get(template as PdfTemplateName);
      if (!odt) throw new Error(`${template} has no ODT form`);
      return new Docxtemplater(new PizZip(odt.package), { ...COMMON_OPTIONS, ...odtFormOptions(odt) } as never);
    }
    let file = files.get(template);
    if (!file) {
      // Kept unpacked: each new instance then copies the parts instead of inflating them
      // again (inflating was 2.4 ms of a Bilag 2 PDF's CPU in a --cpu-prof of the service;
      // a compile took 3.7 instead of 4.9 ms in a microbenchmark).
      file = new PizZip(original(template)).generate({ type: 'nodebuffer', compression: 'STORE' }) as Buffer;
      files.set(template, file);
    }
    return new Docxtemplater(new PizZip(file), { ...COMMON_OPTIONS, linebreaks: true, modules: [nativeJoinModule()] });
  };

  /**
   * Compiles the next instance a little after a fill. Not at once: right after a fill the
   * document goes to LibreOffice, and on a small machine compiling then competes with that
   * hand-off (measured: Bilag 2 took as long as without a prepared instance).
   */
  const prepareNext = (form: Form): void => {
    if (pending.has(form)) return;
    pending.add(form);
    setTimeout(() => {
      pending.delete(form);
      try {
        if (!prepared.has(form)) prepared.set(form, compile(form));
      } catch {
        // A broken template fails again, with its error, in the next render.
      }
    }, PREPARE_DELAY_MS).unref();
  };

  const fill = (form: Form, data: Record<string, unknown>): Docxtemplater => {
    try {
      const doc = prepared.get(form) ?? compile(form);
      prepared.delete(form);
      prepareNext(form);
      return doc.render(data);
    } catch (cause) {
      throw new AppError('template-failed', undefined, { cause });
    }
  };

  return {
    render(template, data, options = {}) {
      const compression = options.purpose === 'conversion' ? 'STORE' : 'DEFLATE';
      return fill(`${template}.docx`, data).getZip().generate({ type: 'nodebuffer', compression }) as Buffer;
    },
    renderForPdf(template, data) {
      const odt = odtForms.get(template);
      if (odt) return { format: 'odt', bytes: finishOdtForm(odt, fill(`${template}.odt`, data).getZip()) };
      return { format: 'docx', bytes: this.render(template, data, { purpose: 'conversion' }) };
    },
    templateDocx: original,
    useOdtForm(template, odt) {
      const form = prepareOdtForm(odt);
      const word = tagsOf(compile(`${template}.docx`));
      odtForms.set(template, form);
      prepared.delete(`${template}.odt`);
      try {
        const own = tagsOf(compile(`${template}.odt`));
        const missing = [...word].filter((t) => !own.has(t));
        const extra = [...own].filter((t) => !word.has(t));
        if (missing.length || extra.length) throw new Error(`the ODT form's tags differ: missing ${missing.join(' ') || '-'}, extra ${extra.join(' ') || '-'}`);
      } catch (err) {
        odtForms.delete(template);
        throw err;
      }
    },
  };
}

interface CompiledPart {
  type: string;
  value?: string;
  module?: string;
  inverted?: boolean;
  subparsed?: CompiledPart[];
}

/**
 * The template's tags, each with the loops it stands in ("sections/#fields/label"): what the
 * data fills, whatever the markup around it.
 */
function tagsOf(doc: Docxtemplater): Set<string> {
  const tags = new Set<string>();
  const walk = (parts: CompiledPart[], prefix: string) => {
    for (const part of parts) {
      if (part.type !== 'placeholder') continue;
      const name = `${prefix}${part.module === 'loop' ? (part.inverted ? '^' : '#') : ''}${part.value ?? ''}`;
      tags.add(name);
      if (part.subparsed) walk(part.subparsed, `${name}/`);
    }
  };
  const compiled = (doc as unknown as { compiled: Record<string, { postparsed: CompiledPart[] }> }).compiled;
  for (const file of Object.values(compiled)) walk(file.postparsed, '');
  return tags;
}
