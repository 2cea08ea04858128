import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { cookiesOf, expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { answerKeyQuestion as answer, choose, follow, path, pressMainButton as submit, text, typeDateTime } from './support/pages.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { DEFAULT_PASSWORD, ok, startTestApp, type TestApp } from './support/test-app.js';

const HTML = 'text/html,application/xhtml+xml';
const FORM = 'application/x-www-form-urlencoded';
const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1];

/** The few steps of a browser over fetch: cookies kept, redirects not followed. */
class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', HTML);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a))) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  get = (path: string) => this.request(path);
  post = (path: string, form: Record<string, string>) => this.request(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': FORM } });

  async signIn(email: string): Promise<void> {
    const token = csrfOf(await (await this.get('/sign-in')).text())!;
    const response = await this.post('/sign-in', { _csrf: token, email, password: DEFAULT_PASSWORD, next: '/' });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
  }
}

/**
 * The practitioner's journey in Chromium, typing and clicking: the seven key questions one a page
 * in the order the flowchart takes, the details, check your answers with Change links, recording
 * through the ledger service (once, however often it is submitted) and the confirmation with the
 * flags raised; recent decisions; the rules' problems on the page they belong to; and refusals.
 */
describe('decision pages: recording a decision to share or not to share', () => {
  let t: TestApp;
  let p: Partnership;
  let browser: Browser;

  const decisionsOf = async (organisationId: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM sharing_decision WHERE recorded_by_organisation_id = $1', [organisationId])).rows[0].n as number;
  const signedIn = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();

  /** The details of a decision not to share (the shortest way through), from the agreement page to check your answers. */
  const notSharedDetails = async (page: Page) => {
    expect(path(page)).toBe('/decisions/new/agreement');
    await choose(page, 'agreementId', 'none');
    await submit(page);
    await page.select('#requestingOrganisationId', p.council.id);
    await submit(page);
    await typeDateTime(page, 'requestedAt', new Date(Date.now() - 3 * 3_600_000));
    await submit(page);
    await choose(page, 'purposeType', 'SERVICE_PLANNING');
    await submit(page);
    await choose(page, 'outcome', 'NOT_SHARED');
    await page.select('#notSharedReason', 'NO_LEGITIMATE_PURPOSE');
    await submit(page);
    expect(path(page)).toBe('/decisions/new/information');
    await submit(page);
    await choose(page, 'consentStatus', 'NOT_SOUGHT_NOT_REQUIRED');
    await submit(page);
    expect(path(page)).toBe('/decisions/new/informed');
    await choose(page, 'personInformed', 'yes');
    await submit(page);
    await choose(page, 'adviceSought', 'none');
    await submit(page);
    await submit(page); // no case reference
    expect(path(page)).toBe('/decisions/new/check');
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    p = await buildPartnership(t);
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('records a decision through the seven questions, the details and check your answers, changed through a Change link; the confirmation names the flags; it is in the ledger and in recent decisions', async () => {
    const dashboardDecisions = async () => {
      const commissioner = await signedIn(p.commissioner.email, false);
      try {
        await commissioner.goto(`${t.url}/dashboard?period=financial-year-to-date`);
        return Number(await text(commissioner, '[data-figure="decisions"]'));
      } finally {
        await close(commissioner);
      }
    };
    const countedBefore = await dashboardDecisions();
    const page = await signedIn(p.hospital.practitioner.email);
    try {
      // Signing in lands a practitioner on the start of their section, which the menu marks.
      expect(path(page)).toBe('/decisions/new');
      expect(await page.$$eval('a.nhsuk-header__navigation-link', (links) => links.map((a) => [a.textContent?.trim(), a.getAttribute('aria-current')]))).toEqual([['Record a decision', 'page'], ['Report an incident', null]]);
      expect(await text(page, 'h1')).toBe('Record a decision to share or not to share');
      await expectAccessible(page);
      await submit(page);

      // Key question 1, a question page: the question is the legend and the h1, with guidance from the seeds.
      expect(path(page)).toBe('/decisions/new/question-1');
      expect(await text(page, 'legend h1')).toBe('Key question 1 of 7 - Is there a clear and legitimate purpose for sharing information?');
      expect(await page.$eval('legend h1', (h) => h.closest('fieldset')?.getAttribute('aria-describedby'))).toBe('answer-hint');
      expect(await text(page, '.nhsuk-details__text')).toContain('Golden rule 1');
      expect(await page.$eval('.nhsuk-back-link', (a) => a.getAttribute('href'))).toBe('/decisions/new');
      await expectAccessible(page);
      // Continue without choosing: the error is beside the field and in the summary, linking to it.
      await submit(page);
      expect(await page.title()).toBe('Error: Is there a clear and legitimate purpose for sharing information? – Accordant');
      expect(await page.$eval('.nhsuk-error-summary a', (a) => [a.getAttribute('href'), a.textContent?.trim()])).toEqual(['#answer', 'Select yes, no or not sure']);
      expect(await text(page, '#answer-error')).toBe('Error: Select yes, no or not sure');
      await expectAccessible(page);

      await answer(page, 1, 'YES');
      await answer(page, 2, 'YES');
      await answer(page, 3, 'YES');
      await answer(page, 4, 'NO'); // no consent: the flowchart asks about the public interest
      expect(await page.$eval('.nhsuk-back-link', (a) => a.getAttribute('href'))).toBe('/decisions/new/question-4');
      await answer(page, 5, 'YES');
      await answer(page, 6, 'YES');
      await answer(page, 7, 'YES');

      // The agreements the hospital is involved in (the two signed ISPs and the protocol; drafts are not offered), or none.
      expect(path(page)).toBe('/decisions/new/agreement');
      expect((await page.$$eval('input[name="agreementId"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).sort()).toEqual([p.ispA, p.ispB, p.protocolId, 'none'].sort());
      await choose(page, 'agreementId', p.ispA);
      await submit(page);

      expect(path(page)).toBe('/decisions/new/organisation');
      expect(await page.$$eval('#requestingOrganisationId optgroup', (groups) => groups.map((g) => g.getAttribute('label')))).toEqual([expect.stringMatching(/^Parties to /), 'Other organisations']);
      expect(await page.$$eval(`#requestingOrganisationId option[value="${p.hospital.id}"]`, (o) => o.length)).toBe(0);
      await expectAccessible(page);
      await page.select('#requestingOrganisationId', p.council.id);
      await submit(page);

      expect(path(page)).toBe('/decisions/new/times');
      await expectAccessible(page);
      await typeDateTime(page, 'requestedAt', new Date(Date.now() - 2 * 3_600_000));
      // Decided is filled in with the time now, to the minute; the ISP came into force seconds ago, so say a minute on.
      await typeDateTime(page, 'decidedAt', new Date(Date.now() + 60_000));
      await submit(page);

      await choose(page, 'purposeType', 'SAFEGUARDING');
      await page.type('#purpose', 'Safe discharge home');
      await submit(page);

      expect(path(page)).toBe('/decisions/new/outcome');
      await expectAccessible(page);
      await choose(page, 'outcome', 'SHARED');
      await submit(page);

      // What was shared: the data items of the ISP's flow from the hospital to the council.
      expect(path(page)).toBe('/decisions/new/information');
      expect(await page.$$eval('input[name="dataItemsShared"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['NHS number', 'Discharge summary']);
      await expectAccessible(page);
      await choose(page, 'dataItemsShared', 'NHS number');
      await choose(page, 'dataItemsShared', 'Discharge summary');
      await choose(page, 'includesSpecialCategory', 'yes');
      await submit(page);

      await choose(page, 'consentStatus', 'LACKS_CAPACITY'); // reveals who consented for them
      await expectAccessible(page);
      await choose(page, 'consentStatus', 'REFUSED');
      await submit(page);
      // Consent refused, yet shared: the override page, with its revealed fields.
      expect(path(page)).toBe('/decisions/new/override');
      await choose(page, 'publicInterestOverride', 'yes');
      await page.type('#overrideAuthorisedBy', 'A Patel, Caldicott Guardian');
      await page.type('#overrideReason', 'Risk of serious harm at home');
      await submit(page);

      expect(path(page)).toBe('/decisions/new/lawful-basis');
      await expectAccessible(page);
      await choose(page, 'article6Basis', 'ART6_1_E_PUBLIC_TASK');
      await choose(page, 'article9Condition', 'ART9_2_H_HEALTH_SOCIAL_CARE');
      await choose(page, 'commonLawBasis', 'PUBLIC_INTEREST');
      await submit(page);

      await choose(page, 'transferMethod', 'NHSMAIL');
      await submit(page);
      await choose(page, 'personInformed', 'no');
      await choose(page, 'notInformedReason', 'WOULD_INCREASE_RISK_OF_HARM');
      await submit(page);
      await expectAccessible(page);
      await choose(page, 'adviceSought', 'CALDICOTT_GUARDIAN');
      await submit(page);
      expect(path(page)).toBe('/decisions/new/case-reference');
      expect(await text(page, '#caseReference-hint')).toContain('keyed hash');
      await expectAccessible(page);
      await page.type('#caseReference', 'CASE-12345');
      await submit(page);

      // Check your answers: the questions asked and the details, each with a Change link.
      expect(path(page)).toBe('/decisions/new/check');
      await expectAccessible(page);
      const questions = await page.$$eval('[data-summary="questions"] .nhsuk-summary-list__row', (rows) =>
        rows.map((r) => [r.querySelector('dt')?.textContent?.trim(), r.querySelector('.nhsuk-summary-list__value')?.textContent?.trim()]),
      );
      expect(questions.map(([, value]) => value)).toEqual(['Yes', 'Yes', 'Yes', 'No', 'Yes', 'Yes', 'Yes']);
      expect(await text(page, '[data-summary="details"]')).toContain('Overriding public interest');

      // Change how it was sent: back to that page, then straight back to check your answers.
      await follow(page, 'a[href="/decisions/new/transfer"]');
      expect(path(page)).toBe('/decisions/new/transfer');
      expect(await page.$eval('input[name="transferMethod"][value="NHSMAIL"]', (i) => (i as HTMLInputElement).checked)).toBe(true);
      expect(await page.$eval('.nhsuk-back-link', (a) => a.getAttribute('href'))).toBe('/decisions/new/check');
      await choose(page, 'transferMethod', 'STANDARD_EMAIL');
      await submit(page);
      expect(path(page)).toBe('/decisions/new/check');
      expect(await text(page, '[data-summary="details"]')).toContain('Ordinary email (not secure)');

      const before = await decisionsOf(p.hospital.id);
      await submit(page);
      const [, , id, recorded] = path(page).split('/');
      expect(recorded).toBe('recorded');
      expect(await text(page, '.nhsuk-panel__heading')).toBe('Decision recorded');
      // The flags the service raised, in plain words.
      expect(await page.$$eval('[data-flag]', (items) => items.map((i) => i.getAttribute('data-flag')).sort())).toEqual(['METHOD_NOT_ALLOWED', 'METHOD_NOT_SECURE']);
      expect(await text(page, '[data-flags]')).toContain('not secure for personal information');
      await expectAccessible(page);
      expect(Object.keys(await cookiesOf(page)).filter((name) => name.startsWith('accordant_decision'))).toEqual([]);

      // In the ledger: once, with the key questions, and the case reference only as its keyed hash.
      expect(await decisionsOf(p.hospital.id)).toBe(before + 1);
      const stored = (await t.db.query('SELECT * FROM sharing_decision WHERE id = $1', [id])).rows[0];
      expect(stored).toMatchObject({
        key_questions: { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'NO', q5: 'YES', q6: 'YES', q7: 'YES' },
        agreement_id: p.ispA,
        requesting_organisation_id: p.council.id,
        disclosing_organisation_id: p.hospital.id,
        outcome: 'SHARED',
        purpose_type: 'SAFEGUARDING',
        data_items_shared: ['NHS number', 'Discharge summary'],
        consent_status: 'REFUSED',
        public_interest_override: true,
        common_law_basis: 'PUBLIC_INTEREST',
        transfer_method: 'STANDARD_EMAIL',
        person_informed: false,
        advice_sought: ['CALDICOTT_GUARDIAN'],
        case_reference_hash: createHmac('sha256', t.config.caseReferenceKey).update('CASE-12345').digest('hex'),
      });
      expect(JSON.stringify(stored)).not.toContain('CASE-12345');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'sharingDecision.record'`, [id])).rows[0].n).toBe(1);

      // Recent decisions, newest first, and the decision's own page.
      await page.goto(`${t.url}/decisions`);
      expect(await page.$eval('[data-decision]', (row) => row.getAttribute('data-decision'))).toBe(id);
      expect(await text(page, `[data-decision="${id}"]`)).toContain('Method not secure');
      await expectAccessible(page);
      await follow(page, `[data-decision="${id}"] a`);
      expect(path(page)).toBe(`/decisions/${id}`);
      expect(await text(page, '[data-summary="questions"]')).toContain('Is there sufficient public interest to share the information? Yes');
      await expectAccessible(page);
    } finally {
      await close(page);
    }
    // The commissioner sees it counted on the partnership's dashboard.
    expect(await dashboardDecisions()).toBe(countedBefore + 1);
  });

  it('records once however often the decision is submitted: twice at once, and again from the same page', async () => {
    const page = await signedIn(p.hospital.practitioner.email);
    try {
      await page.goto(`${t.url}/decisions/new`);
      await submit(page);
      await answer(page, 1, 'NO'); // no legitimate purpose: straight to question 7
      await answer(page, 7, 'YES');
      await notSharedDetails(page);

      const before = await decisionsOf(p.hospital.id);
      // The form sent twice at once, as a double click or a flaky connection would, then the button pressed.
      const urls = await page.$eval('form[action="/decisions/new/check"]', async (form) => {
        const body = new URLSearchParams(new FormData(form as HTMLFormElement) as unknown as Record<string, string>).toString();
        const send = () => fetch('/decisions/new/check', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.url);
        return Promise.all([send(), send()]);
      });
      await submit(page);
      expect(path(page)).toMatch(/^\/decisions\/[0-9a-f-]{36}\/recorded$/);
      expect(urls.map((u) => new URL(u).pathname)).toEqual([path(page), path(page)]);
      expect(await decisionsOf(p.hospital.id)).toBe(before + 1);
      expect(await page.$eval('[data-flags]', (e) => e.getAttribute('data-flags'))).toBe('none');
    } finally {
      await close(page);
    }
  });

  it('shows a path the flowchart forbids on the page it belongs to, without JavaScript, and records once it is put right', async () => {
    const page = await signedIn(p.council.practitioner.email, false);
    try {
      await page.goto(`${t.url}/decisions/new`);
      await submit(page);
      await answer(page, 1, 'YES');
      await answer(page, 2, 'YES');
      await answer(page, 3, 'YES');
      await answer(page, 4, 'NO');
      await answer(page, 5, 'NO'); // no public interest either: the flowchart skips question 6
      await answer(page, 7, 'YES');
      await choose(page, 'agreementId', 'none');
      await submit(page);
      await page.select('#requestingOrganisationId', p.care.id);
      await submit(page);
      await typeDateTime(page, 'requestedAt', new Date(Date.now() - 3_600_000));
      await submit(page);
      await choose(page, 'purposeType', 'INDIVIDUAL_CARE');
      await submit(page);
      await choose(page, 'outcome', 'SHARED'); // ...yet shared
      await submit(page);
      // No agreement: what was shared is typed, one item a line.
      await page.type('#otherShared', 'Care and support plan');
      await choose(page, 'includesSpecialCategory', 'no');
      await submit(page);
      await choose(page, 'consentStatus', 'NOT_SOUGHT_UNSAFE');
      await submit(page);
      // Sharing without consent needs the override's who and why: the ledger's rule, shown on this page at once.
      expect(path(page)).toBe('/decisions/new/override');
      await choose(page, 'publicInterestOverride', 'yes');
      await submit(page);
      expect(path(page)).toBe('/decisions/new/override');
      expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['#overrideAuthorisedBy', '#overrideReason']);
      expect(await text(page, '#overrideAuthorisedBy-error')).toBe('Error: Enter who authorised the public-interest override');
      await expectAccessible(page);
      await page.type('#overrideAuthorisedBy', 'B Jones, safeguarding lead');
      await page.type('#overrideReason', 'Immediate risk');
      await submit(page);
      await choose(page, 'article6Basis', 'ART6_1_E_PUBLIC_TASK');
      await choose(page, 'article9Condition', 'none');
      await choose(page, 'commonLawBasis', 'PUBLIC_INTEREST');
      await submit(page);
      await choose(page, 'transferMethod', 'SECURE_PORTAL');
      await submit(page);
      await choose(page, 'personInformed', 'yes');
      await submit(page);
      await choose(page, 'adviceSought', 'SAFEGUARDING_LEAD');
      await submit(page);
      await submit(page);
      expect(path(page)).toBe('/decisions/new/check');

      // Submitted: the service refuses the path, and the problem is shown on question 5's page.
      const before = await decisionsOf(p.council.id);
      await submit(page);
      expect(path(page)).toBe('/decisions/new/question-5');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.$eval('.nhsuk-error-summary a', (a) => [a.getAttribute('href'), a.textContent?.trim()])).toEqual([
        '#answer',
        'Without consent or sufficient public interest the flowchart leads to not sharing: change this answer, or record the decision as not shared',
      ]);
      expect(await page.$eval('fieldset', (f) => f.getAttribute('aria-describedby'))).toBe('answer-hint answer-error');
      expect(await page.$eval('input[name="answer"][value="NO"]', (i) => (i as HTMLInputElement).checked)).toBe(true);
      await expectAccessible(page);
      expect(await decisionsOf(p.council.id)).toBe(before);

      // Put right: there is public interest after all, so the flowchart now asks question 6, then back to check.
      await answer(page, 5, 'YES');
      await answer(page, 6, 'YES');
      expect(path(page)).toBe('/decisions/new/check');
      await submit(page);
      expect(path(page)).toMatch(/\/recorded$/);
      expect(await decisionsOf(p.council.id)).toBe(before + 1);
    } finally {
      await close(page);
    }
  });

  it('refuses a form posted without its CSRF token, and a draft that is not the user’s or has been altered', async () => {
    const visitor = new Visitor(t.url);
    await visitor.signIn(p.hospital.practitioner.email);
    const token = csrfOf(await (await visitor.get('/decisions/new')).text())!;
    expect((await visitor.post('/decisions/new', {})).status).toBe(403);
    expect((await visitor.post('/decisions/new', { _csrf: 'not-the-token' })).status).toBe(403);
    const started = await visitor.post('/decisions/new', { _csrf: token });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe('/decisions/new/question-1');
    expect((await visitor.post('/decisions/new/question-1', { answer: 'YES' })).status).toBe(403);
    expect((await visitor.post('/decisions/new/check', { draft: 'x' })).status).toBe(403);
    expect((await visitor.post('/decisions/new/question-1', { _csrf: token, answer: 'YES' })).headers.get('location')).toBe('/decisions/new/question-2');

    // The draft cookie carried to another person's browser is not theirs: they start afresh.
    const other = new Visitor(t.url);
    await other.signIn(p.hospital.igLead.email);
    for (const [name, value] of visitor.cookies) if (name.startsWith('accordant_decision')) other.cookies.set(name, value);
    const stolen = await other.get('/decisions/new/question-2');
    expect(stolen.status).toBe(303);
    expect(stolen.headers.get('location')).toBe('/decisions/new');
    // An altered draft is refused too.
    const altered = new Visitor(t.url);
    for (const [name, value] of visitor.cookies) altered.cookies.set(name, name === 'accordant_decision-0' ? value.replace(/.(?=\.[^.]*$)/, (c) => (c === 'A' ? 'B' : 'A')) : value);
    expect((await altered.get('/decisions/new/question-2')).headers.get('location')).toBe('/decisions/new');
    expect((await visitor.get('/decisions/new/question-2')).status).toBe(200);
    // Signing out and in again (as after a session times out) loses nothing typed.
    const signOutToken = csrfOf(await (await visitor.get('/decisions/new/question-2')).text())!;
    expect((await visitor.post('/sign-out', { _csrf: signOutToken })).status).toBe(303);
    expect((await visitor.get('/decisions/new/question-2')).status).toBe(303);
    await visitor.signIn(p.hospital.practitioner.email);
    const resumed = await visitor.get('/decisions/new/question-1');
    expect(resumed.status).toBe(200);
    expect(await resumed.text()).toMatch(/value="YES" checked/);
  });

  it('lists the organisation’s decisions newest first, a page at a time', async () => {
    const recorded = [];
    for (let i = 0; i < 23; i++) {
      const input = decisionInput(p.care.id, p.council.id, { dataItemsShared: ['Care and support plan'] }, { endedMinutesAgo: 23 - i });
      recorded.push(ok(await t.gql(RECORD_DECISIONS, { decisions: [input] }, p.care.practitioner.token)).recordSharingDecisions.decisions[0].id as string);
    }
    const visitor = new Visitor(t.url);
    await visitor.signIn(p.care.practitioner.email);
    const rowsOf = (html: string) => [...html.matchAll(/data-decision="([^"]+)"/g)].map((m) => m[1]);
    const first = await (await visitor.get('/decisions')).text();
    expect(rowsOf(first)).toEqual([...recorded].reverse().slice(0, 20));
    expect(first).toContain('23 decisions recorded');
    const older = first.match(/href="([^"]+)" data-older/)![1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    const second = await (await visitor.get(older)).text();
    expect(rowsOf(second)).toEqual([...recorded].reverse().slice(20));
    expect(second).not.toContain('data-older');
    expect(second).toContain('href="/decisions">Newest decisions');
  });

  it('refuses a user without a recording role, and never shows another organisation’s decisions', async () => {
    const commissioner = new Visitor(t.url);
    await commissioner.signIn(p.commissioner.email);
    for (const path of ['/decisions/new', '/decisions/new/question-1', '/decisions']) {
      const response = await commissioner.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    const token = csrfOf(await (await commissioner.get('/dashboard')).text())!;
    expect((await commissioner.post('/decisions/new', { _csrf: token })).status).toBe(403);
    const page = await signedIn(p.commissioner.email);
    try {
      expect(await page.$$eval('a.nhsuk-header__navigation-link', (links) => links.map((a) => a.textContent?.trim()))).not.toContain('Record a decision');
      await page.goto(`${t.url}/decisions/new`);
      expect(await page.$eval('[data-error-status]', (h) => h.getAttribute('data-error-status'))).toBe('403');
      await expectAccessible(page);
    } finally {
      await close(page);
    }

    // The hospital's decisions are not the council's to see, in the list or one by one.
    const hospitalIds = (await t.db.query('SELECT id FROM sharing_decision WHERE recorded_by_organisation_id = $1', [p.hospital.id])).rows.map((r) => r.id as string);
    expect(hospitalIds.length).toBeGreaterThan(0);
    const council = new Visitor(t.url);
    await council.signIn(p.council.practitioner.email);
    const list = await (await council.get('/decisions')).text();
    for (const id of hospitalIds) expect(list).not.toContain(id);
    expect((await council.get(`/decisions/${hospitalIds[0]}`)).status).toBe(403);
    expect((await council.get(`/decisions/${hospitalIds[0]}/recorded`)).status).toBe(403);
    expect((await council.get('/decisions/not-a-decision')).status).toBe(404);
  });
});
