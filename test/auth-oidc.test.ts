/**
 * Logging in as a person, end to end: a real OpenID Connect provider (oidc-provider) on
 * loopback, the service with its real SQLite file and LibreOffice, and Chromium clicking
 * through the provider's pages. Log in, upload a plan, log out, be refused; a tampered or
 * expired session is refused; a person without a role is not let in.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, testConfig } from './helpers/app.js';
import { launchChromium } from './helpers/browser.js';
import { answerTo, BROWSER_STEP_MS, conversionBudgetMs, flowBudgetMs } from './helpers/page-checks.js';
import { binaryParser } from './helpers/binary.js';
import { pdfText, squash } from './helpers/pdf.js';
import { startOidcProvider, type TestProvider } from './helpers/oidc-provider.js';
import { hashApiKey } from '../src/auth/api-keys.js';
import { SESSION_COOKIE } from '../src/auth/cookies.js';

const bilag2 = JSON.parse(readFileSync(path.resolve('fixtures/bilag2.json'), 'utf8'));
const KEY = randomBytes(32).toString('base64url');
/** The conversion bounds the test app runs with: what a step that converts may take. */
const conversion = testConfig().conversion;

const ACCOUNTS = {
  akoo: { name: 'Anne Koordinator', roles: ['coordinator'], organisation: 'Roskilde Kommune' },
  rref: { name: 'Rie Referent', roles: ['referent'], organisation: 'Roskilde Kommune' },
  ingen: { name: 'Ingen Rolle', roles: [] },
};

let clock = Date.now();
let server: http.Server;
let appUrl: string;
let provider: TestProvider;
let t: Awaited<ReturnType<typeof createTestApp>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let dataDir: string;
let filledForm: string;

