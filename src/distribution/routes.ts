/** HTTP routes for distributing an approved plan: prepare, send, status, audit log. */
import { Router, type Request } from 'express';
import { receivedFile } from '../http/receive-file.js';
import { jsonOrFiles } from '../http/json-or-files.js';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { containsCprLike } from '../shared/redact.js';
import type { Config } from '../shared/config.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { CONVERSION_PROBLEMS } from '../openapi/common-responses.js';
import type { Converter } from '../conversion/converter.js';
import type { TemplateRenderer } from '../templating/template-renderer.js';
import { PlanSchema } from '../plan/schema.js';
import type { DistributionStores } from './distribution-store.js';
import { RecipientChoicesSchema } from './build-manifest.js';
import { AuditLogSchema, DistributionSchema, describeAudit, describeDistribution } from './distribution-view.js';
import { prepareDistribution, readPlanForDistribution, type GpLetterBuilder } from './prepare-distribution.js';
import { requestActor, ACTOR_PARAMETER } from '../auth/actor.js';
import { requestIdentity } from '../auth/identity.js';
import { mayUse, ownerOf } from '../auth/ownership.js';
import type { DistributionSender } from './send-distribution.js';
import { createRequestSend } from './request-send.js';
import type { PlanDistributionObserver } from './plan-distribution-observer.js';

export const DistributionRequestSchema = z
  .object({
    plan: PlanSchema,
    recipients: RecipientChoicesSchema.optional(),
  })
  .meta({ id: 'DistributionRequest' });

export interface DistributionRouteDeps {
  stores: DistributionStores;
  sender: DistributionSender;
  converter: Converter;
  renderer: TemplateRenderer;
  buildGpLetter: GpLetterBuilder;
  organisation: string;
  limits: Config['limits'];
  /** Learns each plan distribution's plan and send requests (src/follow-up). */
  observer: PlanDistributionObserver;
  /** The expiry of unsent distributions, run before each send request (purge-distributions.ts). */
  expireOverdue?: () => Promise<unknown>;
}

const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a send request waits for the first pass before answering 202 while it goes on. */
export const SEND_WAIT_MS = 20_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createDistributionRouter(deps: DistributionRouteDeps): Router {
  const router = Router();
  /** JSON `{ plan, recipients }`, or multipart with the filled Word plan in `file` and `recipients` as JSON text. */
  const body = jsonOrFiles(deps.limits);
  const { distributions, audit, idempotency } = deps.stores;
  const requestSend = createRequestSend({
    store: distributions,
    idempotency,
    sender: deps.sender,
    waitMs: SEND_WAIT_MS,
    observer: deps.observer,
    expireOverdue: deps.expireOverdue,
  });

  /** The distribution of the path, if the caller may use it: to anyone else it does not exist. */
  const load = async (req: Request) => {
    const id = String(req.params.id);
    const d = ID.test(id) ? await distributions.getDistribution(id) : undefined;
    if (!d || !mayUse(requestIdentity(req), d.owner)) throw new AppError('not-found', 'Udsendelsen findes ikke.');
    return d;
  };

  router.post('/api/distributions', body, async (req, res) => {
    const { plan, recipients } = req.is('multipart/form-data') ? fromUpload(req, deps.limits) : fromJson(req.body);
    const prepared = await prepareDistribution({ ...deps, store: distributions }, { plan, recipients, actor: requestActor(req), owner: ownerOf(requestIdentity(req)) });
    const d = await distributions.getDistribution(prepared.id);
    if (!d) throw new AppError('internal');
    res.status(201).location(`/api/distributions/${d.id}`).json({ ...describeDistribution(d), warnings: prepared.warnings });
  });

  router.get('/api/distributions/:id', async (req, res) => {
    const d = await load(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(describeDistribution(d));
  });

  router.get('/api/distributions/:id/audit', async (req, res) => {
    const d = await load(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(describeAudit(d.id, await audit.list(d.id)));
  });

  router.post('/api/distributions/:id/send', async (req, res) => {
    const d = await load(req);
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key !== undefined && (!IDEMPOTENCY_KEY.test(key) || containsCprLike(key))) {
      throw new AppError('request.invalid', 'Idempotency-Key skal være 1-200 synlige ASCII-tegn og må intet indeholde, der ligner et cpr-nummer (6 cifre, evt. bindestreg, 4 cifre), som omkring hvert 90. UUID gør. Brug fx 24 tilfældige bogstaver.');
    }
    const answer = await requestSend(d.id, requestActor(req), key === undefined ? undefined : { client: requestIdentity(req).id, key });
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Cache-Control', 'no-store');
    if (!answer.finished) {
      res.location(`/api/distributions/${d.id}`);
      const ms = answer.nextAttemptInMs;
      res.setHeader('Retry-After', String(ms === undefined ? 1 : Math.max(1, Math.ceil(ms / 1000))));
    }
    res.status(answer.finished ? 200 : 202).json(answer.distribution);
  });

  return router;
}

function fromJson(body: unknown): { plan: unknown; recipients?: unknown } {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('plan' in body)) {
    throw new AppError('request.invalid', 'Send et JSON-objekt med planen i feltet "plan" og eventuelt modtagervalget i "recipients".');
  }
  return body as { plan: unknown; recipients?: unknown };
}

