import type { Browser, Page } from 'puppeteer-core';
import { Article6Basis, CommonLawBasis, TransferMethod } from '../src/agreements/agreement.enums.js';
import { labelOf } from '../src/common/labels/code-labels.js';
import { RagStatus } from '../src/monitoring/health/agreement-health.js';
import { ConsentStatus, DecisionFlagKind, DecisionOutcome } from '../src/monitoring/monitoring.enums.js';
import { CREATE_AGREEMENT } from './support/agreement-fixtures.js';
import { axeViolations, launchBrowser } from './support/browser.js';
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
    expect(await page.$eval('[data-health="status"]', (e) => e.textContent)).toBe('Green');
    // Health comes first, then the headline figures, each with its change on the month before (which had none).
    expect(await page.$eval('#health-title', (h) => h.compareDocumentPosition(document.querySelector('#figures-title')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    expect(await page.$eval('[data-change="decisions"]', (e) => e.textContent)).toBe(`+${expected.decisions} on the previous month`);
    expect(await page.$eval('[data-card="outside"] [data-figure="outsideAnyAgreement"]', (e) => e.textContent)).toBe('1');
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
    const [header, ...body] = parseCsv(await csv.text());
    const rows = body.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
    const figureRow = (key: string) => rows.find((r) => r.measure === key && r.month === '' && r.dimension === '');
    for (const key of ['decisions', 'shared', 'partiallyShared', 'notShared', 'recordsShared', 'consentRefused', 'flaggedDecisions']) {
      expect({ key, value: figureRow(key)?.value }).toEqual({ key, value: await figure(key) });
    }
    const row = (dimension: string, label: string) => rows.find((r) => r.dimension === dimension && r.dimension_label === label);
    expect(row('flag', 'Method not agreed')).toMatchObject({ dimension_code: 'METHOD_NOT_ALLOWED', decisions: '2' });
    // Shared means shared in full; partially shared and not shared beside it; the council's decision under no agreement its own line.
    const { hospital, council } = partnership;
    const flow = `${hospital.name} → ${council.name}`;
    expect(row('flow', flow)).toMatchObject({ decisions: '8', shared: '5', partially_shared: '1', not_shared: '2' });
    expect(figureRow('outsideAnyAgreement')?.value).toBe('1');
    expect(figureRow('outsideAnyAgreementShared')?.value).toBe('1');
    expect(row('withheldItem', 'Discharge summary')?.decisions).toBe('1');
    expect(rows.find((r) => r.month === month)).toMatchObject({ measure: 'decisions', decisions: await figure('decisions') });
    // No code where a person reads: label columns and the page's text.
    for (const r of rows) for (const column of ['scope_label', 'measure_label', 'dimension_label']) expect({ column, cell: r[column] }).toEqual({ column, cell: withoutCodes(r[column]) });
    expect(withoutCodes(await page.$eval('main', (m) => (m as HTMLElement).innerText))).toBe(await page.$eval('main', (m) => (m as HTMLElement).innerText));

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
    expect(withoutCodes(text)).toBe(text);
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
    expect((await outside.text()).split('\r\n')[1]).toMatch(/^PARTNERSHIP,Partnership,Northshire information sharing protocol,/);
  });

  const open = (path: string, token: string) => fetch(`${t.url}${path}`, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } });

  it('shows filter errors on the page in an error summary linked to the field', async () => {
    await page.goto(`${t.url}/dashboard?from=2026-06&to=2026-03`);
    expect(await page.title()).toMatch(/^Error: /);
    const links = await page.$$eval('.nhsuk-error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    expect(links).toEqual([['#to', 'To month must be the same as or after the From month (June 2026)']]);
    expect(await page.$eval('#to-error', (e) => e.textContent)).toContain('To month must be');
    expect(await page.$$('[data-figure]')).toHaveLength(0);
    const bad = await open('/dashboard?from=2026-13&asAt=2026-02-30', partnership.commissioner.token);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('<a href="#from">From month must be a month, like 2026-04</a>');
    expect(html).toContain('<a href="#asAt">Health as at must be a real date, like 2026-06-30</a>');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('defaults to the last complete financial quarter, with presets, and shows health as at a chosen date', async () => {
    const now = new Date();
    const quarter = Math.floor(now.getUTCMonth() / 3) * 3;
    const from = new Date(Date.UTC(now.getUTCFullYear(), quarter - 3, 1)).toISOString().slice(0, 7);
    const to = new Date(Date.UTC(now.getUTCFullYear(), quarter - 1, 1)).toISOString().slice(0, 7);
    await page.goto(`${t.url}/dashboard`);
    expect(await page.$eval('#from', (i) => (i as HTMLInputElement).value)).toBe(from);
    expect(await page.$eval('#to', (i) => (i as HTMLInputElement).value)).toBe(to);
    expect(await page.$eval('#period', (s) => (s as HTMLSelectElement).value)).toBe('last-quarter');
    expect(await page.$eval('.nhsuk-lede-text', (p) => p.textContent)).toMatch(/^Q[1-4] \d{4}\/\d{2}: /);
    expect(await page.$eval('[data-change="decisions"]', (e) => e.textContent)).toMatch(/on the previous quarter$/);
    await page.select('#period', 'financial-year-to-date');
    await follow(page, 'form.filters button');
    const fyStart = now.getUTCMonth() < 3 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
    expect(await page.$eval('#from', (i) => (i as HTMLInputElement).value)).toBe(`${fyStart}-04`);
    // Before any agreement was made, there was nothing to be healthy.
    await page.goto(`${t.url}/dashboard?from=${month}&to=${month}&asAt=2000-01-31`);
    expect(await page.$eval('#health-title', (h) => h.textContent)).toContain('31 January 2000');
    expect(await page.$eval('[data-health="activeAgreements"]', (e) => e.textContent)).toBe('0');
  });

  it("shows a commissioner's partnerships side by side, and only theirs; a SYSTEM_ADMIN sees all", async () => {
    ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Northshire second protocol' } }, partnership.icb.igLead.token));
    const columns = async (token: string) => {
      const response = await open(`/dashboard?partnership=all&from=${month}&to=${month}`, token);
      expect(response.status).toBe(200);
      const html = await response.text();
      return [...html.matchAll(/<th class="nhsuk-table__header" scope="col"><a href="[^"]*">([^<]*)<\/a><\/th>/g)].map((m) => m[1]);
    };
    expect(await columns(partnership.commissioner.token)).toEqual(['Northshire information sharing protocol', 'Northshire second protocol']);
    expect(await columns(partnership.otherCommissioner.token)).toEqual([]);
    expect(await columns(await t.adminToken())).toEqual(expect.arrayContaining(['Northshire information sharing protocol', 'Northshire second protocol', 'Southshire protocol']));
    // Naming another's partnership beside one's own is refused.
    const { rows } = await t.db.query(`SELECT id FROM agreement WHERE title = 'Southshire protocol'`);
    const mixed = await open(`/dashboard?partnership=${partnership.protocolId}&partnership=${rows[0].id}`, partnership.commissioner.token);
    expect(mixed.status).toBe(403);
    expect(await mixed.text()).not.toContain('Southshire protocol');
    await page.goto(`${t.url}/dashboard?partnership=all&from=${month}&to=${month}`);
    expect(await page.$eval('[data-comparison] [data-row="decisions"] td', (td) => td.textContent)).toContain(await fetchDecisions());
    expect(await axeViolations(page)).toEqual([]);
  });

  async function fetchDecisions(): Promise<string> {
    return String(ok(await t.gql(METRICS, { p: partnership.protocolId, m: month }, partnership.commissioner.token)).sharingMetrics.decisions);
  }
});

/** Every code a person could meet on the dashboard, as a whole word (but an acronym, like MESH, its label spells out). */
const CODES = (
  [
    [Article6Basis, 'article6'],
    [CommonLawBasis, 'commonLaw'],
    [TransferMethod, 'method'],
    [ConsentStatus, 'consent'],
    [DecisionFlagKind, 'flag'],
    [DecisionOutcome, 'outcome'],
    [RagStatus, 'rag'],
  ] as const
).flatMap(([codes, vocabulary]) => (Object.values(codes) as string[]).filter((code) => !labelOf(vocabulary, code).includes(code)));
const CODE = new RegExp(`\\b(${CODES.join('|')})\\b`, 'g');
const withoutCodes = (text: string) => text.replace(CODE, '[code]');

/** RFC 4180 CSV (CRLF rows, "" escapes) as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    else cell += c;
  }
  return rows;
}
