/**
 * The referent's page in real Chromium against the real service on loopback, in each state it
 * can be in (nothing uploaded yet; a plan with errors; a plan only a draft can be made of; a
 * valid plan; a file that cannot be read), on a desktop screen and on a 375 px phone: what the
 * referent reads, that there is always a way on, and an axe-core check (WCAG 2.1 A and AA).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp } from './helpers/app.js';
import { launchChromium, listen } from './helpers/browser.js';
import { pdfText, squash } from './helpers/pdf.js';
import { buildPlanForm } from '../src/plan-form/build-plan-form.js';
import { ANSWER_CONSEQUENCE } from '../src/plan/rules.js';
import { PlanSchema } from '../src/plan/schema.js';

const bilag2 = PlanSchema.parse(JSON.parse(readFileSync(path.resolve('fixtures/bilag2.json'), 'utf8')));

const WIDTHS = [
  ['desktop', { width: 1280, height: 900 }],
  ['375 px', { width: 375, height: 740 }],
] as const;

type State = 'empty' | 'errors' | 'draft' | 'valid' | 'unreadable';

// Chromium, axe-core and (for the draft) LibreOffice on a busy 2-core machine: a state with its
// checks takes 5 to 30 s there (axe alone 7 s), so each test has room beyond the default minute.
describe('the referent page', { timeout: 180_000 }, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: Awaited<ReturnType<typeof listen>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let work: string;
  const files = {} as Record<Exclude<State, 'empty'> | 'noConsent', string>;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'referent-page-'));
    t = await createTestApp();
    server = await listen(t.app);
    chromium = await launchChromium();
    browser = chromium.browser;
    const save = (name: string, data: Buffer) => {
      const file = path.join(work, name);
      writeFileSync(file, data);
      return file;
    };
    // What referents bring: the service's form filled in, with the usual slips.
    files.valid = save('plan.docx', buildPlanForm(bilag2));
    files.errors = save('fejl.docx', buildPlanForm({ ...bilag2, citizen: { ...bilag2.citizen, name: '' }, consent: null, coordinator: { ...bilag2.coordinator, name: '' }, followUpDate: '2015-03-01' }));
    files.draft = save('ikke-godkendt.docx', buildPlanForm({ ...bilag2, approvedByCitizen: null }));
    files.noConsent = save('uden-samtykke.docx', buildPlanForm({ ...bilag2, consent: false }));
    files.unreadable = save('ikke-word.docx', Buffer.from('Dette er ikke et Word-dokument.\n'));
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function open(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/referent`);
    // The session script adds the banner: the page is complete once it is there.
    await page.locator('#dev-banner').waitFor();
    return { page, errors };
  }

  /** Uploads a file and waits for the outcome, whose heading then has the focus. */
  async function check(page: Page, file: string): Promise<void> {
    await page.setInputFiles('#file', file);
    await page.click('#check');
    await page.locator('#outcome').waitFor({ state: 'visible' });
  }

  async function expectAccessibleAndFitting(page: Page, what: string): Promise<void> {
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${what}: scrolls sideways`).toBeLessThanOrEqual(0);
  }

  const visible = (page: Page, selector: string) => page.locator(selector).isVisible();

  /** The page with a file checked: the outcome's heading has the focus, so it is announced and the list follows it. */
  async function uploaded(viewport: { width: number; height: number }, file: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await open(viewport);
    await check(opened.page, file);
    expect(await opened.page.evaluate(() => document.activeElement?.id)).toBe('outcome-heading');
    return opened;
  }

  /** Every state ends so: accessible, fitting the screen, no script error. */
  async function finish({ page, errors }: { page: Page; errors: string[] }, what: string): Promise<void> {
    await expectAccessibleAndFitting(page, what);
    // A refused upload is an answer, not a script error; the browser still logs its status line.
    expect(errors.filter((e) => !/the server responded with a status of 415/.test(e))).toEqual([]);
    await page.context().close();
  }

  describe.each(WIDTHS)('on a %s screen', (width, viewport) => {
    it('before an upload: only the form, and no button that leads nowhere', async () => {
      const opened = await open(viewport);
      const { page } = opened;
      expect(await visible(page, '#outcome')).toBe(false);
      expect(await page.locator('button:visible').allInnerTexts()).toEqual(['Kontroller planen']);
      await finish(opened, `${width}, empty`);
    });

    it('a plan with errors: each once, in the form’s order under its section, with what to do, and a draft beside the list', async () => {
      const opened = await uploaded(viewport, files.errors);
      const { page } = opened;
      expect(await page.locator('#outcome-heading').innerText()).toBe('Planen har 4 fejl');
      const sections = await page.locator('#problems section[data-kind=errors] h4').allInnerTexts();
      expect(sections).toEqual(['1. Stamoplysninger', '5. Opfølgning']);
      const items = page.locator('#problems ul.errors li');
      expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute('data-path')))).toEqual(['/citizen/name', '/consent', '/coordinator/name', '/followUpDate']);
      const texts = await items.allInnerTexts();
      expect(new Set(texts).size).toBe(texts.length);
      for (const text of texts) {
        // The message names its field once; no "Koordinator: »Koordinator«: …".
        expect(text).not.toMatch(/^([^\n:]+): »\1«/u);
        expect(text).toMatch(/\nGør sådan: [^\n]+, gem den, og upload den igen\.$/u);
      }
      expect(texts[1]).toContain(ANSWER_CONSEQUENCE.consent);
      // Beside the list: why no final PDF, what to do, and the draft.
      expect(await visible(page, '#pdf')).toBe(false);
      expect(await visible(page, '#to-distribution')).toBe(false);
      expect(await page.locator('#final-reason').innerText()).toBe(
        'Den endelige PDF kan ikke laves endnu. Planen har 4 fejl. Ret dem i Word-filen, gem den, og upload den igen. Indtil da kan du hente en kladde af det læste.',
      );
      expect(await page.locator('#draft-pdf').isEnabled()).toBe(true);
      expect(await page.locator('#draft-note').innerText()).toContain('KLADDE');
      await finish(opened, `${width}, errors`);
    });

    it('a plan not yet approved: the reason, and a draft PDF of what was read', async () => {
      const opened = await uploaded(viewport, files.draft);
      const { page } = opened;
      expect(await page.locator('#final-reason').innerText()).toContain('Borgeren har ikke godkendt planen');
      expect(await page.locator('#problems ul.errors li').innerText()).toContain(ANSWER_CONSEQUENCE.approvedByCitizen);
      if (width === 'desktop') {
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('#draft-pdf')]);
        expect(download.suggestedFilename()).toBe('indsatsplan-2014-05-01-kladde.pdf');
        const text = squash(pdfText(readFileSync((await download.path())!)));
        expect(text).toContain('KLADDE');
        expect(text).toContain(bilag2.citizen.name);
        await page.locator('#pdf-status .ok').waitFor();
        expect(await page.locator('#pdf-status').innerText()).toBe('Kladden er hentet: indsatsplan-2014-05-01-kladde.pdf');
      }
      await finish(opened, `${width}, draft`);
    });

    it('a valid plan: the final PDF and the way to distribution, which names the meeting in Danish', async () => {
      const opened = await uploaded(viewport, files.valid);
      const { page } = opened;
      expect(await page.locator('#outcome-heading').innerText()).toBe('Ingen fejl');
      expect(await page.locator('#result').innerText()).toBe('Planen er klar: den kan laves som endelig PDF og sendes ud.');
      expect(await visible(page, '#pdf')).toBe(true);
      expect(await visible(page, '#to-distribution')).toBe(true);
      expect(await visible(page, '#draft-pdf')).toBe(false);
      expect(await visible(page, '#final-reason')).toBe(false);
      expect(await page.locator('#summary').innerText()).toContain('1. maj 2014');
      await expectAccessibleAndFitting(page, `${width}, valid`);
      await page.click('#to-distribution');
      await page.waitForURL('**/udsendelse');
      expect(await page.locator('#handoff').innerText()).toBe('Planen fra referentsiden er klar (møde 1. maj 2014). Du kan også vælge en anden fil.');
      expect(opened.errors).toEqual([]);
      await page.context().close();
    });

    it('a file that cannot be read: says so, why, and that no PDF can be made, not even a draft', async () => {
      const opened = await uploaded(viewport, files.unreadable);
      const { page } = opened;
      expect(await page.locator('#outcome-heading').innerText()).toBe('Filen kunne ikke læses');
      expect(await page.locator('#result').innerText()).toContain('Filen er ikke et Word-dokument (.docx)');
      expect(await page.locator('#final-reason').innerText()).toContain('Der kan ikke laves en PDF, heller ikke en kladde, fordi filen ikke kunne læses');
      expect(await page.locator('#next button:visible').count()).toBe(0);
      await finish(opened, `${width}, unreadable`);
    });
  });

  it('a plan the citizen gave no consent to: no draft either, and why', async () => {
    const { page } = await open(WIDTHS[0][1]);
    await check(page, files.noConsent);
    expect(await visible(page, '#draft-pdf')).toBe(false);
    expect(await page.locator('#draft-reason').innerText()).toContain(`${ANSWER_CONSEQUENCE.consent} Det gælder også en kladde.`);
    await page.context().close();
  });

  it('forgets the outcome when another file is chosen', async () => {
    const { page } = await open(WIDTHS[0][1]);
    await check(page, files.errors);
    await page.setInputFiles('#file', files.valid);
    expect(await visible(page, '#outcome')).toBe(false);
    await page.context().close();
  });
});
