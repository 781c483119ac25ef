/** HTTP routes of the fillable Word form: blank, or pre-filled from any part of the plan JSON. */
import { Router } from 'express';
import { AppError } from '../shared/errors.js';
import { jsonBody } from '../http/json-body.js';
import { MIME } from '../shared/mime.js';
import { sendFile } from '../http/send-file.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { JSON_BODY_PROBLEMS } from '../openapi/common-responses.js';
import { PlanSchema } from '../plan/schema.js';
import { buildPlanForm, FORM_FILE_NAME } from './build-plan-form.js';

export function createFormRouter(deps: { jsonLimitBytes: number }): Router {
  const router = Router();

  router.get('/api/plans/form', (_req, res) => {
    sendFile(res, buildPlanForm(), MIME.docx, FORM_FILE_NAME);
  });

  router.post('/api/plans/form', ...jsonBody(deps.jsonLimitBytes), (req, res) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AppError('request.invalid', 'Send planen (eller den del af den, der kendes) som et JSON-objekt.');
    }
    sendFile(res, buildPlanForm(body), MIME.docx, FORM_FILE_NAME);
  });

  return router;
}

const formDescription =
  'Word-formularen er den officielle skabelon (Bilag 1) med et indholdskontrolelement for hvert felt: tekstfelter og afkrydsningsfelter. ' +
  'Ved Koordinator og Deltagere skrives personerne som i skabelonen, én pr. linje (navn, stilling, organisation, telefon, e-mail; »(afbud)« efter en, der meldte afbud); ' +
  'personer, der kendes på forhånd, får et felt for hver oplysning og deltagerne et afkrydsningsfelt »Deltog«. ' +
  'Referenten udfylder den på mødet i Word eller LibreOffice (rækker kan tilføjes i tabellerne) og uploader den til POST /api/plans/upload.';

export const formRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/api/plans/form', tags: ['Word-formular'],
    summary: 'Hent den tomme, udfyldelige Word-formular',
    description: formDescription,
    responses: { '200': { description: 'Den tomme formular (.docx)', binary: [MIME.docx] } },
  },
  {
    method: 'post', path: '/api/plans/form', tags: ['Word-formular'],
    summary: 'Hent Word-formularen forududfyldt med de kendte dele af planen',
    description: `${formDescription} Alle dele af planen kan udelades (fx kun stamoplysninger og deltagere); planen valideres ikke her.`,
    requestJson: PlanSchema,
    responses: {
      '200': { description: 'Den forududfyldte formular (.docx)', binary: [MIME.docx] },
      ...JSON_BODY_PROBLEMS,
      '400': { description: 'Ikke gyldig JSON, eller ikke et JSON-objekt', problem: true },
    },
  },
];
