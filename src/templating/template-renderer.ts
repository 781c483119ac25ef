/**
 * The one door to the template engine. Templates are the .docx files in templates/,
 * each read from disk on its first use and kept; filling one never touches the disk again.
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
import { nativeJoinModule } from './native-join-module.js';

export type TemplateName = 'indsatsplan' | 'invitation' | 'gp-cover-letter';

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
}

/** Long enough for the hand-off to LibreOffice, short against a conversion (80 ms and more). */
const PREPARE_DELAY_MS = 20;

export function createDocxTemplateRenderer(dir: string = TEMPLATES_DIR): TemplateRenderer {
  const files = new Map<TemplateName, Buffer>();
  const prepared = new Map<TemplateName, Docxtemplater>();
  const pending = new Set<TemplateName>();

  const compile = (name: TemplateName): Docxtemplater => {
    let file = files.get(name);
    if (!file) {
      // Kept unpacked (stored without compression): each new instance then copies the parts
      // instead of inflating them again (inflating was 2.4 ms of a Bilag 2 PDF's CPU in a
      // --cpu-prof of the service; a compile took 3.7 instead of 4.9 ms in a microbenchmark).
      file = new PizZip(readFileSync(path.join(dir, `${name}.docx`))).generate({ type: 'nodebuffer', compression: 'STORE' }) as Buffer;
      files.set(name, file);
    }
    // errorLogging off: docxtemplater would print a failure's properties, the field's value among them, to stdout.
    return new Docxtemplater(new PizZip(file), { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false, modules: [nativeJoinModule()] });
  };

  /**
   * Compiles the next instance a little after a fill. Not at once: right after a fill the
   * document goes to LibreOffice, and on a small machine compiling then competes with that
   * hand-off (measured: Bilag 2 took as long as without a prepared instance).
   */
  const prepareNext = (name: TemplateName): void => {
    if (pending.has(name)) return;
    pending.add(name);
    setTimeout(() => {
      pending.delete(name);
      try {
        if (!prepared.has(name)) prepared.set(name, compile(name));
      } catch {
        // A broken template fails again, with its error, in the next render.
      }
    }, PREPARE_DELAY_MS).unref();
  };

  return {
    render(template, data, options = {}) {
      try {
        const doc = prepared.get(template) ?? compile(template);
        prepared.delete(template);
        prepareNext(template);
        doc.render(data);
        const compression = options.purpose === 'conversion' ? 'STORE' : 'DEFLATE';
        return doc.getZip().generate({ type: 'nodebuffer', compression }) as Buffer;
      } catch (cause) {
        throw new AppError('template-failed', undefined, { cause });
      }
    },
  };
}
