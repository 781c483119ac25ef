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

  it('reads SMTP settings and refuses half of them', () => {
    const c = loadConfig({ SMTP_HOST: 'mail.example.dk', SMTP_PORT: '465', SMTP_SECURE: 'true' });
    expect(c.mail.smtp).toMatchObject({ host: 'mail.example.dk', port: 465, secure: true });
    expect(() => loadConfig({ SMTP_USER: 'u' })).toThrow(ConfigError);
  });
});
