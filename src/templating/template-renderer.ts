/**
 * The one door to the template engine. Templates are the .docx files in templates/,
 * each read from disk on its first use and kept; filling one never touches the disk again.
 * For a PDF a template is filled in its ODT form when it has one (odt-form.ts: LibreOffice
 * reads that faster), which start-up derives from the .docx (derive-odt-forms.ts).
 *
 * docxtemplater compiles a template when an instance is made; compiling cost more than the
 * fill itself (Bilag 2 in its ODT form: 5.4-5.7 ms to compile and fill, 2.1 to fill again; the
 * .docx 11.5-12.4 against 3.8-4.0; .probe timing, two runs). So each form is compiled once and the one instance fills every document:
 * reusable-instance.ts resets what a fill leaves behind, and clears the filled document out of
 * the instance once its bytes are out. Fills are synchronous, so two never share an instance.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../shared/errors.js';
import { TEMPLATES_DIR } from '../shared/paths.js';
import type { OfficeDocument } from '../conversion/converter.js';
import { nativeJoinModule } from './native-join-module.js';
import { odtFormFill, prepareOdtForm, type CompiledPart, type PreparedOdtForm } from './odt-form.js';
import { clearFill, isReusable, readyForFill } from './reusable-instance.js';

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

/** A template in one of its forms: the .docx, or the ODT form for PDFs. */
type Form = `${TemplateName}.docx` | `${PdfTemplateName}.odt`;

/** A form's compiled instance; an ODT form's with the step that writes its package (odt-form.ts). */
interface Compiled {
  doc: Docxtemplater;
  finish?: () => Buffer;
}

// errorLogging off: docxtemplater would print a failure's properties, the field's value among them, to stdout.
const COMMON_OPTIONS = { paragraphLoop: true, nullGetter: () => '', errorLogging: false } as const;

export function createDocxTemplateRenderer(dir: string = TEMPLATES_DIR): TemplateRenderer {
  const originals = new Map<TemplateName, Buffer>();
  /** Each template's .docx, unpacked (stored without compression). */
  const files = new Map<TemplateName, Buffer>();
  /** The ODT forms of the templates that have one. */
  const odtForms = new Map<PdfTemplateName, PreparedOdtForm>();
  /** Each form's compiled instance, filled again for every document. */
  const instances = new Map<Form, Compiled>();

  const original = (name: TemplateName): Buffer => {
    let file = originals.get(name);
    if (!file) {
      file = readFileSync(path.join(dir, `${name}.docx`));
      originals.set(name, file);
    }
    return file;
  };

  const compile = (form: Form): Compiled => {
    const template = form.slice(0, form.lastIndexOf('.')) as TemplateName;
    if (form.endsWith('.odt')) {
      const odt = odtForms.get(template as PdfTemplateName);
      if (!odt) throw new Error(`${template} has no ODT form`);
      const { options, finish } = odtFormFill(odt);
      return { doc: new Docxtemplater(new PizZip(odt.package), { ...COMMON_OPTIONS, ...options } as never), finish };
    }
    let file = files.get(template);
    if (!file) {
      // Unpacked: a .docx stored for LibreOffice then copies the parts the fill leaves alone
      // instead of inflating them at every fill (inflating was 2.4 ms of a Bilag 2 PDF's CPU in
      // a --cpu-prof of the service).
      file = new PizZip(original(template)).generate({ type: 'nodebuffer', compression: 'STORE' }) as Buffer;
      files.set(template, file);
    }
    return { doc: new Docxtemplater(new PizZip(file), { ...COMMON_OPTIONS, linebreaks: true, modules: [nativeJoinModule()] }) };
  };

  /** The form's instance, compiled on first use; one docxtemplater will not fill again is not kept. */
  const instance = (form: Form): Compiled => {
    let compiled = instances.get(form);
    if (!compiled) {
      compiled = compile(form);
      if (isReusable(compiled.doc)) instances.set(form, compiled);
    }
    return compiled;
  };

  /** Fills the form and gives it to `output`; the filled parts leave the instance with the output. */
  const fill = <T>(form: Form, data: Record<string, unknown>, output: (filled: Compiled) => T): T => {
    let compiled: Compiled | undefined;
    try {
      compiled = instance(form);
      readyForFill(compiled.doc);
      compiled.doc.render(data);
      return output(compiled);
    } catch (cause) {
      // A fill that failed half-way may leave the instance in any state: the next fill compiles anew.
      instances.delete(form);
      throw new AppError('template-failed', undefined, { cause });
    } finally {
      if (compiled) clearFill(compiled.doc);
    }
  };

  return {
    render(template, data, options = {}) {
      const compression = options.purpose === 'conversion' ? 'STORE' : 'DEFLATE';
      return fill(`${template}.docx`, data, ({ doc }) => doc.getZip().generate({ type: 'nodebuffer', compression }) as Buffer);
    },
    renderForPdf(template, data) {
      const odt = odtForms.get(template);
      if (odt) return { format: 'odt', bytes: fill(`${template}.odt`, data, ({ finish }) => finish!()) };
      return { format: 'docx', bytes: this.render(template, data, { purpose: 'conversion' }) };
    },
    templateDocx: original,
    useOdtForm(template, odt) {
      const form = prepareOdtForm(odt);
      const word = tagsOf(instance(`${template}.docx`).doc);
      odtForms.set(template, form);
      instances.delete(`${template}.odt`);
      try {
        const own = tagsOf(instance(`${template}.odt`).doc);
        const missing = [...word].filter((t) => !own.has(t));
        const extra = [...own].filter((t) => !word.has(t));
        if (missing.length || extra.length) throw new Error(`the ODT form's tags differ: missing ${missing.join(' ') || '-'}, extra ${extra.join(' ') || '-'}`);
      } catch (err) {
        odtForms.delete(template);
        instances.delete(`${template}.odt`);
        throw err;
      }
    },
  };
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
