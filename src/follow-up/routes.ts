/**
 * HTTP routes of the follow-up meeting: the form for it, made from the previous plan, and
 * what changed between two plans. Each takes JSON or the plans' Word files.
 */
import { Router } from 'express';
import { AppError } from '../shared/errors.js';
import { jsonOrFiles } from '../http/json-or-files.js';
import { receivedFiles, UPLOAD_FIELD } from '../http/receive-file.js';
import { sendFile } from '../http/send-file.js';
import { MIME } from '../shared/mime.js';
import type { Config } from '../shared/config.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { JSON_BODY_PROBLEMS } from '../openapi/common-responses.js';
import { PlanSchema } from '../plan/schema.js';
import { buildFollowUpForm, followUpFormFileName } from './build-follow-up-form.js';
import { comparePlans } from './compare-plans.js';
import { parsePlan, readPlanFile, requirePlans, type PlanRead } from './read-plans.js';
import { PlanComparisonRequestSchema, PlanComparisonSchema } from './schema.js';

export interface FollowUpRouteDeps {
  limits: Config['limits'];
}

const COMPARE_FIELDS = ['previous', 'current'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function createFollowUpRouter(deps: FollowUpRouteDeps): Router {
  const router = Router();

  router.post('/api/plans/follow-up-form', jsonOrFiles(deps.limits, [UPLOAD_FIELD]), (req, res) => {
    let read: PlanRead;
    if (req.is('multipart/form-data')) read = readPlanFile(receivedFiles(req, [UPLOAD_FIELD])[UPLOAD_FIELD], deps.limits, UPLOAD_FIELD);
    else if (isObject(req.body)) read = parsePlan(req.body);
    else throw new AppError('request.invalid', 'Send den forrige plan som et JSON-objekt, eller som Word-fil i feltet "file".');
    const { previous } = requirePlans({ previous: read }, 'Den forrige plan kan ikke læses: ret fejlene i dens opbygning.');
    sendFile(res, buildFollowUpForm(previous), MIME.docx, followUpFormFileName(previous));
  });

  router.post('/api/plans/compare', jsonOrFiles(deps.limits, COMPARE_FIELDS), (req, res) => {
    let reads: Record<(typeof COMPARE_FIELDS)[number], PlanRead>;
    if (req.is('multipart/form-data')) {
      const files = receivedFiles(req, COMPARE_FIELDS);
      reads = { previous: readPlanFile(files.previous, deps.limits, 'previous'), current: readPlanFile(files.current, deps.limits, 'current') };
    } else if (isObject(req.body) && isObject(req.body.previous) && isObject(req.body.current)) {
      reads = { previous: parsePlan(req.body.previous, '/previous'), current: parsePlan(req.body.current, '/current') };
    } else {
      throw new AppError('request.invalid', 'Send et JSON-objekt med den forrige plan i feltet "previous" og den nuværende i "current", eller de to Word-filer i felterne "previous" og "current".');
    }
    const { previous, current } = requirePlans(reads, 'Planerne kan ikke sammenlignes: ret fejlene i deres opbygning.');
    res.setHeader('Cache-Control', 'no-store');
    res.json(comparePlans(previous, current));
  });

  return router;
}

const readsLikeUpload = 'En Word-fil læses præcis som ved POST /api/plans/upload (samme grænser for filer); planen skal ikke være færdig eller godkendt, kun kunne læses.';

export const followUpRouteDocs: RouteDoc[] = [
  {
    method: 'post', path: '/api/plans/follow-up-form', tags: ['Opfølgning'],
    summary: 'Hent Word-formularen til opfølgningsmødet, udfyldt fra den forrige plan',
    description:
      'Tager den forrige plan som JSON eller som Word-fil (multipart/form-data, feltet "file"). Formularen har stamoplysninger, deltagere, eksisterende planer, udfordringer og alle mål med deres indsatser fra den forrige plan. ' +
      'Mødedatoen er den forrige plans dato for opfølgning, og en ny dato for opfølgning står tom. Samtykke og borgerens godkendelse står ubesvarede: de afgøres på mødet. ' +
      'Alle deltagere står som deltagende; afbud markeres på mødet. Punkt 5 nævner den plan, der evalueres. Udfyldt uploades formularen til POST /api/plans/upload som enhver plan. ' +
      readsLikeUpload,
    requestJson: PlanSchema,
    requestFile: { field: UPLOAD_FIELD, description: 'Den forrige plan (.docx)' },
    responses: {
      '200': { description: 'Formularen (.docx); filnavnet har kun opfølgningsdatoen', binary: [MIME.docx] },
      ...JSON_BODY_PROBLEMS,
      '400': { description: 'Ikke gyldig JSON, ikke et JSON-objekt, eller ingen fil', problem: true },
      '413': { description: 'Indholdet eller filen er større end tilladt', problem: true },
      '415': { description: 'Hverken JSON eller multipart/form-data, eller filen er ikke et Word-dokument (.docx)', problem: true },
      '422': { description: 'Planen kan ikke læses: fejl i dens opbygning (errors), eller filen er beskadiget, usikker eller ikke en indsatsplan', problem: true },
    },
  },
  {
    method: 'post', path: '/api/plans/compare', tags: ['Opfølgning'],
    summary: 'Hvad er ændret fra den forrige plan til den nuværende, afsnit for afsnit',
    description:
      'Tager { "previous": plan, "current": plan } som JSON, eller de to Word-filer (multipart/form-data, felterne "previous" og "current"). ' +
      'Mål, indsatser og udfordringer parres efter indhold og placering, så et indsat mål ikke gør alle senere mål ændrede; deltagere og pårørende efter navn eller e-mail. ' +
      'Hver ændring har en stabil kode, skabelonens betegnelse, JSON Pointers ind i begge planer og en dansk beskrivelse. Forskelle i mellemrum og linjeskift tæller ikke. ' +
      readsLikeUpload,
    requestJson: PlanComparisonRequestSchema,
    requestFile: [
      { field: 'previous', description: 'Den forrige plan (.docx)' },
      { field: 'current', description: 'Den nuværende plan (.docx)' },
    ],
    responses: {
      '200': { description: 'Ændringerne, afsnit for afsnit', json: PlanComparisonSchema },
      ...JSON_BODY_PROBLEMS,
      '400': { description: 'Ikke gyldig JSON, mangler previous eller current, eller en fil mangler', problem: true },
      '413': { description: 'Indholdet eller en fil er større end tilladt', problem: true },
      '415': { description: 'Hverken JSON eller multipart/form-data, eller en fil er ikke et Word-dokument (.docx)', problem: true },
      '422': { description: 'En plan kan ikke læses: fejl i opbygningen (errors, med stier under /previous og /current), eller en fil er beskadiget, usikker eller ikke en indsatsplan', problem: true },
    },
  },
];
