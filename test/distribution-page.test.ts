/**
 * What the coordinator's pages say while a distribution is still sending, in real Chromium
 * against the real service, which sends over a real SMTP server with STARTTLS on loopback.
 * One recipient's first attempt is refused for now (451), so the send request answers 202;
 * the test holds the retry at the SMTP server until it has seen the page say the sending goes
 * on (and never that it is sent), then lets the retry be accepted, or refused for good (550),
 * and the page must end with the truth: all sent, or who did not get it and what to do.
 */
import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from './helpers/app.js';
import { answerTo, conversionBudgetMs, DESKTOP, flowBudgetMs, openAt, pageProblems, PHONE, SEND_BUDGET_MS, SEND_REQUEST } from './helpers/page-checks.js';
import { fillInvitation, startPagesService, type PagesService } from './helpers/pages-service.js';
import { startSmtpTestServer, type SmtpReply, type SmtpTestServer } from './helpers/smtp.js';
import { containsCprLike } from '../src/shared/redact.js';

const conversion = testConfig().conversion;
/** Peter Holm: a participant of the plan (fixtures/bilag2.json) and the invitation's invitee. */
const PETER = 'peter.holm@psykiatri.example.dk';
const TRY_LATER: SmtpReply = { code: 451, message: '4.3.0 Try again later' };
const NO_SUCH_USER: SmtpReply = { code: 550, message: '5.1.1 No such user' };

/** What the SMTP server does with attempt `n` at Peter's address: a reply refuses it, `hold` waits for the test's word. */
type Script = (attempt: number) => SmtpReply | 'hold' | undefined;

