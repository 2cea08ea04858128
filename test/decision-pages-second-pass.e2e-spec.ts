import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, signIn } from './support/browser.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { accessibleAtBothWidths } from './support/page-widths.js';
import { answerKeyQuestion as answer, choose, follow, path, pressMainButton as submit, text, texts, typeDateTime } from './support/pages.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The practitioner's pages, second pass (issue 21): questions revealed only when they apply, the
 * short route for a routine share under an agreement in force for individual care, recent
 * decisions newest first by the date decided with filters, and the check page's words.
 */
describe('decision pages, second pass', () => {
  let t: TestApp;
  let p: Partnership;
  let browser: Browser;

  const signedIn = async (email: string, javaScript = true) => {
    const page = await newPage(browser, { javaScript });
    await signIn(page, t.url, email);
    return page;
  };
  const close = (page: Page) => page.browserContext().close();
  const visible = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).offsetParent !== null);
  const flowOf = async (agreementId: string, name: string) =>
    (
      await t.db.query(`SELECT f->>'id' AS id FROM agreement_version v, jsonb_array_elements(v.frozen->'content'->'dataFlows') f WHERE v.agreement_id = $1 AND v.status = 'ACTIVE' AND f->>'name' = $2`, [
        agreementId,
        name,
      ])
    ).rows[0].id as string;
  const stored = async (id: string) => (await t.db.query('SELECT * FROM sharing_decision WHERE id = $1', [id])).rows[0];
  const recordedId = (page: Page) => /^\/decisions\/([0-9a-f-]{36})\/recorded$/.exec(path(page))?.[1] ?? null;

  /** From the start to the consent page of a decision not to share, under no agreement. */
  const toConsent = async (page: Page) => {
    await page.goto(`${t.url}/decisions/new`);
    await submit(page);
    await answer(page, 1, 'NO');
    await answer(page, 7, 'YES');
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
    await submit(page); // information: nothing to give when nothing was shared
    expect(path(page)).toBe('/decisions/new/consent');
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    p = await buildPartnership(t);
    browser = await launchBrowser(t.config);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 180_000);

  it('reveals who consented for a person lacking capacity, and why the person was not told, only when they apply; without JavaScript they show', async () => {
    const page = await signedIn(p.hospital.practitioner.email);
    try {
      await toConsent(page);
      expect(await page.$eval('input[name="consentStatus"][value="LACKS_CAPACITY"]', (e) => e.getAttribute('aria-controls'))).toMatch(/^conditional-consentStatus/);
      expect(await visible(page, '#capacityConsentBy')).toBe(false);
      await accessibleAtBothWidths(page, 'decision-consent-hidden');
      await choose(page, 'consentStatus', 'LACKS_CAPACITY');
      expect(await visible(page, '#capacityConsentBy')).toBe(true);
      // ARIA allows no aria-expanded on a radio: the page takes off what the NHS script adds.
      expect(await page.$$eval('input[type="radio"][aria-expanded]', (radios) => radios.length)).toBe(0);
      await accessibleAtBothWidths(page, 'decision-consent-revealed');
      await choose(page, 'consentStatus', 'NOT_SOUGHT_NOT_REQUIRED');
      expect(await visible(page, '#capacityConsentBy')).toBe(false);
      await submit(page);
      expect(path(page)).toBe('/decisions/new/informed');
      expect(await visible(page, '#notInformedReason')).toBe(false);
      await choose(page, 'personInformed', 'no');
      expect(await visible(page, '#notInformedReason')).toBe(true);
      await accessibleAtBothWidths(page, 'decision-informed-revealed');
    } finally {
      await close(page);
    }
    const plain = await signedIn(p.hospital.practitioner.email, false);
    try {
      await toConsent(plain);
      expect(await visible(plain, '#capacityConsentBy')).toBe(true);
      expect(await plain.$eval('input[name="consentStatus"][value="LACKS_CAPACITY"]', (e) => e.getAttribute('data-aria-controls'))).toMatch(/^conditional-consentStatus/);
    } finally {
      await close(plain);
    }
  }, 180_000);

  it('names what was asked for and not shared apart from when it was asked for on the check page', async () => {
    const page = await signedIn(p.hospital.practitioner.email, false);
    try {
      await toConsent(page);
      await choose(page, 'consentStatus', 'NOT_SOUGHT_NOT_REQUIRED');
      await submit(page);
      await choose(page, 'personInformed', 'yes');
      await submit(page);
      await choose(page, 'adviceSought', 'none');
      await submit(page);
      await submit(page);
      expect(path(page)).toBe('/decisions/new/check');
      const keys = await texts(page, '.nhsuk-summary-list__key');
      expect(keys.filter((k) => k === 'Asked for')).toHaveLength(1);
      expect(keys).toContain('Information asked for');
      await accessibleAtBothWidths(page, 'decision-check');
    } finally {
      await close(page);
    }
  }, 180_000);

  it('records a routine share on one page filled in from the agreement, without the key questions', async () => {
    const flowId = await flowOf(p.ispA, 'Discharge notification');
    // The page fills in "now" to the minute: that minute must be after the agreement came into force, or the decision is rightly flagged.
    const { activated } = (await t.db.query(`SELECT max(s.signed_at) AS activated FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id WHERE v.agreement_id = $1`, [p.ispA])).rows[0];
    const nextMinute = Math.ceil((activated.getTime() + 1) / 60_000) * 60_000;
    if (Date.now() < nextMinute) await new Promise((resolve) => setTimeout(resolve, nextMinute - Date.now() + 200));
    const page = await signedIn(p.hospital.practitioner.email);
    try {
      await follow(page, 'a[data-routine-link]');
      expect(path(page)).toBe('/decisions/routine');
      await accessibleAtBothWidths(page, 'decision-routine-start');
      await follow(page, `[data-routine-flows] a[href="/decisions/routine/${p.ispA}/${flowId}"]`);
      expect(await text(page, '[data-routine="to"]')).toBe('Northshire County Council');
      // Filled in from the agreement: everything in the flow, sent its way, implied consent; the key questions folded away.
      expect(await page.$$eval('input[name="dataItemsShared"]:checked', (boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['NHS number', 'Discharge summary']);
      expect(await page.$eval('#transferMethod', (s) => (s as HTMLSelectElement).value)).toBe('NHSMAIL');
      expect(await page.$eval('input[name="consentStatus"]:checked', (r) => (r as HTMLInputElement).value)).toBe('IMPLIED');
      expect(await page.$eval('details[data-key-questions]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
      await accessibleAtBothWidths(page, 'decision-routine');
      // Nothing said about telling the person: the error beside the field.
      await submit(page);
      expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([['#personInformed', 'Select yes if the person was told']]);
      await accessibleAtBothWidths(page, 'decision-routine-error');
      await choose(page, 'personInformed', 'yes');
      await submit(page);
      const id = recordedId(page);
      expect(id).not.toBeNull();
      const row = await stored(id!);
      expect(row).toMatchObject({
        agreement_id: p.ispA,
        flow_id: flowId,
        requesting_organisation_id: p.council.id,
        purpose_type: 'INDIVIDUAL_CARE',
        outcome: 'SHARED',
        data_items_shared: ['NHS number', 'Discharge summary'],
        includes_special_category: true,
        transfer_method: 'NHSMAIL',
        consent_status: 'IMPLIED',
        flags: [],
      });
      expect(row.key_questions).toBeNull();
    } finally {
      await close(page);
    }
  }, 180_000);

  it('requires the key questions when a routine share departs from the agreement or consent was refused, and records it flagged', async () => {
    const flowId = await flowOf(p.ispA, 'Discharge notification');
    const page = await signedIn(p.hospital.practitioner.email, false);
    try {
      await page.goto(`${t.url}/decisions/routine/${p.ispA}/${flowId}`);
      await page.select('#transferMethod', 'STANDARD_EMAIL');
      await choose(page, 'personInformed', 'yes');
      await submit(page);
      expect(path(page)).toBe(`/decisions/routine/${p.ispA}/${flowId}`);
      const errors = await texts(page, '.nhsuk-error-summary a');
      expect(errors[0]).toBe('Select yes, no or not sure for key question 1');
      expect(await text(page, '[data-key-questions-reason] p')).toBe('You need to answer the key questions because it was sent another way than the agreement says.');
      expect(errors).toHaveLength(7); // nothing answered yet: the whole path, question 5 included
      expect(await page.$eval('details[data-key-questions]', (d) => (d as HTMLDetailsElement).open)).toBe(true);
      // What was chosen is kept.
      expect(await page.$eval('#transferMethod', (s) => (s as HTMLSelectElement).value)).toBe('STANDARD_EMAIL');
      await accessibleAtBothWidths(page, 'decision-routine-key-questions');
      for (const n of [1, 2, 3, 4, 6, 7]) await choose(page, `q${n}`, 'YES');
      await submit(page);
      const id = recordedId(page);
      expect(id).not.toBeNull();
      expect((await stored(id!)).flags.some((flag: string) => flag.startsWith('METHOD_'))).toBe(true);

      // Consent refused, shared as the agreement says: the key questions again, and the override they lead to.
      await page.goto(`${t.url}/decisions/routine/${p.ispA}/${flowId}`);
      await choose(page, 'consentStatus', 'REFUSED');
      await choose(page, 'personInformed', 'yes');
      await submit(page);
      expect((await texts(page, '.nhsuk-error-summary a'))[0]).toBe('Select yes, no or not sure for key question 1');
      expect(await text(page, '[data-key-questions-reason] p')).toBe('You need to answer the key questions because consent was refused.');
    } finally {
      await close(page);
    }
  }, 180_000);

  it('refuses the short route to anyone but a recorder of the flow’s own organisation', async () => {
    const flowId = await flowOf(p.ispA, 'Discharge notification');
    const council = await signedIn(p.council.practitioner.email, false);
    try {
      const response = await council.goto(`${t.url}/decisions/routine/${p.ispA}/${flowId}`);
      expect(response?.status()).toBe(404);
      await council.goto(`${t.url}/decisions/routine`);
      expect(await council.$(`[data-routine-flows] a[href="/decisions/routine/${p.ispA}/${flowId}"]`)).toBeNull();
    } finally {
      await close(council);
    }
    const commissioner = await signedIn(p.commissioner.email, false);
    try {
      expect((await commissioner.goto(`${t.url}/decisions/routine`))?.status()).toBe(403);
      expect((await commissioner.goto(`${t.url}/decisions/routine/${p.ispA}/${flowId}`))?.status()).toBe(403);
    } finally {
      await close(commissioner);
    }
  }, 180_000);

  it('lists recent decisions newest first by the date decided, filtered by dates, agreement, outcome, flags and who recorded them', async () => {
    // Recorded oldest-decided last: the order recorded is not the order decided.
    const hours = [5, 1, 3, 2, 4];
    ok(await t.gql(RECORD_DECISIONS, { decisions: hours.map((h) => decisionInput(p.hospital.id, p.council.id, { dataItemsShared: ['NHS number'] }, { endedMinutesAgo: h * 60 })) }, p.hospital.practitioner.token));
    const page = await signedIn(p.hospital.practitioner.email);
    try {
      await page.goto(`${t.url}/decisions`);
      const decidedOf = async () => {
        const ids = await page.$$eval('[data-decision]', (rows) => rows.map((r) => r.getAttribute('data-decision')!));
        const found = (await t.db.query('SELECT id, decided_at, outcome, agreement_id, flags, decided_by_user_id FROM sharing_decision WHERE id = ANY($1)', [ids])).rows;
        return ids.map((id) => found.find((r) => r.id === id));
      };
      const all = await decidedOf();
      expect(all.length).toBeGreaterThan(5);
      const times = all.map((r) => r.decided_at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      await accessibleAtBothWidths(page, 'decision-list');

      // The filters, as a person would set them: a GET form.
      await page.click('details[data-filters] summary');
      await page.select('#outcome', 'NOT_SHARED');
      await follow(page, 'button[data-action="filter"]');
      expect(new URL(page.url()).searchParams.get('outcome')).toBe('NOT_SHARED');
      const notShared = await decidedOf();
      expect(notShared.length).toBeGreaterThan(0);
      expect(notShared.every((r) => r.outcome === 'NOT_SHARED')).toBe(true);
      expect(await text(page, '[data-decisions] caption')).toBe(`${notShared.length} decision${notShared.length === 1 ? '' : 's'} match the filters`);
      await accessibleAtBothWidths(page, 'decision-list-filtered');

      await page.goto(`${t.url}/decisions?flagged=yes&agreementId=${p.ispA}`);
      const flagged = await decidedOf();
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.every((r) => r.flags.length > 0 && r.agreement_id === p.ispA)).toBe(true);
      await page.goto(`${t.url}/decisions?mine=yes`);
      const mine = await decidedOf();
      expect(mine.every((r) => r.decided_by_user_id === p.hospital.practitioner.id)).toBe(true);
      const today = new Date();
      const day = { d: String(today.getUTCDate()), m: String(today.getUTCMonth() + 1), y: String(today.getUTCFullYear()) };
      await page.goto(`${t.url}/decisions?from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2000`);
      expect(await page.$('[data-decision]')).toBeNull();
      expect(await text(page, '[data-decisions="none"]')).toBe('No decisions match the filters.');
      await page.goto(`${t.url}/decisions?from-day=${day.d}&from-month=${day.m}&from-year=${day.y}`);
      expect((await decidedOf()).length).toBeGreaterThan(0);

      // A date that is not one: the error, linked to its field, and the list unfiltered by date.
      const response = await page.goto(`${t.url}/decisions?from-day=31&from-month=2&from-year=2026`);
      expect(response?.status()).toBe(400);
      expect(await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
        ['#from-day', 'The from date must be a real date, for example 27 3 2026'],
      ]);
      await accessibleAtBothWidths(page, 'decision-list-error');
    } finally {
      await close(page);
    }
  }, 180_000);
});
