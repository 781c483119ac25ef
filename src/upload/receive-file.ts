/**
 * Receives one uploaded file (multipart/form-data) into memory: never onto the disk, where
 * it could outlive the request. Every way the body can be wrong becomes a Danish 4xx: a file
 * over the size limit here, where the limit is known, multer's other limits (LIMIT_*) by the
 * error handler, anything else malformed here.
 */
import type { RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../shared/errors.js';

export const UPLOAD_FIELD = 'file';

/** A size in whole KB below 1 MB, else in MB with at most one decimal, the Danish way (10 MB, 1,5 MB). */
function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 1) return `${Math.floor(bytes / 1024)} KB`;
  return `${(Math.floor(mb * 10) / 10).toLocaleString('da-DK')} MB`;
}

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
      if (code === 'LIMIT_FILE_SIZE') {
        next(
          new AppError(
            'upload-too-large',
            `Filen er større end tilladt: højst ${formatSize(maxBytes)} kan modtages. Fjern indsatte billeder eller andet indhold, der ikke hører til planen, gem dokumentet, og prøv igen.`,
            { cause: err },
          ),
        );
        return;
      }
      if (err && !(typeof code === 'string' && code.startsWith('LIMIT_'))) {
        next(new AppError('upload-rejected', `Forespørgslen kunne ikke læses som multipart/form-data. Send præcis én fil i feltet "${UPLOAD_FIELD}".`, { cause: err }));
        return;
      }
      next(err);
    });
  };
}
