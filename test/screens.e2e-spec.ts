import { jest } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { Clock } from '../src/common/clock/clock.js';
import { CONTENT_SECURITY_POLICY } from '../src/web/security-headers.js';
import { cookiesOf, expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import { follow } from './support/pages.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { DEFAULT_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

const IDLE_SECONDS = 900;
const MAX_AGE_SECONDS = 3600;
const HTML = 'text/html,application/xhtml+xml';
const FORM = 'application/x-www-form-urlencoded';

/** The `_csrf` value of the first form on a page. */
const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];

/** A minimal cookie jar over fetch: what a browser would send back. */
class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(path: string, init: RequestInit & { accept?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', init.accept ?? HTML);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  get(path: string, accept?: string) {
    return this.request(path, { accept });
  }

  post(path: string, form: Record<string, string>, accept?: string) {
    return this.request(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': FORM }, accept });
  }

  /** Signs in through the sign-in form, its CSRF token included. */
  async signIn(email: string): Promise<void> {
    const token = csrfOf(await (await this.get('/sign-in')).text())!;
    const response = await this.post('/sign-in', { _csrf: token, email, password: DEFAULT_PASSWORD, next: '/dashboard' });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
  }

  /** The CSRF token of a signed-in page's forms (the sign-out button's). */
  async pageToken(path = '/dashboard'): Promise<string> {
    const response = await this.get(path);
    expect(response.status).toBe(200);
    return csrfOf(await response.text())!;
  }
}

/**
 * The foundation of the screens: the NHS layout and its assets, browser sessions that end on
 * sign-out and expire, CSRF tokens on every form, and security headers. Real PostgreSQL, real
 * Chromium (JavaScript on, and off), pages checked with axe-core.
 */
describe('screens: layout, sessions, CSRF and headers', () => {
  let t: TestApp;
  let partnership: Partnership;
  let browser: Browser;
  let users = 0;

  /** A commissioner of the partnership of their own, so sessions in one test cannot disturb another. */
  const commissioner = async () => (await createUser(t, partnership.icb.id, `commissioner${++users}@screens.example`, ['COMMISSIONER'])).email;
  const userIdOf = async (email: string) => (await t.db.query('SELECT id FROM app_user WHERE email = $1', [email])).rows[0].id as string;
  const later = (seconds: number) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + seconds * 1000));

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS), SESSION_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS) });
    partnership = await buildPartnership(t);
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  describe('the NHS design system', () => {
    it('is served by the app without sign-in: its CSS, JS and the icons the CSS asks for, cached for a year', async () => {
      const html = await (await fetch(`${t.url}/sign-in`)).text();
      const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
      const nhsukCss = stylesheets.find((href) => href.startsWith('/assets/nhsuk/'))!;
      const pageCss = stylesheets.find((href) => href.startsWith('/assets/accordant/'))!;
      const [, pageJs, nhsukJs] = html.match(/<script type="module" src="([^"]+)" data-nhsuk-frontend="([^"]+)">/)!;
      expect(nhsukCss).toMatch(/^\/assets\/nhsuk\/\d+\.\d+\.\d+\/nhsuk-frontend\.min\.css$/);
      expect(nhsukJs).toMatch(/^\/assets\/nhsuk\/\d+\.\d+\.\d+\/nhsuk-frontend\.min\.js$/);

      const css = await fetch(`${t.url}${nhsukCss}`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const cssText = await css.text();
      expect(cssText).toContain('.nhsuk-header');

      const js = await fetch(`${t.url}${nhsukJs}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await js.text()).toContain('initAll');

      for (const own of [pageCss, pageJs]) {
        const response = await fetch(`${t.url}${own}`);
        expect({ own, status: response.status, cache: response.headers.get('cache-control') }).toEqual({ own, status: 200, cache: 'public, max-age=31536000, immutable' });
      }

      // Every icon the compiled CSS points at is there.
      const icons = [...new Set([...cssText.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]))];
      expect(icons.length).toBeGreaterThan(0);
      for (const icon of icons) {
        const response = await fetch(`${t.url}${icon}`);
        expect({ icon, status: response.status, type: response.headers.get('content-type') }).toEqual({ icon, status: 200, type: 'image/svg+xml' });
      }
      expect((await fetch(`${t.url}/assets/nhsuk/0.0.0/nhsuk-frontend.min.css`)).status).toBe(404);
      expect((await fetch(`${t.url}${pageCss.replace('page.css', 'sign-in.hbs')}`)).status).toBe(404);
    });

    it('puts security headers on pages and keeps pages out of caches', async () => {
      const response = await fetch(`${t.url}/sign-in`);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const asset = await fetch(`${t.url}/assets/images/nhsuk-icon-cross.svg`);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('leaves /graphql without a CSP outside production, so Apollo Sandbox can load', async () => {
      const response = await fetch(`${t.url}/graphql`, { headers: { accept: HTML } });
      expect(response.headers.get('content-security-policy')).toBeNull();
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    });
  });

  describe('in Chromium with JavaScript on', () => {
    it('signs in through the form to the dashboard, with the menu for the role; both pages pass axe', async () => {
      const email = await commissioner();
      const page = await newPage(browser);
      try {
        await page.goto(`${t.url}/sign-in`);
        expect(await page.title()).toBe('Sign in – Accordant');
        expect(await page.$eval('.nhsuk-header__service-name', (e) => e.textContent?.trim())).toBe('Accordant');
        expect(await page.$eval('.nhsuk-skip-link', (e) => e.getAttribute('href'))).toBe('#maincontent');
        // The NHS scripts ran under the CSP: the password input's Show button is revealed.
        await page.waitForSelector('.nhsuk-password-input__toggle:not([hidden])');
        expect(await page.$eval('body', (b) => b.classList.contains('nhsuk-frontend-supported'))).toBe(true);
        await expectAccessible(page);

        await signIn(page, t.url, email);
        expect(new URL(page.url()).pathname).toBe('/dashboard');
        expect(await page.$$eval('a.nhsuk-header__navigation-link', (links) => links.map((a) => [a.textContent?.trim(), a.getAttribute('href'), a.getAttribute('aria-current')]))).toEqual([
          ['Dashboard', '/dashboard', 'page'],
        ]);
        expect(await page.$eval('[data-account="email"]', (e) => e.textContent)).toBe(email);
        expect(await page.$eval('h1', (h) => h.textContent)).toContain('Northshire information sharing protocol');
        expect(await cookiesOf(page)).toHaveProperty('accordant_session');
        await expectAccessible(page);
      } finally {
        await page.browserContext().close();
      }
    });

    it('shows a failed sign-in in an error summary that links to the field; the page passes axe', async () => {
      const page = await newPage(browser);
      try {
        await page.goto(`${t.url}/sign-in`);
        await page.type('#email', 'nobody@screens.example');
        await page.type('#password', 'not the password');
        await follow(page, 'form[action="/sign-in"] button[type="submit"]');
        expect(await page.title()).toBe('Error: Sign in – Accordant');
        expect(await page.$eval('.nhsuk-error-summary a', (a) => [a.getAttribute('href'), a.textContent?.trim()])).toEqual(['#email', 'The email or password is wrong']);
        expect(await page.$eval('#email', (i) => i.getAttribute('aria-describedby'))).toBe('email-error');
        await expectAccessible(page);
      } finally {
        await page.browserContext().close();
      }
    });
  });

  describe('in Chromium with JavaScript off', () => {
    it('signs in, shows the dashboard and signs out, with no script at all', async () => {
      const email = await commissioner();
      const page = await newPage(browser, { javaScript: false });
      try {
        await page.goto(`${t.url}/dashboard`);
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        await signIn(page, t.url, email);
        expect(new URL(page.url()).pathname).toBe('/dashboard');
        expect(await page.$eval('body', (b) => b.classList.contains('nhsuk-frontend-supported'))).toBe(false);
        expect(await page.$eval('[data-figure="decisions"]', (e) => e.textContent)).toMatch(/^\d+$/);
        await expectAccessible(page);

        await follow(page, 'form[action="/sign-out"] button[type="submit"]');
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        expect(await page.$eval('[data-notice="signed-out"]', (e) => e.textContent)).toBe('You have signed out');
        expect(await cookiesOf(page)).not.toHaveProperty('accordant_session');
        await page.goto(`${t.url}/dashboard`);
        expect(new URL(page.url()).pathname).toBe('/sign-in');
      } finally {
        await page.browserContext().close();
      }
    });
  });

  describe('CSRF', () => {
    it('refuses the sign-in form without its token, or with a wrong one: 403, a page for a browser, JSON for others', async () => {
      const email = await commissioner();
      const visitor = new HttpBrowser(t.url);
      const token = csrfOf(await (await visitor.get('/sign-in')).text())!;
      expect(visitor.cookies.has('accordant_csrf')).toBe(true);
      const form = { email, password: DEFAULT_PASSWORD, next: '/dashboard' };

      const missing = await visitor.post('/sign-in', form);
      expect(missing.status).toBe(403);
      expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await missing.text();
      expect(page).toContain('nhsuk-header');
      expect(page).toMatch(/security token was missing or out of date/);
      expect(visitor.cookies.has('accordant_session')).toBe(false);

      expect((await visitor.post('/sign-in', { ...form, _csrf: `${token.slice(0, -2)}xx` })).status).toBe(403);
      const json = await visitor.post('/sign-in', form, 'application/json');
      expect(json.status).toBe(403);
      expect(await json.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/security token/) });
      // A token from another browser's sign-in page is no good either.
      const other = new HttpBrowser(t.url);
      const othersToken = csrfOf(await (await other.get('/sign-in')).text())!;
      expect((await visitor.post('/sign-in', { ...form, _csrf: othersToken })).status).toBe(403);
      // Nor is a form from a browser that never loaded the page.
      expect((await new HttpBrowser(t.url).post('/sign-in', { ...form, _csrf: token })).status).toBe(403);
      expect(visitor.cookies.has('accordant_session')).toBe(false);

      const signedIn = await visitor.post('/sign-in', { ...form, _csrf: token });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/dashboard');
      expect(visitor.cookies.has('accordant_session')).toBe(true);
    });

    it('refuses sign-out without its token, or with the sign-in page’s, and the session carries on', async () => {
      const email = await commissioner();
      const visitor = new HttpBrowser(t.url);
      const preSessionToken = csrfOf(await (await visitor.get('/sign-in')).text())!;
      await visitor.signIn(email);

      expect((await visitor.post('/sign-out', {})).status).toBe(403);
      expect((await visitor.post('/sign-out', { _csrf: preSessionToken })).status).toBe(403);
      expect((await visitor.post('/sign-out', { _csrf: 'not-a-token' }, 'application/json')).status).toBe(403);
      expect(visitor.cookies.has('accordant_session')).toBe(true);
      expect((await visitor.get('/dashboard')).status).toBe(200);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND kind = 'BROWSER'`, [await userIdOf(email)])).rows[0].n).toBe(1);
    });

    it('ends the session server-side on sign-out: the old cookie no longer works, even replayed', async () => {
      const email = await commissioner();
      const visitor = new HttpBrowser(t.url);
      await visitor.signIn(email);
      const oldCookie = visitor.cookies.get('accordant_session')!;
      const oldToken = decodeURIComponent(oldCookie);
      const elsewhere = new HttpBrowser(t.url); // the same person, signed in on another computer
      await elsewhere.signIn(email);

      const signedOut = await visitor.post('/sign-out', { _csrf: await visitor.pageToken() });
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toBe('/sign-in?signed-out=1');
      expect(visitor.cookies.has('accordant_session')).toBe(false);

      // Replayed by someone who copied it: refused on pages, downloads and the API alike.
      const replay = new HttpBrowser(t.url);
      replay.cookies.set('accordant_session', oldCookie);
      const page = await replay.get('/dashboard');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/sign-in\?next=%2Fdashboard/);
      replay.cookies.set('accordant_session', oldCookie);
      expect((await replay.get('/dashboard.csv', 'text/csv')).status).toBe(401);
      const api = await t.gql('{ me { email } }', {}, oldToken);
      expect(api.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'Your session has ended: sign in again' });

      // Only that session ended: the other computer is still signed in.
      expect((await elsewhere.get('/dashboard')).status).toBe(200);
      const userId = await userIdOf(email);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND kind = 'BROWSER'`, [userId])).rows[0].n).toBe(1);
      const audit = await t.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'auth.%' ORDER BY sequence`, [userId]);
      // The fixture's API login, then the two browsers' sign-ins, then the sign-out.
      expect(audit.rows.map((r) => r.action)).toEqual(['auth.login', 'auth.login', 'auth.login', 'auth.logout']);
    });

    it('asks no CSRF token of API clients with a bearer token, and GraphQL never takes the cookie', async () => {
      const visitor = new HttpBrowser(t.url);
      await visitor.signIn(await commissioner());
      const verify = await fetch(`${t.url}/documents/verify`, {
        method: 'POST',
        body: Buffer.from('%PDF-1.4 not ours'),
        headers: { 'content-type': 'application/pdf', authorization: `Bearer ${partnership.commissioner.token}` },
      });
      expect(verify.status).toBe(200);
      const cookieOnly = await visitor.request('/graphql', { method: 'POST', body: JSON.stringify({ query: '{ me { email } }' }), headers: { 'content-type': 'application/json' }, accept: 'application/json' });
      expect((await cookieOnly.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('session expiry', () => {
    it('sends a person whose session went idle to sign in, says it expired, then takes them back', async () => {
      const email = await commissioner();
      const page = await newPage(browser);
      try {
        await page.goto(`${t.url}/sign-in`);
        await signIn(page, t.url, email);
        later(IDLE_SECONDS + 1);
        await page.goto(`${t.url}/dashboard?from=2026-01`);
        const url = new URL(page.url());
        expect(url.pathname).toBe('/sign-in');
        expect(url.searchParams.get('next')).toBe('/dashboard?from=2026-01');
        expect(await page.$eval('[data-notice="expired"]', (e) => e.textContent)).toBe('Your session has expired');
        expect(await cookiesOf(page)).not.toHaveProperty('accordant_session');
        await expectAccessible(page);
        await signIn(page, t.url, email);
        expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/dashboard?from=2026-01');
      } finally {
        await page.browserContext().close();
      }
    });

    it('keeps a session in use alive past the idle timeout, but never past its absolute expiry', async () => {
      const visitor = new HttpBrowser(t.url);
      await visitor.signIn(await commissioner());
      for (const seconds of [600, 1200, 1800, 2400, 3000, 3590]) {
        later(seconds);
        expect({ seconds, status: (await visitor.get('/dashboard')).status }).toEqual({ seconds, status: 200 });
      }
      later(MAX_AGE_SECONDS + 1);
      const expired = await visitor.get('/dashboard');
      expect(expired.status).toBe(303);
      expect(expired.headers.get('location')).toBe('/sign-in?next=%2Fdashboard&expired=1');
    });

    it('refuses an expired session’s download with 401, and tells an API client why', async () => {
      const visitor = new HttpBrowser(t.url);
      await visitor.signIn(await commissioner());
      const token = decodeURIComponent(visitor.cookies.get('accordant_session')!);
      later(IDLE_SECONDS + 1);
      expect((await visitor.get('/dashboard.csv', 'text/csv')).status).toBe(401);
      const api = await t.gql('{ me { email } }', {}, token);
      expect(api.errors?.[0].message).toBe('Your session has expired: sign in again');
    });
  });
});
