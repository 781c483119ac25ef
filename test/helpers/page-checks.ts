/**
 * What every browser test checks of a page in each of its states, at a desktop width and on a
 * 375 px phone: no WCAG 2.1 A/AA violation axe-core can find, no sideways scrolling, and a
 * focus ring one can see on every control reached with Tab. Also how long a browser test may
 * wait for the service: by the service's own bounds, never by a guess.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page, Response } from 'playwright-core';
import type { Config } from '../../src/shared/config.js';
import { SEND_WAIT_MS } from '../../src/distribution/routes.js';

export interface Screen {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
}

export const DESKTOP: Screen = { name: 'desktop', width: 1280, height: 900 };
/** The narrow phone the pages must work on (iPhone SE / mini width). */
export const PHONE: Screen = { name: 'phone', width: 375, height: 740 };
export const SCREENS: readonly Screen[] = [DESKTOP, PHONE];

export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The most one browser step of a test may take (a page load, a click, a wait for the page to
 * show an answer it has): set as each context's default, so every step has this bound.
 */
export const BROWSER_STEP_MS = 30_000;

type ConversionBounds = Pick<Config['conversion'], 'queueTimeoutMs' | 'timeoutMs'>;

/**
 * The longest the service may take to answer a request that makes `conversions` LibreOffice
 * conversions: each may wait in the conversion queue up to its bound and then run up to its
 * time limit; past that the service answers with a problem of its own. On a loaded machine
 * conversions queue and slow down, and the service allows for that; so must a test, or it
 * fails while the service keeps its promise. Waiting longer would only hide a hang.
 */
export function conversionBudgetMs(conversion: ConversionBounds, conversions: number): number {
  return conversions * (conversion.queueTimeoutMs + conversion.timeoutMs) + BROWSER_STEP_MS;
}

/** The longest a send request may take: the route waits for the first pass at most SEND_WAIT_MS. */
export const SEND_BUDGET_MS = SEND_WAIT_MS + BROWSER_STEP_MS;

/** A distribution's send request, as the pages' send button makes it. */
export const SEND_REQUEST = { method: 'POST', path: /^\/api\/distributions\/[^/]+\/send$/ };

/**
 * A browser test's own time limit: the sum of its steps' bounds (`conversions` lists how many
 * conversions each converting request makes), so that a slow step fails on its own bound,
 * saying what it waited for, and never on the test runner's blanket timeout.
 */
export function flowBudgetMs(conversion: ConversionBounds, flow: { steps: number; conversions?: number[]; sends?: number }): number {
  const converting = (flow.conversions ?? []).reduce((sum, n) => sum + conversionBudgetMs(conversion, n), 0);
  return flow.steps * BROWSER_STEP_MS + converting + (flow.sends ?? 0) * SEND_BUDGET_MS;
}

/**
 * Does `action` (a click) and waits for the service's answer to the request it sends: the
 * event that says the step is over, whatever its outcome, within `timeoutMs`. The test then
 * looks at the page, which has the answer by then, instead of waiting on one outcome only
 * and timing out on any other.
 */
export async function answerTo(page: Page, request: { method: string; path: string | RegExp }, action: () => Promise<unknown>, timeoutMs = BROWSER_STEP_MS): Promise<Response> {
  const matches = (url: string) => {
    const { pathname } = new URL(url);
    return typeof request.path === 'string' ? pathname === request.path : request.path.test(pathname);
  };
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === request.method && matches(r.url()), { timeout: timeoutMs }),
    action(),
  ]);
  return response;
}

