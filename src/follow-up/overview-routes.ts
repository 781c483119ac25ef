/** HTTP routes of the coordinator's overview of follow-ups: the list the caller may see, and one follow-up. */
import { Router, type Request } from 'express';
import { AppError } from '../shared/errors.js';
import type { RouteDoc } from '../openapi/build-openapi.js';
import { requestIdentity } from '../auth/identity.js';
import { mayUse } from '../auth/ownership.js';
import type { FollowUpRecord, FollowUpStore } from './follow-up-store.js';
import { copenhagenToday } from './follow-up-dates.js';
import { describeFollowUp, FollowUpListSchema, FollowUpSchema } from './follow-up-view.js';

export interface FollowUpOverviewRouteDeps {
  store: FollowUpStore;
  reminderDays: number;
  now: () => Date;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOT_FOUND = 'Opfølgningen findes ikke (længere).';

export function createFollowUpOverviewRouter(deps: FollowUpOverviewRouteDeps): Router {
  const router = Router();
  const today = () => copenhagenToday(deps.now().getTime());

  /** Only the identity that prepared the plan's distribution and coordinators of its organisation see it; to others it does not exist. */
  const visible = (req: Request, f: FollowUpRecord | undefined): f is FollowUpRecord =>
    f !== undefined && f.activatedAt !== null && mayUse(requestIdentity(req), f.owner);

  router.get('/api/follow-ups', async (req, res) => {
    const identity = requestIdentity(req);
    const candidates = await deps.store.listActive({ ownerId: identity.id, organisation: identity.organisation });
    const day = today();
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      today: day,
      reminderDays: deps.reminderDays,
      followUps: candidates.filter((f) => visible(req, f)).map((f) => describeFollowUp(f, day, deps.reminderDays)),
    });
  });

  router.get('/api/follow-ups/:id', async (req, res) => {
    const id = String(req.params.id);
    const f = ID.test(id) ? await deps.store.get(id) : undefined;
    if (!visible(req, f)) throw new AppError('not-found', NOT_FOUND);
    res.setHeader('Cache-Control', 'no-store');
    res.json(describeFollowUp(f, today(), deps.reminderDays));
  });

  return router;
}

export const followUpOverviewRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/api/follow-ups', tags: ['Opfølgning'],
    summary: 'De opfølgninger, den kaldende må se: kommende, snart (inden for påmindelsesvinduet) og overskredne',
    description:
      'En endelig plan får en opfølgning, når dens udsendelse sendes. Den slettes, når en nyere plan for samme koordinator og borger sendes, eller 30 dage efter datoen. ' +
      'Den, der forberedte udsendelsen, og koordinatorer i samme organisation ser den; en API-nøgle med rollen fagsystem ser sine egne.',
    responses: { '200': { description: 'Opfølgningerne, efter dato', json: FollowUpListSchema } },
  },
  {
    method: 'get', path: '/api/follow-ups/{id}', tags: ['Opfølgning'],
    summary: 'Én opfølgning: datoer, koordinator, deltagere og borgerens navn (til invitationen til det opfølgende møde)',
    parameters: [{ name: 'id', in: 'path', required: true, description: 'Opfølgningens id (fra påmindelsens link)' }],
    responses: {
      '200': { description: 'Opfølgningen', json: FollowUpSchema },
      '404': { description: 'Opfølgningen findes ikke, er slettet, eller den kaldende må ikke se den', problem: true },
    },
  },
];
