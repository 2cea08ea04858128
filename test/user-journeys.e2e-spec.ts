import type { Browser, Page } from 'puppeteer-core';
import { GET_AGREEMENT, protocolInForce, readyPartner, type Partner } from './support/agreement-fixtures.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createUser } from './support/fixtures.js';
import {
  answerKeyQuestion,
  choose,
  dashboardFigure,
  findingCodes,
  follow,
  followFinding,
  path,
  pressMainButton,
  submitThroughCheck,
  text,
  texts,
  todayPlus,
  typeDate,
  typeDateTime,
} from './support/pages.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const STEP_TIMEOUT = 300_000;
const TITLE = 'Hospital discharge to home care';

/**
 * The whole story of issue 7 in headless Chromium, one step after another on the same data, each
 * person signing in through the form and clicking and typing as they would, every page they see
 * checked with axe-core:
 *
 * 1. the hospital's IG lead drafts an agreement with two partners (the council and a home care
 *    provider) under the ICB's protocol, is refused the first submit for its blockers, fixes each
 *    by following its finding's link until there are none, and submits it;
 * 2. each party's signatory signs it from their in-tray, checking its hash;
 * 3. the agreement is ACTIVE (on its page and in the API) and its PDF downloads from its page;
 * 4. a practitioner of the disclosing organisation (the hospital) records a decision under it
 *    through the seven key questions, check your answers and the confirmation;
 * 5. the ICB's commissioner sees it counted on the partnership's dashboard (0, then 1);
 *
 * and the refusals: another organisation's IG lead may not open the agreement's page, and a form
 * posted without its CSRF token is refused and changes nothing.
 *
 * The steps share state: a step that fails leaves the later ones failing for want of it.
 */
