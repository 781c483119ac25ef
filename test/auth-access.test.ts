/**
 * Who may use what, through HTTP: every route of the app's own route list (the one the
 * OpenAPI document is built from) is refused without credentials and with a key that lacks
 * its role; keys are revoked by removing them; X-Actor counts only from a key allowed to set
 * it; the rate limit answers 429; every answer carries the security headers. LibreOffice and
 * the delivery channels are stand-ins here (they are not what is tested); the database,
 * sessions and counters are the real SQLite ones.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { createTestDistributions, fakeChannels, FAKE_PDF } from './helpers/distribution.js';
import { ROUTE_DOCS } from '../src/app.js';
import { PAGES } from '../src/web/routes.js';
import { hashApiKey } from '../src/auth/api-keys.js';
import { SESSION_COOKIE, sessionIdOf } from '../src/auth/cookies.js';
import type { Identity } from '../src/auth/identity.js';
import type { AuthStores } from '../src/auth/auth-stores.js';
import { createLogger } from '../src/shared/logger.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { RouteDoc } from '../src/openapi/build-openapi.js';
import type { PlanInput } from '../src/plan/schema.js';

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const converter = fakeConverter(async () => FAKE_PDF);

const newKey = () => randomBytes(32).toString('base64url');
const KEYS = { fagsystem: newKey(), sbsys: newKey(), referent: newKey(), koordinator: newKey(), drift: newKey(), removed: newKey() };
const entry = (name: keyof typeof KEYS, items = '') => `${name}=${hashApiKey(KEYS[name])}${items ? `:${items}` : ''}`;
const API_KEYS = [entry('fagsystem', 'x-actor'), entry('sbsys'), entry('referent', 'referent'), entry('koordinator', 'coordinator'), entry('drift', 'operations')].join(',');
const SESSION_SECRET = 'test-secret-that-is-long-enough-for-the-check';
// OIDC is configured so that pages redirect to login; its provider is never asked in this file.
const OIDC = { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'indsatsplan', OIDC_CLIENT_SECRET: 'hemmelig', PUBLIC_URL: 'http://127.0.0.1:3000', SESSION_SECRET };

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const concrete = (r: RouteDoc) => r.path.replace('{id}', ID);
const call = (app: Parameters<typeof request>[0], method: RouteDoc['method'], url: string) => request(app)[method](url);
const bearer = (name: keyof typeof KEYS) => `Bearer ${KEYS[name]}`;

/** The routes anyone may call: a new one must be added here on purpose, or the test fails. */
const OPEN_ROUTES = ['get /healthz', 'get /readyz', 'get /auth/login'];

let clock = Date.now();
async function setup(env: Record<string, string> = {}) {
  const config = testConfig({ API_KEYS, ...OIDC, ...env });
  const fake = fakeChannels();
  const distributions = createTestDistributions(config, createLogger('silent'), { databaseFile: ':memory:', channels: fake.channels });
  const t = await createTestApp({ config, converter, distributions, now: () => new Date(clock) });
  return {
    ...t,
    fake,
    close: async () => {
      await t.close();
      await distributions.close();
    },
  };
}

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(() => t?.close());

