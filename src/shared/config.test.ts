import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('works with no environment at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.mail.smtp).toBeUndefined();
    expect(c.conversion.workers).toBeGreaterThanOrEqual(1);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', CONVERTER: 'magic', LOG_LEVEL: 'loud', DIGITAL_POST_SENDER_CVR: '12' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'CONVERTER', 'LOG_LEVEL', 'DIGITAL_POST_SENDER_CVR']) expect(problems).toContain(key);
      expect(problems).not.toMatch(/Invalid|expected|received/);
    }
  });

  it('reports settings that belong together with the rest, in Danish', () => {
    try {
      loadConfig({ PORT: 'abc', SMTP_USER: 'u' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT: Ugyldigt input/);
      expect(problems.slice(1)).toEqual(['SMTP_PASS: mangler, når SMTP_USER er sat', 'SMTP_HOST: mangler, når andre SMTP-indstillinger er sat']);
    }
  });

  it('reads how long an unsent distribution is kept, in hours', () => {
    expect(loadConfig({}).distribution.unsentTtlMs).toBe(72 * 3_600_000);
    expect(loadConfig({ DISTRIBUTION_UNSENT_TTL_HOURS: '24' }).distribution.unsentTtlMs).toBe(24 * 3_600_000);
    expect(() => loadConfig({ DISTRIBUTION_UNSENT_TTL_HOURS: '0' })).toThrow(ConfigError);
  });

  it('keeps state in SQLite in DATA_DIR unless DATABASE_URL names a PostgreSQL database; refuses other databases in Danish, never repeating the password', () => {
    const local = loadConfig({ DATA_DIR: '/srv/indsatsplan' });
    expect(local).toMatchObject({ databaseUrl: undefined, databaseFile: '/srv/indsatsplan/indsatsplan.db' });
    for (const url of ['postgres://app:hemmelig@db.kommune.dk:5432/indsatsplan', 'postgresql://app@10.0.0.5/indsatsplan?sslmode=verify-full']) {
      expect(loadConfig({ DATABASE_URL: url, FOLLOW_UP_MATCH_SECRET: 's'.repeat(32) }).databaseUrl).toBe(url);
    }
    for (const url of ['mysql://app:hemmelig@db.kommune.dk/indsatsplan', 'sqlite:///srv/indsatsplan.db', 'db.kommune.dk/indsatsplan']) {
      try {
        loadConfig({ DATABASE_URL: url });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        const [problem] = (err as ConfigError).problems;
        expect(problem).toMatch(/^DATABASE_URL: (skal begynde med postgres:\/\/ eller postgresql:\/\/|er ikke en gyldig adresse)/);
        expect(problem).not.toContain('hemmelig');
      }
    }
  });

  it('puts the outbox folders under OUTBOX_DIR, by default DATA_DIR/outbox', () => {
    expect(loadConfig({ DATA_DIR: '/srv/data' })).toMatchObject({
      mail: { outboxDir: '/srv/data/outbox/mail' },
      digitalPost: { outboxDir: '/srv/data/outbox/digital-post' },
      print: { outboxDir: '/srv/data/outbox/print' },
    });
    expect(loadConfig({ DATA_DIR: '/srv/data', OUTBOX_DIR: '/mnt/shared/outbox' })).toMatchObject({
      mail: { outboxDir: '/mnt/shared/outbox/mail' },
      digitalPost: { outboxDir: '/mnt/shared/outbox/digital-post' },
      print: { outboxDir: '/mnt/shared/outbox/print' },
    });
  });

  it('reads the claim lease and the sweep interval of the sender', () => {
    expect(loadConfig({}).distribution).toMatchObject({ claimLeaseMs: 600_000, sweepSeconds: 30 });
    expect(loadConfig({ DISTRIBUTION_CLAIM_LEASE_MS: '3000', DISTRIBUTION_SWEEP_SECONDS: '1' }).distribution).toMatchObject({ claimLeaseMs: 3000, sweepSeconds: 1 });
    expect(() => loadConfig({ DISTRIBUTION_CLAIM_LEASE_MS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ DISTRIBUTION_SWEEP_SECONDS: '60' })).toThrow(ConfigError);
  });

  it('reads SMTP settings and refuses half of them', () => {
    const c = loadConfig({ SMTP_HOST: 'mail.example.dk', SMTP_PORT: '465', SMTP_SECURE: 'true' });
    expect(c.mail.smtp).toMatchObject({ host: 'mail.example.dk', port: 465, secure: true });
    expect(() => loadConfig({ SMTP_USER: 'u' })).toThrow(ConfigError);
  });

  it('runs without authentication only on loopback and outside production: development mode', () => {
    expect(loadConfig({}).auth.development).toBe(true);
    expect(loadConfig({ HOST: 'localhost' }).auth.development).toBe(true);
    for (const env of [{ HOST: '0.0.0.0' }, { NODE_ENV: 'production' }, { HOST: '::', NODE_ENV: 'production' }]) {
      try {
        loadConfig(env);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        const message = (err as ConfigError).message;
        for (const setting of ['API_KEYS', 'API_KEYS_FILE', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL', 'SESSION_SECRET']) expect(message).toContain(setting);
        expect(message).toMatch(/kræver godkendelse/);
      }
    }
  });

  it('reads the authentication settings, and names the ones that are missing or wrong', () => {
    const key = 'a'.repeat(64);
    const c = loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'production', API_KEYS: `sbsys=${key}`, TRUST_PROXY: '1', METRICS_PUBLIC: 'true' });
    expect(c.auth).toMatchObject({ development: false, apiKeys: [{ name: 'sbsys', roles: ['system'] }], oidc: undefined, trustProxy: 1, metricsPublic: true });
    const oidc = { OIDC_ISSUER: 'https://login.example.dk/realms/k', OIDC_CLIENT_ID: 'indsatsplan', OIDC_CLIENT_SECRET: 's', PUBLIC_URL: 'https://indsatsplan.example.dk/', SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig(oidc).auth.oidc).toMatchObject({ issuer: 'https://login.example.dk/realms/k', publicUrl: 'https://indsatsplan.example.dk', rolesClaim: 'roles' });
    try {
      loadConfig({ OIDC_ISSUER: 'http://login.example.dk', OIDC_CLIENT_ID: 'x', PUBLIC_URL: 'https://indsatsplan.example.dk/sti', SESSION_SECRET: 'kort', TRUST_PROXY: 'true' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'OIDC_CLIENT_SECRET: mangler; login med OpenID Connect kræver OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL, SESSION_SECRET',
        'OIDC_ISSUER: skal begynde med https:// (http:// kun til 127.0.0.1 eller localhost)',
        'PUBLIC_URL: skal være tjenestens adresse uden sti, fx https://indsatsplan.kommune.dk',
        'SESSION_SECRET: skal være mindst 32 tegn (fx openssl rand -base64 32)',
        'TRUST_PROXY: angiv antallet af proxyer foran tjenesten (fx 1) eller deres adresser, ikke true',
      ]);
    }
    expect(() => loadConfig({ API_KEYS_FILE: '/findes/ikke' })).toThrow(/API_KEYS_FILE: \/findes\/ikke kan ikke læses \(ENOENT\)/);
  });

  it('reads the follow-up reminders’ days and the address their links start with', () => {
    expect(loadConfig({}).followUp).toEqual({ reminderDays: 21, publicUrl: 'http://127.0.0.1:3000', publicUrlConfigured: true });
    // PUBLIC_URL without a login configured still names where people reach the service.
    expect(loadConfig({ FOLLOW_UP_REMINDER_DAYS: '14', PUBLIC_URL: 'https://indsatsplan.kommune.dk/' }).followUp).toEqual({
      reminderDays: 14,
      publicUrl: 'https://indsatsplan.kommune.dk',
      publicUrlConfigured: true,
    });
    // The follow-ups' match key secret; unset (or blank), one generated into DATA_DIR, never the database.
    expect(loadConfig({ FOLLOW_UP_MATCH_SECRET: ` ${'s'.repeat(32)} ` }).followUp.matchSecret).toBe('s'.repeat(32));
    expect(loadConfig({ FOLLOW_UP_MATCH_SECRET: ' ' }).followUp.matchSecret).toBeUndefined();
    const key = 'a'.repeat(64);
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080', API_KEYS: `sbsys=${key}` }).followUp).toMatchObject({ publicUrl: 'http://127.0.0.1:8080', publicUrlConfigured: false });
    for (const [env, problem] of [
      [{ FOLLOW_UP_REMINDER_DAYS: '0' }, /^FOLLOW_UP_REMINDER_DAYS: /],
      [{ FOLLOW_UP_REMINDER_DAYS: '181' }, /^FOLLOW_UP_REMINDER_DAYS: /],
      [{ PUBLIC_URL: 'http://indsatsplan.kommune.dk' }, /^PUBLIC_URL: skal begynde med https:\/\//],
      [{ FOLLOW_UP_MATCH_SECRET: 'kort' }, /^FOLLOW_UP_MATCH_SECRET: skal være mindst 32 tegn/],
      // Replicas on PostgreSQL need one secret, and it may not be kept in the database.
      [{ DATABASE_URL: 'postgres://indsatsplan@db.kommune.dk:5432/indsatsplan' }, /^FOLLOW_UP_MATCH_SECRET: mangler; med DATABASE_URL/],
      [{ DATABASE_URL: 'postgres://indsatsplan@db.kommune.dk:5432/indsatsplan', FOLLOW_UP_MATCH_SECRET: ' ' }, /^FOLLOW_UP_MATCH_SECRET: mangler/],
    ] as const) {
      try {
        loadConfig(env);
        expect.unreachable();
      } catch (err) {
        expect((err as ConfigError).problems, JSON.stringify(env)).toEqual([expect.stringMatching(problem)]);
      }
    }
  });
});
