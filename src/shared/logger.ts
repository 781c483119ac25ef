/**
 * Structured logging. Plans carry CPR numbers and diagnoses, so no field value, template
 * property or request body may reach a log line, and that is enforced here rather than
 * hoped for at each call: every Error in a record, wherever it sits, is reduced to its
 * name, codes and stack frames (serializeError); known content-bearing keys are removed;
 * and every string left is scrubbed of anything that looks like a CPR number.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import { redactCpr, redactDeep } from './redact.js';

export type { Logger };

/**
 * Set (as a class field) on an error class whose message the service writes from fixed words
 * and process facts only (exit codes, time limits), never from what a request carried: the
 * log keeps such a message. Every other error's message is left out, since libraries quote
 * their input in theirs (JSON.parse quotes the body, an SMTP reply the address, docxtemplater
 * the value in its `properties`).
 */
export const LOG_SAFE_MESSAGE = Symbol.for('indsatsplan.log-safe-message');

/** A code, a name or a template tag: short, one word, nothing a person typed. */
const CODE_LIKE = /^[\w.:-]{1,64}$/;
const codeLike = (v: unknown): string | number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && CODE_LIKE.test(v) ? v : undefined;
/** Properties libraries use for a code: Node's system errors, nodemailer, HTTP clients, our AppError. */
const CODE_KEYS = ['code', 'errno', 'syscall', 'responseCode', 'statusCode', 'status'] as const;
const MAX_DEPTH = 4;

/** The stack's frames ("    at f (file:line:col)"): where, never what; its first line repeats the message. */
function framesOf(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length ? frames.join('\n') : undefined;
}

/**
 * An error as a log record may show it: its name, its codes, docxtemplater's error id and
 * tag (the template's own words), its stack frames, its cause and its inner errors, each
 * reduced the same way; the message only when the error's class says it is safe.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!(err instanceof Error)) return err === undefined ? undefined : { type: typeof err };
  const e = err as Error & Record<PropertyKey, unknown>;
  const out: Record<string, unknown> = { type: codeLike(e.name) ?? 'Error' };
  for (const key of CODE_KEYS) {
    const v = codeLike(e[key]);
    if (v !== undefined) out[key] = v;
  }
  if (e[LOG_SAFE_MESSAGE] === true) out.message = redactCpr(e.message);
  const stack = framesOf(e.stack);
  if (stack) out.stack = stack;
  if (depth >= MAX_DEPTH) return out;
  const props = e.properties as Record<string, unknown> | undefined;
  if (props && typeof props === 'object') {
    const id = codeLike(props.id);
    const tag = codeLike(props.xtag);
    if (id !== undefined) out.templateError = id;
    if (tag !== undefined) out.templateTag = tag;
  }
  const inner = Array.isArray(props?.errors) ? props.errors : Array.isArray(e.errors) ? e.errors : undefined;
  if (inner) out.errors = inner.slice(0, 20).map((x) => serializeError(x, depth + 1));
  if (e.cause !== undefined) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Every Error anywhere in a record, reduced by serializeError; the rest unchanged. */
function withErrorsReduced(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return serializeError(value);
  if (depth > 8 || !value || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => withErrorsReduced(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withErrorsReduced(v, depth + 1)]));
}

const reduce = (e: unknown) => (e instanceof Error ? serializeError(e) : e);

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['plan', 'body', 'cpr', '*.cpr', 'req.body', 'diagnosis', 'req.headers.authorization', 'req.headers.cookie'],
        remove: true,
      },
      formatters: {
        log: (obj) => redactDeep(withErrorsReduced(obj) as Record<string, unknown>),
      },
      // Serializers run after the formatter (which has reduced every Error already); these
      // catch an error given under err/error that the formatter did not see.
      serializers: { err: reduce, error: reduce },
      hooks: {
        logMethod(args, method) {
          // logger.error(err): pino would take the error's message as the line's message.
          const [first, ...rest] = args as unknown[];
          const normalized = first instanceof Error ? [{ err: first }, ...(typeof rest[0] === 'string' ? rest : ['error', ...rest])] : (args as unknown[]);
          const scrubbed = normalized.map((a) => (typeof a === 'string' ? redactCpr(a) : a)) as Parameters<typeof method>;
          return method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}
