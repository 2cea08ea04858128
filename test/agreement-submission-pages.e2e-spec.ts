import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { compliantDraftAgreement, compliantSections, CREATE_AGREEMENT, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { answerKeyQuestion, choose, follow, path, pressMainButton, text, texts, todayPlus, typeInto } from './support/pages.js';
import { pdfPages } from './support/pdf-text.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The agreement pages' second pass (issue 21, "Agreements"): checking the whole text before
 * submitting, a variation's changes reviewed first, the task list's statuses, every field of a row
 * added between versions, the agreement in force as HTML for everyone involved, searching the list,
 * lines of free text kept, the service operator's organisation never offered, and the safeguard
 * question revealed only under Yes. In Chromium, with axe-core on every page state.
 */
describe('agreement pages: checking, variations, reading and searching', () => {
  let t: TestApp;
  let browser: Browser;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let elsewhere: Partner;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Eastshire General Hospital NHS Trust', 'hospital', { odsCode: 'RE1' });
    council = await readyPartner(t, 'Eastshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Heronsgate Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    elsewhere = await readyPartner(t, 'Westshire Integrated Care Board', 'westicb', { sector: 'ICB' });
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const compliantDraft = (title: string) => compliantDraftAgreement(t, hospital, hospital, council, care, title);
  const signAll = async (id: string, number: number, contentHash: string) => {
    for (const partner of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: id, versionNumber: number, contentHash } }, partner.signatory.token));
  };
  const submit = async (id: string) => {
    const revision = (await t.db.query('SELECT draft_revision FROM agreement WHERE id = $1', [id])).rows[0].draft_revision;
    return ok(await t.gql(SUBMIT, { input: { agreementId: id, expectedRevision: revision } }, hospital.igLead.token)).submitForSignature;
  };
  /** A compliant ISP, submitted and signed by its three parties, with `changes` made to its sections first. */
  const inForce = async (title: string, changes: Record<string, unknown> = {}) => {
    const draft = await compliantDraft(title);
    if (Object.keys(changes).length > 0) ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, ...changes } }, hospital.igLead.token));
    const v1 = await submit(draft.id);
    await signAll(draft.id, 1, v1.contentHash);
    return draft;
  };
  const storedDraft = async (id: string) => (await t.db.query('SELECT draft_content, status, variation_status FROM agreement WHERE id = $1', [id])).rows[0];
  const signedIn = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();
  const cookieHeader = async (page: Page) => (await page.browserContext().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  /** With SCREENSHOT_DIR set, the top of the page and the parts named, at desktop and phone widths, to look at. */
  const screenshots = async (page: Page, name: string, parts: string[] = []) => {
    const dir = process.env.SCREENSHOT_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 1100 });
      await page.screenshot({ path: join(dir, `${name}-${width}.png`) as `${string}.png` });
      for (const [i, selector] of parts.entries()) {
        await (await page.$(selector))?.screenshot({ path: join(dir, `${name}-${width}-part${i + 1}.png`) as `${string}.png` });
      }
    }
    await page.setViewport({ width: 800, height: 600 });
  };

  it('checks the whole agreement before submitting: its text, a Change link to each section and a declaration', async () => {
    const { id } = await compliantDraft('Check before you submit');
    const page = await signedIn(hospital.igLead.email);
    try {
      await page.goto(`${t.url}/agreements/${id}`);
      // The overview no longer submits at once: it leads to the check page.
      expect(await page.$(`form[action="/agreements/${id}/submit"]`)).toBeNull();
      await follow(page, '[data-action="submit"]');
      expect(path(page)).toBe(`/agreements/${id}/check`);
      expect(await text(page, 'h1')).toContain('Check the agreement before you submit');
      // The whole text, as the PDF has it: every numbered section, and what was typed in them.
      const headings = await texts(page, '[data-document] h2[id]');
      expect(headings).toEqual(expect.arrayContaining(['1. Introduction and scope', '6. Information reference table', '9. Retention and disposal', '15. Further provisions', '17. Signatures']));
      const documentText = await text(page, '[data-document]');
      const sections = compliantSections(hospital.id, council.id, care.id);
      expect(documentText).toContain(sections.scope);
      expect(documentText).toContain('Named discharge team members only.');
      expect(documentText).toContain('Discharge summary is needed to arrange safe care on discharge');
      // A Change link under each section heading, to the page that edits it.
      const links = await page.$$eval('[data-document] a[data-change-section]', (as) => as.map((a) => [a.getAttribute('data-change-section'), a.getAttribute('href')]));
      expect(links).toHaveLength(15);
      expect(links).toEqual(expect.arrayContaining([
        ['scope', `/agreements/${id}/edit/purposes`],
        ['parties', `/agreements/${id}/edit/parties`],
        ['data-flows', `/agreements/${id}/edit/data-flows`],
        ['retention', `/agreements/${id}/edit/retention`],
        ['clauses', `/agreements/${id}/edit/clauses`],
      ]));
      expect(await page.$(`[data-check-summary] a[href="/agreements/${id}/edit/details"]`)).not.toBeNull();
      await expectAccessible(page);
      await screenshots(page, 'check', ['[data-document] .flow', 'form[action$="/submit"]']);
      await follow(page, 'a[data-change-section="security"]');
      expect(path(page)).toBe(`/agreements/${id}/edit/security`);

      // Without the declaration: nothing is submitted, and the page says why, beside the checkbox.
      await page.goto(`${t.url}/agreements/${id}/check`);
      const refused = await follow(page, '[data-action="submit-for-signature"]');
      expect(refused?.status()).toBe(400);
      expect(await page.title()).toBe('Error: Check the agreement before you submit – Accordant');
      expect(await page.$$eval('.nhsuk-error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
        ['#declaration', 'Confirm that you have checked the agreement and the parties have agreed it'],
      ]);
      expect(await text(page, '#declaration-error')).toBe('Error: Confirm that you have checked the agreement and the parties have agreed it');
      await expectAccessible(page);
      await screenshots(page, 'check-error', ['form[action$="/submit"]']);
      expect((await storedDraft(id)).status).toBe('DRAFT');

      await page.click('label[for="declaration"]');
      await follow(page, '[data-action="submit-for-signature"]');
      expect(path(page)).toBe(`/agreements/${id}/versions/1`);
      expect((await storedDraft(id)).status).toBe('AWAITING_SIGNATURES');
    } finally {
      await close(page);
    }
  }, 180_000);

  it('tells each section Not started, In progress or Completed, never "No problems found" for one not opened', async () => {
    const created = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Task list statuses' } }, hospital.igLead.token)).createAgreement;
    ok(
      await t.gql(
        UPDATE_DRAFT,
        { input: { agreementId: created.id, expectedRevision: created.draftRevision, security: { measures: 'Encrypted at rest.', accessControls: null }, retention: { period: null, disposal: 'Shredded on site.' } } },
        hospital.igLead.token,
      ),
    );
    const page = await signedIn(hospital.igLead.email);
    try {
      await page.goto(`${t.url}/agreements/${created.id}`);
      const statuses = Object.fromEntries(
        await page.$$eval('#sections [data-section]', (items) => items.map((li) => [li.getAttribute('data-section'), li.querySelector('.nhsuk-task-list__status')?.textContent?.trim()])),
      );
      expect(statuses).toMatchObject({
        details: 'Completed',
        security: 'Completed',
        // Begun, but its required answer (how long the information is kept) is missing: a blocker.
        retention: 'In progress',
        purposes: 'Not started',
        rights: 'Not started',
        clauses: 'Not started',
      });
      expect(new Set(Object.values(statuses))).toEqual(new Set(['Completed', 'In progress', 'Not started']));
      expect(await text(page, '#sections')).not.toContain('No problems found');
      expect(await text(page, '#task-retention-hint')).toBe('1 blocker to fix');
      await expectAccessible(page);
    } finally {
      await close(page);
    }
  }, 120_000);

  it('in a variation: tags the sections changed, reviews the changes (every field of an added data item) before the check, and asks before discarding', async () => {
    const { id } = await inForce('Variation with a new data item');
    ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { id } }`, { id }, hospital.igLead.token));
    // The variation adds a data item to the first flow and changes the retention period.
    const content = (await storedDraft(id)).draft_content;
    const added = { name: 'Care needs summary', identifiability: 'IDENTIFIABLE', specialCategory: true, justification: 'Needed to plan the first visit\nand the equipment it needs' };
    const dataFlows = content.dataFlows.map((flow: { dataItems: unknown[] }, i: number) => (i === 0 ? { ...flow, dataItems: [...flow.dataItems, added] } : flow));
    const revision = (await t.db.query('SELECT draft_revision FROM agreement WHERE id = $1', [id])).rows[0].draft_revision;
    ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: id, expectedRevision: revision, dataFlows, retention: { ...content.retention, period: '6 years after the last contact' } } }, hospital.igLead.token));

    const page = await signedIn(hospital.igLead.email);
    try {
      await page.goto(`${t.url}/agreements/${id}`);
      expect(await page.$$eval('#sections [data-changed="true"]', (items) => items.map((li) => li.getAttribute('data-section')))).toEqual(['data-flows', 'retention']);
      expect(await text(page, '[data-section="retention"] .nhsuk-tag--purple')).toBe('Changed');
      await expectAccessible(page);
      await screenshots(page, 'variation-overview', ['#sections']);

      // Review changes comes first; then the check.
      await follow(page, '[data-action="submit"]');
      expect(path(page)).toBe(`/agreements/${id}/changes`);
      expect(await texts(page, '[data-changed-section] h2')).toEqual(['Data flows', 'Retention and disposal']);
      const fields = await page.$$eval('tr[data-change$="Data item 3"] [data-side="after"] [data-row-fields] li', (items) => items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim()));
      expect(fields).toEqual([
        'Name of the data item: Care needs summary',
        'Whether it identifies people: Identifiable',
        'Whether it is special category data: Yes',
        'Why this item is needed: Needed to plan the first visit and the equipment it needs',
      ]);
      expect(await text(page, 'tr[data-change$="Data item 3"] [data-side="before"]')).toBe('Added');
      expect(await page.$$eval('[data-change-link]', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]))).toEqual([
        [`/agreements/${id}/edit/data-flows`, 'Change data flows'],
        [`/agreements/${id}/edit/retention`, 'Change retention and disposal'],
      ]);
      await expectAccessible(page);
      await screenshots(page, 'variation-changes', ['[data-changed-section]']);
      await follow(page, '[data-action="continue-to-check"]');
      expect(path(page)).toBe(`/agreements/${id}/check`);
      expect(await page.$eval('.nhsuk-back-link', (a) => a.getAttribute('href'))).toBe(`/agreements/${id}/changes`);
      await page.click('label[for="declaration"]');
      await follow(page, '[data-action="submit-for-signature"]');
      expect(path(page)).toBe(`/agreements/${id}/versions/2`);
      const v2 = (await t.db.query('SELECT content_hash FROM agreement_version WHERE agreement_id = $1 AND number = 2', [id])).rows[0].content_hash;
      await signAll(id, 2, v2);

      // The difference between the versions shows the added item whole, not only its name.
      await page.goto(`${t.url}/agreements/${id}/compare?from=1&to=2`);
      expect(await page.$$eval('tr[data-change$="Data item 3"] [data-side="after"] [data-row-fields] li', (items) => items.length)).toBe(4);
      expect(await text(page, 'tr[data-change$="Data item 3"] [data-side="after"]')).toContain('Whether it is special category data: Yes');
      await expectAccessible(page);
      await screenshots(page, 'compare', ['[data-changed-section]']);

      // Discarding a variation asks first; "No" keeps it.
      ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { id } }`, { id }, hospital.igLead.token));
      await page.goto(`${t.url}/agreements/${id}`);
      expect(await page.$(`form[action="/agreements/${id}/variation/discard"]`)).toBeNull();
      await follow(page, '[data-action="discard-variation"]');
      expect(path(page)).toBe(`/agreements/${id}/variation/discard`);
      expect(await text(page, 'h1')).toContain('Are you sure you want to discard this variation?');
      await expectAccessible(page);
      await screenshots(page, 'discard');
      await follow(page, `main a[href="/agreements/${id}"]:not(.nhsuk-back-link)`);
      expect((await storedDraft(id)).variation_status).toBe('DRAFTING');
      await follow(page, '[data-action="discard-variation"]');
      await follow(page, '[data-action="discard-variation"]');
      expect(await text(page, '[data-notice]')).toMatch(/Variation discarded/);
      expect((await storedDraft(id)).variation_status).toBe('NONE');
    } finally {
      await close(page);
    }
  }, 240_000);

  it('shows the agreement in force as HTML to every user of a party, with the text of its PDF, and to no one else', async () => {
    const { id } = await inForce('Readable in the browser', { security: { measures: 'Encrypted at rest.\nAccess reviewed monthly.', accessControls: 'Named discharge team members only.' } });
    const page = await signedIn(council.practitioner.email);
    try {
      await page.goto(`${t.url}/agreements/${id}`);
      await follow(page, '[data-action="read-in-force"]');
      expect(path(page)).toBe(`/agreements/${id}/versions/1/text`);
      await page.goto(`${t.url}/agreements/${id}/versions/1`);
      await follow(page, '[data-action="read-version"]');
      expect(path(page)).toBe(`/agreements/${id}/versions/1/text`);
      expect(await text(page, 'h1')).toContain('Version 1 of');
      // Lines typed in free text stay lines on the page.
      const measures = await page.$$eval('[data-document] tr', (rows) => rows.filter((r) => r.querySelector('th')?.textContent === 'Measures').map((r) => (r.querySelector('td') as HTMLElement).innerText));
      expect(measures).toEqual(['Encrypted at rest.\nAccess reviewed monthly.']);
      await expectAccessible(page);
      await screenshots(page, 'in-force-text', ['[data-document] .flow', '[data-document] table.key-value']);

      // Every heading, paragraph, list item and table cell of the page's document is in the PDF (but the
      // hash, which the PDF breaks anywhere to fit its cell).
      const pieces = await page.$$eval('[data-document] :is(h2, h3, p, li, td, th):not(.hash, #document-title)', (elements) =>
        elements.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((s) => s !== ''),
      );
      expect(pieces.length).toBeGreaterThan(80);
      const pdf = await fetch(`${t.url}/documents/agreements/${id}/versions/1.pdf`, { headers: { cookie: await cookieHeader(page) } });
      expect(pdf.status).toBe(200);
      // The PDF breaks lines after a hyphen ("need-to-" / "know"): the break is not part of the text.
      const unbroken = (words: string) => words.replace(/-\s+/g, '-');
      const pdfText = unbroken((await pdfPages(new Uint8Array(await pdf.arrayBuffer()))).join(' ').replace(/\s+/g, ' '));
      expect(pieces.filter((piece) => !pdfText.includes(unbroken(piece)))).toEqual([]);
    } finally {
      await close(page);
    }
    // Not for an organisation not involved; a version that does not exist is not found.
    const outsider = await signedIn(elsewhere.igLead.email, false);
    try {
      expect((await outsider.goto(`${t.url}/agreements/${id}/versions/1/text`))?.status()).toBe(403);
      expect(await outsider.content()).not.toContain('Readable in the browser');
    } finally {
      await close(outsider);
    }
    const reader = await signedIn(care.signatory.email, false);
    try {
      expect((await reader.goto(`${t.url}/agreements/${id}/versions/9/text`))?.status()).toBe(404);
      expect((await reader.goto(`${t.url}/agreements/${id}/versions/x/text`))?.status()).toBe(404);
    } finally {
      await close(reader);
    }
  }, 180_000);

  it('keeps the lines of free text: the form reopens them as typed, and the PDF prints each on its own line', async () => {
    const { id } = await compliantDraft('Lines kept');
    const page = await signedIn(hospital.igLead.email);
    try {
      await page.goto(`${t.url}/agreements/${id}/edit/security`);
      await typeInto(page, '#security-measures', 'First line of measures\nSecond line of measures\nThird line of measures');
      await follow(page, '#main-form .nhsuk-button-group button:not([name])');
      expect((await storedDraft(id)).draft_content.security.measures).toBe('First line of measures\nSecond line of measures\nThird line of measures');
      await page.goto(`${t.url}/agreements/${id}/edit/security`);
      expect(await page.$eval('#security-measures', (e) => (e as HTMLTextAreaElement).value)).toBe('First line of measures\nSecond line of measures\nThird line of measures');

      const pdf = await fetch(`${t.url}/documents/agreements/${id}/draft.pdf`, { headers: { cookie: await cookieHeader(page) } });
      expect(pdf.status).toBe(200);
      const lines = await pdfLinesContaining(new Uint8Array(await pdf.arrayBuffer()), 'line of measures');
      expect(lines).toEqual(['First line of measures', 'Second line of measures', 'Third line of measures']);
    } finally {
      await close(page);
    }
  }, 120_000);

  it('searches the list by title, reference or party with a plain GET form, and dates the next review from the version awaiting signatures', async () => {
    const kestrel = await readyPartner(t, 'Kestrel Housing Association', 'kestrel', { sector: 'HOUSING' });
    const housing = ok(
      await t.gql(CREATE_AGREEMENT, { input: { kind: 'DDA', title: 'Tenancy support referrals', parties: [{ organisationId: hospital.id, role: 'DISCLOSER' }, { organisationId: kestrel.id, role: 'RECIPIENT' }] } }, hospital.igLead.token),
    ).createAgreement;
    const awaiting = await compliantDraft('Awaiting with a review date');
    const reviewOn = todayPlus(200);
    const content = (await storedDraft(awaiting.id)).draft_content;
    ok(await t.gql(UPDATE_DRAFT, { input: { agreementId: awaiting.id, expectedRevision: awaiting.revision, review: { ...content.review, nextReviewDate: reviewOn.iso } } }, hospital.igLead.token));
    await submit(awaiting.id);

    const page = await signedIn(hospital.igLead.email, false);
    const titles = () => page.$$eval('tr[data-agreement] td:first-child span', (spans) => spans.map((s) => s.textContent));
    try {
      // A party's name, in any case.
      await page.type('#q', 'kestrel housing');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(new URL(page.url()).searchParams.get('q')).toBe('kestrel housing');
      expect(await titles()).toEqual(['Tenancy support referrals']);
      expect(await page.$eval('#q', (i) => (i as HTMLInputElement).value)).toBe('kestrel housing');
      await expectAccessible(page);
      await screenshots(page, 'list-search');
      // The reference; a title; nothing.
      await typeInto(page, '#q', housing.reference);
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(await titles()).toEqual(['Tenancy support referrals']);
      await typeInto(page, '#q', 'AWAITING WITH A');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(await titles()).toEqual(['Awaiting with a review date']);
      // Awaiting signatures: the next review is the pending version's.
      const reviewShown = await page.$eval('tr[data-agreement] [data-next-review]', (td) => td.textContent?.trim());
      expect(reviewShown).toBe(new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${reviewOn.iso}T00:00:00Z`)));
      await typeInto(page, '#q', 'no agreement is called this');
      await follow(page, 'form[action="/agreements"] button[type="submit"]');
      expect(await titles()).toEqual([]);
      expect(await text(page, 'main')).toContain('No agreements match this search.');
      // A search too long to be one: a clear error naming the field.
      const tooLong = await page.goto(`${t.url}/agreements?q=${'x'.repeat(201)}`);
      expect(tooLong?.status()).toBe(400);
      expect(await text(page, 'main')).toMatch(/search/);
    } finally {
      await close(page);
    }
    // The other party sees it under the same search; an organisation not involved does not.
    const outsider = await signedIn(elsewhere.igLead.email, false);
    try {
      await outsider.goto(`${t.url}/agreements?q=kestrel`);
      expect(await outsider.$$eval('tr[data-agreement]', (rows) => rows.length)).toBe(0);
    } finally {
      await close(outsider);
    }
  }, 120_000);

  it("offers neither the service operator's organisation as a party nor as the organisation that asked", async () => {
    const operator = t.config.firstAdmin.organisationName;
    const draft = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'No operator here' } }, hospital.igLead.token)).createAgreement;
    // Nor may the API make it one.
    const operatorId = (await t.db.query(`SELECT organisation_id FROM user_role WHERE role = 'SYSTEM_ADMIN' LIMIT 1`)).rows[0].organisation_id;
    const parties = [{ organisationId: hospital.id, role: 'CONTROLLER' }, { organisationId: operatorId, role: 'CONTROLLER' }];
    const refused = await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: draft.draftRevision, parties } }, hospital.igLead.token);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'parties[1].organisationId', rule: 'notServiceOperator' }] } });
    expect((await t.db.query('SELECT count(*)::int AS n FROM agreement_party WHERE agreement_id = $1', [draft.id])).rows[0].n).toBe(1);
    const page = await signedIn(hospital.igLead.email);
    try {
      await page.goto(`${t.url}/agreements/${draft.id}/edit/parties`);
      const offered = await page.$$eval('#parties option', (options) => options.map((o) => o.textContent?.trim()));
      expect(offered).toEqual(expect.arrayContaining([expect.stringContaining(council.name), expect.stringContaining(elsewhere.name)]));
      expect(offered).not.toContainEqual(expect.stringContaining(operator));
      await page.goto(`${t.url}/agreements/${draft.id}/edit/parties?search=${encodeURIComponent(operator)}`);
      expect(await page.$$eval('#parties option', (options) => options.map((o) => o.textContent?.trim()).filter((name) => name !== 'Choose an organisation'))).toEqual([]);
    } finally {
      await close(page);
    }
    const practitioner = await signedIn(hospital.practitioner.email);
    try {
      expect(path(practitioner)).toBe('/decisions/new');
      await pressMainButton(practitioner);
      for (const n of [1, 2, 3, 4, 5, 6, 7] as const) {
        if (path(practitioner) !== `/decisions/new/question-${n}`) continue;
        await answerKeyQuestion(practitioner, n, 'YES');
      }
      expect(path(practitioner)).toBe('/decisions/new/agreement');
      await choose(practitioner, 'agreementId', 'none');
      await pressMainButton(practitioner);
      expect(path(practitioner)).toBe('/decisions/new/organisation');
      const asked = await practitioner.$$eval('#requestingOrganisationId option', (options) => options.map((o) => o.textContent?.trim()));
      expect(asked).toContain(council.name);
      expect(asked).not.toContain(operator);
    } finally {
      await close(practitioner);
    }
  }, 120_000);

  it('asks for the safeguard of data leaving the UK only under Yes, and asks it without JavaScript too', async () => {
    const { id } = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Safeguard question' } }, hospital.igLead.token)).createAgreement;
    const page = await signedIn(hospital.igLead.email);
    const visible = (p: Page) => p.$eval('#conditional-dataFlows-0-transferOutsideUk', (e) => (e as HTMLElement).offsetParent !== null);
    try {
      await page.goto(`${t.url}/agreements/${id}/edit/data-flows/new`);
      // The safeguard's radios sit inside the Yes answer's conditional panel, which the Yes radio controls.
      expect(await page.$eval('input[name="dataFlows-0-transferOutsideUk"][value="yes"]', (i) => i.getAttribute('aria-controls'))).toBe('conditional-dataFlows-0-transferOutsideUk');
      expect(await page.$('#conditional-dataFlows-0-transferOutsideUk input[name="dataFlows-0-outsideUkSafeguard"]')).not.toBeNull();
      expect(await visible(page)).toBe(false);
      await expectAccessible(page);
      await choose(page, 'dataFlows-0-transferOutsideUk', 'yes');
      expect(await visible(page)).toBe(true);
      await expectAccessible(page);
      await screenshots(page, 'flow-safeguard', ['#conditional-dataFlows-0-transferOutsideUk']);
      await choose(page, 'dataFlows-0-transferOutsideUk', 'no');
      expect(await visible(page)).toBe(false);
    } finally {
      await close(page);
    }
    const noScript = await signedIn(hospital.igLead.email, false);
    try {
      await noScript.goto(`${t.url}/agreements/${id}/edit/data-flows/new`);
      expect(await visible(noScript)).toBe(true);
      await expectAccessible(noScript);
    } finally {
      await close(noScript);
    }
  }, 120_000);
});

/** The pieces of a PDF's text (one a line of text, as Chromium prints it) that contain `fragment`, in order. */
async function pdfLinesContaining(content: Uint8Array, fragment: string): Promise<string[]> {
  const document = await getDocument({ data: content, isEvalSupported: false, useSystemFonts: false }).promise;
  const found: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    for (const item of (await (await document.getPage(number)).getTextContent()).items) {
      if ('str' in item && item.str.includes(fragment)) found.push(item.str.trim());
    }
  }
  await document.destroy();
  return found;
}
