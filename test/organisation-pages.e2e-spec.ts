import type { Browser, Page } from 'puppeteer-core';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { follow as click } from './support/pages.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, ok, startTestApp, type TestApp } from './support/test-app.js';
import { registerEmailDomains } from './support/agreement-fixtures.js';

const ORGANISATION = `query ($id: ID!) {
  organisation(id: $id) { name odsCode icoRegistrationNumber registeredAddress igContactEmail igContactPhone sector dsptStatus dsptStatusDate secureEmailMethod secureEmailAccreditationExpiry readiness { ready } }
}`;

/**
 * The organisation admin's journey in Chromium, typing and clicking: the organisation's details and
 * assurance, validation from the services beside the field and in the error summary, users created
 * with roles, roles changed, users deactivated; and the refusals.
 */
describe('organisation admin pages', () => {
  let t: TestApp;
  let browser: Browser;
  let council: { id: string; name: string };
  let hospital: { id: string; name: string };
  let admin: { id: string; email: string };
  let otherAdmin: { id: string; email: string };
  let practitioner: { id: string; email: string };

  const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  const summary = (page: Page) => page.$$eval('.nhsuk-error-summary li', (items) => items.map((li) => [li.querySelector('a')?.getAttribute('href') ?? null, li.textContent?.trim()]));
  const replace = async (page: Page, selector: string, value: string) => {
    await page.$eval(selector, (e) => ((e as HTMLInputElement).value = ''));
    if (value) await page.type(selector, value);
  };
  const signedInPage = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();
  const organisation = async (id: string) => ok(await t.gql(ORGANISATION, { id }, await t.adminToken())).organisation;
  const rolesOf = async (email: string) =>
    (await t.db.query('SELECT r.role FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE u.email = $1 ORDER BY r.role', [email])).rows.map((r) => r.role);
  /** Posts a form from inside the page, with the page's own CSRF token (the sign-out form's), as a forged form would. */
  const postFromPage = (page: Page, action: string, fields: Record<string, string>) =>
    page.evaluate(
      async (url, form) => {
        const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ _csrf: token, ...form }) });
        return { status: response.status, body: await response.text() };
      },
      action,
      fields,
    );

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    council = await createOrganisation(t, { name: 'Northshire County Council', sector: 'LOCAL_AUTHORITY', odsCode: 'NCC01', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2026-06-30', secureEmailMethod: 'NHSMAIL' });
    hospital = await createOrganisation(t, { name: 'Northshire General Hospital NHS Trust', odsCode: 'RNS', dsptStatus: 'NOT_PUBLISHED', secureEmailMethod: 'NHSMAIL' });
    await registerEmailDomains(t, council.id, ['council.example']);
    admin = await createUser(t, council.id, 'admin@council.example', ['ORG_ADMIN']);
    otherAdmin = await createUser(t, hospital.id, 'admin@hospital.example', ['ORG_ADMIN']);
    practitioner = await createUser(t, council.id, 'ig@council.example', ['PRACTITIONER']);
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the organisation: details, assurance, readiness with its reasons, role holders and users', async () => {
    const page = await signedInPage(admin.email);
    try {
      // Signing in lands an organisation admin here: the one section of the menu for them.
      expect(new URL(page.url()).pathname).toBe('/organisation');
      expect(await page.$$eval('a.nhsuk-header__navigation-link', (links) => links.map((a) => [a.textContent?.trim(), a.getAttribute('aria-current')]))).toEqual([['Organisation', 'page']]);
      expect(await text(page, 'h1')).toBe('Your organisation - Northshire County Council');
      expect(await text(page, '[data-field="odsCode"]')).toBe('NCC01');
      expect(await text(page, '[data-field="sector"]')).toBe('Local authority');
      expect(await text(page, '[data-field="dspt"]')).toBe('Standards Met Published 30 June 2026');
      expect(await text(page, '[data-field="secureEmail"]')).toBe('NHSmail Accredited NHSmail is accredited to DCB1596 centrally.');
      expect(await text(page, '[data-readiness]')).toBe('Not ready');
      expect(await page.$$eval('[data-reason]', (items) => items.map((li) => li.textContent))).toEqual([
        'No IG lead: give a user the IG lead role',
        'No one may sign agreements: give a user the Authorised signatory, Caldicott Guardian or SIRO role',
      ]);
      expect(await text(page, '[data-holder="IG lead"]')).toBe('None');
      expect(await page.$$eval('[data-section="users"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-user')))).toEqual(['admin@council.example', 'ig@council.example']);
      expect(await text(page, '[data-user="admin@council.example"] th')).toBe('admin (you)');
      await expectAccessible(page);
    } finally {
      await close(page);
    }
  });

  it('edits the profile: an invalid ODS code, then a rule of the service, each beside the field and in the summary; then saves', async () => {
    const page = await signedInPage(admin.email, false);
    try {
      await page.goto(`${t.url}/organisation`);
      await click(page, 'a[href="/organisation/profile#odsCode"]');
      expect(await page.$eval('#odsCode', (e) => (e as HTMLInputElement).value)).toBe('NCC01');
      await expectAccessible(page);

      await replace(page, '#odsCode', 'not an ods code');
      await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(await page.title()).toBe('Error: Change organisation details – Accordant');
      expect(await summary(page)).toEqual([['#odsCode', 'ODS code must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001']]);
      expect(await text(page, '#odsCode-error')).toBe('Error: ODS code must be 3 to 6 letters and digits, e.g. RJ1, RJ101 or A81001');
      expect(await page.$eval('#odsCode', (e) => [e.getAttribute('aria-describedby'), e.classList.contains('nhsuk-input--error'), (e as HTMLInputElement).value])).toEqual([
        'odsCode-hint odsCode-error',
        true,
        'not an ods code',
      ]);
      await expectAccessible(page);
      expect((await organisation(council.id)).odsCode).toBe('NCC01');

      // A valid shape, but the service's own rules: an accredited method needs its expiry date.
      await replace(page, '#odsCode', 'ncc02');
      await page.click('#secureEmailMethod-2');
      await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(await summary(page)).toEqual([
        ['#secureEmailAccreditationExpiry-day', 'Accreditation expiry date is required when secure email method is Office 365 accredited to DCB1596'],
      ]);
      expect(await page.$eval('#secureEmailAccreditationExpiry-day', (e) => e.closest('fieldset')?.getAttribute('aria-describedby'))).toBe(
        'secureEmailAccreditationExpiry-hint secureEmailAccreditationExpiry-error',
      );
      await expectAccessible(page);

      await page.type('#secureEmailAccreditationExpiry-day', '31');
      await page.type('#secureEmailAccreditationExpiry-month', '3');
      await page.type('#secureEmailAccreditationExpiry-year', '2031');
      await page.type('#icoRegistrationNumber', 'za123456');
      await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/organisation');
      expect(await text(page, '[data-notice="done"]')).toBe('Organisation details saved');
      expect(await text(page, '[data-field="odsCode"]')).toBe('NCC02');
      expect(await text(page, '[data-field="secureEmail"]')).toContain('Office 365 accredited to DCB1596 Accredited Accreditation expires 31 March 2031');
      expect(await organisation(council.id)).toMatchObject({
        odsCode: 'NCC02',
        icoRegistrationNumber: 'ZA123456',
        secureEmailMethod: 'DCB1596_ACCREDITED_OFFICE365',
        secureEmailAccreditationExpiry: '2031-03-31',
        dsptStatus: 'STANDARDS_MET',
        dsptStatusDate: '2026-06-30',
      });
      const audit = await t.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action = 'organisation.update'`, [council.id]);
      expect(audit.rows).toHaveLength(1);
    } finally {
      await close(page);
    }
  });

  it('shows the dated assurance as a table in words and records a change; a DSPT change without a new date is refused beside the field', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const [year, month, day] = today.split('-').map(Number);
    const inWords = (date: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
    const rows = (page: Page) => page.$$eval('[data-section="assurance-history"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim())));
    const page = await signedInPage(admin.email, false);
    try {
      await page.goto(`${t.url}/organisation`);
      await click(page, 'a[data-link="assurance-history"]');
      expect(await text(page, 'h1')).toBe('Northshire County Council - Assurance history');
      // The first entry, and the profile change above as an entry in force from today.
      expect(await rows(page)).toEqual([
        [`In force from ${inWords(today)} In force today`, 'DSPT status Standards Met', 'DSPT published 30 June 2026', 'Next DSPT due Not stated', 'Secure email Office 365 accredited to DCB1596', 'Accreditation expires 31 March 2031', 'ICO registration renewal Not stated'],
        ['In force from 30 June 2026', 'DSPT status Standards Met', 'DSPT published 30 June 2026', 'Next DSPT due Not stated', 'Secure email NHSmail', 'Accreditation expires Does not expire', 'ICO registration renewal Not stated'],
      ]);
      await expectAccessible(page);

      // A new DSPT status with the old publication date: refused, beside the field and in the summary.
      await page.click('input[name="dsptStatus"][value="STANDARDS_NOT_MET"]');
      await click(page, 'form[action="/organisation/assurance"] button[type="submit"]');
      expect(await page.title()).toBe('Error: Assurance history – Accordant');
      expect(await summary(page)).toEqual([
        ['#dsptStatusDate-day', 'DSPT publication date must be a new publication date, after 30 June 2026, when DSPT status changes from Standards Met to Standards Not Met'],
      ]);
      expect(await page.$eval('#dsptStatusDate-day', (e) => e.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('dsptStatusDate-hint dsptStatusDate-error');
      await expectAccessible(page);
      expect((await organisation(council.id)).dsptStatus).toBe('STANDARDS_MET');

      // With its publication date (today), and the ICO renewal: recorded as a new entry, the current view follows.
      await replace(page, '#dsptStatusDate-day', String(day));
      await replace(page, '#dsptStatusDate-month', String(month));
      await replace(page, '#dsptStatusDate-year', String(year));
      await page.type('#icoRegistrationRenewalDate-day', '31');
      await page.type('#icoRegistrationRenewalDate-month', '1');
      await page.type('#icoRegistrationRenewalDate-year', '2031');
      await click(page, 'form[action="/organisation/assurance"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('The change has been recorded');
      expect((await rows(page))[0]).toEqual([
        `In force from ${inWords(today)} In force today`,
        'DSPT status Standards Not Met',
        `DSPT published ${inWords(today)}`,
        'Next DSPT due Not stated',
        'Secure email Office 365 accredited to DCB1596',
        'Accreditation expires 31 March 2031',
        'ICO registration renewal 31 January 2031',
      ]);
      expect(await page.$$eval('[data-in-force]', (tags) => tags.length)).toBe(1);
      expect(await rows(page)).toHaveLength(3);
      await expectAccessible(page);
      expect(await organisation(council.id)).toMatchObject({ dsptStatus: 'STANDARDS_NOT_MET', dsptStatusDate: today });
      if (process.env.SCREENSHOTS) {
        for (const width of [1280, 375]) {
          await page.setViewport({ width, height: 900 });
          await page.screenshot({ path: `${process.env.SCREENSHOTS}/organisation-assurance-${width}.png`, fullPage: true });
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0; y < height; y += 1000) {
            await page.screenshot({ path: `${process.env.SCREENSHOTS}/organisation-assurance-${width}-${y / 1000}.png`, clip: { x: 0, y, width, height: Math.min(1000, height - y) }, captureBeyondViewport: true });
          }
        }
      }
    } finally {
      await close(page);
    }
    // Not the admin: refused.
    const member = await signedInPage(practitioner.email);
    try {
      expect((await member.goto(`${t.url}/organisation/assurance`))?.status()).toBe(403);
      expect((await postFromPage(member, '/organisation/assurance', { dsptStatus: 'STANDARDS_MET', secureEmailMethod: 'NHSMAIL' })).status).toBe(403);
    } finally {
      await close(member);
    }
  });

  it('gives the registered address and the public contact for IG queries: a malformed email or phone refused beside its field; then saved and shown', async () => {
    const page = await signedInPage(admin.email, false);
    try {
      await page.goto(`${t.url}/organisation`);
      expect(await text(page, '[data-field="registeredAddress"]')).toBe('Not stated');
      expect(await text(page, '[data-field="igContact"]')).toBe('Not stated');
      await click(page, 'a[href="/organisation/profile#registeredAddress"]');
      await page.type('#registeredAddress', 'County Hall\nMarket Street\nNorthtown NT2 1AA');
      await page.type('#igContactEmail', 'information governance');
      await page.type('#igContactPhone', 'ring reception');
      await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(await summary(page)).toEqual([
        ['#igContactEmail', 'Email address for information-governance queries must be an email address, for example ig.queries@example.nhs.uk'],
        ['#igContactPhone', 'Telephone number for information-governance queries must be a UK telephone number, or an international one starting with +, in digits, spaces, brackets or hyphens'],
      ]);
      expect(await page.$eval('#igContactEmail', (e) => [e.getAttribute('aria-describedby'), (e as HTMLInputElement).value])).toEqual(['igContactEmail-error', 'information governance']);
      expect(await page.$eval('#registeredAddress', (e) => (e as HTMLTextAreaElement).value)).toBe('County Hall\nMarket Street\nNorthtown NT2 1AA');
      await expectAccessible(page);
      expect(await organisation(council.id)).toMatchObject({ registeredAddress: null, igContactEmail: null });

      await replace(page, '#igContactEmail', 'IG@Northshire-Council.example');
      await replace(page, '#igContactPhone', '0113 496 0000');
      await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/organisation');
      expect(await page.$eval('[data-field="registeredAddress"]', (e) => (e as HTMLElement).innerText)).toBe('County Hall\nMarket Street\nNorthtown NT2 1AA');
      expect(await text(page, '[data-field="igContact"]')).toBe('ig@northshire-council.example 0113 496 0000');
      expect(await organisation(council.id)).toMatchObject({
        registeredAddress: 'County Hall\nMarket Street\nNorthtown NT2 1AA',
        igContactEmail: 'ig@northshire-council.example',
        igContactPhone: '0113 496 0000',
      });
      await expectAccessible(page);
    } finally {
      await close(page);
    }
  });

  it('adds a user with roles, changes their roles, and refuses to leave the organisation without an admin', async () => {
    const page = await signedInPage(admin.email);
    try {
      await page.goto(`${t.url}/organisation`);
      await click(page, 'a[href="/organisation/users/new"]');
      await expectAccessible(page);
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      expect(await summary(page)).toEqual([
        ['#email', 'Enter their email address'],
        ['#fullName', 'Enter their full name'],
        ['#password', 'Enter a first password for them'],
      ]);
      expect(await page.$eval('#email', (e) => e.getAttribute('aria-describedby'))).toBe('email-hint email-error');
      await expectAccessible(page);

      await page.type('#email', 'Priya.Shah@Council.example');
      await page.type('#fullName', 'Priya Shah');
      await page.type('#jobTitle', 'Head of Information Governance');
      await page.type('#password', 'a first password for Priya');
      await page.click('input[name="roles"][value="IG_LEAD"]');
      await page.click('input[name="roles"][value="SIGNATORY"]');
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      // The password rules, beside the field: a password holding the name in the email is refused.
      expect(await summary(page)).toEqual([['#password', 'First password must not contain your email address or the name in it']]);
      await expectAccessible(page);
      await replace(page, '#password', 'a first violet kettle lantern');
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('Priya Shah has been added');
      expect(await text(page, '[data-user="priya.shah@council.example"] [data-roles]')).toBe('IG lead, Authorised signatory');
      expect(await text(page, '[data-readiness]')).toBe('Ready');
      expect(await text(page, '[data-holder="IG lead"]')).toBe('Priya Shah priya.shah@council.example');
      expect(await rolesOf('priya.shah@council.example')).toEqual(['IG_LEAD', 'SIGNATORY']);
      expect((await organisation(council.id)).readiness.ready).toBe(true);
      expect(await t.login('priya.shah@council.example', 'a first violet kettle lantern')).toEqual(expect.any(String));

      // Change roles: a Caldicott Guardian now, no longer a signatory.
      await click(page, '[data-user="priya.shah@council.example"] a[href$="/roles"]');
      expect(await page.$$eval('input[name="roles"]:checked', (boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['IG_LEAD', 'SIGNATORY']);
      await expectAccessible(page);
      await page.click('input[name="roles"][value="CALDICOTT_GUARDIAN"]');
      await page.click('input[name="roles"][value="SIGNATORY"]');
      await click(page, 'form[action$="/roles"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('Roles of Priya Shah saved');
      expect(await text(page, '[data-user="priya.shah@council.example"] [data-roles]')).toBe('IG lead, Caldicott Guardian');
      expect(await rolesOf('priya.shah@council.example')).toEqual(['CALDICOTT_GUARDIAN', 'IG_LEAD']);

      // The only admin cannot take away their own ORG_ADMIN: the service says why, and the role
      // ticked in the same form is not saved either (all the changes or none).
      await click(page, '[data-user="admin@council.example"] a[href$="/roles"]');
      await page.click('input[name="roles"][value="ORG_ADMIN"]');
      await page.click('input[name="roles"][value="PRACTITIONER"]');
      await click(page, 'form[action$="/roles"] button[type="submit"]');
      expect(await summary(page)).toEqual([[null, 'This would leave the organisation with no Organisation admin; give the role to someone else first']]);
      await expectAccessible(page);
      expect(await rolesOf('admin@council.example')).toEqual(['ORG_ADMIN']);
    } finally {
      await close(page);
    }
  });

  it('email domains: a system admin sets them on their page; the admin adds users only at them, told why beside the email field', async () => {
    const operator = await newPage(browser);
    try {
      await signIn(operator, t.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      // The system admin's own organisation page offers the change; any organisation's page is at its address.
      await operator.goto(`${t.url}/organisation`);
      expect(await operator.$('a[href$="/email-domains"]')).not.toBeNull();
      await operator.goto(`${t.url}/organisations/${council.id}/email-domains`);
      expect(await text(operator, 'h1')).toBe('Northshire County Council - Email domains');
      expect(await operator.$eval('#domains', (e) => (e as HTMLTextAreaElement).value)).toBe('council.example');
      await expectAccessible(operator);
      await replace(operator, '#domains', 'council.example\nnot_a_domain');
      await click(operator, 'form[action$="/email-domains"] button[type="submit"]');
      expect(await summary(operator)).toEqual([['#domains', 'Each domain must be a domain name such as nhs.net: letters, digits, hyphens and dots']]);
      await expectAccessible(operator);
      await replace(operator, '#domains', 'council.example\nNorthshire.gov.uk');
      await click(operator, 'form[action$="/email-domains"] button[type="submit"]');
      expect(await text(operator, '[data-notice="saved"]')).toBe('Email domains saved.');
      expect(await operator.$eval('#domains', (e) => (e as HTMLTextAreaElement).value)).toBe('council.example\nnorthshire.gov.uk');
    } finally {
      await close(operator);
    }

    const page = await signedInPage(admin.email, false);
    try {
      await page.goto(`${t.url}/organisation`);
      expect(await text(page, '[data-field="emailDomains"]')).toBe("council.example northshire.gov.uk New users' email addresses must end with @council.example or @northshire.gov.uk.");
      expect(await page.$('a[href$="/email-domains"]')).toBeNull();
      await click(page, 'a[href="/organisation/users/new"]');
      expect(await text(page, '#email-hint')).toBe("They sign in with it. New users' email addresses must end with @council.example or @northshire.gov.uk.");
      await page.type('#email', 'lookalike@hospital.example');
      await page.type('#fullName', 'Look Alike');
      await page.type('#password', 'a first password for them');
      await click(page, 'form[action="/organisation/users/new"] button[type="submit"]');
      expect(await summary(page)).toEqual([
        ['#email', 'A user of this organisation must have an address at one of its domains (council.example, northshire.gov.uk), not hospital.example'],
      ]);
      await expectAccessible(page);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'lookalike@hospital.example'`)).rows[0].n).toBe(0);
    } finally {
      await close(page);
    }
  });

  it('deactivates a user after asking, and reactivates them', async () => {
    const leaver = await createUser(t, council.id, 'leaver@council.example', ['PRACTITIONER']);
    const page = await signedInPage(admin.email, false);
    try {
      await page.goto(`${t.url}/organisation`);
      await click(page, '[data-user="leaver@council.example"] a[href$="/deactivate"]');
      expect(await text(page, 'h1')).toBe('Northshire County Council - Deactivate leaver?');
      expect(await text(page, '.nhsuk-card--warning')).toContain('They lose every role they hold: Practitioner.');
      await expectAccessible(page);
      await click(page, 'form[action$="/deactivate"] button[type="submit"]');
      expect(await text(page, '[data-notice="done"]')).toBe('leaver has been deactivated');
      expect(await text(page, '[data-user="leaver@council.example"]')).toContain('Deactivated');
      const leaverLogin = () => t.gql('mutation { login(input: { email: "leaver@council.example", password: "' + DEFAULT_PASSWORD + '" }) { token } }');
      expect((await leaverLogin()).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(await rolesOf(leaver.email)).toEqual([]);

      await click(page, '[data-user="leaver@council.example"] form[action$="/reactivate"] button');
      expect(await text(page, '[data-notice="done"]')).toBe('leaver has been reactivated');
      expect(await text(page, '[data-user="leaver@council.example"]')).toContain('Active');
      expect((await leaverLogin()).data?.login.token).toEqual(expect.any(String));
    } finally {
      await close(page);
    }
  });

  it('refuses a user who is not the admin, never shows another organisation’s data, and refuses a form without its CSRF token', async () => {
    // A practitioner, not the admin: refused, and a forged form with their own valid token changes nothing.
    const member = await signedInPage(practitioner.email);
    try {
      const response = await member.goto(`${t.url}/organisation`);
      expect(response?.status()).toBe(403);
      expect(await text(member, 'h1')).toBe('You cannot do this');
      await expectAccessible(member);
      expect((await member.goto(`${t.url}/organisation/profile`))?.status()).toBe(403);
      const forged = await postFromPage(member, '/organisation/profile', { name: 'Renamed by a practitioner', sector: 'LOCAL_AUTHORITY', dsptStatus: 'STANDARDS_MET', secureEmailMethod: 'NHSMAIL' });
      expect(forged.status).toBe(403);
    } finally {
      await close(member);
    }
    expect((await organisation(council.id)).name).toBe('Northshire County Council');

    // Another organisation's admin: /organisation is always their own, and this organisation's users are not found.
    const stranger = await signedInPage(otherAdmin.email);
    try {
      await stranger.goto(`${t.url}/organisation`);
      expect(await text(stranger, 'h1')).toBe('Your organisation - Northshire General Hospital NHS Trust');
      const html = await stranger.content();
      expect(html).not.toContain('Northshire County Council');
      expect(html).not.toContain('council.example');
      expect((await stranger.goto(`${t.url}/organisation/users/${practitioner.id}/roles`))?.status()).toBe(404);
      expect((await stranger.goto(`${t.url}/organisation/users/${practitioner.id}/deactivate`))?.status()).toBe(404);
      await stranger.goto(`${t.url}/organisation`);
      const forged = await postFromPage(stranger, `/organisation/users/${practitioner.id}/deactivate`, {});
      expect(forged.status).toBe(404);
      const roles = await postFromPage(stranger, `/organisation/users/${practitioner.id}/roles`, { roles: 'ORG_ADMIN' });
      expect(roles.status).toBe(404);
    } finally {
      await close(stranger);
    }
    expect(await rolesOf(practitioner.email)).toEqual(['PRACTITIONER']);

    // The admin's own form, but without its CSRF token.
    const page = await signedInPage(admin.email);
    try {
      await page.goto(`${t.url}/organisation/profile`);
      await replace(page, '#name', 'Renamed without a token');
      await page.$eval('form[action="/organisation/profile"] input[name="_csrf"]', (input) => input.remove());
      const response = await click(page, 'form[action="/organisation/profile"] button[type="submit"]');
      expect(response?.status()).toBe(403);
      expect(await text(page, '[data-error="message"]')).toContain('security token was missing or out of date');
    } finally {
      await close(page);
    }
    expect((await organisation(council.id)).name).toBe('Northshire County Council');
  });
});
