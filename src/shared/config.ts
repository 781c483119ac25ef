/**
 * Configuration, from environment variables, parsed once at start-up. Every problem
 * is reported at once; nothing else in the service reads process.env.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { duplicateApiKeyProblems, parseApiKeys, type ApiKeyEntry } from './api-key-entries.js';

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
  /** PostgreSQL shared by every replica (postgres://…); unset: the SQLite file in DATA_DIR. Checked in databaseUrl(). */
  DATABASE_URL: optionalString,
  /** The outbox channels' folder (mail/, digital-post/, print/ under it); shared by every replica. Default: DATA_DIR/outbox. */
  OUTBOX_DIR: optionalString,

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
  /**
   * Where the pool writes the documents it converts, and LibreOffice its temp files (they hold
   * the plan's data). Default: /dev/shm when it is memory (tmpfs) with room for them, else the
   * work dir (src/conversion/work-dir.ts).
   */
  CONVERSION_DOCUMENT_DIR: optionalString,
  /**
   * true: a template becomes a PDF through its ODT form, which LibreOffice derives from the
   * Word template at start-up and reads faster (src/templating/odt-form.ts); false: through
   * the .docx, as people get it.
   */
  CONVERSION_ODT_FORMS: bool(true),

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
  /** A distribution prepared and not sent within this many hours expires: documents and personal data deleted. */
  DISTRIBUTION_UNSENT_TTL_HOURS: int(72, 1),
  /**
   * How long one attempt holds its claim on a delivery; after that another process may take
   * it over (its holder is taken for dead). Far above the channels' own time limits.
   */
  DISTRIBUTION_CLAIM_LEASE_MS: int(10 * 60_000, 1000),
  /** How often each process looks for deliveries that are due or whose claim ran out (seconds, 1–59). */
  DISTRIBUTION_SWEEP_SECONDS: int(30, 1).pipe(z.number().max(59)),

  /** `production` refuses to start without authentication, wherever it listens. */
  NODE_ENV: optionalString,
  /** Case systems' keys: `name=sha256hex[:role+role…]`, comma-separated (src/auth/api-keys.ts). */
  API_KEYS: optionalString,
  /** The same entries from a file (one per line), e.g. mounted from a secret store. */
  API_KEYS_FILE: optionalString,
  /** People log in through this OpenID Connect provider (authorization code flow with PKCE). */
  OIDC_ISSUER: optionalString,
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** The ID token claim that lists the person's roles (`referent`, `coordinator`). */
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The ID token claim that names the person's organisation (default: ORGANISATION_NAME). */
  OIDC_ORGANISATION_CLAIM: z.string().min(1).default('organisation'),
  /** Where people reach the service, e.g. https://indsatsplan.kommune.dk; the login redirect URI is derived from it. */
  PUBLIC_URL: optionalString,
  /** Keys the session ids kept in the database and seals the login cookie; at least 32 characters. */
  SESSION_SECRET: optionalString,
  SESSION_IDLE_MINUTES: int(30, 1),
  SESSION_MAX_HOURS: int(10, 1),
  /** true: /metrics and /openapi.json answer without a key. */
  METRICS_PUBLIC: bool(false),
  /** Requests a minute per client identity (a key, a person). */
  RATE_LIMIT_PER_MINUTE: int(600, 1),
  /** Requests a minute per IP address from clients not (yet) identified. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: int(120, 1),
  /** Reverse proxies in front: their number (e.g. 1) or addresses; unset: none, the client's address is the socket's. */
  TRUST_PROXY: optionalString,

  /** The coordinator is reminded of a follow-up this many days before its date. */
  FOLLOW_UP_REMINDER_DAYS: int(21, 1).pipe(z.number().max(180)),
  /**
   * Keys the follow-ups' match keys, HMACs of the citizen's CPR number; the same on every replica
   * and required with DATABASE_URL. Unset (SQLite): a file of its own in DATA_DIR (match-secret.ts).
   */
  FOLLOW_UP_MATCH_SECRET: optionalString.pipe(z.string().min(32, 'skal være mindst 32 tegn (fx openssl rand -base64 32)').optional()),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ugyldig konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The OpenID Connect settings, checked together on the raw values (authSettings). */
interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where people reach the service (an origin, no path); the redirect URI is `${publicUrl}/auth/callback`. */
  publicUrl: string;
  sessionSecret: string;
}

/** What authSettings made of the raw values: the keys, the login, the proxies in front. */
interface CheckedAuthSettings {
  apiKeys: ApiKeyEntry[];
  oidc: OidcSettings | undefined;
  /** PUBLIC_URL, checked (an origin), when it is set. */
  publicUrl: string | undefined;
  /** Express's `trust proxy`: false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[];
}

/** Leaves out the settings that are not set, so that Config has them as optional. */
function leaveOutUnset<T extends Record<string, unknown>>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What loadConfig checks on the raw values, with the problems of the rest. */
interface CheckedSettings {
  auth: CheckedAuthSettings;
  /** DATABASE_URL, checked (databaseUrlSetting). */
  databaseUrl: string | undefined;
}

/**
 * The settings as the service uses them, grouped by who uses them; paths resolved against
 * DATA_DIR. What is checked on the raw values comes in as `checked`.
 */
const configSchema = ({ auth, databaseUrl }: CheckedSettings) =>
  EnvSchema.transform((e) => {
    const dataDir = path.resolve(e.DATA_DIR);
    const outboxDir = path.resolve(e.OUTBOX_DIR ?? path.join(dataDir, 'outbox'));
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
        documentDir: e.CONVERSION_DOCUMENT_DIR,
        odtForms: e.CONVERSION_ODT_FORMS,
      },
      mail: {
        /** Undefined: no SMTP server configured, messages go to the outbox folder. */
        smtp: e.SMTP_HOST
          ? { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, ...leaveOutUnset({ user: e.SMTP_USER, pass: e.SMTP_PASS, caFile: e.SMTP_CA_FILE }) }
          : undefined,
        from: e.MAIL_FROM,
        outboxDir: path.join(outboxDir, 'mail'),
      },
      digitalPost: { senderCvr: e.DIGITAL_POST_SENDER_CVR, senderLabel: e.ORGANISATION_NAME, outboxDir: path.join(outboxDir, 'digital-post') },
      print: { outboxDir: path.join(outboxDir, 'print') },
      /** The SQLite file, used when no `databaseUrl` is set. */
      databaseFile: path.join(dataDir, 'indsatsplan.db'),
      /** PostgreSQL's connection URL (DATABASE_URL): every replica's state in one shared database. */
      databaseUrl,
      distribution: {
        maxAttempts: e.DISTRIBUTION_MAX_ATTEMPTS,
        retryBaseMs: e.DISTRIBUTION_RETRY_BASE_MS,
        retryMaxMs: e.DISTRIBUTION_RETRY_MAX_MS,
        unsentTtlMs: e.DISTRIBUTION_UNSENT_TTL_HOURS * 3_600_000,
        claimLeaseMs: e.DISTRIBUTION_CLAIM_LEASE_MS,
        sweepSeconds: e.DISTRIBUTION_SWEEP_SECONDS,
      },
      auth: {
        /** No authentication configured (allowed only on loopback, outside production): everyone is the developer. */
        development: auth.apiKeys.length === 0 && !auth.oidc,
        apiKeys: auth.apiKeys,
        oidc: auth.oidc && { ...auth.oidc, rolesClaim: e.OIDC_ROLES_CLAIM, organisationClaim: e.OIDC_ORGANISATION_CLAIM },
        /** The organisation of API keys, and of people whose ID token names none (ORGANISATION_NAME). */
        organisation: e.ORGANISATION_NAME,
        session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_MAX_HOURS * 3_600_000 },
        metricsPublic: e.METRICS_PUBLIC,
        rateLimit: { windowMs: 60_000, perIdentity: e.RATE_LIMIT_PER_MINUTE, perAddress: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE },
        trustProxy: auth.trustProxy,
      },
      followUp: {
        reminderDays: e.FOLLOW_UP_REMINDER_DAYS,
        /** Undefined: the secret generated once into DATA_DIR (follow-up/match-secret.ts). */
        matchSecret: e.FOLLOW_UP_MATCH_SECRET,
        /** Where people reach the service (PUBLIC_URL, else the address it listens on): the reminders' links start with it. */
        publicUrl: auth.publicUrl ?? `http://${isLoopback(e.HOST) || e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
        /** False when PUBLIC_URL is unset off loopback: the links name an address people may not reach. */
        publicUrlConfigured: auth.publicUrl !== undefined || isLoopback(e.HOST),
      },
    };
  });

export type Config = z.output<ReturnType<typeof configSchema>>;
export type AuthConfig = Config['auth'];
export type OidcConfig = NonNullable<AuthConfig['oidc']>;

const DANISH = z.locales.da();

/** Parses the environment; throws ConfigError naming every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Settings that only make sense together, checked on the raw values so they are reported with the rest.
  const together: string[] = [];
  if (env.SMTP_USER && !env.SMTP_PASS) together.push('SMTP_PASS: mangler, når SMTP_USER er sat');
  if (!env.SMTP_HOST && (env.SMTP_USER || env.SMTP_CA_FILE)) together.push('SMTP_HOST: mangler, når andre SMTP-indstillinger er sat');
  const auth = authSettings(env, together);
  const databaseUrl = databaseUrlSetting(env.DATABASE_URL?.trim() || undefined, together);
  if (databaseUrl && !env.FOLLOW_UP_MATCH_SECRET?.trim()) {
    together.push(
      'FOLLOW_UP_MATCH_SECRET: mangler; med DATABASE_URL skal alle replikaer have den samme hemmelighed til opfølgningernes nøgler, og den må ikke ligge i databasen (fx openssl rand -base64 32)',
    );
  }
  // zod's messages in Danish, like everything else a person reads from the service.
  const parsed = configSchema({ auth, databaseUrl }).safeParse(env, { error: DANISH.localeError });
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)), ...together];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * PostgreSQL is the one shared database: any other scheme is refused rather than taken for a
 * file. The URL may carry a password, so no message repeats it.
 */
function databaseUrlSetting(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('DATABASE_URL: er ikke en gyldig adresse; brug postgres://bruger:adgangskode@vært:5432/database');
    return undefined;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(
      `DATABASE_URL: skal begynde med postgres:// eller postgresql:// (${url.protocol.replace(/:$/, '')} understøttes ikke); PostgreSQL er den eneste delte database. Uden DATABASE_URL gemmes alt i SQLite-filen i DATA_DIR`,
    );
    return undefined;
  }
  if (!url.hostname && !url.searchParams.get('host')) problems.push('DATABASE_URL: mangler værtens navn, fx postgres://indsatsplan@db.kommune.dk:5432/indsatsplan');
  return value;
}

