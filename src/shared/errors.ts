/**
 * The one error type of the service. Every failure a client can see is an AppError
 * with a stable code; `../http/error-handler.ts` turns it into an RFC 9457 problem. The
 * table below is the only place that maps a code to an HTTP status and a Danish title.
 */

export interface ErrorSpec {
  status: number;
  /** Danish, for a person. */
  title: string;
}

export const errorTable = {
  'request.invalid-json': { status: 400, title: 'Forespørgslen er ikke gyldig JSON' },
  'request.unsupported-media-type': { status: 415, title: 'Indholdstypen understøttes ikke' },
  'request.too-large': { status: 413, title: 'Forespørgslen er for stor' },
  'request.not-acceptable': { status: 406, title: 'Det ønskede svarformat kan ikke leveres' },
  'request.invalid': { status: 400, title: 'Forespørgslen er ugyldig' },
  'auth.required': { status: 401, title: 'Adgang kræver login eller en API-nøgle' },
  'auth.login-failed': { status: 401, title: 'Login lykkedes ikke' },
  'auth.forbidden': { status: 403, title: 'Du har ikke adgang til dette' },
  'auth.csrf': { status: 403, title: 'Forespørgslen kunne ikke bekræftes' },
  'auth.unavailable': { status: 503, title: 'Login er ikke muligt lige nu' },
  'rate-limited': { status: 429, title: 'For mange forespørgsler' },
  'not-found': { status: 404, title: 'Siden eller ressourcen findes ikke' },
  conflict: { status: 409, title: 'Handlingen er i konflikt med den nuværende tilstand' },
  'plan-invalid': { status: 422, title: 'Indsatsplanen kan ikke godkendes' },
  'invitation-invalid': { status: 422, title: 'Invitationen kan ikke laves' },
  'distribution-invalid': { status: 422, title: 'Udsendelsen kan ikke forberedes' },
  'distribution-expired': { status: 409, title: 'Udsendelsen er udløbet' },
  'upload-invalid': { status: 422, title: 'Filen kan ikke læses som en indsatsplan' },
  'upload-rejected': { status: 400, title: 'Filen kan ikke modtages' },
  'upload-unsupported': { status: 415, title: 'Filtypen understøttes ikke' },
  'upload-too-large': { status: 413, title: 'Filen er for stor' },
  'upload-corrupt': { status: 422, title: 'Filen er beskadiget' },
  'upload-unsafe': { status: 422, title: 'Filen er afvist af sikkerhedshensyn' },
  'conversion-queue-full': { status: 429, title: 'Der er for mange dokumenter i kø lige nu' },
  'conversion-queue-timeout': { status: 503, title: 'Dokumentet ventede for længe i kø' },
  'conversion-timeout': { status: 504, title: 'Dokumentet kunne ikke konverteres til PDF i tide' },
  'conversion-failed': { status: 502, title: 'Dokumentet kunne ikke konverteres til PDF' },
  'conversion-unavailable': { status: 503, title: 'PDF-konverteringen er ikke klar' },
  'template-failed': { status: 500, title: 'Skabelonen kunne ikke udfyldes' },
  internal: { status: 500, title: 'Der opstod en uventet fejl' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorTable;

export interface AppErrorOptions {
  /** Extra members of the problem document (e.g. errors, warnings, plan). */
  extensions?: Record<string, unknown>;
  /** Seconds, for 429/503 answers. */
  retryAfter?: number;
  /** Internal detail for the log; never sent to the client. */
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Danish detail for a person; sent to the client, so it carries no CPR or diagnosis. */
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, detail?: string, options: AppErrorOptions = {}) {
    super(detail ?? errorTable[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.extensions = options.extensions ?? {};
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return errorTable[this.code].status;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
