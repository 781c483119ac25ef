/**
 * Structured logging. Plans carry CPR numbers and diagnoses, so every record is
 * scrubbed of CPR-like numbers, and known content-bearing keys are removed outright.
 * Code must still never log plan content; this is the safety net.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import { redactCpr, redactDeep } from './redact.js';

export type { Logger };

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
        log: (obj) => redactDeep(obj),
      },
      // Serializers run after the formatter, and an error's message or stack can quote
      // whatever a library was given (an SMTP reply, a file name): scrub them too.
      serializers: {
        err: (e: Error) => redactDeep(pino.stdSerializers.err(e)),
        error: (e: Error) => redactDeep(pino.stdSerializers.err(e)),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactCpr(a) : a)) as Parameters<typeof method>;
          return method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}
