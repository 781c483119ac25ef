import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp } from './helpers/app.js';
import { PlanSchema } from '../src/plan/schema.js';
import { errorTable } from '../src/shared/errors.js';
import { fakeConverter } from './helpers/fake-converter.js';

describe('service basics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
  });

  it('says ready only when the converter is', async () => {
    expect((await request(t.app).get('/readyz')).status).toBe(200);
    const notReady = fakeConverter(async () => Buffer.alloc(0), { isReady: () => false });
    const cold = await createTestApp({ converter: notReady });
    const res = await request(cold.app).get('/readyz');
    expect(res.status).toBe(503);
  });

  it('publishes an OpenAPI 3.1 document generated from the zod schema', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const p of ['/api/plans/validate', '/api/plans/pdf', '/api/plans/docx']) expect(res.body.paths[p]?.post).toBeDefined();
    const plan = res.body.components.schemas.Plan;
    const expected = Object.keys((z.toJSONSchema(PlanSchema, { io: 'input', metadata: z.registry() }) as { properties: object }).properties);
    expect(Object.keys(plan.properties).sort()).toEqual(expected.sort());
    expect(res.body.paths['/api/plans/pdf'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Plan');
    // Every answer a conversion can give is documented on each route that converts.
    const conversionStatuses = Object.entries(errorTable).filter(([code]) => code.startsWith('conversion-')).map(([, e]) => String(e.status));
    for (const p of ['/api/plans/pdf', '/api/plans/upload', '/api/invitations/pdf']) {
      expect(Object.keys(res.body.paths[p].post.responses), p).toEqual(expect.arrayContaining(conversionStatuses));
    }
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await request(t.app).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.title).toBeTruthy();
  });
});
