/** HTTP routes for invitations to coordination meetings: validate, PDF, .docx, .ics, zip bundle, and preparing their secure-mail distribution. */
import { Router, type Response } from 'express';
import { jsonBody } from '../http/json-body.js';
import { MIME } from '../shared/mime.js';
import { sendFile } from '../http/send-file.js';
import { AppError } from '../shared/errors.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { CONVERSION_PROBLEMS, JSON_BODY_PROBLEMS, SERVER_TIMING_HEADER } from '../openapi/common-responses.js';
import type { DistributionStore } from '../distribution/distribution-store.js';
import { DistributionSchema, describeDistribution } from '../distribution/distribution-view.js';
import { requestActor, ACTOR_PARAMETER } from '../auth/actor.js';
import { requestIdentity } from '../auth/identity.js';
import { ownerOf } from '../auth/ownership.js';
import type { Converter } from '../conversion/converter.js';
import { convertForResponse } from '../http/convert-for-response.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { ValidationResultSchema } from '../shared/problem.js';
import { InvitationBundleRequestSchema, InvitationSchema, type Invitation } from './schema.js';
import { requireValidInvitation, validateBundleInclude, validateInvitation, type InvitationValidation } from './validate-invitation.js';
import { invitationFileName, renderInvitationDocx, renderInvitationForPdf } from './render-invitation-docx.js';
import { buildIcs } from './build-ics.js';
import { buildInvitationDocuments, zipInvitationDocuments } from './build-invitation-documents.js';
import { prepareInvitationDistribution } from './prepare-invitation-distribution.js';

export interface InvitationRouteDeps {
  converter: Converter;
  renderer: TemplateRenderer;
  jsonLimitBytes: number;
  /** The clock: a meeting must lie after the time of the request. */
  now: () => Date;
  /** The distribution store shared with the plan: sending goes through POST /api/distributions/:id/send. */
  store: DistributionStore;
}

/** Warnings do not block, but the caller should know (e.g. who gets no calendar invitation). */
const WARNINGS_HEADER = 'X-Invitation-Warnings';

function valid(v: InvitationValidation, res: Response): Invitation {
  const inv = requireValidInvitation(v);
  if (v.warnings.length) res.setHeader(WARNINGS_HEADER, [...new Set(v.warnings.map((w) => w.code))].join(', '));
  return inv;
}

export function createInvitationRouter(deps: InvitationRouteDeps): Router {
  const router = Router();
  const json = jsonBody(deps.jsonLimitBytes);
  const check = (body: unknown) => validateInvitation(body, { now: deps.now() });

  router.post('/api/invitations/validate', ...json, (req, res) => {
    const v = check(req.body);
    res.json({ valid: v.errors.length === 0, errors: v.errors, warnings: v.warnings });
  });

  router.post('/api/invitations/docx', ...json, (req, res) => {
    const inv = valid(check(req.body), res);
    sendFile(res, renderInvitationDocx(inv, deps.renderer), MIME.docx, invitationFileName(inv, 'docx'));
  });

  router.post('/api/invitations/pdf', ...json, async (req, res) => {
    const inv = valid(check(req.body), res);
    const pdf = await convertForResponse(res, deps.converter, () => renderInvitationForPdf(inv, deps.renderer));
    sendFile(res, pdf, MIME.pdf, invitationFileName(inv, 'pdf'));
  });

  router.post('/api/invitations/ics', ...json, (req, res) => {
    const now = deps.now();
    const inv = valid(validateInvitation(req.body, { now }), res);
    sendFile(res, Buffer.from(buildIcs(inv, now), 'utf8'), MIME.ics, invitationFileName(inv, 'ics'));
  });

  /** An invitation with its `include` member, or the 422 problem naming everything wrong with either. */
  const withInclude = (body: unknown, now: Date, res: Response) => {
    const v = validateInvitation(body, { now });
    const { include, errors } = validateBundleInclude(body);
    const invitation = valid({ ...v, errors: [...v.errors, ...errors] }, res);
    // valid() has thrown if include was unusable.
    return { invitation, include: include!, warnings: v.warnings };
  };

  router.post('/api/invitations/bundle', ...json, async (req, res) => {
    const now = deps.now();
    const { invitation, include } = withInclude(req.body, now, res);
    const docs = await buildInvitationDocuments(invitation, include, { converter: deps.converter, renderer: deps.renderer, now });
    sendFile(res, zipInvitationDocuments(docs, now), MIME.zip, invitationFileName(invitation, 'zip'));
  });

  const store = deps.store;
  router.post('/api/invitations/distributions', ...json, async (req, res) => {
    const now = deps.now();
    const { invitation, include, warnings } = withInclude(req.body, now, res);
    const id = await prepareInvitationDistribution(
      { store, converter: deps.converter, renderer: deps.renderer },
      { invitation, include, actor: requestActor(req), owner: ownerOf(requestIdentity(req)), now },
    );
    const d = await store.getDistribution(id);
    if (!d) throw new AppError('internal');
    res.status(201).location(`/api/distributions/${id}`).json({ ...describeDistribution(d), warnings });
  });

  return router;
}

