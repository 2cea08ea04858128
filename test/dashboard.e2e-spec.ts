import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser } from './support/browser.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { DEFAULT_PASSWORD, ok, startTestApp, type TestApp } from './support/test-app.js';
import { monthLabel } from '../src/web/charts/chart-format.js';
import { follow } from './support/pages.js';
import { pdfPages } from './support/pdf-text.js';

const METRICS = `query ($p: ID!, $m: String!) { sharingMetrics(partnershipId: $p, fromMonth: $m, toMonth: $m) {
  decisions shared partiallyShared notShared recordsShared recordsPartiallyShared consentRefused consentRefusedOverridden flaggedDecisions
  outsideAnyAgreement { decisions }
  byFlow { fromOrganisationName toOrganisationName decisions } flagsByKind { value decisions } } }`;

/** The dashboard as a commissioner sees it: signed in through the form, in headless Chromium. */
describe('the commissioners’ dashboard', () => {
  let t: TestApp;
  let partnership: Partnership;
  let browser: Browser;
  let page: Page;
  const month = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    partnership = await buildPartnership(t);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const figure = (key: string) => page.$eval(`[data-figure="${key}"]`, (element) => element.textContent?.trim());
  /** A breakdown's table alternative: each row's label and decisions. */
  const tableRows = (key: string) =>
    page.$$eval(`section[data-chart="${key}"] .app-chart-table--narrow tbody tr`, (trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((c) => c.textContent?.trim())));

  it('sends a visitor without a session to sign in, then back to the dashboard', async () => {
    const response = await page.goto(`${t.url}/dashboard?from=${month}&to=${month}`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toContain('/sign-in');
    await page.type('#email', partnership.commissioner.email);
    await page.type('#password', DEFAULT_PASSWORD);
    await follow(page, 'button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const cookies = await browser.cookies();
    expect(cookies.find((c) => c.name === 'accordant_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('shows the same figures as the metrics API, read from the page', async () => {
    const expected = ok(await t.gql(METRICS, { p: partnership.protocolId, m: month }, partnership.commissioner.token)).sharingMetrics;
    expect(await page.$eval('h1', (h) => h.textContent)).toContain('Northshire information sharing protocol');
    expect(await figure('decisions')).toBe(String(expected.decisions));
    expect(await figure('shared')).toBe(String(expected.shared));
    expect(await figure('partiallyShared')).toBe(String(expected.partiallyShared));
    expect(await figure('notShared')).toBe(String(expected.notShared));
    expect(await figure('recordsShared')).toBe(String(expected.recordsShared));
    expect(await figure('recordsPartiallyShared')).toBe(String(expected.recordsPartiallyShared));
    expect(await figure('outsideAnyAgreement')).toBe(String(expected.outsideAnyAgreement.decisions));
    expect(await figure('consentRefused')).toBe(String(expected.consentRefused));
    expect(await figure('flaggedDecisions')).toBe(String(expected.flaggedDecisions));
    const month0 = await page.$eval('tr[data-month]', (tr) => [...tr.children].slice(0, 2).map((c) => c.textContent));
    expect(month0).toEqual([monthLabel(month), String(expected.decisions)]);
    expect(await tableRows('flow')).toEqual(expected.byFlow.map((f: any) => [`${f.fromOrganisationName} → ${f.toOrganisationName}`, String(f.decisions)]));
    expect(await page.$eval('[data-health="status"]', (e) => e.textContent)).toBe('GREEN');
    // Aggregates only: nothing on the page is a decision's own data.
    expect(await page.content()).not.toMatch(/clientKey|caseReference/);
  });

  it('filters to one agreement of the partnership', async () => {
    await page.select('#agreement', partnership.ispB);
    await follow(page, 'form.filters button');
    expect(await figure('decisions')).toBe('3');
    expect(new URL(page.url()).searchParams.get('agreement')).toBe(partnership.ispB);
  });

  it('downloads a CSV and a report PDF carrying the same figures', async () => {
    await page.goto(`${t.url}/dashboard?from=${month}&to=${month}`);
    const cookie = (await browser.cookies()).find((c) => c.name === 'accordant_session')!;
    const get = (path: string) => fetch(`${t.url}${path}`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    const csvHref = await page.$eval('a[href^="/dashboard.csv"]', (a) => a.getAttribute('href')!);
    const csv = await get(csvHref);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split(/\r\n/);
    const value = (section: string, item: string) => lines.find((l) => l.startsWith(`${section},${item},`))?.split(',').slice(2).join(',');
    for (const key of ['decisions', 'shared', 'partiallyShared', 'notShared', 'recordsShared', 'consentRefused', 'flaggedDecisions']) {
      expect({ key, value: value('figure', key) }).toEqual({ key, value: await figure(key) });
    }
    expect(value('flag', 'METHOD_NOT_ALLOWED')).toBe('2');
    // Shared means shared in full; partially shared and not shared beside it; the council's decision under no agreement its own line.
    const { hospital, council } = partnership;
    const flow = `${hospital.name} → ${council.name}`;
    expect(['flow', 'flow shared', 'flow partially shared', 'flow not shared'].map((section) => value(section, flow))).toEqual(['8', '5', '1', '2']);
    expect(value('figure', 'outsideAnyAgreement')).toBe('1');
    expect(value('figure', 'outsideAnyAgreementShared')).toBe('1');
    expect(value('withheldItem', 'Discharge summary')).toBe('1');
    expect(value('consent', 'Implied')).toBe((await tableRows('consent')).find(([label]) => label === 'Implied')?.[1]);

    const pdfHref = await page.$eval('a[href^="/dashboard/report.pdf"]', (a) => a.getAttribute('href')!);
    const pdf = await get(pdfHref);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfPages(Buffer.from(await pdf.arrayBuffer()))).join(' ');
    expect(text).toMatch(/information sharing monitoring report/i);
    expect(text).toContain(`Decisions recorded ${await figure('decisions')}`);
    expect(text).toContain(`Records shared in full ${await figure('recordsShared')}`);
    expect(text).toContain('Decisions outside any agreement 1');
    expect(text).toContain(`${flow} 8 5 1 2`);
    // Each breakdown's title, its chart, then its table.
    expect(text).toMatch(/Data items withheld from partial shares .*Discharge summary 1/);
    expect(text).toContain('Page 1 of');
  });

  it('refuses a commissioner of another partnership, and anonymous CSV downloads', async () => {
    const other = await fetch(`${t.url}/dashboard.csv?partnership=${partnership.protocolId}&from=${month}&to=${month}`, {
      headers: { authorization: `Bearer ${partnership.otherCommissioner.token}` },
    });
    expect(other.status).toBe(403);
    const anonymous = await fetch(`${t.url}/dashboard.csv?partnership=${partnership.protocolId}`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses another partnership named beside an agreement the caller may read; drops an agreement outside the partnership', async () => {
    const { rows } = await t.db.query(`SELECT id FROM agreement WHERE title = 'Southshire protocol'`);
    const southshire = rows[0].id as string;
    const open = (path: string, token: string) => fetch(`${t.url}${path}`, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } });
    // Southshire's commissioner may read their own protocol, but that must not open Northshire's filter.
    const attack = await open(`/dashboard?partnership=${partnership.protocolId}&agreement=${southshire}&from=${month}&to=${month}`, partnership.otherCommissioner.token);
    expect(attack.status).toBe(403);
    const page = await attack.text();
    expect(page).not.toContain('Discharge ISP');
    expect(page).not.toContain('Care package ISP');
    // An agreement outside the partnership chosen is dropped from the filter: the whole partnership shows.
    const outside = await open(`/dashboard.csv?partnership=${partnership.protocolId}&agreement=${partnership.protocolId}&from=${month}&to=${month}`, partnership.commissioner.token);
    expect(outside.status).toBe(200);
    expect((await outside.text()).split('\r\n')[1]).toBe('scope,PARTNERSHIP,Northshire information sharing protocol');
  });
});
