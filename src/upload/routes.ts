/**
 * POST /api/plans/upload: the referent's filled Word plan, read back. The file is held
 * in memory for the request only; it is never written to disk.
 */
import { Router } from 'express';
import { receivedFile, receiveOneFile, UPLOAD_FIELD } from '../http/receive-file.js';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { MIME } from '../shared/mime.js';
import { sendFile } from '../http/send-file.js';
import { ProblemItemSchema } from '../shared/problem.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { CONVERSION_PROBLEMS, SERVER_TIMING_HEADER } from '../openapi/common-responses.js';
import type { Converter } from '../conversion/converter.js';
import { convertForResponse } from '../http/convert-for-response.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { PlanSchema, type Plan } from '../plan/schema.js';
import { requireRenderable } from '../plan/validate-plan.js';
import { requireDraft } from '../plan/draft-plan.js';
import { danishDateOf } from '../shared/dates.js';
import { planFileName, renderPlanForPdf } from '../plan/render-plan-docx.js';
import type { DocxLimits } from './open-docx.js';
import { readUpload } from './read-upload.js';
import { pdfChoices } from './what-to-do.js';

const UploadProblemSchema = ProblemItemSchema.extend({
  action: z.string().meta({ description: 'Hvad referenten gør: rettelsen i Word-filen, som derefter gemmes og uploades igen' }),
}).meta({ id: 'UploadProblem' });

const PdfChoiceSchema = z
  .object({
    available: z.boolean(),
    reason: z.string().nullable().meta({ description: 'Hvorfor ikke, og hvad der skal gøres; null når PDF\'en kan laves' }),
  })
  .meta({ id: 'PdfChoice' });

export const UploadResultSchema = z
  .object({
    plan: PlanSchema,
    errors: z.array(UploadProblemSchema).meta({ description: 'I blankettens rækkefølge, hver én gang' }),
    warnings: z.array(UploadProblemSchema).meta({ description: 'I blankettens rækkefølge, hver én gang' }),
    source: z.enum(['form-controls', 'legacy-fields', 'plain-template']).meta({ description: 'Hvilken slags dokument der blev læst' }),
    pdf: z
      .object({
        final: PdfChoiceSchema.meta({ description: 'Den endelige plan (Accept: application/pdf)' }),
        draft: PdfChoiceSchema.meta({ description: 'En kladde af det læste, mærket som kladde (Accept: application/pdf og ?draft=true), også når planen har fejl' }),
      })
      .meta({ description: 'Hvilke PDF\'er planen kan laves som, og hvorfor ikke' }),
    dates: z
      .object({ meetingDate: z.string().nullable(), followUpDate: z.string().nullable() })
      .meta({ description: 'Planens datoer, som blanketten skriver dem (1. maj 2014); null uden en gyldig dato' }),
  })
  .meta({ id: 'UploadResult' });

const DraftQuerySchema = z.object({ draft: z.enum(['true', 'false']).optional() });

export interface UploadRouteDeps {
  converter: Converter;
  renderer: TemplateRenderer;
  limits: DocxLimits;
}

export function createUploadRouter(deps: UploadRouteDeps): Router {
  const router = Router();
  const receive = receiveOneFile(deps.limits.uploadBytes);

  router.post('/api/plans/upload', receive, async (req, res) => {
    const file = receivedFile(req);
    const wanted = req.accepts(['application/json', 'application/pdf']);
    if (!wanted) throw new AppError('request.not-acceptable', 'Svaret kan leveres som application/json eller application/pdf.');

    const query = DraftQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('request.invalid', 'Parameteren draft kan kun være true eller false.');

    const reading = readUpload(file, deps.limits);
    if (wanted === 'application/json') {
      res.setHeader('Cache-Control', 'no-store');
      const { plan, errors, warnings, source } = reading;
      const dates = { meetingDate: danishDateOf(plan.meetingDate), followUpDate: danishDateOf(plan.followUpDate) };
      res.json({ plan, errors, warnings, source, pdf: pdfChoices(reading), dates });
      return;
    }
    const extensions = { plan: reading.plan, source: reading.source };
    const plan =
      query.data.draft === 'true'
        ? requireDraft(reading, extensions)
        : requireRenderable({ plan: reading.parsed ? (reading.plan as Plan) : undefined, errors: reading.errors, warnings: reading.warnings }, extensions);
    const pdf = await convertForResponse(res, deps.converter, () => renderPlanForPdf(plan, deps.renderer));
    sendFile(res, pdf, MIME.pdf, planFileName(plan, 'pdf'));
  });

  return router;
}

export const uploadRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/plans/upload',
    tags: ['Indsatsplan'],
    summary: 'Læs en udfyldt indsatsplan fra Word (.docx) og valider den',
    description:
      'Læser tjenestens udfyldelige formular, formularer med gamle formularfelter og den officielle skabelon udfyldt på traditionel vis (☒ eller X ved felterne, danske datoer). ' +
      'Med `Accept: application/json` svares planen og alle problemer (i blankettens rækkefølge, hver med hvad der skal gøres) og hvilke PDF\'er den kan laves som; ' +
      'med `Accept: application/pdf` den færdige plan som PDF, eller 422 med planen, som den kunne læses. ' +
      'Med `?draft=true` og `Accept: application/pdf` en kladde af det læste, mærket som kladde, også når planen har fejl; 422 kun hvor heller ikke en kladde kan laves (fx uden samtykke). ' +
      'Filen gemmes ikke.',
    requestFile: { field: UPLOAD_FIELD, description: 'Den udfyldte indsatsplan (.docx)' },
    parameters: [{ name: 'draft', in: 'query', description: 'true: PDF\'en laves som kladde af det læste, også når planen har fejl (kun med Accept: application/pdf)' }],
    responses: {
      '200': { description: 'Planen som læst, med fejl og advarsler (JSON), eller planen som PDF', json: UploadResultSchema, binary: [MIME.pdf], headers: SERVER_TIMING_HEADER },
      '400': { description: 'Ingen fil eller mere end én fil, eller draft er hverken true eller false', problem: true },
      '406': { description: 'Hverken JSON eller PDF er accepteret', problem: true },
      '413': { description: 'Filen er for stor', problem: true },
      '415': { description: 'Ikke et Word-dokument (.docx): fx PDF, billede, .doc, makroaktiveret eller krypteret', problem: true },
      '422': { description: 'Filen er beskadiget eller usikker (fx zip-bombe, DTD), ikke en indsatsplan, eller planen har fejl (med errors, warnings og plan)', problem: true },
      ...CONVERSION_PROBLEMS,
    },
  },
];
