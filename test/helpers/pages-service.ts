/**
 * The service as the browser tests of the pages meet it: the real app (LibreOffice, its SQLite
 * file in a folder of its own) on a loopback port, Chromium, and the referent's Word files:
 * the service's own form filled in as after the meeting, and one the citizen has not approved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp } from './app.js';
import { binaryParser } from './binary.js';
import { launchChromium, listen } from './browser.js';
import { followUpOfPlan } from '../../src/follow-up/follow-up-of-plan.js';
import type { NewFollowUp } from '../../src/follow-up/follow-up-store.js';
import { addDays, copenhagenToday } from '../../src/follow-up/follow-up-dates.js';
import { PlanSchema } from '../../src/plan/schema.js';
import { safeUuid } from '../../src/distribution/safe-id.js';

export const bilag2 = JSON.parse(readFileSync(path.resolve('fixtures/bilag2.json'), 'utf8'));

export interface PagesService {
  t: Awaited<ReturnType<typeof createTestApp>>;
  url: string;
  browser: Browser;
  /** The service's folder (DATA_DIR): its database and outboxes. */
  dataDir: string;
  forms: { filled: string; unapproved: string };
  close: () => Promise<void>;
}

async function saveForm(app: PagesService['t']['app'], plan: object, file: string): Promise<string> {
  const res = await request(app).post('/api/plans/form').send(plan).buffer(true).parse(binaryParser);
  if (res.status !== 200) throw new Error(`the form could not be made: ${res.status}`);
  writeFileSync(file, res.body as Buffer);
  return file;
}

/** `env` is the service's configuration beside its own folder (e.g. a real SMTP server's). */
export async function startPagesService(prefix: string, env: Record<string, string> = {}): Promise<PagesService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const stops: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const t = await createTestApp({}, { ...env, DATA_DIR: dataDir });
    stops.push(t.close);
    const server = await listen(t.app);
    stops.push(server.close);
    const chromium = await launchChromium();
    stops.push(chromium.close);
    const forms = {
      filled: await saveForm(t.app, bilag2, path.join(dataDir, 'plan.docx')),
      unapproved: await saveForm(t.app, { ...bilag2, approvedByCitizen: false, challenges: [] }, path.join(dataDir, 'ikke-godkendt.docx')),
    };
    return { t, url: server.url, browser: chromium.browser, dataDir, forms, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The invitation page filled in as a coordinator would, for a meeting next year (the page uses
 * the real clock, and a meeting must lie ahead) in winter time; returns the meeting's day.
 */
export async function fillInvitation(page: Page, { coordinatorEmail = true } = {}): Promise<string> {
  const day = `${new Date().getFullYear() + 1}-03-05`;
  await page.fill('#citizenName', 'Jens Peter Nielsen');
  await page.fill('#start', `${day}T10:00`);
  await page.fill('#end', `${day}T11:30`);
  await page.fill('#address', 'Distriktspsykiatrien, Køgevej 1, 4000 Roskilde');
  await page.fill('#coordName', 'Anne Andersen');
  if (coordinatorEmail) await page.fill('#coordEmail', 'anne.andersen@misbrugscenter.example.dk');
  const invitee = page.locator('.invitee').first();
  await invitee.locator('[data-field="name"]').fill('Peter Holm');
  await invitee.locator('[data-field="organisation"]').fill('Distriktspsykiatrien');
  await invitee.locator('[data-field="email"]').fill('peter.holm@psykiatri.example.dk');
  return day;
}

let seeded = 0;

/**
 * A sent plan's follow-up for `name`, as the send request leaves it: the meeting and the
 * follow-up date the given number of days from today (the overview uses the real clock). Each
 * is a citizen of their own (a CPR number of their own), so none ends another.
 */
export async function seedFollowUp(t: PagesService['t'], name: string, days: { meeting: number; followUp: number }): Promise<NewFollowUp> {
  const today = copenhagenToday(Date.now());
  const citizen = { ...bilag2.citizen, name, cpr: `010180-${5000 + seeded++}` };
  const plan = PlanSchema.parse({ ...bilag2, citizen, meetingDate: addDays(today, days.meeting), followUpDate: addDays(today, days.followUp) });
  const f = followUpOfPlan(plan, safeUuid(), { id: 'development', organisation: 'Kommunen' }, 'the-pages-tests-own-match-secret-32-chars')!;
  await t.followUps.store.savePending(f, new Date().toISOString());
  await t.followUps.store.activate(f.distributionId, new Date().toISOString());
  return f;
}