/** The uploaded plan with the recipients chosen beside it. */
function fromUpload(req: Request, limits: Config['limits']): { plan: unknown; recipients?: unknown } {
  const file = receivedFile(req);
  let recipients: unknown;
  const field = (req.body as Record<string, unknown> | undefined)?.recipients;
  if (typeof field === 'string' && field.trim()) {
    try {
      recipients = JSON.parse(field);
    } catch {
      throw new AppError('request.invalid-json', 'Feltet "recipients" er ikke gyldig JSON.');
    }
  }
  return { plan: readPlanForDistribution(file, limits), recipients };
}

const idParam = { name: 'id', in: 'path' as const, required: true, description: 'Udsendelsens id' };
const NOT_FOUND = { description: 'Udsendelsen findes ikke, eller den kaldende må ikke se den (kun den, der forberedte den, og koordinatorer i samme organisation)', problem: true };
export const distributionRouteDocs: RouteDoc[] = [
  {
    method: 'post', path: '/api/distributions', tags: ['Udsendelse'],
    summary: 'Forbered udsendelsen af en godkendt plan: hvem får hvad, ad hvilken kanal',
    description:
      'Tager planen som JSON ({ plan, recipients }) eller som udfyldt Word-fil (multipart/form-data: feltet "file", og eventuelt "recipients" som JSON-tekst). ' +
      'Koordinatoren får .docx og PDF med sikker e-mail, hver fagperson PDF med sikker e-mail, borgeren altid PDF med Digital Post, pårørende (kun med samtykke) PDF med Digital Post, den praktiserende læge et printklart brev. En modtager, hvis kanal ikke kan bruges, markeres til manuel håndtering; ingen sendes ad en svagere kanal.',
    requestJson: DistributionRequestSchema,
    parameters: [ACTOR_PARAMETER],
    responses: {
      '201': { description: 'Udsendelsen er forberedt; intet er sendt endnu', json: DistributionSchema, headers: { Location: 'Udsendelsens adresse' } },
      '400': { description: 'Ugyldig forespørgsel', problem: true },
      '415': { description: 'Ikke JSON', problem: true },
      '413': { description: 'Filen er for stor', problem: true },
      '422': { description: 'Planen må ikke udsendes (fejl, kladde, mangler samtykke eller godkendelse): alle grunde på én gang', problem: true },
      ...CONVERSION_PROBLEMS,
    },
  },
  {
    method: 'post', path: '/api/distributions/{id}/send', tags: ['Udsendelse'],
    summary: 'Send udsendelsen; hver modtager får højst én kopi',
    description:
      'Sender alle afventende forsendelser. Det, der allerede er sendt, sendes aldrig igen. Med Idempotency-Key giver en gentaget forespørgsel det samme svar uden at sende igen. Midlertidige fejl forsøges igen med stigende ventetid.',
    parameters: [idParam, ACTOR_PARAMETER, { name: IDEMPOTENCY_HEADER, in: 'header', description: 'Valgfri nøgle for forespørgslen, fx 24 tilfældige bogstaver, unik blandt klientens egne: en anden API-nøgle eller person med samme nøgle påvirker den ikke. Intet i den må ligne et cpr-nummer (6 cifre, evt. bindestreg, 4 cifre); det gør omkring hvert 90. UUID, som derfor afvises med 400' }],
    responses: {
      '200': { description: 'Alle forsendelser er afsluttet (sendt, fejlet eller til manuel håndtering)', json: DistributionSchema },
      '202': { description: 'Nogle forsendelser afventer stadig (nyt forsøg planlagt); følg med på GET', json: DistributionSchema, headers: { Location: 'Udsendelsens adresse', 'Retry-After': 'Sekunder til næste planlagte forsøg' } },
      '404': NOT_FOUND,
      '409': { description: 'Nøglen er brugt til en anden udsendelse, eller udsendelsen er udløbet (ikke sendt i tide; intet sendes)', problem: true },
    },
  },
  {
    method: 'get', path: '/api/distributions/{id}', tags: ['Udsendelse'],
    summary: 'Hver modtagers tilstand: afventer, sendt, fejlet med grund, kræver manuel håndtering',
    parameters: [idParam],
    responses: { '200': { description: 'Udsendelsen', json: DistributionSchema }, '404': NOT_FOUND },
  },
  {
    method: 'get', path: '/api/distributions/{id}/audit', tags: ['Udsendelse'],
    summary: 'Revisionsspor: hvem forberedte og sendte hvad til hvem, hvornår, ad hvilken kanal, med hvilket udfald',
    parameters: [idParam],
    responses: { '200': { description: 'Revisionssporet', json: AuditLogSchema }, '404': NOT_FOUND },
  },
];
