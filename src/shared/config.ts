/**
 * Configuration, from environment variables, parsed once at start-up. Every problem
 * is reported at once; nothing else in the service reads process.env.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  PORT: int(3000, 0).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the database and the outboxes live. */
  DATA_DIR: z.string().min(1).default('./var'),

  MAX_JSON_BYTES: int(2 * 1024 * 1024, 1024),
  MAX_UPLOAD_BYTES: int(10 * 1024 * 1024, 1024),
  UPLOAD_MAX_UNCOMPRESSED_BYTES: int(64 * 1024 * 1024, 1024),
  UPLOAD_MAX_ENTRIES: int(2000, 1),

  /** `pool`: warm LibreOffice workers over UNO; `per-call`: one soffice per conversion. */
  CONVERTER: z.enum(['pool', 'per-call']).default('pool'),
  SOFFICE_PATH: z.string().min(1).default('/usr/lib/libreoffice/program/soffice'),
  UNO_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /**
   * `jemalloc`: the pool's LibreOffice runs on jemalloc (Debian's libjemalloc2), 5–19 %
   * faster than with glibc's allocator; without the library it falls back, with a log line.
   */
  LIBREOFFICE_ALLOCATOR: z.enum(['jemalloc', 'system']).default('jemalloc'),
  CONVERSION_WORKERS: int(Math.max(1, os.availableParallelism()), 1),
  CONVERSION_TIMEOUT_MS: int(60_000, 100),
  CONVERSION_QUEUE_MAX: int(64, 0),
  CONVERSION_QUEUE_TIMEOUT_MS: int(30_000, 1),
  CONVERSION_MAX_PER_WORKER: int(500, 1),
  CONVERSION_WORKER_MAX_RSS_MB: int(1500, 64),
  /** Where the pool keeps its LibreOffice profiles and temp files (default: the OS temp dir). */
  CONVERSION_WORK_DIR: optionalString,

  SMTP_HOST: optionalString,
  SMTP_PORT: int(587, 1),
  /** true: implicit TLS (port 465); false: STARTTLS, which is then required. */
  SMTP_SECURE: bool(false),
  SMTP_USER: optionalString,
  SMTP_PASS: optionalString,
  /** PEM file of an extra CA to trust (e.g. the organisation's own). */
  SMTP_CA_FILE: optionalString,
  MAIL_FROM: z.string().min(3).default('Indsatsplan <indsatsplan@localhost>'),

  ORGANISATION_NAME: z.string().min(1).default('Kommunen'),
  DIGITAL_POST_SENDER_CVR: z
    .string()
    .regex(/^\d{8}$/, 'skal være et CVR-nummer på 8 cifre')
    .default('12345678'),

  /** Attempts per delivery before a transient failure becomes final. */
  DISTRIBUTION_MAX_ATTEMPTS: int(5, 1),
  /** First retry delay; doubled per attempt up to DISTRIBUTION_RETRY_MAX_MS. */
  DISTRIBUTION_RETRY_BASE_MS: int(30_000, 1),
  DISTRIBUTION_RETRY_MAX_MS: int(15 * 60_000, 1),
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  dataDir: string;
  limits: { jsonBytes: number; uploadBytes: number; uploadUncompressedBytes: number; uploadEntries: number };
  conversion: {
    kind: 'pool' | 'per-call';
    sofficePath: string;
    unoPython: string;
    allocator: 'jemalloc' | 'system';
    workers: number;
    timeoutMs: number;
    queueMax: number;
    queueTimeoutMs: number;
    maxPerWorker: number;
    workerMaxRssMb: number;
    workDir: string | undefined;
  };
  mail: {
    /** Undefined: no SMTP server configured, messages go to the outbox folder. */
    smtp:
      | { host: string; port: number; secure: boolean; user?: string; pass?: string; caFile?: string }
      | undefined;
    from: string;
    outboxDir: string;
  };
  digitalPost: { senderCvr: string; senderLabel: string; outboxDir: string };
  print: { outboxDir: string };
  databaseFile: string;
  distribution: { maxAttempts: number; retryBaseMs: number; retryMaxMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ugyldig konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DANISH = z.locales.da();

/** Parses the environment; throws ConfigError naming every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // zod's messages in Danish, like everything else a person reads from the service.
  const parsed = EnvSchema.safeParse(env, { error: DANISH.localeError });
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Settings that only make sense together, checked on the raw values so they are reported with the rest.
  if (env.SMTP_USER && !env.SMTP_PASS) problems.push('SMTP_PASS: mangler, når SMTP_USER er sat');
  if (!env.SMTP_HOST && (env.SMTP_USER || env.SMTP_CA_FILE)) problems.push('SMTP_HOST: mangler, når andre SMTP-indstillinger er sat');
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);

  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir,
    limits: {
      jsonBytes: e.MAX_JSON_BYTES,
      uploadBytes: e.MAX_UPLOAD_BYTES,
      uploadUncompressedBytes: e.UPLOAD_MAX_UNCOMPRESSED_BYTES,
      uploadEntries: e.UPLOAD_MAX_ENTRIES,
    },
    conversion: {
      kind: e.CONVERTER,
      sofficePath: e.SOFFICE_PATH,
      unoPython: e.UNO_PYTHON,
      allocator: e.LIBREOFFICE_ALLOCATOR,
      workers: e.CONVERSION_WORKERS,
      timeoutMs: e.CONVERSION_TIMEOUT_MS,
      queueMax: e.CONVERSION_QUEUE_MAX,
      queueTimeoutMs: e.CONVERSION_QUEUE_TIMEOUT_MS,
      maxPerWorker: e.CONVERSION_MAX_PER_WORKER,
      workerMaxRssMb: e.CONVERSION_WORKER_MAX_RSS_MB,
      workDir: e.CONVERSION_WORK_DIR,
    },
    mail: {
      smtp: e.SMTP_HOST
        ? { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, pass: e.SMTP_PASS, caFile: e.SMTP_CA_FILE }
        : undefined,
      from: e.MAIL_FROM,
      outboxDir: path.join(dataDir, 'outbox', 'mail'),
    },
    digitalPost: { senderCvr: e.DIGITAL_POST_SENDER_CVR, senderLabel: e.ORGANISATION_NAME, outboxDir: path.join(dataDir, 'outbox', 'digital-post') },
    print: { outboxDir: path.join(dataDir, 'outbox', 'print') },
    databaseFile: path.join(dataDir, 'indsatsplan.db'),
    distribution: { maxAttempts: e.DISTRIBUTION_MAX_ATTEMPTS, retryBaseMs: e.DISTRIBUTION_RETRY_BASE_MS, retryMaxMs: e.DISTRIBUTION_RETRY_MAX_MS },
  };
}
