/** HTTP routes for the plan: validate, fill the official template, convert to PDF. */
import { Router } from 'express';
import { jsonBody } from '../http/json-body.js';
import { MIME } from '../shared/mime.js';
import { sendFile } from '../http/send-file.js';
import { ValidationResultSchema } from '../shared/problem.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { CONVERSION_PROBLEMS, JSON_BODY_PROBLEMS, SERVER_TIMING_HEADER } from '../openapi/common-responses.js';
import type { Converter } from '../conversion/converter.js';
import { convertForResponse } from '../http/convert-for-response.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { z } from 'zod';
import { PlanSchema, type Plan } from './schema.js';
import { requireRenderable, validatePlan } from './validate-plan.js';
import type { ChangesPageView } from './plan-view.js';
import { planFileName, renderPlanDocx, renderPlanForPdf } from './render-plan-docx.js';

/** Reads a render request's body: the plan, and the page of changes when a previous plan is beside it. */
export type ReadRenderRequest = (body: unknown) => { plan: Plan; changesPage?: ChangesPageView };

export interface PlanRouteDeps {
  converter: Converter;
  renderer: TemplateRenderer;
  jsonLimitBytes: number;
  /**
   * Given by the app from src/follow-up (which compares plans, above the plan in the layout);
   * without it the body is the plan alone.
   */
  readRenderRequest?: ReadRenderRequest;
}

const planAlone: ReadRenderRequest = (body) => ({ plan: requireRenderable(validatePlan(body)) });

export function createPlanRouter(deps: PlanRouteDeps): Router {
  const router = Router();
  const json = jsonBody(deps.jsonLimitBytes);
  const readRenderRequest = deps.readRenderRequest ?? planAlone;

  router.post('/api/plans/validate', ...json, (req, res) => {
    const v = validatePlan(req.body);
    res.json({ valid: v.errors.length === 0, errors: v.errors, warnings: v.warnings });
  });

  // The body is the plan (the contract); an optional `previous` beside it adds the page of changes.
  router.post('/api/plans/docx', ...json, (req, res) => {
    const { plan, changesPage } = readRenderRequest(req.body);
    sendFile(res, renderPlanDocx(plan, deps.renderer, { changesPage }), MIME.docx, planFileName(plan, 'docx'));
  });

  router.post('/api/plans/pdf', ...json, async (req, res) => {
    const { plan, changesPage } = readRenderRequest(req.body);
    const pdf = await convertForResponse(res, deps.converter, () => renderPlanForPdf(plan, deps.renderer, { changesPage }));
    sendFile(res, pdf, MIME.pdf, planFileName(plan, 'pdf'));
  });

  return router;
}

/**
 * What may stand beside the plan in the body of POST /api/plans/pdf and /docx. The body stays
 * the plan, as the contract has it (and its OpenAPI schema stays Plan); `previous` adds the
 * page of changes.
 */
export const PreviousPlanSchema = z
  .object({
    previous: PlanSchema.nullable()
      .optional()
      .meta({ description: 'Den forrige plan: giver en sidste side »Ændringer siden planen af …«. Kun dens opbygning kontrolleres. Uden den (eller null) er dokumentet det samme som altid.' }),
  })
  .meta({ id: 'PreviousPlan', description: 'Valgfrit ved siden af planens egne felter: den forrige plan' });

const withPrevious =
  'Indholdet er planen selv. Med den forrige plan ved siden af i feltet "previous" får dokumentet en sidste side »Ændringer siden planen af …« ' +
  '(som POST /api/plans/compare); uden "previous" er dokumentet det samme som altid. Den forrige plan skal kun kunne læses, ikke være godkendt.';
const problem422 = { description: 'Planen har fejl: alle problemer på én gang (errors, warnings)', problem: true };
export const planRouteDocs: RouteDoc[] = [
  {
    method: 'post', path: '/api/plans/validate', tags: ['Indsatsplan'],
    summary: 'Valider en indsatsplan mod den officielle skabelons regler',
    requestJson: PlanSchema,
    responses: { '200': { description: 'Resultatet af valideringen', json: ValidationResultSchema }, ...JSON_BODY_PROBLEMS },
  },
  {
    method: 'post', path: '/api/plans/pdf', tags: ['Indsatsplan'],
    summary: 'Udfyld den officielle skabelon og lav den som PDF/A-2b (tagget)',
    description: withPrevious,
    requestJson: PlanSchema,
    requestJsonAlso: PreviousPlanSchema,
    responses: { '200': { description: 'Planen som PDF', binary: [MIME.pdf], headers: SERVER_TIMING_HEADER }, ...JSON_BODY_PROBLEMS, '422': problem422, ...CONVERSION_PROBLEMS },
  },
  {
    method: 'post', path: '/api/plans/docx', tags: ['Indsatsplan'],
    summary: 'Udfyld den officielle skabelon (.docx)',
    description: withPrevious,
    requestJson: PlanSchema,
    requestJsonAlso: PreviousPlanSchema,
    responses: { '200': { description: 'Den udfyldte skabelon', binary: [MIME.docx] }, ...JSON_BODY_PROBLEMS, '422': problem422 },
  },
];
