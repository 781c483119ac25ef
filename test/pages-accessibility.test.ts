/**
 * Every page but the referent's (test/referent-*.test.ts has its own), in each state a
 * coordinator meets it in, at a desktop width and on a 375 px phone, in real Chromium against
 * the real service: axe-core finds no WCAG 2.1 A/AA violation, nothing scrolls sideways, and
 * every control reached with Tab shows a focus ring one can see. And the invitation's errors
 * as a screen-reader user meets them: a summary that takes focus and links to the fields,
 * each field marked and described by its message, in the words of its own label.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from './helpers/app.js';
import { answerTo, conversionBudgetMs, DESKTOP, flowBudgetMs, openAt, pageProblems, SCREENS, SEND_BUDGET_MS, SEND_REQUEST, type Screen } from './helpers/page-checks.js';
import { fillInvitation, seedFollowUp, startPagesService, type PagesService } from './helpers/pages-service.js';

const conversion = testConfig().conversion;
/** Each state costs a few steps: getting there, axe, and (on states marked so) a round of Tab. */
const STEPS_PER_STATE = 4;

describe('the pages in each state, at desktop width and on a 375 px phone', () => {
  let service: PagesService;

  beforeAll(async () => {
    service = await startPagesService('pages-a11y-');
  });

  afterAll(async () => {
    await service?.close();
  });

  /** Opens `route` at the screen's size; `check(state)` collects the page's problems in that state. */
  async function visit(route: string, screen: Screen) {
    const opened = await openAt(service.browser, service.url + route, screen);
    const problems: string[] = [];
    /** The page's problems in `state`; with `focus`, a round of Tab on the desktop looks at every focus ring too. */
    const check = async (state: string, options: { focus?: boolean } = {}) => {
      // The overflow check compares with the window: a window wider than the screen would hide it.
      expect(await opened.page.evaluate(() => window.innerWidth)).toBe(screen.width);
      problems.push(...(await pageProblems(opened.page, `${screen.name} ${state}`, { focus: options.focus === true && screen === DESKTOP })));
    };
    return { ...opened, problems, check };
  }

  /**
   * Prepares the distribution with the page's `button` (a request to `path` that makes
   * `conversions` conversions) and sends it, checking the page after each.
   */
  async function prepareAndSend(v: Awaited<ReturnType<typeof visit>>, name: string, prepare: { button: string; path: string; conversions: number }) {
    const { page } = v;
    const prepared = await answerTo(page, { method: 'POST', path: prepare.path }, () => page.click(prepare.button), conversionBudgetMs(conversion, prepare.conversions));
    expect(prepared.status(), await prepared.text()).toBe(201);
    await page.locator('#manifest-card').waitFor({ state: 'visible' });
    await v.check(`${name}-prepared`, { focus: true });

    const sent = await answerTo(page, SEND_REQUEST, () => page.click('#send'), SEND_BUDGET_MS);
    expect(sent.status(), await sent.text()).toBe(200);
    await page.locator('#sent').waitFor();
    await v.check(`${name}-sent`);
  }

  it('the start page and the page after logout', async () => {
    const problems: string[] = [];
    for (const screen of SCREENS) {
      for (const [route, state] of [['/', 'start'], ['/auth/logged-out', 'logged-out']] as const) {
        const v = await visit(route, screen);
        if (route === '/') await v.page.locator('#dev-banner').waitFor();
        await v.check(state, { focus: true });
        problems.push(...v.problems, ...v.errors);
        await v.close();
      }
    }
    expect(problems).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 4 * STEPS_PER_STATE }));

  it('the follow-up overview, empty and with follow-ups', async () => {
    const problems: string[] = [];
    for (const screen of SCREENS) {
      const v = await visit('/opfoelgning', screen);
      await v.page.locator('#empty').waitFor();
      await v.check('follow-ups-empty');
      problems.push(...v.problems, ...v.errors);
      await v.close();
    }
    // Two sent plans' follow-ups, one overdue.
    await seedFollowUp(service.t, 'Jens Peter Nielsen', { meeting: -150, followUp: 10 });
    await seedFollowUp(service.t, 'Karin Holm', { meeting: -190, followUp: -3 });
    for (const screen of SCREENS) {
      const v = await visit('/opfoelgning', screen);
      await v.page.locator('#follow-ups tbody tr').first().waitFor();
      await v.check('follow-ups', { focus: true });
      // The invitation it opens, filled in for the follow-up meeting.
      await answerTo(v.page, { method: 'GET', path: /^\/api\/follow-ups\/.+/ }, () => v.page.locator('#follow-ups button.invite').first().click());
      await v.page.locator('#follow-up-note').waitFor();
      await v.check('invitation-follow-up', { focus: true });
      problems.push(...v.problems, ...v.errors);
      await v.close();
    }
    expect(problems).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 8 * STEPS_PER_STATE }));

  it('names the invitation\'s errors where a screen-reader user and everyone else meets them, and takes each away once it is fixed', async () => {
    const v = await visit('/invitation', DESKTOP);
    const { page } = v;
    const validate = { method: 'POST', path: '/api/invitations/validate' };
    // Everything right but the coordinator's e-mail and the second invitee's; the first invitee row left empty.
    await fillInvitation(page);
    await page.locator('.invitee').first().locator('input').evaluateAll((inputs) => inputs.forEach((i) => ((i as HTMLInputElement).value = '')));
    await page.click('#add-invitee');
    const second = page.locator('.invitee').nth(1);
    await second.locator('[data-field="name"]').fill('Lise Madsen');
    await second.locator('[data-field="email"]').fill('lise.madsen@');
    await page.fill('#coordEmail', 'anne.andersen@');
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));

    await answerTo(page, validate, () => page.click('button[data-format="pdf"]'));
    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    // The summary comes first, above the form, and has the focus, so it is read out at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    const [summaryBox, formBox] = [await summary.boundingBox(), await page.locator('#invitation-form').boundingBox()];
    expect(summaryBox!.y).toBeLessThan(formBox!.y);
    expect(await summary.getAttribute('aria-labelledby')).toBe('error-summary-title');
    expect(await page.locator('#error-summary-title').innerText()).toBe('Ret 2 fejl, før invitationen kan laves');
    // The empty row is gone, so the invitee with the error is number 1, as the service counts.
    expect(await page.locator('.invitee legend').allInnerTexts()).toEqual(['Inviteret 1']);

    // Each error: a link in the summary, in the words of the field's own label, to the field …
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    const inviteeEmail = await page.locator('.invitee [data-field="email"]').getAttribute('id');
    expect(links).toEqual([
      ['#coordEmail', 'Sikker e-mail (Koordinator): Koordinatorens e-mailadresse er ikke gyldig.'],
      [`#${inviteeEmail}`, 'Sikker e-mail (Inviteret 1): E-mailadressen for inviteret nr. 1 er ikke gyldig.'],
    ]);
    // … marked invalid and described by its message, which stands by the field and begins with its label.
    for (const id of ['coordEmail', inviteeEmail!]) {
      const field = page.locator(`#${id}`);
      expect(await field.getAttribute('aria-invalid'), id).toBe('true');
      const message = page.locator(`#${await field.getAttribute('aria-describedby')}`);
      expect(await message.innerText(), id).toMatch(/^Sikker e-mail: .+ ikke gyldig\.$/);
      expect(await message.evaluate((m, fieldId) => m.nextElementSibling?.id === fieldId, id), id).toBe(true);
    }
    // Only those two.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(2);
    expect(await page.locator('.field-error').count()).toBe(2);

    // The link takes the keyboard to the field.
    await summary.locator('a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('coordEmail');

    // Fixed, the error goes (when the field is left), and the other stays until it is fixed too.
    await page.fill('#coordEmail', 'anne.andersen@misbrugscenter.example.dk');
    await answerTo(page, validate, () => page.locator('#coordEmail').blur());
    await expect.poll(() => page.locator('#coordEmail').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#coordEmail').getAttribute('aria-describedby')).toBeNull();
    expect(await page.locator('#coordEmail-error').count()).toBe(0);
    expect(await summary.locator('a').count()).toBe(1);
    expect(await page.locator(`#${inviteeEmail}`).getAttribute('aria-invalid')).toBe('true');

    await page.fill(`#${inviteeEmail}`, 'lise.madsen@kommune.example.dk');
    await answerTo(page, validate, () => page.locator(`#${inviteeEmail}`).blur());
    await summary.waitFor({ state: 'hidden' });
    expect(await page.locator('[aria-invalid], .field-error').count()).toBe(0);
    expect(await page.locator('#result').innerText()).toContain('Invitationen er klar');
    expect(downloads).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.close();
  }, flowBudgetMs(conversion, { steps: 12 }));

  for (const screen of SCREENS) {
    it(`the invitation at ${screen.name} width: empty, with errors, filled, prepared, sent`, async () => {
      const v = await visit('/invitation', screen);
      const { page } = v;
      await v.check('invitation-empty');

      const validate = { method: 'POST', path: '/api/invitations/validate' };
      await answerTo(page, validate, () => page.click('button[data-format="pdf"]'));
      await page.locator('#error-summary').waitFor({ state: 'visible' });
      await v.check('invitation-errors', { focus: true });

      await fillInvitation(page);
      await v.check('invitation-filled');

      await prepareAndSend(v, 'invitation', { button: '#prepare-send', path: '/api/invitations/distributions', conversions: 1 });

      expect([...v.problems, ...v.errors]).toEqual([]);
      await v.close();
    }, flowBudgetMs(conversion, { steps: 5 * STEPS_PER_STATE, conversions: [1], sends: 1 }));

    it(`the distribution page at ${screen.name} width: empty, with errors, filled, prepared, sent`, async () => {
      const v = await visit('/udsendelse', screen);
      const { page } = v;
      await v.check('distribution-empty');

      // A plan the citizen has not approved: what is wrong, and nothing is prepared.
      await page.setInputFiles('#file', service.forms.unapproved);
      await answerTo(page, { method: 'POST', path: '/api/plans/upload' }, () => page.click('#prepare'));
      await page.locator('#result .errors').waitFor();
      // Each problem once, in the service's words, which name the field: no label said twice.
      const shown = await page.locator('#result .errors li').allInnerTexts();
      expect(shown.length).toBeGreaterThan(0);
      for (const text of shown) expect(text).not.toMatch(/^([^:»]+): »\1«/);
      await v.check('distribution-errors', { focus: true });

      await page.setInputFiles('#file', service.forms.filled);
      await page.fill('#gpName', 'Lægerne i Byen');
      await page.fill('#gpClinic', 'Lægehuset ved Torvet');
      await page.fill('#gpAddress', 'Lægerne i Byen\nTorvet 1\n4000 Roskilde');
      await v.check('distribution-filled');

      // The plan's PDF and the GP's letter: two conversions.
      await prepareAndSend(v, 'distribution', { button: '#prepare', path: '/api/distributions', conversions: 2 });

      expect([...v.problems, ...v.errors]).toEqual([]);
      await v.close();
    }, flowBudgetMs(conversion, { steps: 5 * STEPS_PER_STATE, conversions: [2], sends: 1 }));
  }
});