beforeAll(async () => {
  // The service's address must be known before its configuration (the redirect URI derives from it).
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = await startOidcProvider(appUrl, ACCOUNTS);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'auth-oidc-'));
  t = await createTestApp(
    { now: () => new Date(clock) },
    {
      DATA_DIR: dataDir,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      PUBLIC_URL: appUrl,
      SESSION_SECRET: randomBytes(32).toString('base64'),
      API_KEYS: `test=${hashApiKey(KEY)}:referent`,
    },
  );
  server.on('request', t.app);
  chromium = await launchChromium();
  browser = chromium.browser;
  const form = await request(t.app).post('/api/plans/form').set('Authorization', `Bearer ${KEY}`).send(bilag2).buffer(true).parse(binaryParser);
  expect(form.status).toBe(200);
  filledForm = path.join(dataDir, 'plan.docx');
  writeFileSync(filledForm, form.body as Buffer);
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((r) => server?.close(r));
  await provider?.close();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'da-DK' });
  context.setDefaultTimeout(BROWSER_STEP_MS);
  // The provider's own pages ask for web fonts; nothing leaves the machine.
  await context.route(/^https:/, (route) => route.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Opens a page of the service, and logs in at the provider as `user` on the way. */
async function logIn(page: Page, route: string, user: keyof typeof ACCOUNTS) {
  await page.goto(appUrl + route);
  expect(page.url().startsWith(provider.issuer)).toBe(true);
  await page.fill('input[name="login"]', user);
  await page.fill('input[name="password"]', 'hvadsomhelst');
  await page.click('button[type="submit"]');
  // The provider asks once for consent to share the profile with the service.
  await page.locator('button[type="submit"]').click();
}

/** Every address the browser went through to open `route`, first to last. */
async function redirectsOf(page: Page, route: string): Promise<string[]> {
  const res = await page.goto(appUrl + route);
  const chain: string[] = [];
  for (let r = res?.request() ?? null; r; r = r.redirectedFrom()) chain.unshift(r.url());
  return chain;
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies(appUrl)).find((c) => c.name === SESSION_COOKIE);

describe('login through OpenID Connect in Chromium', () => {
  it('logs a referent in, lets her upload a plan and get its PDF, and logs her out for good', async () => {
    const { context, page, errors } = await newPage();
    await logIn(page, '/referent', 'rref');
    await page.waitForURL(`${appUrl}/referent`);
    // The cookie as the browser keeps it: Secure holds on http://127.0.0.1 (a secure origin to Chromium).
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(await page.locator('#who-name').innerText()).toBe('Rie Referent (rref)');
    expect(await page.locator('#dev-banner').count()).toBe(0);

    await page.setInputFiles('#file', filledForm);
    await page.click('#check');
    await page.locator('#result .ok').waitFor();
    expect(await page.locator('#read-name').innerText()).toBe(bilag2.citizen.name);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: conversionBudgetMs(conversion, 1) }), page.click('#pdf')]);
    expect(squash(pdfText(readFileSync((await download.path())!)))).toContain(bilag2.citizen.name);

    // Log out: the session ends on the server, then at the provider.
    await page.click('#logout');
    await page.locator('#op-logout').click();
    await page.waitForURL(`${appUrl}/auth/logged-out`);
    expect(await page.locator('#logged-out').innerText()).toBe('Du er logget ud');
    expect(await sessionCookie(context)).toBeUndefined();
    // The old cookie opens nothing, even if someone kept it.
    const replay = await request(t.app).get('/auth/session').set('Cookie', `${SESSION_COOKIE}=${cookie!.value}`);
    expect(replay.status).toBe(401);
    const upload = await request(t.app).post('/api/plans/upload').set('Cookie', `${SESSION_COOKIE}=${cookie!.value}`).attach('file', filledForm);
    expect(upload.status).toBe(401);
    // And the page sends the browser to login again, where the provider asks for the password.
    await page.goto(`${appUrl}/referent`);
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await page.locator('input[name="login"]').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, flowBudgetMs(conversion, { steps: 20, conversions: [1] }));

  it('records the person from the ID token as the actor, and gives a coordinator the distribution page', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/udsendelse', 'akoo');
    await page.waitForURL(`${appUrl}/udsendelse`);
    expect(await page.locator('#who-name').innerText()).toBe('Anne Koordinator (akoo)');
    // The page prepares a distribution (POST, with the CSRF token) from the uploaded plan.
    await page.setInputFiles('#file', filledForm);
    const prepared = await answerTo(page, { method: 'POST', path: '/api/distributions' }, () => page.click('#prepare'), conversionBudgetMs(conversion, 1));
    expect(prepared.status(), await prepared.text()).toBe(201);
    await page.locator('#manifest-card').waitFor({ state: 'visible' });
    const audit = (await t.distributions.stores.audit.list()).filter((a) => a.action === 'distribution-prepared');
    expect(audit.at(-1)?.actor).toBe('Anne Koordinator (akoo)');
    await context.close();
  }, flowBudgetMs(conversion, { steps: 10, conversions: [1] }));

  it('refuses a tampered session and an expired one: back to login', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/referent', 'rref');
    await page.waitForURL(`${appUrl}/referent`);
    const first = (await sessionCookie(context))!;
    const tampered = first.value.slice(0, -2) + (first.value.endsWith('AA') ? 'BB' : 'AA');
    await context.addCookies([{ ...first, value: tampered }]);
    expect((await page.goto(`${appUrl}/auth/session`))?.status()).toBe(401);
    // The page goes by login; the provider still knows her, so it sends her straight back with a new session.
    expect(await redirectsOf(page, '/referent')).toContain(`${appUrl}/auth/login?returnTo=%2Freferent`);
    const second = (await sessionCookie(context))!;
    expect(second.value).not.toBe(tampered);
    expect((await page.goto(`${appUrl}/auth/session`))?.status()).toBe(200);

    clock += 31 * 60_000;
    try {
      expect((await page.goto(`${appUrl}/auth/session`))?.status()).toBe(401);
      expect(await redirectsOf(page, '/referent')).toContain(`${appUrl}/auth/login?returnTo=%2Freferent`);
      // Expired means gone from the store: the cookie opens nothing any more.
      expect((await request(t.app).get('/auth/session').set('Cookie', `${SESSION_COOKIE}=${second.value}`)).status).toBe(401);
      expect((await request(t.app).get('/auth/session').set('Cookie', `${SESSION_COOKIE}=${first.value}`)).status).toBe(401);
    } finally {
      clock -= 31 * 60_000;
    }
    await context.close();
  });

  it('does not let in a person whose token grants no role', async () => {
    const { context, page } = await newPage();
    await logIn(page, '/referent', 'ingen');
    await page.waitForURL(/\/auth\/callback/);
    expect(await page.locator('body').innerText()).toContain('Din bruger har ingen rolle i indsatsplan');
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });
});
