import type { Browser, Page } from 'puppeteer-core';
import { compliantDraftAgreement, readyPartner, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import { accessibleAtBothWidths } from './support/page-widths.js';
import { follow as click, path, text, texts } from './support/pages.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The organisation admin's pages, second pass (issue 21): giving a named post says whom it was
 * taken from; deactivating the last who may sign, or a named post's holder, warns first and names
 * the agreements awaiting the organisation's signature; messages in the NHS style.
 */
describe('organisation admin pages, second pass', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let councilAdmin: { id: string; email: string };
  let careAdmin: { id: string; email: string };
  let awaiting: { reference: string };

  const signedInPage = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();
  const summary = (page: Page) => page.$$eval('.nhsuk-error-summary li', (items) => items.map((li) => [li.querySelector('a')?.getAttribute('href') ?? null, li.textContent?.trim()]));

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    councilAdmin = await createUser(t, council.id, 'admin@council.example', ['ORG_ADMIN']);
    careAdmin = await createUser(t, care.id, 'admin@care.example', ['ORG_ADMIN']);
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Awaiting the council');
    ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token));
    awaiting = { reference: draft.reference };
    browser = await launchBrowser(t.config);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 180_000);

  it('says whom a named post was taken from, when given on the roles page or to a new user', async () => {
    const dora = await createUser(t, care.id, 'dora@care.example', ['DPO']);
    const pat = await createUser(t, care.id, 'pat@care.example', ['PRACTITIONER']);
    const page = await signedInPage(careAdmin.email);
    try {
      await page.goto(`${t.url}/organisation/users/${pat.id}/roles`);
      await page.click('input[name="roles"][value="DPO"]');
      await click(page, 'form[action$="/roles"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('Roles of pat saved');
      expect(await texts(page, '[data-notice="taken-from"]')).toEqual(['DPO was taken from dora: they no longer hold it.']);
      await accessibleAtBothWidths(page, 'organisation-taken-from');
      // A role many may hold, or a post already theirs, was taken from no one.
      await page.goto(`${t.url}/organisation/users/${pat.id}/roles`);
      await page.click('input[name="roles"][value="SIGNATORY"]');
      await click(page, 'form[action$="/roles"] button[type="submit"]');
      expect(await page.$('[data-notice="taken-from"]')).toBeNull();

      await page.goto(`${t.url}/organisation/users/new`);
      await page.type('#email', 'nell@care.example');
      await page.type('#fullName', 'Nell New');
      await page.type('#password', 'a first violet kettle lantern');
      await page.click('input[name="roles"][value="IG_LEAD"]');
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('Nell New has been added');
      expect(await texts(page, '[data-notice="taken-from"]')).toEqual(['IG lead was taken from ig: they no longer hold it.']);
      // A notice naming someone of another organisation, as a crafted address would, names no one.
      await page.goto(`${t.url}/organisation?done=roles&user=${pat.id}&moved=SIRO.${council.signatory.id}&moved=DPO.${dora.id}`);
      expect(await texts(page, '[data-notice="taken-from"]')).toEqual(['DPO was taken from dora: they no longer hold it.']);
    } finally {
      await close(page);
    }
  }, 180_000);

  it('warns before deactivating the last who may sign or a named post’s holder, naming the agreements awaiting the organisation’s signature', async () => {
    const page = await signedInPage(councilAdmin.email);
    try {
      await page.goto(`${t.url}/organisation/users/${council.signatory.id}/deactivate`);
      expect(await text(page, '[data-warning="unready"]')).toBe('Northshire County Council will not be ready to be a party to an agreement: no one will be able to sign for it.');
      expect(await text(page, '[data-warning="last-signer"]')).toBe('signer is the last person who may sign agreements for Northshire County Council.');
      expect(await texts(page, '[data-warning="awaiting"] li')).toEqual([`${awaiting.reference} version 1: Awaiting the council`]);
      await accessibleAtBothWidths(page, 'organisation-deactivate-warning');

      await page.goto(`${t.url}/organisation/users/${council.igLead.id}/deactivate`);
      expect(await texts(page, '[data-warning="post"]')).toEqual(['Northshire County Council will have no IG lead.']);
      expect(await text(page, '[data-warning="unready"]')).toBe('Northshire County Council will not be ready to be a party to an agreement: it will have no IG lead.');
      expect(await page.$('[data-warning="last-signer"]')).toBeNull();

      await page.goto(`${t.url}/organisation/users/${council.practitioner.id}/deactivate`);
      expect(await page.$('[data-warning="deactivate"]')).toBeNull();
    } finally {
      await close(page);
    }
    // Another organisation's admin sees none of it.
    const other = await signedInPage(careAdmin.email);
    try {
      const response = await other.goto(`${t.url}/organisation/users/${council.signatory.id}/deactivate`);
      expect(response?.status()).toBe(404);
      expect(await other.content()).not.toContain(awaiting.reference);
    } finally {
      await close(other);
    }
  }, 180_000);

  it('words messages in the NHS style: what to enter, and how long to wait in minutes', async () => {
    const page = await signedInPage(councilAdmin.email, false);
    try {
      await page.goto(`${t.url}/organisation/users/new`);
      await page.type('#email', 'not an email');
      await page.type('#fullName', 'x'.repeat(201));
      await page.type('#password', 'short');
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      expect(await summary(page)).toEqual([
        ['#email', 'Enter an email address in the correct format, like name@example.nhs.uk'],
        ['#fullName', 'Full name must be 200 characters or fewer'],
        ['#password', 'First password must be between 12 and 256 characters'],
      ]);
      await accessibleAtBothWidths(page, 'organisation-user-new-errors');
    } finally {
      await close(page);
    }

    const visitor = await newPage(browser, { javaScript: false });
    try {
      await visitor.goto(`${t.url}/sign-in`);
      let status = 0;
      for (let attempt = 0; attempt < 6 && status !== 429; attempt++) {
        await visitor.$eval('#email', (e) => ((e as HTMLInputElement).value = ''));
        await visitor.type('#email', 'practitioner@council.example');
        await visitor.type('#password', 'not the password at all');
        status = (await click(visitor, 'form[action="/sign-in"] button[type="submit"]'))?.status() ?? 0;
      }
      expect(status).toBe(429);
      expect(path(visitor)).toBe('/sign-in');
      expect(await text(visitor, '#email-error')).toBe('Error: Too many sign-in attempts. Try again in 15 minutes.');
      await accessibleAtBothWidths(visitor, 'sign-in-too-many');
    } finally {
      await close(visitor);
    }
  }, 180_000);
});
