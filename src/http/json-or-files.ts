/** The body of a route that takes a plan either way: JSON, or multipart/form-data with the plans' Word files. */
import type { RequestHandler } from 'express';
import { jsonBody } from './json-body.js';
import { receiveFiles, UPLOAD_FIELD } from './receive-file.js';

/** JSON within its limit, or the named files within theirs (one field, "file", unless named). */
export function jsonOrFiles(limits: { jsonBytes: number; uploadBytes: number }, fields: readonly [string, ...string[]] = [UPLOAD_FIELD]): RequestHandler {
  const [requireJson, parseJson] = jsonBody(limits.jsonBytes) as [RequestHandler, RequestHandler];
  const files = receiveFiles(limits.uploadBytes, fields);
  return (req, res, next) => {
    if (req.is('multipart/form-data')) files(req, res, next);
    else requireJson(req, res, (err?: unknown) => (err ? next(err) : parseJson(req, res, next)));
  };
}
