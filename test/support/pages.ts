import { expect } from '@jest/globals';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { londonParts } from '../../src/web/decisions/decision-form.js';

/**
 * Driving the pages in Chromium as a person would: following links, pressing buttons, typing into
 * fields and choosing answers by their labels. Shared by the journeys' specs (agreement, signatory
 * and decision pages) and the end-to-end story (user-journeys.e2e-spec.ts).
 */

/** The path of the page now open. */
export const path = (page: Page): string => new URL(page.url()).pathname;

/** The text of the first element matching `selector`, its white space collapsed. */
export const text = (page: Page, selector: string): Promise<string> => page.$eval(selector, (e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** The text of every element matching `selector`, white space collapsed. */
export const texts = (page: Page, selector: string): Promise<string[]> =>
  page.$$eval(selector, (elements) => elements.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));

/**
 * Clicks and waits for the page it leads to; returns its response. Waits first for the page to
 * settle: the NHS header's script lays its menu out again, re-inserting the links, in the animation
 * frames after load, and a click that lands mid-layout is lost (no navigation, a 30 s timeout).
 */
export async function follow(page: Page, selector: string): Promise<HTTPResponse | null> {
  await settled(page);
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

/** Resolves once the page's fonts are in and two animation frames have passed (at once without JavaScript). */
async function settled(page: Page): Promise<void> {
  if (!page.isJavaScriptEnabled()) return;
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

// ---------------------------------------------------------------------------------------------
// The IG lead's agreement pages.

/** The codes of the compliance findings shown beside a draft (or one of its sections). */
export const findingCodes = (page: Page, kind: 'blockers' | 'warnings'): Promise<(string | null)[]> =>
  page.$$eval(`[data-findings="${kind}"] [data-finding]`, (items) => items.map((i) => i.getAttribute('data-finding')));

/** Follows the link of a compliance finding (the first with that code), as the person would. */
export async function followFinding(page: Page, code: string): Promise<void> {
  await follow(page, `[data-finding="${code}"] a`);
}

/**
 * From an agreement's overview, submits its draft for signature as the IG lead would: through the
 * changes (for a variation), then the check page, ticking the declaration. Returns the last response.
 */
export async function submitThroughCheck(page: Page): Promise<HTTPResponse | null> {
  await follow(page, '[data-action="submit"]');
  if (path(page).endsWith('/changes')) await follow(page, '[data-action="continue-to-check"]');
  await page.click('label[for="declaration"]');
  return follow(page, '[data-action="submit-for-signature"]');
}

/** Replaces what is in a field with `value`, by typing. */
export async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.$eval(selector, (e) => ((e as HTMLInputElement).value = ''));
  await page.type(selector, value);
}

/** The date `days` from today (UTC), as the parts of a date input and as ISO. */
export const todayPlus = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()), iso: date.toISOString().slice(0, 10) };
};

/** Types a date into the NHS date input whose fields are `#<id>-day`, `-month` and `-year`. */
export async function typeDate(page: Page, id: string, date: { day: string; month: string; year: string }): Promise<void> {
  await typeInto(page, `#${id}-day`, date.day);
  await typeInto(page, `#${id}-month`, date.month);
  await typeInto(page, `#${id}-year`, date.year);
}

// ---------------------------------------------------------------------------------------------
// The practitioner's question pages.

/** Presses the page's main button (not the header's Sign out) and waits for the next page. */
export async function pressMainButton(page: Page): Promise<void> {
  await follow(page, 'main form button[type="submit"]');
}

/** Chooses a radio or ticks a checkbox by clicking its label, as a person would. */
export async function choose(page: Page, name: string, value: string): Promise<void> {
  const id = await page.$eval(`input[name="${name}"][value="${value}"]`, (input) => input.id);
  await page.click(`label[for="${id}"]`);
}

/** Answers key question `question` (which must be the page open) and continues. */
export async function answerKeyQuestion(page: Page, question: number, value: 'YES' | 'NO' | 'NOT_SURE'): Promise<void> {
  expect(path(page)).toBe(`/decisions/new/question-${question}`);
  await choose(page, 'answer', value);
  await pressMainButton(page);
}

/** Types an instant, as UK wall-clock time, into the date-and-time fields `#<name>-day`, `-month`, `-year` and `-time`. */
export async function typeDateTime(page: Page, name: string, instant: Date): Promise<void> {
  const parts = londonParts(instant);
  for (const part of ['day', 'month', 'year', 'time'] as const) {
    await page.$eval(`#${name}-${part}`, (input) => ((input as HTMLInputElement).value = ''));
    await page.type(`#${name}-${part}`, parts[part]);
  }
}

// ---------------------------------------------------------------------------------------------
// The commissioners' dashboard.

/** A headline figure of the dashboard, as the page shows it. */
export async function dashboardFigure(page: Page, key: string): Promise<number> {
  const shown = await text(page, `[data-figure="${key}"]`);
  const value = Number(shown.replace(/,/g, ''));
  if (!Number.isFinite(value)) throw new Error(`the dashboard's ${key} figure is not a number: "${shown}"`);
  return value;
}
