import { createRequire } from 'node:module';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { AppConfig } from '../../src/config/app-config.js';
import { unpackedChromium } from '../../src/documents/chromium-binary.js';
import { follow } from './pages.js';
import { DEFAULT_PASSWORD } from './test-app.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the service is held to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Headless Chromium as the app's PDF renderer finds it: `CHROMIUM_PATH` from the app's
 * configuration, else the one @sparticuz/chromium ships (unpackedChromium). Close it in afterAll.
 */
export async function launchBrowser(config?: AppConfig): Promise<Browser> {
  return puppeteer.launch({
    executablePath: config?.documents.chromiumPath ?? (await unpackedChromium()),
    headless: 'shell',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-zygote', '--disable-background-networking', '--no-first-run'],
  });
}

/**
 * A fresh page with its own cookies (an incognito context), so sessions in one test do not leak
 * into another. JavaScript is on unless asked otherwise: every page must also work without it.
 */
export async function newPage(browser: Browser, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setJavaScriptEnabled(options.javaScript ?? true);
  return page;
}

/** Signs in through the sign-in form as a person would: types the email and password and presses the button. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEFAULT_PASSWORD): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto(`${baseUrl}/sign-in`);
  await page.type('#email', email);
  await page.type('#password', password);
  await follow(page, 'form[action="/sign-in"] button[type="submit"]');
  if (new URL(page.url()).pathname === '/sign-in') {
    const problem = await page.$eval('.nhsuk-error-summary', (e) => e.textContent?.trim()).catch(() => 'no error shown');
    throw new Error(`signing in as ${email} failed: ${problem}`);
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page as it is now and fails, listing them, on any serious or critical
 * violation of WCAG 2.x A/AA (2.2 AA included). axe is run through the DevTools protocol, which
 * the page's Content-Security-Policy does not govern, so the page is checked under its real CSP.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await headerLaidOut(page);
  const violations = await axeViolations(page);
  const failing = violations.filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact));
  if (failing.length > 0) {
    const list = failing
      .map((v) => `- ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n${v.nodes.map((n) => `    at ${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`)
      .join('\n');
    throw new Error(`${page.url()} has ${failing.length} serious or critical accessibility violation(s):\n${list}`);
  }
}

/**
 * Waits for the NHS header's script to lay its menu out for the window's width (it moves the links
 * that do not fit under "More" in the animation frame after a resize): checked mid-move, a link
 * wrapped below the header fails colour contrast. At once without JavaScript.
 */
async function headerLaidOut(page: Page): Promise<void> {
  if (!page.isJavaScriptEnabled()) return;
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  await page
    .waitForFunction(
      () => {
        const items = [...document.querySelectorAll<HTMLElement>('.nhsuk-header__navigation-list > li:not([hidden])')];
        return items.every((item) => item.offsetTop === items[0].offsetTop);
      },
      { timeout: 5_000 },
    )
    .catch(() => undefined); // still wrapped: axe says what is wrong
}

/** Every WCAG A/AA violation axe finds on the page, whatever its impact. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // axe needs script execution; turning it on after the page loaded runs none of the page's scripts.
  const javaScript = page.isJavaScriptEnabled();
  if (!javaScript) await page.setJavaScriptEnabled(true);
  try {
    return await runAxe(page);
  } finally {
    if (!javaScript) await page.setJavaScriptEnabled(false);
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    const { readFile } = await import('node:fs/promises');
    await page.evaluate(await readFile(AXE_SOURCE_PATH, 'utf8'));
  }
  return page.evaluate(async (tags: string[]) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** The cookies of the page's browser context, by name. */
export async function cookiesOf(page: Page): Promise<Record<string, string>> {
  const cookies = await page.browserContext().cookies();
  return Object.fromEntries(cookies.map((c) => [c.name, c.value]));
}
