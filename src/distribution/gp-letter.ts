/**
 * The GP's print-ready letter (cover letter for a window envelope, then the plan),
 * built by the channels' letter builder with the app's converter and renderer.
 */
import type { Converter } from '../conversion/converter.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { buildGpLetterPdf } from './channels/build-gp-letter-pdf.js';
import type { GpLetterBuilder } from './prepare-distribution.js';

export function createGpLetterBuilder(converter: Converter, renderer: TemplateRenderer): GpLetterBuilder {
  return (input) => buildGpLetterPdf({ ...input, converter, renderer });
}
