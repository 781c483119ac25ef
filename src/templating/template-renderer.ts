/**
 * The one door to the template engine. Templates are the .docx files in templates/,
 * read once at start-up; filling one never touches the disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { AppError } from '../shared/errors.js';
import { TEMPLATES_DIR } from '../shared/paths.js';

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

export function createDocxTemplateRenderer(dir: string = TEMPLATES_DIR): TemplateRenderer {
  const cache = new Map<TemplateName, Buffer>();
  const load = (name: TemplateName): Buffer => {
    let buf = cache.get(name);
    if (!buf) {
      buf = readFileSync(path.join(dir, `${name}.docx`));
      cache.set(name, buf);
    }
    return buf;
  };
  return {
    render(template, data, options = {}) {
      try {
        const zip = new PizZip(load(template));
        const doc = new Docxtemplater(zip, {
          paragraphLoop: true,
          linebreaks: true,
          nullGetter: () => '',
        });
        doc.render(data);
        const compression = options.purpose === 'conversion' ? 'STORE' : 'DEFLATE';
        return doc.getZip().generate({ type: 'nodebuffer', compression }) as Buffer;
      } catch (cause) {
        throw new AppError('template-failed', undefined, { cause });
      }
    },
  };
}
