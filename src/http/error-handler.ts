/**
 * The one place where failures become HTTP answers: RFC 9457 problem documents
 * (`application/problem+json`). Internal detail goes to the log, never to the client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, errorTable, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(code: string): string {
  return `/problems/${code}`;
}

export function problemBody(err: AppError): Record<string, unknown> {
  const spec = errorTable[err.code];
  return {
    type: problemType(err.code),
    title: spec.title,
    status: spec.status,
    ...(err.detail ? { detail: err.detail } : {}),
    ...err.extensions,
  };
}

/** Maps errors thrown by Express's own body parsers to AppErrors (multer's are mapped where files are received). */
function fromFrameworkError(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return new AppError('request.invalid-json', 'Indholdet kunne ikke læses som JSON. Kontroller kommaer, anførselstegn og klammer.');
  if (e?.type === 'entity.too.large') return new AppError('request.too-large', 'Indholdet er større end tilladt.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('request.unsupported-media-type', 'Tegnsættet understøttes ikke; brug UTF-8.');
  if (e?.status && e.status >= 400 && e.status < 500) return new AppError('request.invalid', 'Forespørgslen kunne ikke læses.');
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = isAppError(err) ? err : (fromFrameworkError(err) ?? new AppError('internal', undefined, { cause: err }));
    const status = appError.status;
    // Codes and paths only: the logger reduces the cause to its name, codes and stack frames
    // (never its message or properties, which can quote a field value), and the request body is never logged.
    const logFields = { code: appError.code, status, method: req.method, route: req.route?.path ?? req.path, err: appError.cause ?? undefined };
    if (status >= 500) logger.error(logFields, 'request failed');
    else logger.info({ code: appError.code, status, method: req.method, route: req.route?.path ?? req.path }, 'request rejected');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (appError.retryAfter !== undefined) res.setHeader('Retry-After', String(appError.retryAfter));
    res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(appError)));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not-found', `Der findes ingen ${req.method} ${req.path}.`));
};
