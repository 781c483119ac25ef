/**
 * Receives one uploaded file (multipart/form-data) into memory: never onto the disk, where
 * it could outlive the request. Every way the body can be wrong becomes a Danish 4xx: multer's
 * own limits (LIMIT_*) are mapped by the error handler, anything else malformed here.
 */
import type { RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../shared/errors.js';

export const UPLOAD_FIELD = 'file';

export function receiveOneFile(maxBytes: number): RequestHandler {
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  }).single(UPLOAD_FIELD);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new AppError('request.unsupported-media-type', `Send filen som multipart/form-data i feltet "${UPLOAD_FIELD}".`));
      return;
    }
    multipart(req, res, (err?: unknown) => {
      const code = (err as { code?: unknown } | undefined)?.code;
      if (err && !(typeof code === 'string' && code.startsWith('LIMIT_'))) {
        next(new AppError('upload-rejected', `Forespørgslen kunne ikke læses som multipart/form-data. Send præcis én fil i feltet "${UPLOAD_FIELD}".`, { cause: err }));
        return;
      }
      next(err);
    });
  };
}