describe('every route of the route list', () => {
  const guarded = ROUTE_DOCS.filter((r) => !OPEN_ROUTES.includes(`${r.method} ${r.path}`));

  it('leaves open only the health probes and the start of login', async () => {
    expect(ROUTE_DOCS.length).toBeGreaterThan(15);
    for (const r of ROUTE_DOCS.filter((r) => OPEN_ROUTES.includes(`${r.method} ${r.path}`))) {
      const res = await call(t.app, r.method, concrete(r));
      expect([200, 503], `${r.method} ${r.path}`).toContain(res.status);
    }
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });

  it('answers 401 in Danish as a problem document without credentials', async () => {
    for (const r of guarded) {
      const res = await call(t.app, r.method, concrete(r));
      const where = `${r.method.toUpperCase()} ${r.path}`;
      expect(res.status, where).toBe(401);
      expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      expect(res.body, where).toMatchObject({ status: 401, title: 'Adgang kræver login eller en API-nøgle' });
      expect(res.headers['www-authenticate'], where).toMatch(/^Bearer realm="indsatsplan"/);
    }
  });

  it('answers 401 to a key that is not configured, or no longer is', async () => {
    const before = await request(t.app).post('/api/plans/validate').set('Authorization', bearer('sbsys')).send(minimal);
    expect(before.status).toBe(200);
    for (const r of guarded) {
      const res = await call(t.app, r.method, concrete(r)).set('Authorization', bearer('removed'));
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect(res.body.detail).toBe('API-nøglen er ukendt eller tilbagekaldt.');
    }
    // The next start without the sbsys entry: its key is refused.
    const without = await setup({ API_KEYS: API_KEYS.split(',').filter((e) => !e.startsWith('sbsys=')).join(',') });
    try {
      const res = await request(without.app).post('/api/plans/validate').set('Authorization', bearer('sbsys')).send(minimal);
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('API-nøglen er ukendt eller tilbagekaldt.');
      const other = await request(without.app).post('/api/plans/validate').set('Authorization', bearer('koordinator')).send(minimal);
      expect(other.status).toBe(200);
    } finally {
      await without.close();
    }
    // Another scheme than Bearer is no key either.
    expect((await request(t.app).post('/api/plans/validate').set('Authorization', `Basic ${KEYS.sbsys}`).send(minimal)).status).toBe(401);
  });

  it('answers 403 to a key without the role, for every route that needs one', async () => {
    const operationsOnly = ['get /metrics', 'get /openapi.json', 'get /auth/session', 'post /auth/logout'];
    for (const r of guarded) {
      const where = `${r.method} ${r.path}`;
      const res = await call(t.app, r.method, concrete(r)).set('Authorization', bearer('drift'));
      if (operationsOnly.includes(where)) {
        expect(res.status, where).toBe(200);
        continue;
      }
      expect(res.status, where).toBe(403);
      expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      expect(res.body.title, where).toBe('Du har ikke adgang til dette');
      expect(res.body.detail, where).toMatch(/^Dette kræver rollen /);
    }
    // A referent's key may validate, render and upload, not invite or distribute.
    for (const r of guarded.filter((r) => r.path.startsWith('/api/'))) {
      const res = await call(t.app, r.method, concrete(r)).set('Authorization', bearer('referent'));
      const where = `${r.method} ${r.path}`;
      if (r.path.startsWith('/api/plans/')) expect(res.status, where).not.toBe(403);
      else expect(res.body.detail, where).toBe('Dette kræver rollen koordinator eller fagsystem.');
    }
    // The path is judged as the router reads it: case and a trailing slash change nothing.
    for (const url of ['/API/Distributions', '/api/distributions/', '//api//distributions', '/api/plans/../distributions', '/static/%2e%2e/api/distributions']) {
      expect((await request(t.app).post(url).set('Authorization', bearer('referent')).send({ plan: minimal })).status, url).toBe(403);
    }
    expect((await request(t.app).post('/API/Plans/Validate/').set('Authorization', bearer('referent')).send(minimal)).status).toBe(200);
  });

  it('sends a page without a session to login, and a person without the role away', async () => {
    for (const page of Object.keys(PAGES)) {
      const res = await request(t.app).get(page);
      expect(res.status, page).toBe(302);
      expect(res.headers.location, page).toBe(`/auth/login?returnTo=${encodeURIComponent(page)}`);
    }
    const referent = await session(t, { roles: ['referent'] });
    expect((await request(t.app).get('/referent').set('Cookie', referent.cookie)).status).toBe(200);
    const refused = await request(t.app).get('/udsendelse').set('Cookie', referent.cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Dette kræver rollen koordinator eller fagsystem.');
  });

  it('needs a key for /metrics and any identity for /openapi.json, unless METRICS_PUBLIC=true', async () => {
    expect((await request(t.app).get('/metrics').set('Authorization', bearer('drift'))).status).toBe(200);
    const person = await session(t, { roles: ['coordinator'] });
    expect((await request(t.app).get('/metrics').set('Cookie', person.cookie)).status).toBe(403);
    expect((await request(t.app).get('/openapi.json').set('Cookie', person.cookie)).status).toBe(200);
    const open = await setup({ METRICS_PUBLIC: 'true' });
    try {
      expect((await request(open.app).get('/metrics')).status).toBe(200);
      expect((await request(open.app).get('/openapi.json')).status).toBe(200);
      expect((await request(open.app).post('/api/plans/validate').send(minimal)).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('the OpenAPI document', () => {
  it('declares both security schemes and each route’s requirement', async () => {
    const doc = (await request(t.app).get('/openapi.json').set('Authorization', bearer('drift'))).body;
    expect(doc.components.securitySchemes).toMatchObject({ apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/metrics'].get.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/plans/pdf'].post.security).toEqual([{ apiKey: ['referent', 'coordinator', 'system'] }, { session: ['referent', 'coordinator', 'system'] }]);
    expect(doc.paths['/api/distributions/{id}/send'].post.security).toEqual([{ apiKey: ['coordinator', 'system'] }, { session: ['coordinator', 'system'] }]);
    for (const r of ROUTE_DOCS) {
      const op = doc.paths[r.path][r.method];
      expect(op.security, `${r.method} ${r.path}`).toBeDefined();
      if (op.security.length) expect(Object.keys(op.responses), `${r.method} ${r.path}`).toEqual(expect.arrayContaining(['401', '429']));
    }
  });
});

describe('ownership of a distribution', () => {
  it('is seen and sent only by who prepared it and coordinators of its organisation; to others it does not exist', async () => {
    const prepared = await request(t.app).post('/api/distributions').set('Authorization', bearer('sbsys')).send({ plan: minimal });
    expect(prepared.status).toBe(201);
    const id = prepared.body.id as string;
    const unknown = await request(t.app).get(`/api/distributions/${ID}`).set('Authorization', bearer('sbsys'));
    expect(unknown.status).toBe(404);
    const otherRegion = await session(t, { roles: ['coordinator'], organisation: 'Region Sjælland' });
    const strangers: Array<[string, string]> = [['Authorization', bearer('fagsystem')], ['Cookie', otherRegion.cookie]];
    for (const [header, value] of strangers) {
      for (const url of [`/api/distributions/${id}`, `/api/distributions/${id}/audit`]) {
        const res = await request(t.app).get(url).set(header, value);
        expect(res.status, `${header} ${url}`).toBe(404);
        // The same answer as for an id that was never used.
        expect(res.body).toEqual(unknown.body);
      }
      const send = await request(t.app).post(`/api/distributions/${id}/send`).set(header, value).set('X-CSRF-Token', otherRegion.csrfToken);
      expect(send.status, header).toBe(404);
    }
    const deliveries = new Set((await t.distributions.stores.distributions.getDistribution(id))!.deliveries.map((d) => d.id));
    const callsFor = () => t.fake.calls.filter((c) => deliveries.has(c.id));
    expect(callsFor()).toEqual([]);
    // A coordinator of the organisation may: by key, and as a person.
    expect((await request(t.app).get(`/api/distributions/${id}`).set('Authorization', bearer('koordinator'))).status).toBe(200);
    const colleague = await session(t, { roles: ['coordinator'] });
    expect((await request(t.app).get(`/api/distributions/${id}/audit`).set('Cookie', colleague.cookie)).status).toBe(200);
    const sent = await request(t.app).post(`/api/distributions/${id}/send`).set('Authorization', bearer('sbsys'));
    expect(sent.status).toBe(200);
    expect(callsFor().length).toBeGreaterThan(0);
  });
});

describe('an Idempotency-Key', () => {
  it('is the client’s own: two keys that use the same one each send their own distribution', async () => {
    const prepare = async (name: keyof typeof KEYS) => {
      const res = await request(t.app).post('/api/distributions').set('Authorization', bearer(name)).send({ plan: minimal });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const send = (name: keyof typeof KEYS, id: string) => request(t.app).post(`/api/distributions/${id}/send`).set('Authorization', bearer(name)).set('Idempotency-Key', 'forsendelse-1');
    const [ours, theirs] = [await prepare('sbsys'), await prepare('fagsystem')];
    const first = await send('sbsys', ours);
    expect(first.status).toBe(200);
    // Not a conflict with sbsys's key, and not sbsys's answer: its own distribution, sent.
    const other = await send('fagsystem', theirs);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.id).toBe(theirs);
    expect(t.fake.calls.filter((c) => other.body.recipients.some((r: { id: string }) => r.id === c.id)).length).toBeGreaterThan(0);
    // Each client's repeat is still a replay of its own answer, and the same key for another of its own distributions a conflict.
    const again = await send('fagsystem', theirs);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(theirs);
    expect((await send('sbsys', await prepare('sbsys'))).status).toBe(409);
  });
});

describe('X-Actor', () => {
  it('is ignored from a key that may not set it, and recorded as named by the key that may', async () => {
    const asSbsys = await request(t.app).post('/api/distributions').set('Authorization', bearer('sbsys')).set('X-Actor', 'Borgmester (admin)').send({ plan: minimal });
    expect(asSbsys.status).toBe(201);
    const audit = await request(t.app).get(`/api/distributions/${asSbsys.body.id}/audit`).set('Authorization', bearer('sbsys'));
    expect(audit.body.records[0]).toMatchObject({ action: 'distribution-prepared', actor: 'sbsys (API-nøgle)' });
    expect(JSON.stringify(audit.body)).not.toContain('Borgmester');

    const asFagsystem = await request(t.app).post('/api/distributions').set('Authorization', bearer('fagsystem')).set('X-Actor', 'Anne Koordinator (akoo)').send({ plan: minimal });
    const sent = await request(t.app).post(`/api/distributions/${asFagsystem.body.id}/send`).set('Authorization', bearer('fagsystem'));
    expect(sent.status).toBe(200);
    const log = await request(t.app).get(`/api/distributions/${asFagsystem.body.id}/audit`).set('Authorization', bearer('fagsystem'));
    const actors = new Set((log.body.records as Array<{ action: string; actor: string }>).filter((r) => r.action !== 'delivery-sent').map((r) => r.actor));
    // Without the header the key itself acted.
    expect([...actors].sort()).toEqual(['Anne Koordinator (akoo), angivet af API-nøglen fagsystem', 'fagsystem (API-nøgle)']);
  });
});

describe('the rate limit', () => {
  it('answers 429 with Retry-After per identity, and per address before login', async () => {
    // Behind one proxy: X-Forwarded-For names the client.
    const limited = await setup({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2', TRUST_PROXY: '1' });
    try {
      const validate = (key?: keyof typeof KEYS, from = '192.0.2.10') => {
        const r = request(limited.app).post('/api/plans/validate').set('X-Forwarded-For', from);
        return (key ? r.set('Authorization', bearer(key)) : r).send(minimal);
      };
      for (let i = 0; i < 3; i++) expect((await validate('sbsys')).status).toBe(200);
      const over = await validate('sbsys');
      expect(over.status).toBe(429);
      expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(over.body.title).toBe('For mange forespørgsler');
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another key has its own count.
      expect((await validate('koordinator')).status).toBe(200);
      // Without a key (or with a wrong one) the address is counted, failures included.
      expect((await validate()).status).toBe(401);
      expect((await validate('removed')).status).toBe(401);
      expect((await validate()).status).toBe(429);
      expect((await validate(undefined, '192.0.2.11')).status).toBe(401);
      // The health probes are never refused.
      for (let i = 0; i < 5; i++) expect((await request(limited.app).get('/healthz')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the headers of every answer', () => {
  it('has nosniff, no caching of anything but static files (kept, asked for again), and the strict content security policy', async () => {
    const answers = [
      await request(t.app).post('/api/plans/validate').set('Authorization', bearer('sbsys')).send(minimal),
      await request(t.app).get('/api/distributions/nope').set('Authorization', bearer('sbsys')),
      await request(t.app).get('/api/plans/validate'),
      await request(t.app).get('/referent'),
    ];
    for (const res of answers) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    // Static files are kept but asked for again at every use (304 when unchanged), so that after
    // an update no page runs an old module beside a new one.
    const css = await request(t.app).get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toBe('no-cache');
    expect(css.headers.etag).toBeTruthy();
    const again = await request(t.app).get('/static/style.css').set('If-None-Match', css.headers.etag!);
    expect(again.status).toBe(304);
  });
});

describe('a session', () => {
  it('is refused when its cookie is tampered with, expired by idleness or by age, or ended', async () => {
    const s = await session(t, { roles: ['coordinator'] });
    const ok = await request(t.app).get('/auth/session').set('Cookie', s.cookie);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ development: false, identity: { kind: 'person', name: 'Anne Koordinator (akoo)' }, canLogOut: true });
    const flipped = s.cookie.slice(0, -1) + (s.cookie.endsWith('A') ? 'B' : 'A');
    expect((await request(t.app).get('/auth/session').set('Cookie', flipped)).status).toBe(401);

    const idle = await session(t, { roles: ['coordinator'] });
    clock += 31 * 60_000;
    try {
      const res = await request(t.app).get('/auth/session').set('Cookie', idle.cookie);
      expect(res.status).toBe(401);
      // The browser is told to forget the cookie, and the store has forgotten the session.
      expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
      expect(await t.authStores.sessions.get(idle.id)).toBeUndefined();
    } finally {
      clock -= 31 * 60_000;
    }

    // Active all along, but past the absolute limit (10 hours).
    const old = await session(t, { roles: ['coordinator'], createdAt: clock - 10 * 3_600_000 - 1 });
    expect((await request(t.app).get('/auth/session').set('Cookie', old.cookie)).status).toBe(401);
  });

  it('needs its CSRF token for what changes something, and none for reading', async () => {
    const s = await session(t, { roles: ['coordinator'] });
    const without = await request(t.app).post('/api/plans/validate').set('Cookie', s.cookie).send(minimal);
    expect(without.status).toBe(403);
    expect(without.body.title).toBe('Forespørgslen kunne ikke bekræftes');
    const wrong = await request(t.app).post('/api/plans/validate').set('Cookie', s.cookie).set('X-CSRF-Token', 'x'.repeat(43)).send(minimal);
    expect(wrong.status).toBe(403);
    const right = await request(t.app).post('/api/plans/validate').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken).send(minimal);
    expect(right.status).toBe(200);
    expect((await request(t.app).get('/api/plans/form').set('Cookie', s.cookie)).status).toBe(200);
    // An API key needs none: no browser sends it on its own.
    expect((await request(t.app).post('/api/plans/validate').set('Authorization', bearer('sbsys')).send(minimal)).status).toBe(200);
  });

  it('ends at logout, on the server: the same cookie is refused afterwards', async () => {
    const s = await session(t, { roles: ['referent'] });
    const out = await request(t.app).post('/auth/logout').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrfToken);
    expect(out.status).toBe(200);
    expect(await t.authStores.sessions.get(s.id)).toBeUndefined();
    expect((await request(t.app).get('/auth/session').set('Cookie', s.cookie)).status).toBe(401);
    expect((await request(t.app).get('/referent').set('Cookie', s.cookie)).status).toBe(302);
  });
});

/** A session as a login would have stored it (the login itself runs against a real provider in auth-oidc.test.ts). */
async function session(app: { authStores: AuthStores }, o: { roles: Identity['roles']; organisation?: string; createdAt?: number }) {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(SESSION_SECRET, token);
  const csrfToken = randomBytes(32).toString('base64url');
  const identity: Identity = { kind: 'person', id: 'person:akoo', name: 'Anne Koordinator (akoo)', organisation: o.organisation ?? 'Kommunen', roles: o.roles, mayNameActor: false };
  const createdAt = o.createdAt ?? clock;
  await app.authStores.sessions.create({ id, identity, csrfToken, idToken: undefined, createdAt, lastSeenAt: clock, expiresAt: createdAt + 10 * 3_600_000 });
  return { id, csrfToken, cookie: `${SESSION_COOKIE}=${token}` };
}
