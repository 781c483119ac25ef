/**
 * The web pages in a real browser (Debian's Chromium through playwright-core) against the
 * real service on loopback: what a referent and a coordinator click, and what they get.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testConfig } from './helpers/app.js';
import { pdfText, squash } from './helpers/pdf.js';
import { answerTo, conversionBudgetMs, DESKTOP, flowBudgetMs, openAt, SEND_BUDGET_MS, SEND_REQUEST } from './helpers/page-checks.js';
import { bilag2, fillInvitation, seedFollowUp, startPagesService, type PagesService } from './helpers/pages-service.js';
import { PAGES } from '../src/web/routes.js';

/** The conversion bounds the test app runs with: what a step that converts may take. */
const conversion = testConfig().conversion;

describe('web pages in Chromium', () => {
  let service: PagesService;
  let t: PagesService['t'];
  let dataDir: string;
  let filledForm: string;
  let unapprovedForm: string;

  beforeAll(async () => {
    service = await startPagesService('web-test-');
    ({ t, dataDir } = service);
    ({ filled: filledForm, unapproved: unapprovedForm } = service.forms);
  });

  afterAll(async () => {
    await service?.close();
  });

  /** Each test's pages, closed after it: no test leaves pages running behind the next. */
  const opened: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((close) => close()));
  });

  async function openPage(route: string): Promise<{ page: Page; errors: string[] }> {
    const { page, errors, close } = await openAt(service.browser, service.url + route, DESKTOP);
    opened.push(close);
    return { page, errors };
  }

  it('shows the start page in Danish with a way to each task', async () => {
    const { page, errors } = await openPage('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await expect(page.title()).resolves.toBe('Koordinerende indsatsplan');
    for (const href of ['/referent', '/invitation', '/udsendelse', '/opfoelgning']) expect(await page.locator(`main a[href="${href}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('says on every page that it runs in development mode, without login', async () => {
    for (const route of Object.keys(PAGES)) {
      const { page, errors } = await openPage(route);
      await page.locator('#dev-banner').waitFor();
      expect(await page.locator('#dev-banner').innerText(), route).toBe('udviklingstilstand, ingen login');
      expect(await page.locator('#logout').count(), route).toBe(0);
      expect(errors, route).toEqual([]);
    }
  }, flowBudgetMs(conversion, { steps: 2 * Object.keys(PAGES).length }));

  it('lets the referent upload a filled plan and download its PDF', async () => {
    const { page, errors } = await openPage('/referent');
    await page.setInputFiles('#file', filledForm);
    await page.click('#check');
    await page.locator('#result .ok').waitFor();
    expect(await page.locator('#result').innerText()).toContain('Planen er klar');
    expect(await page.locator('#read-name').innerText()).toBe(bilag2.citizen.name);
    // The modulus 11 warning of the fictitious CPR number is shown, with the form's label.
    expect(await page.locator('#problems .warnings').innerText()).toContain('Cpr. nr.');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: conversionBudgetMs(conversion, 1) }), page.click('#pdf')]);
    expect(download.suggestedFilename()).toBe('indsatsplan-2014-05-01.pdf');
    const pdf = readFileSync((await download.path())!);
    const text = squash(pdfText(pdf));
    expect(text).toContain('Koordinerende indsatsplan');
    expect(text).toContain(bilag2.citizen.name);
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 4, conversions: [1] }));

  it('tells the referent in Danish when the service cannot be reached, and leaves the page usable', async () => {
    const { page } = await openPage('/referent');
    await page.route('**/api/plans/upload', (route) => route.abort('connectionrefused'));
    await page.setInputFiles('#file', filledForm);
    await page.click('#check');
    await page.locator('#result .error').waitFor();
    expect(await page.locator('#result').innerText()).toBe('Tjenesten kunne ikke nås: Tjek forbindelsen, og prøv igen.');
    expect(await page.locator('#check').isDisabled()).toBe(false);
  });

  it('shows the referent every problem of a plan that is not ready, against the form labels', async () => {
    const { page } = await openPage('/referent');
    await page.setInputFiles('#file', unapprovedForm);
    await page.click('#check');
    await page.locator('#problems .errors li').first().waitFor();
    const shown = await page.locator('#problems .errors li').allInnerTexts();
    const joined = shown.join('\n');
    expect(joined).toContain('Indsatsplan er godkendt af borger');
    expect(joined).toContain('Primære eller akutte udfordringer');
    // No final PDF, but a draft, and why (test/referent-page.test.ts has the page's every state).
    expect(await page.locator('#pdf').isVisible()).toBe(false);
    expect(await page.locator('#draft-pdf').isVisible()).toBe(true);
    expect(await page.locator('#final-reason').innerText()).toContain('Den endelige PDF kan ikke laves endnu.');
  });

  it('lets the coordinator see who gets the plan and send it', async () => {
    const { page, errors } = await openPage('/referent');
    await page.setInputFiles('#file', filledForm);
    await answerTo(page, { method: 'POST', path: '/api/plans/upload' }, () => page.click('#check'));
    await page.locator('#result .ok').waitFor();
    await page.click('#to-distribution');
    await page.waitForURL('**/udsendelse');
    await page.fill('#gpName', 'Lægerne i Byen');
    await page.fill('#gpAddress', 'Lægerne i Byen\nTorvet 1\n4000 Roskilde');
    // Preparing converts twice (the plan, the GP's letter): the service's answer, whatever it is, ends the step.
    const prepared = await answerTo(page, { method: 'POST', path: '/api/distributions' }, () => page.click('#prepare'), conversionBudgetMs(conversion, 2));
    expect(prepared.status(), await prepared.text()).toBe(201);
    await page.locator('#manifest-card').waitFor({ state: 'visible' });
    const roles = await page.locator('#manifest tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-role')));
    expect(roles).toContain('coordinator');
    expect(roles).toContain('citizen');
    expect(roles.filter((r) => r === 'general-practitioner')).toHaveLength(1);
    // 200: every delivery has finished (202 would mean some still wait).
    const sent = await answerTo(page, SEND_REQUEST, () => page.click('#send'), SEND_BUDGET_MS);
    expect(sent.status(), await sent.text()).toBe(200);
    await page.locator('#sent').waitFor();
    const states = await page.locator('#manifest tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(states.every((s) => s === 'sent' || s === 'manual')).toBe(true);
    expect(states.filter((s) => s === 'sent').length).toBeGreaterThanOrEqual(3);
    // What went out is in the outboxes, named by the delivery's UUID alone: no CPR number, no name.
    // (A CPR-shaped regex is no test here: ten digits in a row occur in random UUIDs.)
    const files = ['mail', 'digital-post', 'print'].flatMap((d) => readdirSync(path.join(dataDir, 'outbox', d)));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z]+$/);
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 8, conversions: [2], sends: 1 }));

  it('lets the coordinator make an invitation, and names what is missing', async () => {
    const { page, errors } = await openPage('/invitation');
    const day = await fillInvitation(page, { coordinatorEmail: false });
    // No coordinator e-mail yet: the problem is named at the top and at the field, nothing is downloaded.
    await answerTo(page, { method: 'POST', path: '/api/invitations/validate' }, () => page.click('button[data-format="pdf"]'));
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    expect(await page.locator('#error-summary li').allInnerTexts()).toEqual([expect.stringMatching(/^Sikker e-mail \(Koordinator\): .*e-mailadresse mangler/)]);
    expect(await page.locator('#coordEmail').getAttribute('aria-invalid')).toBe('true');

    await page.fill('#coordEmail', 'anne.andersen@misbrugscenter.example.dk');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: conversionBudgetMs(conversion, 1) }), page.click('button[data-format="pdf"]')]);
    expect(await page.locator('#error-summary').isHidden()).toBe(true);
    expect(download.suggestedFilename()).toBe(`invitation-${day}.pdf`);
    const text = squash(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('Jens Peter Nielsen');
    expect(text).toContain('10.00');
    expect(text).toContain('Køgevej');

    const [ics] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format="ics"]')]);
    const cal = readFileSync((await ics.path())!, 'utf8');
    expect(cal).toContain('BEGIN:VCALENDAR');
    expect(cal).toContain('peter.holm@psykiatri.example.dk');

    // Sent by secure e-mail: who gets it first, then the send, once.
    const prepared = await answerTo(page, { method: 'POST', path: '/api/invitations/distributions' }, () => page.click('#prepare-send'), conversionBudgetMs(conversion, 1));
    expect(prepared.status(), await prepared.text()).toBe(201);
    await page.locator('#manifest-card').waitFor({ state: 'visible' });
    const rows = page.locator('#manifest tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-role'), r.getAttribute('data-state')]))).toEqual([['invitee', 'pending']]);
    const sent = await answerTo(page, SEND_REQUEST, () => page.click('#send'), SEND_BUDGET_MS);
    expect(sent.status(), await sent.text()).toBe(200);
    await page.locator('#sent').waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-state')))).toEqual(['sent']);
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 12, conversions: [1, 1], sends: 1 }));

  it('shows the coordinator the follow-ups, the overdue flagged, and opens the invitation pre-filled for the follow-up meeting', async () => {
    // Two sent plans' follow-ups, as the send request leaves them.
    const due = await seedFollowUp(t, 'Jens Peter Nielsen', { meeting: -150, followUp: 10 });
    const overdue = await seedFollowUp(t, 'Karin Holm', { meeting: -190, followUp: -3 });

    const { page, errors } = await openPage('/opfoelgning');
    const row = (id: string) => page.locator(`#follow-ups tr[data-follow-up="${id}"]`);
    await row(due.id).waitFor();
    expect(await row(due.id).getAttribute('data-state')).toBe('due');
    expect(await row(due.id).innerText()).toContain('Jens Peter Nielsen');
    expect(await row(due.id).innerText()).toContain('Skal planlægges nu');
    expect(await row(overdue.id).getAttribute('data-state')).toBe('overdue');
    expect(await row(overdue.id).locator('.state-overdue').innerText()).toBe('⚠ Overskredet');

    await row(due.id).locator('button.invite').click();
    await page.waitForURL(`**/invitation?opfoelgning=${due.id}`);
    await page.locator('#follow-up-note').waitFor({ state: 'visible' });
    expect(await page.inputValue('#meeting')).toBe('followUp');
    expect(await page.isDisabled('#previousMeetingDate')).toBe(false);
    expect(await page.inputValue('#previousMeetingDate')).toBe(due.meetingDate);
    expect(await page.inputValue('#citizenName')).toBe('Jens Peter Nielsen');
    expect(await page.inputValue('#start')).toBe(`${due.followUpDate}T10:00`);
    expect(await page.inputValue('#coordEmail')).toBe(bilag2.coordinator.email);
    const invited = await page.locator('.invitee [data-field="name"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(invited).toEqual(bilag2.participants.map((p: { name: string }) => p.name));

    // What was filled in is a follow-up invitation the service accepts, once the place is added.
    await page.fill('#address', 'Misbrugscenter Roskilde, Køgevej 1, 4000 Roskilde');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: conversionBudgetMs(conversion, 1) }), page.click('button[data-format="pdf"]')]);
    expect(download.suggestedFilename()).toBe(`invitation-${due.followUpDate}.pdf`);
    const text = squash(pdfText(readFileSync((await download.path())!)));
    expect(text).toContain('Jens Peter Nielsen');
    expect(errors).toEqual([]);
  }, flowBudgetMs(conversion, { steps: 10, conversions: [1] }));
});