/** A host name or address that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const OIDC_SETTINGS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL', 'SESSION_SECRET'] as const;
const AUTH_SETTINGS_HINT =
  'sæt API_KEYS eller API_KEYS_FILE (nøgler til fagsystemer) og/eller OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL og SESSION_SECRET (login for medarbejdere); se README, "Access"';

/** An http(s) URL; plain http only to this machine (a test provider), never across a network. */
function checkUrl(name: string, value: string, problems: string[], originOnly: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: er ikke en gyldig adresse (fx https://login.kommune.dk)`);
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    problems.push(`${name}: skal begynde med https:// (http:// kun til 127.0.0.1 eller localhost)`);
    return undefined;
  }
  if (originOnly && (url.pathname !== '/' || url.search || url.hash)) {
    problems.push(`${name}: skal være tjenestens adresse uden sti, fx https://indsatsplan.kommune.dk`);
    return undefined;
  }
  return originOnly ? url.origin : value.replace(/\/+$/, '');
}

/** The authentication settings, checked together on the raw values so that they are reported with the rest. */
function authSettings(env: Record<string, string | undefined>, problems: string[]): CheckedAuthSettings {
  const set = (k: string) => (env[k]?.trim() ? env[k].trim() : undefined);
  const apiKeys: ApiKeyEntry[] = [];
  const inline = set('API_KEYS');
  if (inline) {
    const r = parseApiKeys(inline, 'API_KEYS');
    apiKeys.push(...r.entries);
    problems.push(...r.problems);
  }
  const file = set('API_KEYS_FILE');
  if (file) {
    try {
      const r = parseApiKeys(readFileSync(file, 'utf8'), 'API_KEYS_FILE');
      apiKeys.push(...r.entries);
      problems.push(...r.problems);
      if (r.entries.length === 0 && r.problems.length === 0) problems.push(`API_KEYS_FILE: ${file} indeholder ingen nøgler`);
    } catch (err) {
      problems.push(`API_KEYS_FILE: ${file} kan ikke læses (${(err as NodeJS.ErrnoException).code ?? 'fejl'})`);
    }
  }
  problems.push(...duplicateApiKeyProblems(apiKeys));

  let oidc: OidcSettings | undefined;
  // PUBLIC_URL serves the login and the follow-up reminders' links: checked once, with the login's settings when they are given.
  let publicUrl: string | undefined;
  if (['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'].some(set)) {
    const missing = OIDC_SETTINGS.filter((k) => !set(k));
    for (const k of missing) problems.push(`${k}: mangler; login med OpenID Connect kræver ${OIDC_SETTINGS.join(', ')}`);
    const issuer = set('OIDC_ISSUER') && checkUrl('OIDC_ISSUER', set('OIDC_ISSUER')!, problems, false);
    publicUrl = set('PUBLIC_URL') && checkUrl('PUBLIC_URL', set('PUBLIC_URL')!, problems, true);
    const sessionSecret = set('SESSION_SECRET');
    if (sessionSecret && sessionSecret.length < 32) problems.push('SESSION_SECRET: skal være mindst 32 tegn (fx openssl rand -base64 32)');
    if (issuer && publicUrl && sessionSecret && sessionSecret.length >= 32 && missing.length === 0) {
      oidc = { issuer, clientId: set('OIDC_CLIENT_ID')!, clientSecret: set('OIDC_CLIENT_SECRET')!, publicUrl, sessionSecret };
    }
  } else if (set('PUBLIC_URL')) {
    publicUrl = checkUrl('PUBLIC_URL', set('PUBLIC_URL')!, problems, true);
  }

  // Settings given but wrong are reported above; with none at all the service would be open.
  const attempted = inline || file || ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'].some(set);
  if (!attempted) {
    const host = env.HOST?.trim() || '127.0.0.1';
    if (env.NODE_ENV?.trim() === 'production') problems.push(`NODE_ENV=production kræver godkendelse: ${AUTH_SETTINGS_HINT}`);
    else if (!isLoopback(host)) problems.push(`HOST=${host} kan nås fra andre maskiner og kræver godkendelse: ${AUTH_SETTINGS_HINT}. Uden godkendelse kører tjenesten kun på 127.0.0.1`);
  }
  return { apiKeys, oidc, publicUrl, trustProxy: trustProxySetting(set('TRUST_PROXY'), problems) };
}

function trustProxySetting(value: string | undefined, problems: string[]): false | number | string[] {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  // `true` would believe any client's X-Forwarded-For, and so its claimed address for the rate limit.
  if (value === 'true') {
    problems.push('TRUST_PROXY: angiv antallet af proxyer foran tjenesten (fx 1) eller deres adresser, ikke true');
    return false;
  }
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(i));
  if (bad.length) problems.push(`TRUST_PROXY: ukendt værdi ${bad.join(', ')}; brug et antal, adresser (fx 10.0.0.5 eller 10.0.0.0/8) eller loopback`);
  return items;
}
