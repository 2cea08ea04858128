import type { Browser } from 'puppeteer-core';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { findingCodes, follow, followFinding, path, submitThroughCheck, texts, todayPlus, typeDate, typeInto } from './support/pages.js';
import { ACCEPT_INVITATION, compliantDraftAgreement, CREATE_AGREEMENT, GET_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, type Partner } from './support/agreement-fixtures.js';
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
      const answers = () => page.$$eval('tr[data-party] [data-invitation-words]', (cells) => cells.map((c) => c.getAttribute('data-invitation-words')));
      expect(await answers()).toEqual(['Accepted', 'Invited', 'Invited']);

      // Naming them invites them: the council's IG lead finds the invitation among its agreements and accepts it; the care provider accepts over the API.
      const { reference } = ok(await t.gql(GET_AGREEMENT, { id: agreementId }, hospital.igLead.token)).agreement;
      const councilPage = await newPage(browser);
      try {
        await signIn(councilPage, t.url, council.igLead.email);
        expect(await councilPage.$eval(`[data-invitations] tr[data-reference="${reference}"]`, (r) => r.textContent)).toContain(hospital.name);
        await follow(councilPage, `[data-invitations] tr[data-reference="${reference}"] a`);
        expect(await councilPage.$eval('[data-invitation]', (e) => e.getAttribute('data-invitation'))).toBe('open');
        await expectAccessible(councilPage);
        await follow(councilPage, '[data-action="accept-invitation"]');
        expect(await councilPage.$eval('[data-notice]', (e) => e.textContent)).toMatch(/Invitation accepted/);
        expect(await councilPage.$eval('[data-invitation]', (e) => e.getAttribute('data-invitation'))).toBe('accepted');
        expect(await councilPage.$('[data-action="leave-draft"]')).not.toBeNull();
      } finally {
        await councilPage.browserContext().close();
      }
      ok(await t.gql(ACCEPT_INVITATION, { input: { agreementId } }, care.igLead.token));
      await page.reload();
      expect(await answers()).toEqual(['Accepted', 'Accepted', 'Accepted']);
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
      const response = await submitThroughCheck(page);
      expect(response?.status()).toBe(400);
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
      await submitThroughCheck(page);
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
      await submitThroughCheck(page);
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

  /** A draft ISP led by the hospital with the council and the care provider, every section filled in (no blockers). */
  const compliantDraft = (title: string) => compliantDraftAgreement(t, hospital, hospital, council, care, title);

  it('works with JavaScript off: a draft is created, a party added and sections saved with no script at all', async () => {
    const page = await newPage(browser, { javaScript: false });
    try {
      await signIn(page, t.url, council.igLead.email);
      expect(path(page)).toBe('/agreements');
      await follow(page, 'a[href="/agreements/new"]');
      await page.click('input[name="kind"][value="DDA"]');
      await page.type('#title', 'Council to care provider disclosure');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      const agreementId = path(page).split('/')[2];
      expect(await page.$eval('body', (b) => b.classList.contains('nhsuk-frontend-supported'))).toBe(false);

      await follow(page, '[data-section="parties"] a');
      await page.type('#search', 'Brightwater');
      await follow(page, 'form[role="search"] button');
      expect(await page.$$eval('#parties option', (options) => options.map((o) => o.textContent))).toEqual(['Choose an organisation', care.name]);
      await page.select('#parties', care.id);
      await page.select('#add-role', 'RECIPIENT');
      await follow(page, 'form[action$="/edit/parties/add"] button[type="submit"]');
      // A DDA needs a discloser: the council's role changes in the table.
      await page.select('#parties-0-role', 'DISCLOSER');
      await follow(page, 'button[form="party-roles"]');
      expect(await page.$eval('#parties-0-role', (s) => (s as HTMLSelectElement).value)).toBe('DISCLOSER');
      expect(await page.$eval('#parties-1-role', (s) => (s as HTMLSelectElement).value)).toBe('RECIPIENT');
      expect(await findingCodes(page, 'blockers')).not.toContain('PARTY_ROLES_INCONSISTENT');
      await expectAccessible(page);

      // Without script the Schedule 1 condition shows under every Article 9 condition that needs one.
      await page.goto(`${t.url}/agreements/${agreementId}/edit/legal-basis`);
      expect(await page.$eval('#legalBasis-article9-ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST-schedule1Condition', (e) => (e as HTMLElement).offsetParent !== null)).toBe(true);
      await page.click('input[name="legalBasis-article6"][value="ART6_1_C_LEGAL_OBLIGATION"]');
      await page.click('input[name="legalBasis-article9"][value="ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST"]');
      await page.select('#legalBasis-article9-ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST-schedule1Condition', 'SCH1_P1_2_HEALTH_SOCIAL_CARE');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      // A Schedule 1 condition that does not fit (9(2)(g) needs Part 2): the finding links to that select.
      expect(await findingCodes(page, 'blockers')).toContain('ARTICLE_9_NEEDS_SCHEDULE_1');
      await followFinding(page, 'ARTICLE_9_NEEDS_SCHEDULE_1');
      expect(new URL(page.url()).hash).toBe('#legalBasis-article9-0-schedule1Condition');
      expect(await page.$eval('#legalBasis-article9-0-schedule1Condition', (s) => (s as HTMLSelectElement).value)).toBe('SCH1_P1_2_HEALTH_SOCIAL_CARE');
      await page.select('#legalBasis-article9-0-schedule1Condition', 'SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect(await findingCodes(page, 'blockers')).not.toContain('ARTICLE_9_NEEDS_SCHEDULE_1');

      // Rows: two purposes, then the first removed.
      await follow(page, '[data-section="purposes"] a');
      await page.type('#purposes-0-description', 'Arrange care');
      await page.click('input[name="purposes-0-purposeType"][value="INDIVIDUAL_CARE"]');
      await follow(page, '#main-form button[name="action"][value="add"]');
      expect(path(page)).toBe(`/agreements/${agreementId}/edit/purposes`);
      await page.type('#purposes-1-description', 'Keep adults at risk safe');
      await page.click('input[name="purposes-1-purposeType"][value="SAFEGUARDING"]');
      await follow(page, '#main-form button[name="remove"][value="purposes-0"]');
      expect(await page.$eval('#purposes-0-description', (e) => (e as HTMLTextAreaElement).value)).toBe('Keep adults at risk safe');
      expect(await page.$eval('#purposes-1-description', (e) => (e as HTMLTextAreaElement).value)).toBe('');
      await expectAccessible(page);
      const stored = (await t.db.query('SELECT draft_content FROM agreement WHERE id = $1', [agreementId])).rows[0].draft_content;
      expect(stored.purposes).toEqual([{ description: 'Keep adults at risk safe', purposeType: 'SAFEGUARDING' }]);
      expect(stored.legalBasis).toMatchObject({ article6: ['ART6_1_C_LEGAL_OBLIGATION'], article9: [{ condition: 'ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST', schedule1Condition: 'SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK' }] });
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  it('shows validation errors in the summary and beside each field, keeping what was typed (400)', async () => {
    const { id } = await compliantDraft('Validation example');
    const page = await newPage(browser);
    try {
      await signIn(page, t.url, hospital.igLead.email);
      await page.goto(`${t.url}/agreements/${id}/edit/review`);
      await typeInto(page, '#review-cycleMonths', '500');
      await typeDate(page, 'review-nextReviewDate', { day: '31', month: '2', year: '2027' });
      const response = await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect(response?.status()).toBe(400);
      expect(await page.title()).toBe('Error: Monitoring and review – Accordant');
      expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
        ['#review-nextReviewDate-day', 'Next review date must be a real date, like 31 3 2027'],
        ['#review-cycleMonths', 'Months between reviews must not be greater than 120'],
      ]);
      // Beside each field, linked to it for screen readers; what was typed is kept.
      expect(await page.$eval('#review-cycleMonths-error', (e) => e.textContent?.trim())).toBe('Error: Months between reviews must not be greater than 120');
      expect(await page.$eval('#review-cycleMonths', (i) => [(i as HTMLInputElement).value, i.getAttribute('aria-describedby'), i.className])).toEqual([
        '500',
        'review-cycleMonths-hint review-cycleMonths-error',
        'nhsuk-input nhsuk-input--width-3 nhsuk-input--error',
      ]);
      expect(await page.$eval('#review-nextReviewDate-day', (i) => (i as HTMLInputElement).value)).toBe('31');
      expect(await page.$eval('#review-nextReviewDate-month', (i) => (i as HTMLInputElement).value)).toBe('2');
      expect(await page.$eval('#review-nextReviewDate-error', (e) => e.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('review-nextReviewDate-hint review-nextReviewDate-error');
      await expectAccessible(page);
      // Nothing was saved.
      const stored = (await t.db.query('SELECT draft_content FROM agreement WHERE id = $1', [id])).rows[0].draft_content;
      expect(stored.review.cycleMonths).toBe(12);

      // A new draft without a title: the service's input rule, in words.
      await page.goto(`${t.url}/agreements/new`);
      await page.click('input[name="kind"][value="ISP"]');
      const created = await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(created?.status()).toBe(400);
      expect(await texts(page, '.nhsuk-error-summary a')).toEqual(['Enter title']);
      await typeInto(page, '#title', 'No');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(await texts(page, '.nhsuk-error-summary a')).toEqual(['Title must be 3 to 300 characters']);
      expect(await page.$eval('#title', (i) => (i as HTMLInputElement).value)).toBe('No');
      expect(await page.$eval('input[name="kind"][value="ISP"]', (i) => (i as HTMLInputElement).checked)).toBe(true);
      await expectAccessible(page);
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  it('shows a friendly page when someone else changed the draft after the form was opened (409), and saves nothing', async () => {
    const { id } = await compliantDraft('Concurrent edits');
    const first = await newPage(browser);
    const second = await newPage(browser);
    try {
      await signIn(first, t.url, hospital.igLead.email);
      await signIn(second, t.url, hospital.igLead.email);
      await first.goto(`${t.url}/agreements/${id}/edit/security`);
      await second.goto(`${t.url}/agreements/${id}/edit/security`);
      await typeInto(first, '#security-measures', 'Encrypted at rest and in transit.');
      await follow(first, '#main-form .nhsuk-button-group button:not([name])');
      expect(path(first)).toBe(`/agreements/${id}`);
      await typeInto(second, '#security-measures', 'Something else.');
      const response = await follow(second, '#main-form .nhsuk-button-group button:not([name])');
      expect(response?.status()).toBe(409);
      expect(await second.$eval('h1', (h) => h.textContent)).toBe('Someone else has changed this draft');
      expect(await second.$eval(`a[href="/agreements/${id}/edit/security"]`, (a) => a.textContent)).toBe('Open Security again');
      await expectAccessible(second);
      const stored = (await t.db.query('SELECT draft_content FROM agreement WHERE id = $1', [id])).rows[0].draft_content;
      expect(stored.security.measures).toBe('Encrypted at rest and in transit.');
    } finally {
      await first.browserContext().close();
      await second.browserContext().close();
    }
  }, 120_000);

  it('refuses a form posted without its CSRF token (403), and takes it with one', async () => {
    const { id } = await compliantDraft('CSRF example');
    const visitor = new HttpBrowser(t.url);
    await visitor.signIn(hospital.igLead.email);
    const form = { revision: '2', 'security-measures': 'Changed without a token' };
    const refused = await visitor.post(`/agreements/${id}/edit/security`, form);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/security token was missing or out of date/);
    expect((await visitor.post(`/agreements/${id}/submit`, { revision: '2' })).status).toBe(403);
    expect((await visitor.post('/agreements', { kind: 'ISP', title: 'No token' })).status).toBe(403);
    const stored = (await t.db.query('SELECT draft_content, status FROM agreement WHERE id = $1', [id])).rows[0];
    expect(stored.draft_content.security.measures).not.toBe('Changed without a token');
    expect(stored.status).toBe('DRAFT');

    const token = await visitor.tokenFrom(`/agreements/${id}/edit/security`);
    const saved = await visitor.post(`/agreements/${id}/edit/security`, { ...form, _csrf: token });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/agreements/${id}?saved=security`);
  });

  it("refuses another organisation's IG lead every page and form of an agreement it is not involved in", async () => {
    const { id } = await compliantDraft('Not for Southshire');
    const revision = (await t.db.query('SELECT draft_revision FROM agreement WHERE id = $1', [id])).rows[0].draft_revision;
    // Version 1 in force, and a variation being drafted: every kind of page exists.
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId: id, expectedRevision: revision } }, hospital.igLead.token)).submitForSignature;
    for (const partner of [hospital, council, care]) await signAs(partner, id, 1, v1.contentHash);
    ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { id } }`, { id }, hospital.igLead.token));

    const outsider = new HttpBrowser(t.url);
    await outsider.signIn(elsewhere.igLead.email);
    const token = await outsider.tokenFrom('/agreements');
    for (const page of ['', '/edit/purposes', '/edit/parties', '/edit/data-flows', '/edit/details', '/versions/1', '/versions/1/text', '/compare?from=1&to=1', '/check', '/changes', '/variation/discard']) {
      const response = await outsider.get(`/agreements/${id}${page}`);
      expect({ page, status: response.status }).toEqual({ page, status: 403 });
      const html = await response.text();
      expect(html).toContain('You cannot do this');
      expect(html).not.toContain('Not for Southshire');
    }
    for (const [page, form] of [
      ['/edit/security', { revision: String(revision), 'security-measures': 'Taken over' }],
      ['/edit/parties/add', { revision: String(revision), parties: elsewhere.id }],
      ['/submit', { revision: String(revision) }],
      ['/variation/discard', {}],
    ] as const) {
      const response = await outsider.post(`/agreements/${id}${page}`, { ...form, _csrf: token });
      expect({ page, status: response.status }).toEqual({ page, status: 403 });
    }
    // It is not in their list either; an agreement that does not exist is 404.
    expect(await (await outsider.get('/agreements')).text()).not.toContain('Not for Southshire');
    expect((await outsider.get('/agreements/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await outsider.get('/agreements/not-an-id')).status).toBe(404);
    const stored = (await t.db.query('SELECT draft_content FROM agreement WHERE id = $1', [id])).rows[0].draft_content;
    expect(stored.security.measures).not.toBe('Taken over');

    // A party's own signatory reads it, but may not edit it.
    const signatory = new HttpBrowser(t.url);
    await signatory.signIn(council.signatory.email);
    expect((await signatory.get(`/agreements/${id}`)).status).toBe(200);
    expect((await signatory.get(`/agreements/${id}/edit/security`)).status).toBe(403);
  });

  it('lists the organisation’s agreements with filters, tagging those awaiting signatures or due for review', async () => {
    // An active agreement due for review in 30 days, one awaiting signatures, and a draft of the care provider's own.
    const due = await compliantDraft('Due for review soon');
    const withReview = ok(
      await t.gql(UPDATE_DRAFT, { input: { agreementId: due.id, expectedRevision: due.revision, review: { cycleMonths: 12, nextReviewDate: todayPlus(30).iso } } }, hospital.igLead.token),
    ).updateAgreementDraft;
    const dueVersion = ok(await t.gql(SUBMIT, { input: { agreementId: due.id, expectedRevision: withReview.draftRevision } }, hospital.igLead.token)).submitForSignature;
    for (const partner of [hospital, council, care]) await signAs(partner, due.id, 1, dueVersion.contentHash);
    const awaiting = await compliantDraft('Waiting for signatures');
    ok(await t.gql(SUBMIT, { input: { agreementId: awaiting.id, expectedRevision: awaiting.revision } }, hospital.igLead.token));
    ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Brightwater own protocol' } }, care.igLead.token));

    const page = await newPage(browser);
    try {
      await signIn(page, t.url, hospital.igLead.email);
      const row = (title: string) => page.$eval(`tr[data-agreement] ::-p-text(${title})`, (cell) => {
        const tr = cell.closest('tr')!;
        return { highlighted: tr.getAttribute('data-highlighted') === 'true', tags: [...tr.querySelectorAll('[data-status] .nhsuk-tag')].map((t) => t.textContent) };
      });
      expect(await row('Due for review soon')).toEqual({ highlighted: true, tags: ['Review due'] });
      expect(await row('Waiting for signatures')).toEqual({ highlighted: true, tags: ['Awaiting signatures'] });
      expect(await page.$$eval('tr[data-agreement]', (rows) => rows.map((r) => r.textContent))).not.toContainEqual(expect.stringContaining('Brightwater own protocol'));
      await expectAccessible(page);
      // On a phone every row still shows its status, within the screen.
      await page.setViewport({ width: 375, height: 900 });
      const statusOnScreen = await page.$$eval('tr[data-agreement] [data-status]', (cells) =>
        cells.map((cell) => cell.getBoundingClientRect()).map((box) => box.width > 0 && box.left >= 0 && box.right <= document.documentElement.clientWidth));
      expect(statusOnScreen.length).toBeGreaterThan(0);
      expect(statusOnScreen.every(Boolean)).toBe(true);
      await expectAccessible(page);
      if (process.env.SCREENSHOTS) for (const width of [375, 1280]) {
        await page.setViewport({ width, height: 900 });
        await page.screenshot({ path: `${process.env.SCREENSHOTS}/agreement-list-${width}.png`, fullPage: true });
      }
      await page.setViewport({ width: 1280, height: 900 });

      // Filters are a GET form: status, kind, partner.
      await page.select('#status', 'AWAITING_SIGNATURES');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(new URL(page.url()).search).toBe('?q=&status=AWAITING_SIGNATURES&kind=&partner=');
      const awaitingRows = await page.$$eval('tr[data-agreement]', (rows) => rows.map((r) => [r.querySelector('td span')?.textContent, r.querySelector('[data-status]')?.textContent?.trim()]));
      expect(awaitingRows).toContainEqual(['Waiting for signatures', 'Awaiting signatures']);
      expect(awaitingRows.every(([, status]) => status === 'Awaiting signatures')).toBe(true);
      expect(await page.$eval('[data-count]', (e) => e.textContent)).toBe(`${awaitingRows.length} ${awaitingRows.length === 1 ? 'agreement matches' : 'agreements match'} the filters.`);
      await page.select('#status', '');
      await page.select('#kind', 'DDA');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(await page.$$eval('tr[data-agreement]', (rows) => rows.length)).toBe(0);
      await page.select('#kind', '');
      expect(await page.$$eval('#partner option', (options) => options.map((o) => o.textContent))).toEqual(['Any partner', care.name, council.name]);
      await page.select('#partner', council.id);
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      const titles = await page.$$eval('tr[data-agreement]', (rows) => rows.map((r) => r.querySelector('td span')?.textContent));
      expect(titles).toEqual(expect.arrayContaining(['Due for review soon', 'Waiting for signatures']));
      expect(titles).not.toContain('Council to care provider disclosure');
      await follow(page, 'a[href="/agreements"]:not(.nhsuk-header__navigation-link)');
      expect(new URL(page.url()).search).toBe('');
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  it("gives the structure (title, protocol, parties) to the lead organisation's IG lead, and the sections to every party's", async () => {
    const { id } = await compliantDraft('Structure example');
    const protocol = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Northshire protocol' } }, hospital.igLead.token)).createAgreement;
    const partyLead = new HttpBrowser(t.url);
    await partyLead.signIn(council.igLead.email);
    expect((await partyLead.get(`/agreements/${id}/edit/details`)).status).toBe(403);
    expect((await partyLead.get(`/agreements/${id}/edit/security`)).status).toBe(200);
    const parties = await (await partyLead.get(`/agreements/${id}/edit/parties`)).text();
    expect(parties).not.toContain('Add a party');
    expect(parties).toContain('Brightwater Home Care Ltd');
    const overview = await (await partyLead.get(`/agreements/${id}`)).text();
    expect(overview).not.toContain('Submit for signature');

    const page = await newPage(browser);
    try {
      await signIn(page, t.url, hospital.igLead.email);
      await page.goto(`${t.url}/agreements/${id}`);
      await follow(page, '[data-section="details"] a');
      await expectAccessible(page);
      await typeInto(page, '#title', 'Structure example, renamed');
      await page.select('#parentProtocolId', protocol.id);
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect(await page.$eval('h1', (h) => h.textContent)).toContain('Structure example, renamed');
      expect(await page.$eval(`a[href="/agreements/${protocol.id}"]`, (a) => a.textContent)).toBe(`${protocol.reference}: Northshire protocol`);
      // The lead organisation cannot be removed; another party can.
      await follow(page, '[data-section="parties"] a');
      expect(await page.$(`tr[data-party="${hospital.name}"] button[name="remove"]`)).toBeNull();
      await follow(page, `tr[data-party="${care.name}"] button[name="remove"]`);
      expect(await page.$$eval('tr[data-party]', (rows) => rows.map((r) => r.getAttribute('data-party')))).toEqual([hospital.name, council.name]);
      // The care provider's flow now names an organisation that is not a party: the finding says so.
      expect(await findingCodes(page, 'blockers')).toEqual([]);
      await page.goto(`${t.url}/agreements/${id}`);
      expect(await findingCodes(page, 'blockers')).toContain('FLOW_PARTY_NOT_A_PARTY');

      // Pressing Enter in a field saves the form: it does not press the first row's Remove button.
      await page.goto(`${t.url}/agreements/${id}/edit/data-flows`);
      await follow(page, 'tr[data-flow="Discharge notification"] a');
      await typeInto(page, '#dataFlows-0-name', 'Discharge notification (daily)');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).search).toBe('?saved=flow');
      const flows = (await t.db.query('SELECT draft_content FROM agreement WHERE id = $1', [id])).rows[0].draft_content.dataFlows;
      expect(flows[0]).toMatchObject({ name: 'Discharge notification (daily)', dataItems: [{ name: 'NHS number' }, { name: 'Discharge summary' }] });
    } finally {
      await page.browserContext().close();
    }
  }, 120_000);

  it('pages through a long list, keeping the filters', async () => {
    const lead = await readyPartner(t, 'Many Agreements Trust', 'many');
    for (let i = 1; i <= 22; i++) ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: `Agreement number ${i}` } }, lead.igLead.token));
    const visitor = new HttpBrowser(t.url);
    await visitor.signIn(lead.igLead.email);
    const first = await (await visitor.get('/agreements?kind=ISP')).text();
    expect(first.match(/data-agreement=/g)).toHaveLength(20);
    expect(first).toContain('22 agreements match the filters.');
    const decode = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const next = decode(first.match(/<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)" rel="next">/)?.[1] ?? '');
    expect(next).toMatch(/^\/agreements\?kind=ISP&after=[^&]+&page=2$/);
    const second = await (await visitor.get(next!)).text();
    expect(second.match(/data-agreement=/g)).toHaveLength(2);
    expect(second).toContain('Page 1 of 2');
    expect(second).not.toContain('rel="next"');
  });
});
