/** The distribution routes with fakes for LibreOffice and the channels: the HTTP behaviour around sending. */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from './helpers/app.js';
import { capturedLogger, createTestDistributions, fakeChannels, FAKE_PDF, type Script } from './helpers/distribution.js';
import { fakeConverter } from './helpers/fake-converter.js';
import type { PlanInput } from '../src/plan/schema.js';
import { containsCprLike } from '../src/shared/redact.js';

const minimal = JSON.parse(readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8')) as PlanInput;
const converter = fakeConverter(async () => FAKE_PDF);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(script?: Script, now?: () => number) {
  const config = testConfig({ DISTRIBUTION_RETRY_BASE_MS: '60000' });
  const { logger, lines } = capturedLogger();
  const fake = fakeChannels(script);
  const distributions = createTestDistributions(config, logger, { databaseFile: ':memory:', channels: fake.channels, now });
  const ctx = await createTestApp({ config, logger, converter, distributions });
  cleanups.push(async () => {
    await distributions.close();
    for (const line of lines) expect(containsCprLike(line), line).toBe(false);
  });
  const prepared = await request(ctx.app).post('/api/distributions').send({ plan: minimal });
  expect(prepared.status).toBe(201);
  return { app: ctx.app, fake, id: prepared.body.id as string, stores: distributions.stores };
}

describe('distribution routes', () => {
  it('answers 202 while a retry is pending, with the reason and when it is tried again', async () => {
    const { app, id } = await setup((_n, _id) => ({ status: 'failed', permanent: false, reason: 'Mailserveren kunne ikke nås.' }));
    const res = await request(app).post(`/api/distributions/${id}/send`);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/distributions/${id}`);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    expect(res.body.recipients[0]).toMatchObject({ state: 'pending', attempts: 1, reason: 'Mailserveren kunne ikke nås. Der forsøges igen.' });
    expect(Date.parse(res.body.recipients[0].nextAttemptAt) - Date.now()).toBeGreaterThan(50_000);
  });

  it('counts Retry-After on the sender’s clock, not the wall clock', async () => {
    // The sender's clock an hour ahead: the next attempt is 60 s after it, whatever the wall clock says.
    const { app, id } = await setup((_n, _id) => ({ status: 'failed', permanent: false, reason: 'Mailserveren kunne ikke nås.' }), () => Date.now() + 3_600_000);
    const res = await request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'k-clock');
    expect(res.status).toBe(202);
    expect(res.headers['retry-after']).toBe('60');
    const replayed = await request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'k-clock');
    expect(replayed.status).toBe(202);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(Number(replayed.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(replayed.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('runs concurrent requests with the same Idempotency-Key once, and both get the same answer', async () => {
    const { app, id, fake } = await setup(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return { status: 'sent', reference: 'ok' };
    });
    const [a, b] = await Promise.all([
      request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'k-1'),
      request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'k-1'),
    ]);
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(fake.calls).toHaveLength(3);
  });

  it('never re-sends without a key either', async () => {
    const { app, id, fake } = await setup();
    await request(app).post(`/api/distributions/${id}/send`);
    const again = await request(app).post(`/api/distributions/${id}/send`);
    expect(again.status).toBe(200);
    expect(fake.calls).toHaveLength(3);
  });

  it('records the actor from X-Actor, UTF-8 included, and refuses bad keys and unknown ids', async () => {
    const { app, id, stores } = await setup();
    await request(app).post(`/api/distributions/${id}/send`).set('X-Actor', Buffer.from('Søren Ærø', 'utf8').toString('latin1'));
    expect((await stores.audit.list(id)).find((a) => a.action === 'send-requested')?.actor).toBe('Søren Ærø');
    expect((await request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', '010180-4000')).status).toBe(400);
    expect((await request(app).post(`/api/distributions/${id}/send`).set('Idempotency-Key', 'a b')).status).toBe(400);
    expect((await request(app).get('/api/distributions/nope')).status).toBe(404);
    expect((await request(app).post('/api/distributions').set('Content-Type', 'text/plain').send('x')).status).toBe(415);
    expect((await request(app).post('/api/distributions').send({ notAPlan: true })).status).toBe(400);
  });

  it('answers a malformed upload with a Danish 400, not a 500', async () => {
    const { app } = await setup();
    const res = await request(app)
      .post('/api/distributions')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="plan.docx"\r\n\r\nafbrudt');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/problems/upload-rejected');
    expect(res.body.detail).toMatch(/multipart\/form-data/);
  });
});
