import { jest } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { Clock } from '../src/common/clock/clock.js';
import { launchBrowser, newPage, signIn } from './support/browser.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { accessibleAtBothWidths } from './support/page-widths.js';
import { choose, follow, path, text, typeInto } from './support/pages.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

/** What every page shares: the "Page not found" page, and sessions that warn before they end and keep what was typed. */
describe('every page', () => {
  let t: TestApp;
  let browser: Browser;
  let orgId: string;
  const IDLE = 300;

  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE) });
    orgId = (await createOrganisation(t, { name: 'Everywhere Community Trust' })).id;
    browser = await launchBrowser(t.config);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Moves the app's clock `seconds` past the real now. */
  const clockAt = (seconds: number) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + seconds * 1000));
  const warningVisible = (page: Page) => page.$eval('[data-session-warning]', (e) => getComputedStyle(e).visibility === 'visible');
  /** Runs the page's animations to `seconds` after it loaded, as if the person had waited. */
  /** Signs in on the sign-in page now open (the one the refused form led to), as a person would. */
  const signInHere = async (page: Page, email: string, password = DEFAULT_PASSWORD) => {
    await typeInto(page, '#email', email);
    await typeInto(page, '#password', password);
    return follow(page, 'form[action="/sign-in"] button[type="submit"]');
  };
  const waitOnPage = (page: Page, seconds: number) =>
    page.evaluate((ms) => document.getAnimations().forEach((animation) => (animation.currentTime = ms)), seconds * 1000);

  describe('an unknown address', () => {
    it('is the NHS "Page not found" page for a person, signed in or not, at both widths', async () => {
      for (const signedIn of [false, true]) {
        const page = await newPage(browser);
        if (signedIn) await signIn(page, t.url, (await createUser(t, orgId, 'lost@everywhere.example', ['PRACTITIONER'])).email);
        const response = await page.goto(`${t.url}/no-such-page/at-all?x=1`);
        expect(response?.status()).toBe(404);
        expect(response?.headers()['content-type']).toMatch(/^text\/html/);
        expect(await page.title()).toBe('Page not found – Accordant');
        expect(await page.$eval('html', (e) => e.lang)).toBe('en-GB');
        expect(await text(page, 'h1')).toBe('Page not found');
        expect(await text(page, '[data-error="message"]')).toMatch(/check it is correct/);
        expect(await page.$('header.nhsuk-header a[href="/"]')).not.toBeNull();
        await accessibleAtBothWidths(page, `not-found${signedIn ? '-signed-in' : ''}`);
        await follow(page, '[data-error="home"]');
        expect(path(page)).toMatch(signedIn ? /^\/decisions/ : /^\/sign-in$/);
        await page.browserContext().close();
      }
    });

    it('stays a JSON 404 for a program', async () => {
      for (const accept of ['application/json', '*/*']) {
        const response = await fetch(`${t.url}/no-such-page`, { headers: { accept } });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await response.json()).toMatchObject({ statusCode: 404 });
      }
      const posted = await fetch(`${t.url}/api/nothing`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{}' });
      expect(posted.status).toBe(404);
      expect(posted.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('sessions', () => {
    it('serves the warning stylesheet with the delay from the idle timeout', async () => {
      const response = await fetch(`${t.url}/session/warning.css`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/css/);
      // 300 s idle: two minutes before, less the minute a session's activity may go unrecorded.
      expect(await response.text()).toContain('animation-delay: 120s');
    });

    it('warns two minutes before the idle timeout, and "Stay signed in" in the background keeps the session and the page', async () => {
      const user = await createUser(t, orgId, 'stay.js@everywhere.example', ['IG_LEAD']);
      const page = await newPage(browser);
      try {
        await signIn(page, t.url, user.email);
        await page.goto(`${t.url}/agreements/new`);
        await typeInto(page, '#title', 'Typed before the warning');
        expect(await warningVisible(page)).toBe(false);
        await waitOnPage(page, 119);
        expect(await warningVisible(page)).toBe(false);
        await waitOnPage(page, 121);
        expect(await warningVisible(page)).toBe(true);
        expect(await text(page, '[data-session-warning] .nhsuk-notification-banner__heading')).toBe('You will be signed out in 2 minutes');
        await accessibleAtBothWidths(page, 'session-warning');

        clockAt(IDLE - 60);
        const answered = page.waitForResponse((r) => r.url().includes('/session/stay-signed-in'));
        await page.click('[data-stay-signed-in]');
        expect((await answered).status()).toBe(204);
        // The same page, what was typed still there, and the warning counting down again.
        expect(path(page)).toBe('/agreements/new');
        expect(await page.$eval('#title', (e) => (e as HTMLInputElement).value)).toBe('Typed before the warning');
        expect(await warningVisible(page)).toBe(false);
        // Past when the session would have ended had it not been kept: still signed in.
        clockAt(IDLE - 60 + IDLE - 10);
        const response = await page.goto(`${t.url}/agreements/new`);
        expect(response?.status()).toBe(200);
        expect(path(page)).toBe('/agreements/new');
      } finally {
        await page.browserContext().close();
      }
    });

    it('without JavaScript, "Stay signed in" is a plain link that keeps the session and returns to the page', async () => {
      const user = await createUser(t, orgId, 'stay.nojs@everywhere.example', ['IG_LEAD']);
      const page = await newPage(browser, { javaScript: false });
      try {
        await signIn(page, t.url, user.email);
        await page.goto(`${t.url}/agreements?q=care`);
        const href = await page.$eval('[data-stay-signed-in]', (a) => a.getAttribute('href'));
        expect(href).toBe('/session/stay-signed-in?next=%2Fagreements%3Fq%3Dcare');
        clockAt(IDLE - 60);
        // The link is shown by the stylesheet when due; followed as the browser would.
        await page.goto(`${t.url}${href}`);
        expect(`${path(page)}${new URL(page.url()).search}`).toBe('/agreements?q=care');
        clockAt(IDLE - 60 + IDLE - 10);
        expect((await page.goto(`${t.url}/agreements`))?.status()).toBe(200);
        expect(path(page)).toBe('/agreements');
        // Once ended, the link leads to signing in, then back.
        clockAt(3 * IDLE);
        await page.goto(`${t.url}${href}`);
        expect(path(page)).toBe('/sign-in');
      } finally {
        await page.browserContext().close();
      }
    });

    it('keeps what was typed in a form posted after the session ended, and sends it once signed in again (no JavaScript)', async () => {
      const user = await createUser(t, orgId, 'resume@everywhere.example', ['IG_LEAD']);
      const page = await newPage(browser, { javaScript: false });
      try {
        await signIn(page, t.url, user.email);
        await page.goto(`${t.url}/agreements/new`);
        await choose(page, 'kind', 'ISP');
        await typeInto(page, '#title', 'Discharge letters & "urgent" referrals');
        clockAt(IDLE + 5);
        const refused = await follow(page, 'main form button[type="submit"]');
        expect(refused?.status()).toBe(401);
        expect(await text(page, 'h1')).toBe('Sign in to Accordant');
        expect(await text(page, '[data-notice="resuming"]')).toMatch(/has not been sent yet/);
        await accessibleAtBothWidths(page, 'sign-in-resuming');
        // Nothing was created while signed out.
        expect((await t.db.query(`SELECT count(*)::int AS n FROM agreement WHERE title LIKE 'Discharge letters%'`)).rows).toEqual([{ n: 0 }]);

        await signInHere(page, user.email);
        expect(await text(page, 'h1')).toBe('Send what you typed');
        await accessibleAtBothWidths(page, 'sign-in-resume');
        await follow(page, '[data-action="resume"]');
        expect(path(page)).toMatch(/^\/agreements\/[0-9a-f-]{36}$/);
        expect(await text(page, 'h1')).toContain('Discharge letters & "urgent" referrals');
      } finally {
        await page.browserContext().close();
      }
    });

    it('a wrong password on the way keeps the form to send', async () => {
      const user = await createUser(t, orgId, 'resume.retry@everywhere.example', ['IG_LEAD']);
      const page = await newPage(browser, { javaScript: false });
      try {
        await signIn(page, t.url, user.email);
        await page.goto(`${t.url}/agreements/new`);
        await choose(page, 'kind', 'ISP');
        await typeInto(page, '#title', 'Kept through a typo');
        clockAt(IDLE + 5);
        await follow(page, 'main form button[type="submit"]');
        expect((await signInHere(page, user.email, 'not the password'))?.status()).toBe(401);
        expect(await page.$eval('input[name="resumeFields"]', (e) => (e as HTMLInputElement).value)).toContain('Kept+through+a+typo');
        await signInHere(page, user.email);
        await follow(page, '[data-action="resume"]');
        expect(await text(page, 'h1')).toContain('Kept through a typo');
      } finally {
        await page.browserContext().close();
      }
    });
  });
});
