import type { Browser, Page } from 'puppeteer-core';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { CREATE_AGREEMENT, readyPartner, SIGN, UPDATE_DRAFT, type Partner } from './support/agreement-fixtures.js';
import { DEFAULT_PASSWORD, ok, startTestApp, type TestApp } from './support/test-app.js';

const HTML = 'text/html,application/xhtml+xml';

/** A minimal cookie jar over fetch, as a browser without a page would post forms. */
class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (!headers.has('accept')) headers.set('accept', HTML);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>) {
    return this.request(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(email: string): Promise<void> {
    const token = csrfOf(await (await this.get('/sign-in')).text());
    const response = await this.post('/sign-in', { _csrf: token, email, password: DEFAULT_PASSWORD, next: '/' });
    if (response.status !== 303) throw new Error(`sign-in as ${email} failed with ${response.status}`);
  }

  /** The CSRF token of the forms on a signed-in page. */
  async tokenFrom(path: string): Promise<string> {
    return csrfOf(await (await this.get(path)).text());
  }
}

const csrfOf = (html: string) => {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
};

const path = (page: Page) => new URL(page.url()).pathname;
const texts = (page: Page, selector: string) => page.$$eval(selector, (elements) => elements.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
const findingCodes = (page: Page, kind: 'blockers' | 'warnings') => page.$$eval(`[data-findings="${kind}"] [data-finding]`, (items) => items.map((i) => i.getAttribute('data-finding')));

/** Clicks and waits for the page it leads to. */
async function follow(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** Follows the link of a compliance finding (the first with that code), as the person would. */
async function followFinding(page: Page, code: string): Promise<void> {
  await follow(page, `[data-finding="${code}"] a`);
}

/** Replaces what is in a field with `text`, by typing. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.$eval(selector, (e) => ((e as HTMLInputElement).value = ''));
  await page.type(selector, text);
}

const todayPlus = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()), iso: date.toISOString().slice(0, 10) };
};

async function typeDate(page: Page, id: string, date: { day: string; month: string; year: string }): Promise<void> {
  await typeInto(page, `#${id}-day`, date.day);
  await typeInto(page, `#${id}-month`, date.month);
  await typeInto(page, `#${id}-year`, date.year);
}

/**
 * The IG lead's agreement pages (issue 7, journey 1) in headless Chromium, typing and clicking as
 * a person would, against the real app and PostgreSQL; every kind of page checked with axe-core.
 */
describe('agreement pages', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let elsewhere: Partner;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RX1' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    elsewhere = await readyPartner(t, 'Southshire Integrated Care Board', 'southicb', { sector: 'ICB' });
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signAs = async (partner: Partner, agreementId: string, versionNumber: number, contentHash: string) =>
    ok(await t.gql(SIGN, { input: { agreementId, versionNumber, contentHash } }, partner.signatory.token)).signAgreement;

  it('an IG lead drafts an agreement with two partners, fixes the blockers by following the findings, submits it, sees who has signed, varies it and compares the versions', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, t.url, hospital.igLead.email);
      // The menu leads an IG lead to the agreements.
      expect(path(page)).toBe('/agreements');
      expect(await texts(page, 'a.nhsuk-header__navigation-link')).toContain('Agreements');
      await expectAccessible(page);

      // Create the draft.
      await follow(page, 'a[href="/agreements/new"]');
      await expectAccessible(page);
      await page.click('input[name="kind"][value="ISP"]');
      await page.type('#title', 'Hospital discharge to home care');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      const agreementPath = path(page);
      expect(agreementPath).toMatch(/^\/agreements\/[0-9a-f-]{36}$/);
      const agreementId = agreementPath.split('/')[2];
      expect(await page.$eval('[data-notice]', (e) => e.textContent)).toMatch(/Draft created/);
      expect(await page.$eval('h1', (h) => h.textContent)).toContain('Hospital discharge to home care');
      expect(await findingCodes(page, 'blockers')).toEqual(expect.arrayContaining(['NO_PURPOSE', 'TOO_FEW_PARTIES', 'NO_DATA_FLOWS', 'NO_ARTICLE_6_BASIS', 'NO_RETENTION', 'NO_REVIEW_DATE']));
      await expectAccessible(page);

      // Too few parties: the finding leads to the organisation to add.
      await followFinding(page, 'TOO_FEW_PARTIES');
      expect(path(page)).toBe(`/agreements/${agreementId}/edit/parties`);
      expect(new URL(page.url()).hash).toBe('#parties');
      await expectAccessible(page);
      for (const partner of [council, care]) {
        await page.select('#parties', partner.id);
        await page.select('#add-role', 'CONTROLLER');
        await follow(page, 'form[action$="/edit/parties/add"] button[type="submit"]');
      }
      expect(await page.$$eval('tr[data-party]', (rows) => rows.map((r) => r.getAttribute('data-party')))).toEqual([hospital.name, council.name, care.name]);
      await follow(page, 'main a[href="/agreements/' + agreementId + '"]:not(.nhsuk-back-link)');

      // No purpose: the finding leads to the field for the first one.
      await followFinding(page, 'NO_PURPOSE');
      expect(page.url()).toMatch(/\/edit\/purposes#purposes-0-description$/);
      await expectAccessible(page);
      await page.type('#scope', 'Adults leaving Northshire General Hospital who need care and support at home.');
      await page.type('#purposes-0-description', 'Plan and deliver care and support on discharge from hospital');
      await page.click('#purposes-0-purposeType'); // the first choice: individual care
      await page.type('#benefits', 'Fewer delayed discharges\nPeople tell their story once');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect(await page.$eval('[data-notice]', (e) => e.textContent)).toBe('Scope, purposes and benefits: saved.');
      expect(await findingCodes(page, 'blockers')).not.toContain('NO_PURPOSE');

      // Legal basis: the vocabularies as checkboxes, a Schedule 1 condition revealed under Article 9(2)(h).
      await followFinding(page, 'NO_ARTICLE_6_BASIS');
      expect(new URL(page.url()).hash).toBe('#legalBasis-article6');
      await expectAccessible(page);
      await page.click('input[name="legalBasis-article6"][value="ART6_1_E_PUBLIC_TASK"]');
      expect(await page.$eval('#legalBasis-article9-ART9_2_H_HEALTH_SOCIAL_CARE-schedule1Condition', (e) => (e as HTMLElement).offsetParent === null)).toBe(true);
      await page.click('input[name="legalBasis-article9"][value="ART9_2_H_HEALTH_SOCIAL_CARE"]');
      await page.select('#legalBasis-article9-ART9_2_H_HEALTH_SOCIAL_CARE-schedule1Condition', 'SCH1_P1_2_HEALTH_SOCIAL_CARE');
      await page.click('input[name="legalBasis-commonLawBases"][value="IMPLIED_CONSENT"]');
      await page.type('#legalBasis-statutoryPowers', 'Care Act 2014 s2');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');

      // The information reference table: a flow with two data items, one not justified.
      await followFinding(page, 'NO_DATA_FLOWS');
      expect(path(page)).toBe(`/agreements/${agreementId}/edit/data-flows`);
      await expectAccessible(page);
      await follow(page, '#dataFlows');
      expect(path(page)).toBe(`/agreements/${agreementId}/edit/data-flows/new`);
      await page.type('#dataFlows-0-name', 'Discharge notification');
      await page.select('#dataFlows-0-fromOrganisationId', hospital.id);
      await page.select('#dataFlows-0-toOrganisationId', council.id);
      await page.select('#dataFlows-0-frequency', 'DAILY');
      await page.click('input[name="dataFlows-0-transferMethod"][value="NHSMAIL"]');
      await page.type('#dataFlows-0-estimatedRecordsPerYear', '4000');
      await page.type('#dataFlows-0-recipientRetention', '8 years after the last contact');
      await page.click('input[name="dataFlows-0-transferOutsideUk"][value="no"]');
      await page.type('#dataFlows-0-dataItems-0-name', 'NHS number');
      await page.click('input[name="dataFlows-0-dataItems-0-identifiability"][value="IDENTIFIABLE"]');
      await page.click('input[name="dataFlows-0-dataItems-0-specialCategory"][value="no"]');
      await expectAccessible(page);
      await follow(page, '#main-form button[name="action"][value="add"]');
      expect(path(page)).toMatch(new RegExp(`^/agreements/${agreementId}/edit/data-flows/[0-9a-f-]{36}$`));
      expect(await page.$eval('#dataFlows-0-dataItems-0-name', (e) => (e as HTMLInputElement).value)).toBe('NHS number');
      await page.type('#dataFlows-0-dataItems-1-name', 'Discharge summary');
      await page.click('input[name="dataFlows-0-dataItems-1-identifiability"][value="IDENTIFIABLE"]');
      await page.click('input[name="dataFlows-0-dataItems-1-specialCategory"][value="yes"]');
      await page.type('#dataFlows-0-dataItems-1-justification', 'Needed to arrange safe care on discharge');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect(path(page)).toBe(`/agreements/${agreementId}/edit/data-flows`);
      expect(await page.$$eval('tr[data-flow]', (rows) => rows.map((r) => r.getAttribute('data-flow')))).toEqual(['Discharge notification']);
      await follow(page, '.nhsuk-back-link');

      // The other sections, each a form of its own.
      const section = async (slug: string, fill: () => Promise<void>) => {
        await follow(page, `[data-section="${slug}"] a`);
        expect(path(page)).toBe(`/agreements/${agreementId}/edit/${slug}`);
        await fill();
        await follow(page, '#main-form .nhsuk-button-group button:not([name])');
        expect(path(page)).toBe(agreementPath);
      };
      await section('data-subjects', async () => {
        await page.type('#dataSubjects-categories', 'Adults leaving hospital who need care and support');
        await page.click('input[name="dataSubjects-includesChildren"][value="no"]');
        await expectAccessible(page);
      });
      await section('consent', async () => {
        await page.type('#consentAndTransparency-howIndividualsAreInformed', 'Ward staff explain the sharing and give the joint privacy notice.');
        await page.click('input[name="consentAndTransparency-nationalDataOptOutApplied"][value="no"]');
      });
      await section('security', async () => {
        await page.type('#security-measures', 'Each party keeps DSPT Standards Met.');
      });
      await section('retention', async () => {
        await page.type('#retention-period', '8 years after the last contact');
      });
      await section('breaches', async () => {
        await page.type('#breaches-notifyPartiesWithinHours', '24');
        await page.type('#breaches-process', 'Report to the lead IG team within 24 hours.');
      });
      await section('dpia', async () => {
        await page.type('#dpia-reference', 'DPIA-2026-001');
        await page.click('input[name="dpia-outcome"][value="RISKS_MITIGATED"]');
        await typeDate(page, 'dpia-completedOn', { day: '15', month: '1', year: '2026' });
        await expectAccessible(page);
      });
      await section('review', async () => {
        await page.type('#review-cycleMonths', '12');
        await typeDate(page, 'review-nextReviewDate', todayPlus(365));
      });

      // One blocker is left; submitting shows it at the top, linking to the field at fault.
      expect(await findingCodes(page, 'blockers')).toEqual(['IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION']);
      const response = await Promise.all([page.waitForNavigation(), page.click(`form[action="/agreements/${agreementId}/submit"] button`)]);
      expect(response[0]?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Error: /);
      const summary = await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]));
      expect(summary).toHaveLength(1);
      expect(summary[0][0]).toMatch(new RegExp(`^/agreements/${agreementId}/edit/data-flows/[0-9a-f-]{36}#dataFlows-0-dataItems-0-justification$`));
      expect(summary[0][1]).toMatch(/Say why "NHS number" in flow "Discharge notification" is needed/);
      await expectAccessible(page);
      await follow(page, '.nhsuk-error-summary a');
      await page.type('#dataFlows-0-dataItems-0-justification', 'Identifies the person across both records');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      await follow(page, '.nhsuk-back-link');
      expect(await page.$('[data-findings="blockers"]')).toBeNull();

      // Submitted: version 1, and who has signed it.
      await follow(page, `form[action="/agreements/${agreementId}/submit"] button`);
      expect(path(page)).toBe(`/agreements/${agreementId}/versions/1`);
      expect(await page.$eval('[data-notice]', (e) => e.textContent)).toMatch(/Submitted for signature as version 1/);
      expect(await page.$eval('[data-signed]', (e) => e.textContent)).toBe('0 of 3 parties have signed; 3 still to sign.');
      await expectAccessible(page);
      const hash1 = (await page.$eval('[data-hash]', (e) => e.textContent))!;
      await signAs(council, agreementId, 1, hash1);
      await signAs(hospital, agreementId, 1, hash1);
      await page.reload();
      expect(await page.$$eval('tr[data-party]', (rows) => rows.map((r) => [r.getAttribute('data-party'), r.getAttribute('data-signed')]))).toEqual([
        [hospital.name, 'yes'],
        [council.name, 'yes'],
        [care.name, 'no'],
      ]);
      expect(await page.$eval(`tr[data-party="${council.name}"]`, (r) => r.textContent)).toContain('signer');
      expect(await page.$eval('[data-signed]', (e) => e.textContent)).toBe('2 of 3 parties have signed; 1 still to sign.');
      const pdfHref = await page.$eval('a[href$="/versions/1.pdf"]', (a) => a.getAttribute('href'));
      expect(pdfHref).toBe(`/documents/agreements/${agreementId}/versions/1.pdf`);
      await signAs(care, agreementId, 1, hash1);

      // A variation: the retention period changes; every party signs again.
      await page.goto(`${t.url}${agreementPath}`);
      expect(await texts(page, '[data-status] .nhsuk-tag')).toEqual(['Active']);
      await follow(page, `form[action="/agreements/${agreementId}/variation"] button`);
      expect(await page.$eval('[data-notice]', (e) => e.textContent)).toMatch(/Variation started/);
      expect(await page.$eval('#draft', (e) => e.textContent)).toBe('Variation of version 1');
      await follow(page, '[data-section="retention"] a');
      await typeInto(page, '#retention-period', '6 years after the last contact');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      await follow(page, `form[action="/agreements/${agreementId}/submit"] button`);
      expect(path(page)).toBe(`/agreements/${agreementId}/versions/2`);
      const hash2 = (await page.$eval('[data-hash]', (e) => e.textContent))!;
      for (const partner of [hospital, council, care]) await signAs(partner, agreementId, 2, hash2);

      // The differences between the versions.
      await page.reload();
      await follow(page, `a[href="/agreements/${agreementId}/compare?from=1&to=2"]`);
      expect(await page.$eval('h1', (h) => h.textContent)).toContain('Changes from version 1 to version 2');
      expect(await texts(page, '[data-changed-section] h2')).toEqual(['Retention and disposal']);
      expect(await page.$$eval('tr[data-change]', (rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim())))).toEqual([
        ['Retention period', '8 years after the last contact', '6 years after the last contact'],
      ]);
      expect(await page.$$eval('a[href$=".pdf"]', (links) => links.map((a) => a.getAttribute('href')))).toEqual([
        `/documents/agreements/${agreementId}/versions/1.pdf`,
        `/documents/agreements/${agreementId}/versions/2.pdf`,
      ]);
      await expectAccessible(page);

      // The PDF link works with the browser's session.
      const cookies = await page.browserContext().cookies();
      const pdf = await fetch(`${t.url}${pdfHref}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
    } finally {
      await page.browserContext().close();
    }
  }, 300_000);
});

void CREATE_AGREEMENT;
void UPDATE_DRAFT;
