import type { Browser, Page } from 'puppeteer-core';
import { count, monthLabel } from '../src/web/charts/chart-format.js';
import { shortLabel } from '../src/web/charts/chart-options.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { pdfPages } from './support/pdf-text.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const METRICS = `query ($p: ID!, $m: String!) { sharingMetrics(partnershipId: $p, fromMonth: $m, toMonth: $m) {
  byMonth { month decisions } byFlow { fromOrganisationName toOrganisationName decisions shared } byDataItem { value decisions } } }`;

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface DrawnChart {
  key: string;
  shown: boolean;
  box: Box;
  texts: Box[];
}

/** Every chart's SVG on the page, with where it and each of its text elements are drawn. */
const drawnCharts = (page: Page): Promise<DrawnChart[]> =>
  page.$$eval('section[data-chart] svg', (svgs) =>
    svgs.map((svg) => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return { key: svg.closest('section')!.getAttribute('data-chart')!, shown: svg.getBoundingClientRect().width > 0, box: box(svg), texts: [...svg.querySelectorAll('text')].map(box) };
    }),
  );

/** A chart's text elements read along lines: those sharing a centre (across for rows, down for columns), in reading order, joined. */
function linesOf(texts: Box[], along: 'row' | 'column'): string[] {
  const centre = (t: Box) => (along === 'row' ? (t.top + t.bottom) / 2 : (t.left + t.right) / 2);
  const lines: Box[][] = [];
  for (const t of [...texts].sort((a, b) => (along === 'row' ? a.left - b.left : a.top - b.top))) {
    const line = lines.find((l) => Math.abs(centre(l[0]) - centre(t)) < 1);
    if (line) line.push(t);
    else lines.push([t]);
  }
  return lines.map((l) => l.map((t) => t.text).join(' '));
}

