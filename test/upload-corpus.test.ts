/**
 * Every file of the real-world .docx corpus (../shared/corpus/real-docx, see its
 * MANIFEST.md) through POST /api/plans/upload: a result or a clear Danish 4xx problem,
 * never a crash or a hang. How long each takes is measured by bench/upload-read.ts: a
 * bound on the wall clock here would fail on a busy machine, not on a slow reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/shared/errors.js';
import { readUpload } from '../src/upload/read-upload.js';
import { createTestApp } from './helpers/app.js';
import { CORPUS_DIR } from './helpers/shared-dir.js';

const CORPUS = CORPUS_DIR;
const files = readdirSync(CORPUS).filter((f) => f !== 'MANIFEST.md').sort();

/** The bad inputs of the manifest, and the one hostile document, with the answer each must get. */
const EXPECTED: Record<string, { status: number; code: string; detail: RegExp }> = {
  'poi__ExternalEntityInText.docx': { status: 422, code: 'upload-unsafe', detail: /DTD/ },
  'poi__SimpleMacro.docm': { status: 415, code: 'upload-unsupported', detail: /makroer/ },
  'poi__bug53475-password-is-pass.docx': { status: 415, code: 'upload-unsupported', detail: /adgangskode/ },
  'poi__cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm': { status: 415, code: 'upload-unsupported', detail: /ældre Word-dokument \(\.doc/ },
  'poi__stress025.docx': { status: 415, code: 'upload-unsupported', detail: /hoveddelen er ikke et Word-dokument/ },
  'poi__truncated62886.docx': { status: 422, code: 'upload-corrupt', detail: /afkortet/ },
};

/** Far beyond any file's read time (the slowest needs about half a second of CPU): it catches a hang, not slowness. */
const HANG_GUARD_MS = 60_000;

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the real-docx corpus', () => {
  it('holds exactly the files its manifest lists', () => {
    const manifest = readFileSync(path.join(CORPUS, 'MANIFEST.md'), 'utf8');
    const listed = [...manifest.matchAll(/^\| \d+ \| `([^`]+)`/gm)].map((m) => m[1]).sort();
    expect(listed.length).toBeGreaterThan(30);
    expect(files).toEqual(listed);
  });

  it.each(files)('%s: a result or a clear 4xx', { timeout: HANG_GUARD_MS }, async (name) => {
    const file = readFileSync(path.join(CORPUS, name));
    const res = await request(t.app).post('/api/plans/upload').set('Accept', 'application/json').attach('file', file, name);

    const expected = EXPECTED[name];
    if (expected) {
      expect(res.status).toBe(expected.status);
      expect(res.body.type).toBe(`/problems/${expected.code}`);
      expect(res.body.detail).toMatch(expected.detail);
    } else if (res.status === 200) {
      expect(res.body).toMatchObject({ plan: expect.any(Object), errors: expect.any(Array), warnings: expect.any(Array) });
    } else {
      // A sound Word document that is not a plan.
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('/problems/upload-invalid');
      expect(res.body.detail).toMatch(/ikke en koordinerende indsatsplan/);
    }
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });

  it('reads every file on the read path alone, and fails only with AppErrors', { timeout: HANG_GUARD_MS * 2 }, () => {
    const limits = t.config.limits;
    for (const name of files) {
      const file = readFileSync(path.join(CORPUS, name));
      try {
        readUpload(file, limits);
      } catch (e) {
        expect(e, name).toBeInstanceOf(AppError);
        expect((e as AppError).status, name).toBeLessThan(500);
      }
    }
  });
});