/** A page in a context of its own (no cookies or storage shared with another test) at the screen's size. */
export async function openAt(browser: Browser, url: string, screen: Screen): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(BROWSER_STEP_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/**
 * WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one line each. In legacy
 * mode axe runs in the page itself: the pages have no frames, and the default mode's extra
 * blank page for its last step costs a new Chromium renderer per check (half the time on a
 * loaded machine).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA_TAGS).setLegacyMode(true).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}

/** The outermost elements wider than the window, when the page scrolls sideways; empty when it does not. */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return [];
    const sticksOut = (e: Element | null) => !!e && e.getBoundingClientRect().right > window.innerWidth + 0.5;
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((e) => sticksOut(e) && !sticksOut(e.parentElement))
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} reaches ${Math.round(e.getBoundingClientRect().right)} px`);
    return [`page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`, ...culprits.slice(0, 8)];
  });
}

/** Contrast ratio of two CSS rgb()/rgba() colours, by WCAG 2.1's relative luminance. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r = 0, g = 0, bl = 0] = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '').split(/[ ,/]+/).filter(Boolean).map(Number);
    const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface ControlLook {
  name: string;
  /** Where it is, to tell two stops on the same control from two controls of the same name. */
  key: string;
  border: string;
  borderWidth: number;
  outlineStyle: string;
  outlineWidth: number;
  outline: string;
  /** What shows around it: the first ancestor background that is not transparent. */
  behind: string;
}

/** Runs in the page: how the focused control, or every enabled text field, looks. */
function controlLooks(which: 'focused' | 'fields'): ControlLook[] {
  const behind = (el: Element) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const bg = getComputedStyle(p).backgroundColor;
      const alpha = /rgba\([^)]*,\s*([\d.]+)\)/.exec(bg)?.[1];
      if (bg !== 'transparent' && (alpha === undefined || Number(alpha) > 0.5)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const look = (el: HTMLElement): ControlLook => {
    const style = getComputedStyle(el);
    const text = (el.textContent || '').trim().slice(0, 30);
    const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''}${text ? ` "${text}"` : ''}`;
    const box = el.getBoundingClientRect();
    return {
      name,
      key: `${name}@${Math.round(box.top + window.scrollY)},${Math.round(box.left)}`,
      border: style.borderTopColor,
      borderWidth: parseFloat(style.borderTopWidth),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outline: style.outlineColor,
      behind: behind(el),
    };
  };
  if (which === 'focused') {
    const el = document.activeElement;
    return el instanceof HTMLElement && el !== document.body ? [look(el)] : [];
  }
  const fields = document.querySelectorAll<HTMLElement>(
    'input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)',
  );
  return Array.from(fields)
    .filter((f) => f.getClientRects().length > 0)
    .map(look);
}

/**
 * Text fields, lists and text areas whose edge has less than 3:1 contrast against what
 * surrounds them (WCAG 1.4.11): a field one cannot see is one cannot find. Disabled fields
 * are exempt, as WCAG exempts them.
 */
export async function fieldBorderProblems(page: Page): Promise<string[]> {
  return (await page.evaluate(controlLooks, 'fields' as const)).flatMap((f) => {
    const ratio = contrastRatio(f.border, f.behind);
    return f.borderWidth < 1 || ratio < 3 ? [`${f.name}: field edge at ${ratio.toFixed(2)}:1 (${f.borderWidth}px ${f.border} on ${f.behind})`] : [];
  });
}

/**
 * Tabs through the page and returns each control whose focus ring is missing or too faint:
 * no outline, one under 2 px, or one with less than 3:1 contrast against what surrounds the
 * control (WCAG 2.4.7, measured as 1.4.11 measures other visual cues). A control with inner
 * stops (a date field's day, month, year) is looked at once.
 */
export async function focusRingProblems(page: Page, maxStops = 120): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const problems: string[] = [];
  const seen = new Set<string>();
  let first: string | undefined;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const [stop] = await page.evaluate(controlLooks, 'focused' as const);
    if (!stop) continue;
    if (stop.key === first) break; // once round the page
    first ??= stop.key;
    if (seen.has(stop.key)) continue;
    seen.add(stop.key);
    const ratio = contrastRatio(stop.outline, stop.behind);
    if (stop.outlineStyle === 'none' || stop.outlineWidth < 2) problems.push(`${stop.name}: no clear focus ring (outline ${stop.outlineStyle} ${stop.outlineWidth}px)`);
    else if (ratio < 3) problems.push(`${stop.name}: focus ring at ${ratio.toFixed(2)}:1 against ${stop.behind}`);
  }
  return problems;
}

/**
 * Everything wrong with the page in its current state, each problem prefixed with the state;
 * a screenshot of the whole page goes to $PAGE_SHOTS_DIR when set (to look at the pages).
 */
export async function pageProblems(page: Page, state: string, options: { focus?: boolean } = {}): Promise<string[]> {
  const dir = process.env.PAGE_SHOTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${state.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`), fullPage: true });
  }
  const problems = [
    ...(await axeViolations(page)),
    ...(await horizontalOverflow(page)),
    ...(await fieldBorderProblems(page)),
    ...(options.focus ? await focusRingProblems(page) : []),
  ];
  return problems.map((p) => `${state}: ${p}`);
}
