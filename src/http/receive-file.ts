/**
 * Receives uploaded files (multipart/form-data) into memory: never onto the disk, where
 * they could outlive the request. Every way the body can be wrong becomes a Danish 4xx here,
 * the one place that knows multer, where the limit and the fields are known: a file over the
 * size limit, multer's other limits (LIMIT_*), a malformed body, and a missing file.
 */
import type { Request, RequestHandler } from 'express';
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
  return receiveFiles(maxBytes, [UPLOAD_FIELD]);
}

/** "feltet "file"", or "felterne "previous" og "current"". */
function fieldsText(fields: readonly string[]): string {
  const quoted = fields.map((f) => `"${f}"`);
  return quoted.length === 1 ? `feltet ${quoted[0]}` : `felterne ${quoted.slice(0, -1).join(', ')} og ${quoted.at(-1)}`;
}

/** What every refusal of the body tells the client to send instead. */
function sendOneFileIn(fields: readonly string[]): string {
  return `Send præcis én fil i ${fields.length > 1 ? 'hvert af ' : ''}${fieldsText(fields)}.`;
}

/**
 * At most one file in each of the named fields (each within the size limit): in `req.file`
 * for one field, in `req.files[field][0]` for several. `receivedFiles` hands them on.
 */
export function receiveFiles(maxBytes: number, fields: readonly [string, ...string[]]): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: fields.length, fields: 10, fieldSize: 64 * 1024, parts: 11 + fields.length },
  });
  const multipart = fields.length === 1 ? upload.single(fields[0]) : upload.fields(fields.map((name) => ({ name, maxCount: 1 })));
  const where = fieldsText(fields);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new AppError('request.unsupported-media-type', `Send ${fields.length > 1 ? 'filerne' : 'filen'} som multipart/form-data i ${where}.`));
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
      if (err) {
        // multer's other limits (LIMIT_*: a second file, an unknown field…), or a malformed body.
        const malformed = typeof code === 'string' && code.startsWith('LIMIT_') ? '' : 'Forespørgslen kunne ikke læses som multipart/form-data. ';
        next(new AppError('upload-rejected', `${malformed}${sendOneFileIn(fields)}`, { cause: err }));
        return;
      }
      next();
    });
  };
}

/** The received file of each field, by field; a request that lacks any is refused, naming every one missing. */
export function receivedFiles<K extends string>(req: Request, fields: readonly [K, ...K[]]): Record<K, Buffer> {
  const got = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
  const one = (f: K) => (fields.length === 1 ? req.file : got[f]?.[0])?.buffer;
  const missing = fields.filter((f) => !one(f));
  if (missing.length > 0) {
    const none = fields.length === 1 ? 'Der var ingen fil med.' : `Der mangler en fil i ${missing.map((f) => `feltet "${f}"`).join(' og ')}.`;
    throw new AppError('upload-rejected', `${none} ${sendOneFileIn(fields)}`);
  }
  return Object.fromEntries(fields.map((f) => [f, one(f)])) as Record<K, Buffer>;
}

/** The one received file (field "file"). */
export function receivedFile(req: Request): Buffer {
  return receivedFiles(req, [UPLOAD_FIELD])[UPLOAD_FIELD];
}