/** The dashboard's charts in Chromium: every label inside its chart, every figure the API's. */
describe('the dashboard’s charts', () => {
  let t: TestApp;
  let partnership: Partnership;
  let browser: Browser;
  let page: Page;
  let expected: { byMonth: { month: string; decisions: number }[]; byFlow: { fromOrganisationName: string; toOrganisationName: string; decisions: number; shared: number }[]; byDataItem: { value: string; decisions: number }[] };
  const month = new Date().toISOString().slice(0, 7);
  const dashboard = () => `${t.url}/dashboard?from=${month}&to=${month}`;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    partnership = await buildPartnership(t);
    const { hospital, council, ispA } = partnership;
    const flows = ok(await t.gql('query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows { id } } } } }', { id: ispA }, hospital.igLead.token));
    const flowId = flows.agreement.currentVersion.content.dataFlows[0].id;
    // Enough decisions that counts run to three and four figures, where a clipped label would show.
    for (const size of [100, 73]) {
      const decisions = Array.from({ length: size }, () => decisionInput(hospital.id, council.id, { agreementId: ispA, flowId }));
      ok(await t.gql(RECORD_DECISIONS, { decisions }, hospital.practitioner.token));
    }
    expected = ok(await t.gql(METRICS, { p: partnership.protocolId, m: month }, partnership.commissioner.token)).sharingMetrics;
    browser = await launchBrowser();
    page = await newPage(browser);
    await signIn(page, t.url, partnership.commissioner.email);
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('has figures of three digits and more to draw', () => {
    expect(Math.max(...expected.byFlow.map((f) => f.decisions))).toBeGreaterThanOrEqual(100);
    expect(expected.byMonth[0].decisions).toBeGreaterThanOrEqual(100);
  });

  describe('at 1280 px wide', () => {
    let charts: DrawnChart[];
    const violations: string[] = [];

    beforeAll(async () => {
      page.on('console', (message) => {
        // The NHS fonts are refused by design (font-src 'self'); a chart must break no other rule.
        if (/Content Security Policy/i.test(message.text()) && !/font-src/.test(message.text())) violations.push(message.text());
      });
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(dashboard());
      charts = await drawnCharts(page);
    });

    it('draws every chart, breaks no Content-Security-Policy rule, and keeps every text element wholly inside its SVG', () => {
      expect(charts.map((c) => c.key)).toEqual(['months', 'map', 'flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag']);
      expect(violations).toEqual([]);
      for (const chart of charts) {
        expect({ key: chart.key, shown: chart.shown }).toEqual({ key: chart.key, shown: true });
        const outside = chart.texts.filter((x) => x.left < chart.box.left - 0.5 || x.right > chart.box.right + 0.5 || x.top < chart.box.top - 0.5 || x.bottom > chart.box.bottom + 0.5);
        expect({ key: chart.key, outside }).toEqual({ key: chart.key, outside: [] });
      }
    });

    it('shows each month’s decisions, as the API gives them, above the month', () => {
      const columns = linesOf(charts.find((c) => c.key === 'months')!.texts, 'column');
      // A column reads down: the total above the bar, then the month below it (the legend may share its centre).
      for (const m of expected.byMonth) {
        const column = `${count(m.decisions)} ${monthLabel(m.month)}`;
        expect({ column, found: columns.some((c) => c === column || c.endsWith(` ${column}`)) }).toEqual({ column, found: true });
      }
    });

    it('shows each flow’s and each data item’s decisions, as the API gives them, at the end of its bar', () => {
      const flowRows = linesOf(charts.find((c) => c.key === 'flow')!.texts, 'row');
      for (const f of expected.byFlow) expect(flowRows).toContain(`${shortLabel(`${f.fromOrganisationName} → ${f.toOrganisationName}`)} ${count(f.decisions)}`);
      const itemRows = linesOf(charts.find((c) => c.key === 'dataItem')!.texts, 'row');
      for (const item of expected.byDataItem) expect(itemRows).toContain(`${shortLabel(item.value)} ${count(item.decisions)}`);
    });

    it('marks each flow on the sharing map with its decisions shared in full, as the API gives them', () => {
      const texts = charts.find((c) => c.key === 'map')!.texts.map((x) => x.text);
      const numbers = texts.filter((x) => /^[\d,]+$/.test(x)).sort();
      expect(numbers).toEqual(expected.byFlow.map((f) => count(f.shared)).sort());
    });

    it('has no accessibility violation', async () => {
      await expectAccessible(page);
    });

    it('keeps a year of months, on two lines each, inside the month chart', async () => {
      const now = new Date();
      const yearAgo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
      await page.goto(`${t.url}/dashboard?from=${yearAgo}&to=${month}`);
      const chart = (await drawnCharts(page)).find((c) => c.key === 'months')!;
      const outside = chart.texts.filter((x) => x.left < chart.box.left - 0.5 || x.right > chart.box.right + 0.5 || x.top < chart.box.top - 0.5 || x.bottom > chart.box.bottom + 0.5);
      expect(outside).toEqual([]);
      const columns = linesOf(chart.texts, 'column');
      expect(columns.some((c) => c.endsWith(`${count(expected.byMonth[0].decisions)} ${monthLabel(month)}`))).toBe(true);
      expect(chart.texts.filter((x) => /^\d{4}$/.test(x.text))).toHaveLength(12);
    });
  });

  describe('at 375 px wide', () => {
    beforeAll(async () => {
      await page.setViewport({ width: 375, height: 800 });
      await page.goto(dashboard());
    });

    it('shows each chart’s table in place of the chart', async () => {
      const shown = await page.$$eval('section[data-chart]', (sections) =>
        sections.map((s) => ({
          key: s.getAttribute('data-chart'),
          chart: [...s.querySelectorAll('svg')].some((svg) => svg.getBoundingClientRect().width > 0),
          table: [...s.querySelectorAll('table')].some((table) => table.getBoundingClientRect().width > 0),
        })),
      );
      expect(shown.filter((s) => s.chart)).toEqual([]);
      expect(shown.map((s) => s.key)).toEqual(['months', 'map', 'flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag']);
      // Every chart was drawn at 1280 px, so every one has a table here.
      for (const s of shown) expect(s).toMatchObject({ table: true });
    });

    it('shows the flows’ figures in the table, as the API gives them', async () => {
      const rows = await page.$$eval('section[data-chart="flow"] .app-chart-table--narrow tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
      expect(rows.map((r) => [r[0], r[1]])).toEqual(expected.byFlow.map((f) => [`${f.fromOrganisationName} → ${f.toOrganisationName}`, count(f.decisions)]));
    });

    it('has no accessibility violation', async () => {
      await expectAccessible(page);
    });
  });

  it('draws the charts with JavaScript off', async () => {
    const noScript = await newPage(browser, { javaScript: false });
    await signIn(noScript, t.url, partnership.commissioner.email);
    await noScript.setViewport({ width: 1280, height: 900 });
    await noScript.goto(dashboard());
    const charts = await drawnCharts(noScript);
    expect(charts.filter((c) => c.shown).map((c) => c.key)).toContain('map');
    expect(charts.every((c) => c.shown)).toBe(true);
    await noScript.close();
  });

  it('draws the same charts in the monitoring report PDF, with their figures', async () => {
    const cookie = (await page.browserContext().cookies()).find((c) => c.name === 'accordant_session')!;
    const pdf = await fetch(`${t.url}/dashboard/report.pdf?partnership=${partnership.protocolId}&from=${month}&to=${month}`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(pdf.status).toBe(200);
    const text = (await pdfPages(Buffer.from(await pdf.arrayBuffer()))).join(' ');
    expect(text).toContain('Decisions by month, by outcome');
    expect(text).toContain('Sharing map: decisions shared in full between organisations');
    expect(text).toContain(`${monthLabel(month)}`);
    for (const f of expected.byFlow) expect(text).toContain(count(f.decisions));
  });
});