describe('user journeys: from a draft agreement to a decision counted on the dashboard', () => {
  let t: TestApp;
  let browser: Browser;
  let icb: Partner;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let outsider: Partner;
  let commissionerEmail: string;
  let protocol: { id: string; reference: string; title: string };

  /** What the story has made so far. */
  const story = {
    agreementId: '',
    reference: '',
    contentHash: '',
    igLead: undefined as Page | undefined,
    commissioner: undefined as Page | undefined,
    decisionId: '',
  };
  const pages: Page[] = [];
  /** A fresh browser (its own cookies) signed in through the sign-in form. */
  const signedIn = async (email: string) => {
    const page = await newPage(browser);
    pages.push(page);
    await signIn(page, t.url, email);
    return page;
  };
  const close = async (page: Page) => {
    pages.splice(pages.indexOf(page), 1);
    await page.browserContext().close();
  };
  const required = <T>(value: T | undefined | '', what: string): T => {
    if (value === undefined || value === '') throw new Error(`an earlier step did not leave ${what}`);
    return value as T;
  };
  const overviewPath = () => `/agreements/${story.agreementId}`;
  const stored = async () => ok(await t.gql(GET_AGREEMENT, { id: story.agreementId }, hospital.igLead.token)).agreement;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    // The partnership: an ICB with a commissioner, whose protocol the hospital, council and care provider are parties to.
    icb = await readyPartner(t, 'Northshire Integrated Care Board', 'icb', { sector: 'ICB' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital', { odsCode: 'RNS' });
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Southshire Integrated Care Board', 'southicb', { sector: 'ICB' });
    commissionerEmail = (await createUser(t, icb.id, 'commissioner@icb.example', ['COMMISSIONER'])).email;
    const protocolId = await protocolInForce(t, icb, [icb, hospital, council, care], hospital, council, care, 'Northshire information sharing protocol');
    protocol = ok(await t.gql(GET_AGREEMENT, { id: protocolId }, icb.igLead.token)).agreement;
    browser = await launchBrowser(t.config);
  }, 180_000);

  afterAll(async () => {
    for (const page of [...pages]) await page.browserContext().close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('1. the IG lead signs in, creates a draft under the ICB’s protocol, and is refused the first submit for its blockers', async () => {
    const page = await signedIn(hospital.igLead.email);
    story.igLead = page;
    expect(path(page)).toBe('/agreements');
    await expectAccessible(page);

    await follow(page, 'a[href="/agreements/new"]');
    expect(await text(page, 'h1')).toBe('Create a draft agreement');
    await expectAccessible(page);
    await page.click('input[name="kind"][value="ISP"]');
    await page.type('#title', TITLE);
    await follow(page, 'form[action="/agreements"] button[type="submit"]');
    expect(path(page)).toMatch(/^\/agreements\/[0-9a-f-]{36}$/);
    story.agreementId = path(page).split('/')[2];
    story.reference = (await t.db.query('SELECT reference FROM agreement WHERE id = $1', [story.agreementId])).rows[0].reference;
    expect(await text(page, '[data-notice]')).toMatch(/Draft created/);
    expect(await text(page, 'h1')).toBe(`${story.reference} - ${TITLE}`);
    await expectAccessible(page);

    // It sits under the ICB's protocol, so the partnership's dashboard counts what is decided under it.
    await follow(page, '[data-section="details"] a');
    expect(path(page)).toBe(`${overviewPath()}/edit/details`);
    await expectAccessible(page);
    await page.select('#parentProtocolId', protocol.id);
    await follow(page, '#main-form .nhsuk-button-group button:not([name])');
    expect(path(page)).toBe(overviewPath());
    expect(await text(page, `a[href="/agreements/${protocol.id}"]`)).toBe(`${protocol.reference}: Northshire information sharing protocol`);

    // Submitted at once, it is refused: the blockers are listed at the top, each linking to the field at fault.
    const blockers = await page.$$eval('[data-findings="blockers"] [data-finding] a', (links) => links.map((a) => a.textContent?.replace(/\s+/g, ' ').trim()));
    expect(blockers.length).toBeGreaterThan(0);
    const response = await submitThroughCheck(page);
    expect(response?.status()).toBe(400);
    expect(path(page)).toBe(`${overviewPath()}/submit`);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent?.replace(/\s+/g, ' ').trim() })));
    expect(summary.map((s) => s.text).sort()).toEqual([...blockers].sort());
    expect(summary.map((s) => s.text)).toContainEqual(expect.stringMatching(/has only one party \(Northshire General Hospital NHS Trust\)/));
    for (const { href } of summary) expect(href).toMatch(new RegExp(`^${overviewPath()}/edit/[a-z-]+(/[0-9a-f-]{36})?(#[\\w-]+)?$`));
    await expectAccessible(page);
    expect((await stored()).status).toBe('DRAFT');
  }, STEP_TIMEOUT);

  it('2. the IG lead fixes the blockers by following their links until there are none, then submits version 1', async () => {
    const page = required(story.igLead, 'the IG lead’s page');
    const save = () => follow(page, '#main-form .nhsuk-button-group button:not([name])');
    const backToAgreement = () => follow(page, `main a[href="${overviewPath()}"]:not(.nhsuk-back-link)`);
    const tick = async (selector: string) => {
      if (!(await page.$eval(selector, (input) => (input as HTMLInputElement).checked))) await page.click(selector);
    };

    /** Fixes what the page a finding led to asks for, and returns to the agreement's page. */
    const fixes: Record<string, () => Promise<void>> = {
      parties: async () => {
        for (const partner of [council, care]) {
          await page.select('#parties', partner.id);
          await page.select('#add-role', 'CONTROLLER');
          await follow(page, 'form[action$="/edit/parties/add"] button[type="submit"]');
        }
        expect(await page.$$eval('tr[data-party]', (rows) => rows.map((r) => r.getAttribute('data-party')))).toEqual([hospital.name, council.name, care.name]);
        // Naming them invites them: each partner's IG lead finds the invitation among its agreements and accepts it.
        for (const partner of [council, care]) {
          const theirs = await signedIn(partner.igLead.email);
          try {
            await follow(theirs, `[data-invitations] a[href^="${overviewPath()}"]`);
            await follow(theirs, '[data-action="accept-invitation"]');
            expect(await text(theirs, '[data-notice]')).toMatch(/Invitation accepted/);
          } finally {
            await close(theirs);
          }
        }
        await page.reload();
        expect(await page.$$eval('tr[data-party] [data-invitation-words]', (cells) => cells.map((c) => c.getAttribute('data-invitation-words')))).toEqual(['Accepted', 'Accepted', 'Accepted']);
        await backToAgreement();
      },
      purposes: async () => {
        await page.type('#scope', 'Adults leaving Northshire General Hospital who need care and support at home.');
        await page.type('#purposes-0-description', 'Plan and deliver care and support on discharge from hospital');
        await page.click('input[name="purposes-0-purposeType"][value="INDIVIDUAL_CARE"]');
        await page.type('#benefits', 'Fewer delayed discharges\nPeople tell their story once');
        await save();
      },
      'legal-basis': async () => {
        await tick('input[name="legalBasis-article6"][value="ART6_1_E_PUBLIC_TASK"]');
        await tick('input[name="legalBasis-article9"][value="ART9_2_H_HEALTH_SOCIAL_CARE"]');
        await page.select('#legalBasis-article9-ART9_2_H_HEALTH_SOCIAL_CARE-schedule1Condition', 'SCH1_P1_2_HEALTH_SOCIAL_CARE');
        await tick('input[name="legalBasis-commonLawBases"][value="IMPLIED_CONSENT"]');
        await save();
      },
      // The information reference table: a flow with two items; the first one's justification is forgotten.
      'data-flows': async () => {
        await follow(page, '#dataFlows');
        expect(path(page)).toBe(`${overviewPath()}/edit/data-flows/new`);
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
        await page.type('#dataFlows-0-dataItems-1-name', 'Discharge summary');
        await page.click('input[name="dataFlows-0-dataItems-1-identifiability"][value="IDENTIFIABLE"]');
        await page.click('input[name="dataFlows-0-dataItems-1-specialCategory"][value="yes"]');
        await page.type('#dataFlows-0-dataItems-1-justification', 'Needed to arrange safe care on discharge');
        await save();
        expect(path(page)).toBe(`${overviewPath()}/edit/data-flows`);
        await backToAgreement();
      },
      // A flow's own page, the field at fault named by the link: here the forgotten justification.
      'data-flow': async () => {
        const field = new URL(page.url()).hash.slice(1);
        expect(field).toMatch(/^dataFlows-0-dataItems-\d+-justification$/);
        expect(await page.$eval(`#${field}`, (e) => (e as HTMLTextAreaElement).value)).toBe('');
        await page.type(`#${field}`, 'Identifies the person across both records');
        await save();
        await backToAgreement();
      },
      retention: async () => {
        await page.type('#retention-period', '8 years after the last contact');
        await save();
      },
      review: async () => {
        await page.type('#review-cycleMonths', '12');
        await typeDate(page, 'review-nextReviewDate', todayPlus(365));
        await save();
      },
      dpia: async () => {
        await page.type('#dpia-reference', 'DPIA-2026-001');
        await page.click('input[name="dpia-outcome"][value="RISKS_MITIGATED"]');
        await typeDate(page, 'dpia-completedOn', { day: '15', month: '1', year: '2026' });
        await save();
      },
    };
    const fixHere = async (code: string) => {
      const [, , id, edit, slug, flowId] = path(page).split('/');
      expect({ id, edit }).toEqual({ id: story.agreementId, edit: 'edit' });
      await expectAccessible(page);
      const fix = fixes[flowId ? 'data-flow' : slug];
      if (!fix) throw new Error(`the story has no fix for ${code}, whose link led to ${page.url()}`);
      await fix();
      expect(path(page)).toBe(overviewPath());
    };

    // First the blocker the error summary lists first, from its link; then each finding's link in turn.
    // (The check page lists them; the overview's findings panel names each one's code.)
    const first = await page.$eval('.nhsuk-error-summary a', (a) => a.getAttribute('href')!);
    const firstCode = await page.evaluate(async (overview, href) => {
      const html = await (await fetch(overview)).text();
      const finding = new DOMParser().parseFromString(html, 'text/html').querySelector(`[data-findings="blockers"] [data-finding] a[href="${href}"]`);
      return finding?.closest('[data-finding]')?.getAttribute('data-finding') ?? `no finding links to ${href}`;
    }, overviewPath(), first);
    await follow(page, '.nhsuk-error-summary a');
    await fixHere(firstCode);
    const fixed = [firstCode];
    expect(await findingCodes(page, 'blockers')).not.toContain(firstCode);
    for (let codes = await findingCodes(page, 'blockers'); codes.length > 0; codes = await findingCodes(page, 'blockers')) {
      if (fixed.length > 15) throw new Error(`still blocked after ${fixed.length} fixes: ${codes.join(', ')}`);
      const code = codes[0]!;
      await followFinding(page, code);
      await fixHere(code);
      expect({ fixed: code, blockers: await findingCodes(page, 'blockers') }).toEqual({ fixed: code, blockers: expect.not.arrayContaining([code]) });
      fixed.push(code);
    }
    expect(fixed).toEqual(
      expect.arrayContaining(['NO_PURPOSE', 'TOO_FEW_PARTIES', 'NO_DATA_FLOWS', 'NO_ARTICLE_6_BASIS', 'NO_RETENTION', 'NO_REVIEW_DATE', 'IDENTIFIABLE_ITEM_WITHOUT_JUSTIFICATION']),
    );
    expect(await page.$('[data-findings="blockers"]')).toBeNull();
    await expectAccessible(page);

    // Submitted: version 1, frozen with its hash, awaiting the three parties.
    await submitThroughCheck(page);
    expect(path(page)).toBe(`${overviewPath()}/versions/1`);
    expect(await text(page, '[data-notice]')).toMatch(/Submitted for signature as version 1/);
    expect(await text(page, '[data-signed]')).toBe('0 of 3 parties have signed; 3 still to sign.');
    story.contentHash = await text(page, '[data-hash]');
    expect(story.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await expectAccessible(page);
    const submitted = await stored();
    expect(submitted.status).toBe('AWAITING_SIGNATURES');
    expect(submitted.pendingVersion).toMatchObject({ number: 1, contentHash: story.contentHash });
  }, STEP_TIMEOUT);

  it('3. each party’s signatory signs version 1 from their in-tray, checking its hash', async () => {
    const hash = required(story.contentHash, 'a submitted version');
    const signers = [hospital, council, care];
    for (const [i, party] of signers.entries()) {
      const page = await signedIn(party.signatory.email);
      try {
        await follow(page, 'a.nhsuk-header__navigation-link[href="/in-tray"]');
        expect(path(page)).toBe('/in-tray');
        const row = `[data-in-tray="awaiting"] tr[data-reference="${story.reference}"]`;
        expect(await text(page, row)).toContain(TITLE);
        expect(await text(page, row)).toContain(`${i} of 3 signed`);
        await expectAccessible(page);

        await follow(page, `${row} a`);
        expect(path(page)).toBe(`/in-tray/${story.agreementId}/versions/1`);
        // The hash on the signing page is the one the IG lead submitted, and the statement names it.
        expect(await text(page, '[data-content-hash]')).toBe(hash);
        expect(await text(page, 'label[for="confirm"]')).toContain(`I confirm I have authority to sign for ${party.name}`);
        expect(await text(page, 'label[for="confirm"]')).toContain(hash);
        expect(await text(page, '.app-document .cover h1')).toBe(TITLE);
        await expectAccessible(page);

        await page.click('#confirm');
        await follow(page, 'button[data-action="sign"]');
        expect(path(page)).toBe(`/in-tray/${story.agreementId}/versions/1/signed`);
        expect(await text(page, '.nhsuk-panel__heading')).toBe(`Version 1 of ${story.reference} signed`);
        expect(await text(page, '[data-answer="next"]')).toContain(i === 2 ? 'Every party has now signed: the agreement is in force from' : `It awaits the signature of ${2 - i} more`);
        await expectAccessible(page);
      } finally {
        await close(page);
      }
    }
  }, STEP_TIMEOUT);

  it('4. the agreement is ACTIVE, on its page and in the API, and its PDF downloads from the page’s link', async () => {
    const page = required(story.igLead, 'the IG lead’s page');
    // Back from the version page to the agreement.
    await follow(page, '.nhsuk-back-link');
    expect(path(page)).toBe(overviewPath());
    expect(await texts(page, '[data-status] .nhsuk-tag')).toEqual(['Active']);
    expect(await page.$eval('tr[data-version="1"]', (r) => r.textContent?.replace(/\s+/g, ' '))).toContain('3 of 3 parties');
    await expectAccessible(page);

    const active = await stored();
    expect(active.status).toBe('ACTIVE');
    expect(active.currentVersion).toEqual({ number: 1, status: 'ACTIVE' });
    expect(active.versions).toEqual([expect.objectContaining({ number: 1, status: 'ACTIVE', contentHash: story.contentHash })]);
    const signatures = await t.db.query(
      `SELECT s.organisation_id FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id WHERE v.agreement_id = $1 AND s.content_hash = $2`,
      [story.agreementId, story.contentHash],
    );
    expect(signatures.rows.map((r) => r.organisation_id).sort()).toEqual([hospital.id, council.id, care.id].sort());

    // The version's PDF link, fetched by the page itself with its session, as the browser would download it.
    const href = await page.$eval('tr[data-version="1"] a[href$=".pdf"]', (a) => a.getAttribute('href')!);
    expect(href).toBe(`/documents/agreements/${story.agreementId}/versions/1.pdf`);
    const pdf = await page.evaluate(async (link) => {
      const response = await fetch(link);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), size: bytes.length, head: String.fromCharCode(...bytes.subarray(0, 5)) };
    }, href);
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', size: expect.any(Number), head: '%PDF-' });
    expect(pdf.size).toBeGreaterThan(1000);
  }, STEP_TIMEOUT);

  it('5. the commissioner’s dashboard, filtered to the partnership and this agreement, counts no decisions yet', async () => {
    required(story.agreementId, 'an agreement');
    const page = await signedIn(commissionerEmail);
    story.commissioner = page;
    expect(path(page)).toBe('/dashboard');
    await page.select('#partnership', protocol.id);
    await page.select('#agreement', story.agreementId);
    // The default is the last complete quarter: this year to date counts today's decisions.
    await page.select('#period', 'financial-year-to-date');
    await follow(page, 'form.filters button');
    expect(new URL(page.url()).searchParams.get('partnership')).toBe(protocol.id);
    expect(new URL(page.url()).searchParams.get('agreement')).toBe(story.agreementId);
    expect(await text(page, 'h1')).toContain(TITLE);
    expect(await dashboardFigure(page, 'decisions')).toBe(0);
    await expectAccessible(page);
  }, STEP_TIMEOUT);

  it('6. a practitioner of the disclosing organisation records a decision under the agreement through the seven key questions', async () => {
    required(story.agreementId, 'an agreement');
    const page = await signedIn(hospital.practitioner.email);
    try {
      expect(path(page)).toBe('/decisions/new');
      expect(await text(page, 'h1')).toBe('Record a decision to share or not to share');
      await expectAccessible(page);
      await pressMainButton(page);

      // The seven key questions, one a page: consent is not the basis (4), the public interest is (5).
      const answers = { 1: 'YES', 2: 'YES', 3: 'YES', 4: 'NO', 5: 'YES', 6: 'YES', 7: 'YES' } as const;
      for (const question of [1, 2, 3, 4, 5, 6, 7] as const) {
        expect(await text(page, 'legend h1')).toMatch(new RegExp(`^Key question ${question} of 7 - `));
        await expectAccessible(page);
        await answerKeyQuestion(page, question, answers[question]);
      }

      // The details: the new agreement (the hospital has it and the partnership's protocol in force), from the hospital to the council.
      expect(path(page)).toBe('/decisions/new/agreement');
      expect(await page.$$eval('input[name="agreementId"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([story.agreementId, protocol.id, 'none']);
      await expectAccessible(page);
      await choose(page, 'agreementId', story.agreementId);
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/organisation');
      await expectAccessible(page);
      await page.select('#requestingOrganisationId', council.id);
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/times');
      await expectAccessible(page);
      await typeDateTime(page, 'requestedAt', new Date(Date.now() - 2 * 3_600_000));
      // Decided is filled in with the time now, to the minute; the agreement came into force moments ago, so a minute on.
      await typeDateTime(page, 'decidedAt', new Date(Date.now() + 60_000));
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/purpose');
      await expectAccessible(page);
      await choose(page, 'purposeType', 'INDIVIDUAL_CARE');
      await page.type('#purpose', 'Safe discharge home with a care package');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/outcome');
      await expectAccessible(page);
      await choose(page, 'outcome', 'SHARED');
      await pressMainButton(page);

      // What was shared: the items of the agreement's flow from the hospital to the council.
      expect(path(page)).toBe('/decisions/new/information');
      expect(await page.$$eval('input[name="dataItemsShared"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['NHS number', 'Discharge summary']);
      await expectAccessible(page);
      await choose(page, 'dataItemsShared', 'NHS number');
      await choose(page, 'dataItemsShared', 'Discharge summary');
      await choose(page, 'includesSpecialCategory', 'yes');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/consent');
      await expectAccessible(page);
      await choose(page, 'consentStatus', 'NOT_SOUGHT_UNSAFE');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/override');
      await expectAccessible(page);
      await choose(page, 'publicInterestOverride', 'yes');
      await page.type('#overrideAuthorisedBy', 'A Patel, Caldicott Guardian');
      await page.type('#overrideReason', 'Risk of serious harm if discharged without a care package');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/lawful-basis');
      await expectAccessible(page);
      await choose(page, 'article6Basis', 'ART6_1_E_PUBLIC_TASK');
      await choose(page, 'article9Condition', 'ART9_2_H_HEALTH_SOCIAL_CARE');
      await choose(page, 'commonLawBasis', 'PUBLIC_INTEREST');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/transfer');
      await expectAccessible(page);
      await choose(page, 'transferMethod', 'NHSMAIL');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/informed');
      await expectAccessible(page);
      await choose(page, 'personInformed', 'yes');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/advice');
      await expectAccessible(page);
      await choose(page, 'adviceSought', 'CALDICOTT_GUARDIAN');
      await pressMainButton(page);

      expect(path(page)).toBe('/decisions/new/case-reference');
      await expectAccessible(page);
      await pressMainButton(page); // no case reference

      // Check your answers: the seven questions as answered, then the details.
      expect(path(page)).toBe('/decisions/new/check');
      await expectAccessible(page);
      const questions = await page.$$eval('[data-summary="questions"] .nhsuk-summary-list__row', (rows) =>
        rows.map((r) => r.querySelector('.nhsuk-summary-list__value')?.textContent?.trim()),
      );
      expect(questions).toEqual(['Yes', 'Yes', 'Yes', 'No', 'Yes', 'Yes', 'Yes']);
      expect(await text(page, '[data-summary="details"]')).toContain(TITLE);
      expect(await text(page, '[data-summary="details"]')).toContain(council.name);

      const before = (await t.db.query('SELECT count(*)::int AS n FROM sharing_decision WHERE agreement_id = $1', [story.agreementId])).rows[0].n;
      expect(before).toBe(0);
      await pressMainButton(page);
      expect(path(page)).toMatch(/^\/decisions\/[0-9a-f-]{36}\/recorded$/);
      story.decisionId = path(page).split('/')[2];
      expect(await text(page, '.nhsuk-panel__heading')).toBe('Decision recorded');
      // Shared as the agreement allows: nothing flagged.
      expect(await page.$eval('[data-flags]', (e) => e.getAttribute('data-flags'))).toBe('none');
      await expectAccessible(page);

      const recorded = (await t.db.query('SELECT * FROM sharing_decision WHERE agreement_id = $1', [story.agreementId])).rows;
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        id: story.decisionId,
        key_questions: { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'NO', q5: 'YES', q6: 'YES', q7: 'YES' },
        disclosing_organisation_id: hospital.id,
        requesting_organisation_id: council.id,
        outcome: 'SHARED',
        transfer_method: 'NHSMAIL',
        data_items_shared: ['NHS number', 'Discharge summary'],
      });
    } finally {
      await close(page);
    }
  }, STEP_TIMEOUT);

  it('7. the commissioner sees the decision counted on the dashboard: the decisions total goes from 0 to 1', async () => {
    required(story.decisionId, 'a recorded decision');
    const page = required(story.commissioner, 'the commissioner’s page');
    // The filters are as the commissioner left them: show the figures again.
    expect(await page.$eval('#agreement', (s) => (s as HTMLSelectElement).value)).toBe(story.agreementId);
    await follow(page, 'form.filters button');
    expect(await dashboardFigure(page, 'decisions')).toBe(1);
    expect(await dashboardFigure(page, 'shared')).toBe(1);
    expect(await dashboardFigure(page, 'flaggedDecisions')).toBe(0);
    const flows = await page.$$eval('section[data-chart="flow"] .app-chart-table--narrow tbody tr', (trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((c) => c.textContent?.trim())));
    expect(flows).toEqual([[`${hospital.name} → ${council.name}`, '1']]);
    await expectAccessible(page);
    // The whole partnership counts it too.
    await page.select('#agreement', '');
    await follow(page, 'form.filters button');
    expect(await dashboardFigure(page, 'decisions')).toBe(1);
    await expectAccessible(page);
  }, STEP_TIMEOUT);

  it('refuses another organisation’s IG lead the agreement’s page', async () => {
    required(story.agreementId, 'an agreement');
    const page = await signedIn(outsider.igLead.email);
    try {
      // Not in their list, and the page itself is refused when they go to its address.
      expect(await page.$$eval('tr[data-agreement]', (rows) => rows.map((r) => r.textContent ?? ''))).not.toContainEqual(expect.stringContaining(TITLE));
      const response = await page.goto(`${t.url}${overviewPath()}`);
      expect(response?.status()).toBe(403);
      expect(await page.$eval('h1', (h) => h.getAttribute('data-error-status'))).toBe('403');
      expect(await text(page, 'h1')).toBe('You cannot do this');
      const html = await page.content();
      expect(html).not.toContain(TITLE);
      expect(html).not.toContain(story.contentHash);
      await expectAccessible(page);
      // Nor may they open its signing page.
      const signing = await page.goto(`${t.url}/in-tray/${story.agreementId}/versions/1`);
      expect(signing?.status()).toBe(403);
      expect(await page.content()).not.toContain(story.contentHash);
    } finally {
      await close(page);
    }
  }, STEP_TIMEOUT);

  it('refuses a form posted without its CSRF token (403), and changes nothing', async () => {
    required(story.agreementId, 'an agreement');
    const page = required(story.igLead, 'the IG lead’s page');
    await page.goto(`${t.url}${overviewPath()}`);
    const variationForm = `form[action="${overviewPath()}/variation"]`;
    // The "Start a variation" form, its hidden token lost (as from a page left open across sign-ins, or a forged form).
    await page.$eval(`${variationForm} input[name="_csrf"]`, (input) => input.remove());
    const response = await follow(page, `${variationForm} button`);
    expect(response?.status()).toBe(403);
    expect(await text(page, '[data-error="message"]')).toContain('security token was missing or out of date');
    await expectAccessible(page);

    const unchanged = await stored();
    expect(unchanged).toMatchObject({ status: 'ACTIVE', variationStatus: 'NONE', pendingVersion: null, currentVersion: { number: 1, status: 'ACTIVE' } });
    expect(unchanged.versions).toHaveLength(1);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'agreement.startVariation'`, [story.agreementId])).rows[0].n).toBe(0);

    // The same form as the page renders it, token and all, is taken.
    await page.goto(`${t.url}${overviewPath()}`);
    await follow(page, `${variationForm} button`);
    expect(await text(page, '[data-notice]')).toMatch(/Variation started/);
    expect((await stored()).variationStatus).toBe('DRAFTING');
  }, STEP_TIMEOUT);
});
