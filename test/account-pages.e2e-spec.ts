import type { Browser, Page } from 'puppeteer-core';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { follow, path, texts } from './support/pages.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const ME = '{ me { email } }';

/** "Your sessions" on the account page, in Chromium: listed, revoked one by one, and only one's own. */
describe('account page: your sessions', () => {
  let t: TestApp;
  let browser: Browser;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = (await createOrganisation(t, { name: 'Westbrook Community Health Services' })).id;
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedInPage = async (email: string) => {
    const page = await newPage(browser);
    await signIn(page, t.url, email);
    return page;
  };
  const rows = (page: Page) => texts(page, '[data-section="sessions"] tbody tr td:first-child');
  const screenshots = async (page: Page, name: string) => {
    if (!process.env.SCREENSHOTS) return;
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 900 });
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewport({ width: 1280, height: 900 });
  };

  it('lists this browser and the API tokens, revokes a token at once and leaves the others working', async () => {
    const user = await createUser(t, orgId, 'hana.okafor@westbrook.example', ['PRACTITIONER']);
    const spare = await t.login(user.email);
    const page = await signedInPage(user.email);
    try {
      await follow(page, 'a[data-account="link"]');
      expect(path(page)).toBe('/account');
      expect(await rows(page)).toEqual(['Kind Browser session This one', 'Kind API token', 'Kind API token']);
      expect(await texts(page, '[data-section="sessions"] button')).toEqual([
        expect.stringMatching(/^Sign out here: Browser session signed in /),
        expect.stringMatching(/^Revoke: API token signed in /),
        expect.stringMatching(/^Revoke: API token signed in /),
      ]);
      await expectAccessible(page);
      await screenshots(page, 'account');

      // The newest token is listed second (after this browser): revoke it.
      const spareId = ok(await t.gql('{ sessions { id current } }', {}, spare)).sessions.find((s: { current: boolean }) => s.current).id;
      await follow(page, `tr[data-session="${spareId}"] button`);
      expect(path(page)).toBe('/account');
      expect(await texts(page, '[data-notice="ended"]')).toEqual(['The API token has been revoked: it no longer works.']);
      expect(await rows(page)).toEqual(['Kind Browser session This one', 'Kind API token']);
      await expectAccessible(page);
      await screenshots(page, 'account-revoked');
      expect(failure(await t.gql(ME, {}, spare)).extensions.code).toBe('UNAUTHENTICATED');
      expect(ok(await t.gql(ME, {}, user.token)).me.email).toBe(user.email);

      // Signing out here from the list ends this browser's session.
      await follow(page, 'tr:first-child button');
      expect(path(page)).toBe('/sign-in');
      expect((await page.goto(`${t.url}/account`))?.url()).toMatch(/\/sign-in\?next=%2Faccount/);
      expect(ok(await t.gql(ME, {}, user.token)).me.email).toBe(user.email);
    } finally {
      await page.browserContext().close();
    }
  });

  it("cannot end another user's session from the page: not found, and it keeps working", async () => {
    const victim = await createUser(t, orgId, 'victim@westbrook.example');
    const victimId = ok(await t.gql('{ sessions { id } }', {}, victim.token)).sessions[0].id;
    const admin = await createUser(t, orgId, 'org.admin@westbrook.example', ['ORG_ADMIN']);
    const page = await signedInPage(admin.email);
    try {
      const status = await page.evaluate(async (action) => {
        const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const response = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ _csrf: token }) });
        return response.status;
      }, `/account/sessions/${victimId}/end`);
      expect(status).toBe(404);
      expect(ok(await t.gql(ME, {}, victim.token)).me.email).toBe(victim.email);
    } finally {
      await page.browserContext().close();
    }
  });
});