const problem422 = { description: 'Invitationen har fejl: alle problemer på én gang (errors, warnings)', problem: true };
const warningsHeader = { [WARNINGS_HEADER]: 'Koderne på advarsler, der ikke blokerer (fx invitees.email.missing); detaljer fra /api/invitations/validate' };
const tags = ['Invitation'];

export const invitationRouteDocs: RouteDoc[] = [
  {
    method: 'post', path: '/api/invitations/validate', tags,
    summary: 'Valider en invitation til koordinationsmøde',
    requestJson: InvitationSchema,
    responses: { '200': { description: 'Resultatet af valideringen', json: ValidationResultSchema }, ...JSON_BODY_PROBLEMS },
  },
  {
    method: 'post', path: '/api/invitations/pdf', tags,
    summary: 'Invitationen som PDF (dansk tid, dagsorden, inviterede, afbud)',
    requestJson: InvitationSchema,
    responses: { '200': { description: 'Invitationen som PDF', binary: [MIME.pdf], headers: { ...warningsHeader, ...SERVER_TIMING_HEADER } }, ...JSON_BODY_PROBLEMS, '422': problem422, ...CONVERSION_PROBLEMS },
  },
  {
    method: 'post', path: '/api/invitations/docx', tags,
    summary: 'Invitationen som .docx, til at rette i Word',
    requestJson: InvitationSchema,
    responses: { '200': { description: 'Invitationen som .docx', binary: [MIME.docx], headers: warningsHeader }, ...JSON_BODY_PROBLEMS, '422': problem422 },
  },
  {
    method: 'post', path: '/api/invitations/ics', tags,
    summary: 'Kalenderinvitation (iCalendar, METHOD:REQUEST) til alle inviterede med en e-mailadresse',
    description:
      'Tider i Europe/Copenhagen med tidszonen defineret i filen. UID er fast for samme møde (fra id, ellers fra koordinator, borger og mødet), så en ændring opdaterer samme begivenhed; SEQUENCE er forespørgslens sequence, ellers 0 (en første invitation). Ingen cpr, ingen diagnose; borgerens navn kun med showCitizenNameInCalendar.',
    requestJson: InvitationSchema,
    responses: { '200': { description: 'iCalendar-filen', binary: [MIME.ics], headers: warningsHeader }, ...JSON_BODY_PROBLEMS, '422': problem422 },
  },
  {
    method: 'post', path: '/api/invitations/bundle', tags,
    summary: 'Invitationen med bilag som zip: PDF, .ics og efter ønske .docx, den forudfyldte indsatsplan og artiklen til nye deltagere',
    requestJson: InvitationBundleRequestSchema,
    responses: { '200': { description: 'Zip-filen', binary: [MIME.zip], headers: warningsHeader }, ...JSON_BODY_PROBLEMS, '422': problem422, ...CONVERSION_PROBLEMS },
  },
  {
    method: 'post', path: '/api/invitations/distributions', tags,
    summary: 'Forbered udsendelse af invitationen med sikker e-mail til hver inviteret (samme udsendelse som planens)',
    description:
      'Laver invitationen (PDF), kalenderfilen og de ønskede bilag én gang og gemmer en forsendelse pr. inviteret. Intet sendes endnu: send med POST /api/distributions/{id}/send, følg med i GET /api/distributions/{id}. En inviteret uden e-mailadresse står til manuel håndtering.',
    parameters: [ACTOR_PARAMETER],
    requestJson: InvitationBundleRequestSchema,
    responses: { '201': { description: 'Udsendelsen er forberedt', json: DistributionSchema, headers: { Location: 'Udsendelsens adresse' } }, ...JSON_BODY_PROBLEMS, '422': problem422, ...CONVERSION_PROBLEMS },
  },
];