describe('the pages follow a distribution that is still sending', () => {
  let smtp: SmtpTestServer;
  let service: PagesService;
  let script: Script = () => undefined;
  let attempts = 0;
  /** Called by the test once it has seen what it waits for, with the held attempts' reply (none: accepted). */
  let release: (reply?: SmtpReply) => void = () => undefined;
  let released = Promise.resolve<SmtpReply | undefined>(undefined);
  const closes: (() => Promise<void>)[] = [];

  const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));

  beforeAll(async () => {
    smtp = await startSmtpTestServer({
      tls: 'starttls',
      beforeAccept: async (mail) => {
        if (!recipients(mail).includes(PETER)) return undefined;
        const outcome = script(++attempts);
        return outcome === 'hold' ? released : outcome;
      },
    });
    // Retries after 200 ms, 400 ms …: short, so that the test waits on the SMTP server's gate, not on the backoff.
    service = await startPagesService('distribution-page-', {
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_CA_FILE: smtp.caFile,
      DISTRIBUTION_RETRY_BASE_MS: '200',
    });
  });

  afterEach(async () => {
    release();
    for (const close of closes.splice(0)) await close();
  });

  afterAll(async () => {
    await service?.close();
    await smtp?.close();
  });

  /** Peter's attempts follow `next`; a held one waits until the test calls `release`. The messages so far are forgotten. */
  function scriptPeter(next: Script) {
    attempts = 0;
    smtp.messages.length = 0;
    script = next;
    released = new Promise((resolve) => (release = resolve));
  }

  async function open(route: string, screen = DESKTOP) {
    const opened = await openAt(service.browser, service.url + route, screen);
    closes.push(opened.close);
    // Every text the live region has shown, in order, to prove what it never said.
    await opened.page.evaluate(() => {
      const region = document.getElementById('result')!;
      const said: string[] = ((window as unknown as { said: string[] }).said = []);
      new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
    });
    return opened;
  }

  /**
   * Prepares the distribution with the page's `button` (a request to `path` that makes
   * `conversions` conversions), sends it, and waits for the page to say it is still sending.
   */
  async function prepareAndSend(page: Page, prepare: { button: string; path: string; conversions: number }) {
    const prepared = await answerTo(page, { method: 'POST', path: prepare.path }, () => page.click(prepare.button), conversionBudgetMs(conversion, prepare.conversions));
    expect(prepared.status(), await prepared.text()).toBe(201);
    await page.locator('#manifest-card').waitFor({ state: 'visible' });
    const sent = await answerTo(page, SEND_REQUEST, () => page.click('#send'), SEND_BUDGET_MS);
    expect(sent.status(), await sent.text()).toBe(202);
    await page.locator('#result #sending').waitFor();
  }

  const said = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said);
  const rowStates = (page: Page) => page.locator('#manifest tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('td')?.firstChild?.textContent, r.getAttribute('data-state')]));
  const peterState = async (page: Page) => (await rowStates(page)).find(([name]) => name === 'Peter Holm')?.[1];

  it('sends with keys the service accepts: never one that looks like a CPR number', async () => {
    const { page } = await open('/udsendelse');
    // The page's own key maker, as its send button uses it (a UUID looked like one about once in ninety).
    // As a string: the test runner would rewrite an import() in a function.
    const keys = (await page.evaluate(`import('/static/distribution.js').then(({ newSendKey }) => Array.from({ length: 20000 }, () => newSendKey()))`)) as string[];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => !/^[\x21-\x7e]{1,200}$/.test(k) || containsCprLike(k))).toEqual([]);
  });

  it('says on the plan page that the sending goes on and who waits, and that the plan is sent only once the retry has delivered it', async () => {
    scriptPeter((n) => (n === 1 ? TRY_LATER : 'hold'));
    const { page, errors } = await open('/udsendelse');
    expect(await page.locator('#result').getAttribute('aria-live')).toBe('polite');
    await page.setInputFiles('#file', service.forms.filled);
    await prepareAndSend(page, { button: '#prepare', path: '/api/distributions', conversions: 2 });
    const progress = await page.locator('#result').innerText();
    expect(progress).toMatch(/Afsendelsen er i gang, men ikke færdig: 1 af \d+ modtagere venter stadig/);
    expect(progress).toContain('Peter Holm (Sikker e-mail)');
    expect(['pending', 'sending']).toContain(await peterState(page));
    const problems = await pageProblems(page, 'plan-sending', { focus: true });

    // Peter's retry is held at the SMTP server: nothing may say the plan is sent.
    expect(smtp.messages.some((m) => recipients(m).includes(PETER))).toBe(false);
    const before = await said(page);
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((text) => /sendt/i.test(text))).toEqual([]);

    release();
    await page.locator('#result #sent').waitFor();
    expect(smtp.messages.some((m) => recipients(m).includes(PETER))).toBe(true);
    const states = await rowStates(page);
    expect(await peterState(page)).toBe('sent');
    // Bilag 2's six recipients all have a channel that works here: every one is sent.
    expect(states.map(([, s]) => s)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect(await page.locator('#result p').first().innerText()).toBe('Planen er sendt til alle 6 modtagere.');
    // The page stops following once all has finished: no more looks at the distribution.
    let looks = 0;
    page.on('request', (r) => {
      if (r.method() === 'GET' && /^\/api\/distributions\/[^/]+$/.test(new URL(r.url()).pathname)) looks += 1;
    });
    await page.waitForTimeout(3_000); // longer than the shortest wait between two looks (2 s)
    expect(looks).toBe(0);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    problems.push(...(await pageProblems(page, 'plan-sent')));
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 10, conversions: [2], sends: 1 }));

  it('says on the invitation page, on a phone, who did not get it when the retry is refused for good, and what to do', async () => {
    scriptPeter((n) => (n === 1 ? TRY_LATER : 'hold'));
    const { page, errors } = await open('/invitation', PHONE);
    await fillInvitation(page);
    await prepareAndSend(page, { button: '#prepare-send', path: '/api/invitations/distributions', conversions: 1 });
    expect(await page.locator('#result').innerText()).toContain('Afsendelsen er i gang, men ikke færdig: modtageren venter stadig.');
    expect(await page.locator('#result').innerText()).toContain('Peter Holm (Sikker e-mail)');
    const problems = await pageProblems(page, 'invitation-sending');
    expect((await said(page)).filter((text) => /sendt/i.test(text))).toEqual([]);

    // The retry is refused for good.
    release(NO_SUCH_USER);
    await page.locator('#result #send-failed').waitFor();
    const outcome = await page.locator('#result').innerText();
    expect(outcome).toContain('Invitationen kunne ikke sendes til modtageren:');
    expect(outcome).toContain('Peter Holm (Sikker e-mail)');
    expect(outcome).toContain('Giv vedkommende invitationen på anden sikker måde');
    expect(await peterState(page)).toBe('failed');
    expect(await page.locator('#manifest tbody tr[data-state="failed"] td.state-failed').innerText()).toContain('Intet er sendt til denne modtager');
    expect(smtp.messages.some((m) => recipients(m).includes(PETER))).toBe(false);
    expect((await said(page)).some((text) => /Invitationen er sendt/.test(text))).toBe(false);
    problems.push(...(await pageProblems(page, 'invitation-failed')));
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 10, conversions: [1], sends: 1 }));
});
