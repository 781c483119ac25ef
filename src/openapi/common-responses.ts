/** Answers many routes share, described once for the OpenAPI document. */
import { errorTable, type ErrorCode } from '../shared/errors.js';
import type { ResponseDoc } from './build-openapi.js';

/** What any route with a JSON body may answer before it looks at the content. */
export const JSON_BODY_PROBLEMS: Record<string, ResponseDoc> = {
  '400': { description: 'Indholdet er ikke gyldig JSON', problem: true },
  '413': { description: 'Indholdet er større end tilladt', problem: true },
  '415': { description: 'Indholdet er ikke application/json', problem: true },
};

/** The header on every PDF made for an answer (src/http/convert-for-response.ts). */
export const SERVER_TIMING_HEADER = {
  'Server-Timing': 'Tidsforbrug i ms: prepare (fra forespørgslen kom til udfyldningen: indlæsning, adgang, validering), fill (udfyldning af skabelonen) og pdf (LibreOffice med kø), fx "prepare;dur=1.9, fill;dur=5.1, pdf;dur=80.3"',
};

const status = (code: ErrorCode): string => String(errorTable[code].status);

/** What any route that makes a PDF may answer when the conversion cannot be done: every conversion-* code. */
export const CONVERSION_PROBLEMS: Record<string, ResponseDoc> = {
  [status('conversion-queue-full')]: { description: 'Konverteringskøen er fuld; prøv igen efter Retry-After', problem: true, headers: { 'Retry-After': 'Sekunder' } },
  [status('conversion-failed')]: { description: errorTable['conversion-failed'].title, problem: true },
  [status('conversion-unavailable')]: { description: 'Konverteringen er ikke klar, eller dokumentet ventede for længe i kø', problem: true },
  [status('conversion-timeout')]: { description: 'Konverteringen tog for lang tid', problem: true },
};
