/**
 * The plan endpoints' answers to invalid plans and malformed requests, through HTTP:
 * 200 from /validate, 422 problems from /pdf and /docx, clear 4xx problems for bad
 * requests, and never a 500.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';
import { createTestApp } from './helpers/app.js';

const JSON_LIMIT = 4096;
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', name), 'utf8'));
const minimal = fixture('minimal.json');
const expected = fixture('invalid/expected.json') as Record<string, { errors: unknown[]; warnings: unknown[] }>;
const codes = (items: { code: string; path: string }[]) => items.map(({ code, path }) => ({ code, path }));

function expectProblem(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(res.body.type).toMatch(new RegExp(`/problems/${code}$`));
  expect(typeof res.body.title).toBe('string');
}

describe('plan validation over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({}, { MAX_JSON_BYTES: String(JSON_LIMIT) });
  });
  afterAll(() => t.close());

  describe('POST /api/plans/validate', () => {
    it('200 valid for the minimal plan, with the modulus 11 warning only', async () => {
      const res = await request(t.app).post('/api/plans/validate').send(minimal);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.valid).toBe(true);
      expect(res.body.errors).toEqual([]);
      expect(codes(res.body.warnings)).toEqual([{ code: 'cpr.modulus11', path: '/citizen/cpr' }]);
    });

    it('200 with every problem at once, in the form\'s order, each with code, path, label, a Danish message and its section', async () => {
      const res = await request(t.app).post('/api/plans/validate').send(fixture('invalid/many-problems.json'));
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(false);
      expect({ errors: codes(res.body.errors), warnings: codes(res.body.warnings) }).toEqual(expected['many-problems']);
      for (const p of res.body.errors) expect(Object.keys(p).sort()).toEqual(['code', 'label', 'message', 'path', 'section']);
      expect(res.body.errors.at(-1)).toMatchObject({ code: 'followUp.too-late', section: '5. Opfølgning' });
      expect(res.body.errors.find((p: { code: string }) => p.code === 'consent.missing').label).toBe('Samtykke');
    });

    it('200 valid for a draft without approval and sections 3–4', async () => {
      const draft = { ...minimal, status: 'draft', approvedByCitizen: null, challenges: [], goals: [] };
      const res = await request(t.app).post('/api/plans/validate').send(draft);
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(true);
    });

    it('200 with a structural problem for a JSON array', async () => {
      const res = await request(t.app).post('/api/plans/validate').set('Content-Type', 'application/json').send('[]');
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(false);
      expect(codes(res.body.errors)).toEqual([{ code: 'schema.invalid_type', path: '' }]);
    });

    it('takes application/*+json and an explicit UTF-8 charset', async () => {
      const body = JSON.stringify(minimal);
      for (const type of ['application/json; charset=utf-8', 'application/vnd.indsatsplan+json']) {
        const res = await request(t.app).post('/api/plans/validate').set('Content-Type', type).send(body);
        expect(res.status, type).toBe(200);
        expect(res.body.valid).toBe(true);
      }
    });

    it('names every unknown field, however deep, as a warning with its pointer and the name it resembles', async () => {
      const { followUpDate, ...rest } = minimal;
      const goal = minimal.goals[0];
      const plan = {
        ...rest,
        $comment: 'En note til mennesker: ingen advarsel',
        followupDate: followUpDate,
        citizen: { ...minimal.citizen, diagnose: 'F20' },
        goals: [{ ...goal, interventions: [{ ...goal.interventions[0], responsable: 'Anne' }] }],
      };
      const res = await request(t.app).post('/api/plans/validate').send(plan);
      expect(res.status).toBe(200);
      // The typo's value is not used: the real field is missing, and the warning says why.
      expect(codes(res.body.errors)).toEqual([{ code: 'followUp.missing', path: '/followUpDate' }]);
      const unknown = res.body.warnings.filter((w: { code: string }) => w.code === 'unknown-field');
      expect(unknown.map((w: { path: string; message: string }) => [w.path, w.message])).toEqual([
        ['/citizen/diagnose', '»1. Stamoplysninger«: ukendt felt /citizen/diagnose; det bruges ikke.'],
        ['/goals/0/interventions/0/responsable', '»Mål 1«: ukendt felt /goals/0/interventions/0/responsable; det bruges ikke. Mente du »responsible«?'],
        ['/followupDate', '»Koordinerende indsatsplan«: ukendt felt /followupDate; det bruges ikke. Mente du »followUpDate«?'],
      ]);
    });

    it('a "__proto__" member cannot smuggle in approval', async () => {
      const { approvedByCitizen: _a, ...rest } = minimal;
      const body = JSON.stringify(rest).replace(/^\{/, '{"__proto__":{"approvedByCitizen":true},');
      const res = await request(t.app).post('/api/plans/validate').set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(200);
      expect(codes(res.body.errors)).toEqual([{ code: 'approval.missing', path: '/approvedByCitizen' }]);
    });
  });

  describe('POST /api/plans/pdf and /docx with an invalid plan', () => {
    it.each(['pdf', 'docx'])('/api/plans/%s: 422 plan-invalid with errors and warnings', async (kind) => {
      // `previous: null` is the route's own member beside the plan: no unknown field.
      const res = await request(t.app).post(`/api/plans/${kind}`).send({ ...minimal, approvedByCitizen: false, previous: null });
      expectProblem(res, 422, 'plan-invalid');
      expect(res.body.title).toBe('Indsatsplanen kan ikke godkendes');
      expect(codes(res.body.errors)).toEqual([{ code: 'approval.missing', path: '/approvedByCitizen' }]);
      expect(codes(res.body.warnings)).toEqual([{ code: 'cpr.modulus11', path: '/citizen/cpr' }]);
    });

    it('422 with the structural problems of a malformed plan', async () => {
      const res = await request(t.app).post('/api/plans/pdf').send(fixture('invalid/wrong-types.json'));
      expectProblem(res, 422, 'plan-invalid');
      expect(codes(res.body.errors)).toEqual(expected['wrong-types']?.errors);
    });

    it('the problem document carries no CPR number', async () => {
      const res = await request(t.app).post('/api/plans/pdf').send({ ...minimal, citizen: { name: 'M', cpr: '310280-1234' } });
      expectProblem(res, 422, 'plan-invalid');
      expect(res.text).not.toContain('310280');
    });
  });

  describe('malformed requests', () => {
    it.each(['/api/plans/validate', '/api/plans/pdf', '/api/plans/docx'])('%s: 400 for bad JSON', async (url) => {
      const res = await request(t.app).post(url).set('Content-Type', 'application/json').send('{"citizen": {"name": "Mette",}');
      expectProblem(res, 400, 'request.invalid-json');
      expect(res.body.detail).toMatch(/JSON/);
    });

    it.each(['"just a string"', 'null', '42'])('400 for the JSON value %s (a plan is an object)', async (body) => {
      const res = await request(t.app).post('/api/plans/validate').set('Content-Type', 'application/json').send(body);
      expectProblem(res, 400, 'request.invalid-json');
    });

    it.each([
      ['text/plain', JSON.stringify(minimal)],
      ['application/x-www-form-urlencoded', 'status=final'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'],
      ['application/xml', '<plan/>'],
    ])('415 for Content-Type %s', async (type, body) => {
      for (const url of ['/api/plans/validate', '/api/plans/pdf']) {
        const res = await request(t.app).post(url).set('Content-Type', type).send(body);
        expectProblem(res, 415, 'request.unsupported-media-type');
      }
    });

    it('415 without a body or content type', async () => {
      expectProblem(await request(t.app).post('/api/plans/validate'), 415, 'request.unsupported-media-type');
    });

    it('415 for a charset other than UTF-8', async () => {
      const res = await request(t.app).post('/api/plans/validate').set('Content-Type', 'application/json; charset=latin1').send('{}');
      expectProblem(res, 415, 'request.unsupported-media-type');
    });

    it.each(['/api/plans/validate', '/api/plans/pdf'])('%s: 413 for a body over MAX_JSON_BYTES', async (url) => {
      const big = { ...minimal, challenges: ['x'.repeat(JSON_LIMIT)] };
      const res = await request(t.app).post(url).send(big);
      expectProblem(res, 413, 'request.too-large');
    });

    it('413 also for a streamed (chunked) body without Content-Length', async () => {
      const server = t.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const { port } = server.address() as AddressInfo;
        const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/plans/validate', headers: { 'Content-Type': 'application/json' } }, (r) => {
            let body = '';
            r.on('data', (c) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
          });
          req.on('error', reject);
          req.write('{"challenges":["');
          for (let i = 0; i < 10; i++) req.write('x'.repeat(JSON_LIMIT / 2));
          req.end('"]}');
        });
        expect(res.status).toBe(413);
        expect(res.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(res.body).type).toMatch(/\/problems\/request\.too-large$/);
      } finally {
        server.close();
      }
    });

    it.each([
      ['post', '/api/plans/nothing'],
      ['get', '/api/plans/validate'],
      ['put', '/api/plans/pdf'],
    ] as const)('404 problem for %s %s', async (method, url) => {
      const res = await request(t.app)[method](url);
      expectProblem(res, 404, 'not-found');
    });

    it('never answers 500, whatever the body', async () => {
      const deep = `{"citizen":${'['.repeat(1500)}${']'.repeat(1500)}}`;
      const bodies: [string, string][] = [
        ['application/json', deep],
        ['application/json', '{"goals":[{"interventions":[1,null,"x",{"task":{}}]}],"grounds":[],"participants":{}}'],
        ['application/json', '{"meetingDate":"2014-02-31","followUpDate":12,"relatives":[{"cpr":["010180-4000"]}]}'],
        ['application/json', '\u0000'],
        ['application/json', ''],
        ['application/json', '{"a":"\\ud800"}'],
        ['application/json; charset=utf-16', '{}'],
        ['application/octet-stream', 'PK\u0003\u0004'],
      ];
      for (const [type, body] of bodies) {
        for (const url of ['/api/plans/validate', '/api/plans/pdf']) {
          const res = await request(t.app).post(url).set('Content-Type', type).send(body);
          expect(res.status, `${url} ${type} ${body.slice(0, 40)}`).toBeLessThan(500);
        }
      }
    });
  });
});
