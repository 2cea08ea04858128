import { RagStatus, type AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics, ValueCount } from '../monitoring/metrics/metrics-report.js';
import { breakdowns, dashboardCsv, dashboardView, headlineFigures, type DashboardFilters } from './dashboard-view.js';

const vc = (value: string, decisions: number, records = decisions): ValueCount => ({ value, decisions, records });

const METRICS: SharingMetrics = {
  scope: 'PARTNERSHIP',
  scopeId: 'p1',
  scopeName: 'North Locality Partnership',
  fromMonth: '2026-01',
  toMonth: '2026-03',
  decisions: 20,
  shared: 12,
  partiallyShared: 3,
  notShared: 5,
  outsideAnyAgreement: { decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
  recordsShared: 140,
  recordsPartiallyShared: 6,
  recordsNotShared: 0,
  byMonth: [
    { month: '2026-01', decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
    { month: '2026-02', decisions: 10, shared: 6, partiallyShared: 2, notShared: 2 },
    { month: '2026-03', decisions: 6, shared: 4, partiallyShared: 0, notShared: 2 },
  ],
  byFlow: [
    { fromOrganisationId: 'o1', fromOrganisationName: 'Acute Hospital Trust', toOrganisationId: 'o2', toOrganisationName: 'Borough Council', decisions: 12, shared: 8, partiallyShared: 2, notShared: 2 },
    { fromOrganisationId: 'o2', fromOrganisationName: 'Borough Council', toOrganisationId: 'o1', toOrganisationName: 'Acute Hospital Trust', decisions: 8, shared: 4, partiallyShared: 1, notShared: 3 },
  ],
  byDataItem: [vc('NHS number', 15, 120), vc('Date of birth', 9), vc('Address', 6)],
  byWithheldItem: [vc('Diagnosis', 3)],
  specialCategoryShare: 0.375,
  byArticle6Basis: [vc('ART6_1_E_PUBLIC_TASK', 10), vc('ART6_1_A_CONSENT', 5)],
  byCommonLawBasis: [vc('EXPLICIT_CONSENT', 9), vc('PUBLIC_INTEREST', 6)],
  byConsentStatus: [vc('GIVEN', 14), vc('REFUSED', 4), vc('NOT_SOUGHT_REQUEST_REFUSED', 2)],
  consentRefused: 6,
  consentRefusedOverridden: 2,
  byTransferMethod: [vc('NHSMAIL', 13), vc('SECURE_PORTAL', 2)],
  approvedMethodPercentage: 86.7,
  flagsByKind: [vc('METHOD_NOT_ALLOWED', 2)],
  flaggedDecisions: 3,
  incidents: { total: 4, breaches: 3, nearMisses: 1, icoReportable: 2, icoDeadlinesMissed: 1, open: 2 },
  rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
  medianMinutesToDecision: 45,
  p90MinutesToDecision: 150,
};

const EMPTY: SharingMetrics = {
  ...METRICS,
  decisions: 0,
  shared: 0,
  partiallyShared: 0,
  notShared: 0,
  outsideAnyAgreement: { decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 },
  recordsShared: 0,
  recordsPartiallyShared: 0,
  recordsNotShared: 0,
  byMonth: [],
  byFlow: [],
  byDataItem: [],
  byWithheldItem: [],
  specialCategoryShare: null,
  byArticle6Basis: [],
  byCommonLawBasis: [],
  byConsentStatus: [],
  consentRefused: 0,
  consentRefusedOverridden: 0,
  byTransferMethod: [],
  approvedMethodPercentage: null,
  flagsByKind: [],
  flaggedDecisions: 0,
  incidents: { total: 0, breaches: 0, nearMisses: 0, icoReportable: 0, icoDeadlinesMissed: 0, open: 0 },
  rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
  medianMinutesToDecision: null,
  p90MinutesToDecision: null,
};

const HEALTH: AgreementHealth = {
  asOf: '2026-06-01',
  status: RagStatus.RED,
  reasons: ['1 agreement(s) overdue for review: ISA-002', '2 agreement(s) due for review within 90 days: ISA-001, ISA-003'],
  activeAgreements: 3,
  awaitingSignatures: 0,
  signatureCompleteness: null,
  reviewsOverdue: 1,
  reviewsDueWithin30Days: 1,
  reviewsDueWithin90Days: 2,
  partiesBelowDsptMet: [],
  accreditationsExpiringWithin90Days: [],
  assuranceLapses: [],
  agreements: [],
};

const FILTERS: DashboardFilters = {
  partnerships: [
    { id: 'p1', title: 'North Locality Partnership' },
    { id: 'p2', title: 'South Locality Partnership' },
  ],
  agreements: [
    { id: 'a1', title: 'Hospital discharge', reference: 'ISA-001' },
    { id: 'a2', title: 'Safeguarding adults', reference: 'ISA-002' },
  ],
  partnershipId: 'p1',
  agreementId: 'a2',
  fromMonth: '2026-01',
  toMonth: '2026-03',
};

const QUERY = 'partnershipId=p1&agreementId=a2&fromMonth=2026-01&toMonth=2026-03';

/** Parses RFC 4180 CSV (CRLF rows, "" escapes) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

const valueOf = (m: SharingMetrics, key: string) => headlineFigures(m).find((f) => f.key === key)?.value;

describe('headlineFigures', () => {
  it('gives the figures in order, each with a label', () => {
    const figures = headlineFigures(METRICS);
    expect(figures.map((f) => f.key)).toEqual([
      'decisions',
      'shared',
      'partiallyShared',
      'notShared',
      'outsideAnyAgreement',
      'outsideAnyAgreementShared',
      'outsideAnyAgreementPartiallyShared',
      'outsideAnyAgreementNotShared',
      'recordsShared',
      'recordsPartiallyShared',
      'recordsNotShared',
      'specialCategoryShare',
      'consentRefused',
      'consentRefusedOverridden',
      'approvedMethodPercentage',
      'flaggedDecisions',
      'incidents',
      'icoDeadlinesMissed',
      'medianMinutesToDecision',
      'p90MinutesToDecision',
    ]);
    for (const f of figures) expect(f.label).toMatch(/\S/);
  });

  it('formats counts, percentages and times', () => {
    expect(Object.fromEntries(headlineFigures(METRICS).map((f) => [f.key, f.value]))).toEqual({
      decisions: '20',
      shared: '12',
      partiallyShared: '3',
      notShared: '5',
      outsideAnyAgreement: '4',
      outsideAnyAgreementShared: '2',
      outsideAnyAgreementPartiallyShared: '1',
      outsideAnyAgreementNotShared: '1',
      recordsShared: '140',
      recordsPartiallyShared: '6',
      recordsNotShared: '0',
      specialCategoryShare: '37.5%',
      consentRefused: '6',
      consentRefusedOverridden: '2',
      approvedMethodPercentage: '86.7%',
      flaggedDecisions: '3',
      incidents: '4',
      icoDeadlinesMissed: '1',
      medianMinutesToDecision: '45 min',
      p90MinutesToDecision: '2.5 h',
    });
  });

  it('gives a share 0-1 and a percentage 0-100 both as a percentage to one decimal place', () => {
    expect(valueOf({ ...METRICS, specialCategoryShare: 0 }, 'specialCategoryShare')).toBe('0.0%');
    expect(valueOf({ ...METRICS, specialCategoryShare: 1 }, 'specialCategoryShare')).toBe('100.0%');
    expect(valueOf({ ...METRICS, specialCategoryShare: 2 / 3 }, 'specialCategoryShare')).toBe('66.7%');
    expect(valueOf({ ...METRICS, approvedMethodPercentage: 100 }, 'approvedMethodPercentage')).toBe('100.0%');
    expect(valueOf({ ...METRICS, approvedMethodPercentage: 0 }, 'approvedMethodPercentage')).toBe('0.0%');
  });

  it('gives minutes below two hours and hours from two hours', () => {
    const time = (minutes: number) => valueOf({ ...METRICS, medianMinutesToDecision: minutes }, 'medianMinutesToDecision');
    expect(time(0)).toBe('0 min');
    expect(time(119)).toBe('119 min');
    expect(time(120)).toBe('2.0 h');
    expect(time(2880)).toBe('48.0 h');
    expect(time(4320)).toBe('72.0 h');
  });

  it("gives 'None yet' for figures not known", () => {
    const values = Object.fromEntries(headlineFigures(EMPTY).map((f) => [f.key, f.value]));
    expect(values.specialCategoryShare).toBe('None yet');
    expect(values.approvedMethodPercentage).toBe('None yet');
    expect(values.medianMinutesToDecision).toBe('None yet');
    expect(values.p90MinutesToDecision).toBe('None yet');
    expect(values.decisions).toBe('0');
    expect(values.incidents).toBe('0');
  });
});

describe('breakdowns', () => {
  it('gives each breakdown as labelled decision counts', () => {
    expect(breakdowns(METRICS)).toEqual([
      {
        key: 'flow',
        title: 'Decisions by flow (from → to)',
        rows: [
          { label: 'Acute Hospital Trust → Borough Council', value: 12, outcomes: { shared: 8, partiallyShared: 2, notShared: 2 } },
          { label: 'Borough Council → Acute Hospital Trust', value: 8, outcomes: { shared: 4, partiallyShared: 1, notShared: 3 } },
        ],
      },
      {
        key: 'dataItem',
        title: 'Data items shared (in full or in part)',
        rows: [
          { label: 'NHS number', value: 15 },
          { label: 'Date of birth', value: 9 },
          { label: 'Address', value: 6 },
        ],
      },
      { key: 'withheldItem', title: 'Data items withheld from partial shares', rows: [{ label: 'Diagnosis', value: 3 }] },
      {
        key: 'article6',
        title: 'UK GDPR Article 6 basis (shared in full or in part)',
        rows: [
          { label: 'ART6_1_E_PUBLIC_TASK', value: 10 },
          { label: 'ART6_1_A_CONSENT', value: 5 },
        ],
      },
      {
        key: 'commonLaw',
        title: 'Common-law basis (shared in full or in part)',
        rows: [
          { label: 'EXPLICIT_CONSENT', value: 9 },
          { label: 'PUBLIC_INTEREST', value: 6 },
        ],
      },
      {
        key: 'consent',
        title: 'Consent status',
        rows: [
          { label: 'Given', value: 14 },
          { label: 'Refused', value: 4 },
          { label: 'None sought or given: the request was refused before consent arose', value: 2 },
        ],
      },
      {
        key: 'method',
        title: 'Transfer method (shared in full or in part)',
        rows: [
          { label: 'NHSMAIL', value: 13 },
          { label: 'SECURE_PORTAL', value: 2 },
        ],
      },
      { key: 'flag', title: 'Flags by kind', rows: [{ label: 'METHOD_NOT_ALLOWED', value: 2 }] },
    ]);
  });

  it('shows the twelve most shared data items only', () => {
    const items = Array.from({ length: 15 }, (_, i) => vc(`Item ${String(i).padStart(2, '0')}`, 30 - i));
    const dataItem = breakdowns({ ...METRICS, byDataItem: items }).find((b) => b.key === 'dataItem')!;
    expect(dataItem.rows).toHaveLength(12);
    expect(dataItem.rows[0]).toEqual({ label: 'Item 00', value: 30 });
    expect(dataItem.rows[11]).toEqual({ label: 'Item 11', value: 19 });
  });

  it('gives every breakdown, empty, for no decisions', () => {
    const empty = breakdowns(EMPTY);
    expect(empty.map((b) => b.key)).toEqual(['flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag']);
    for (const b of empty) expect(b.rows).toEqual([]);
  });
});

describe('dashboardView', () => {
  const PLOT = 220 - 10 - 40;
  const BASELINE = 10 + PLOT;

  it('places the month chart', () => {
    const { monthChart } = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(monthChart).toMatchObject({ width: 640, height: 220, baseline: BASELINE, labelY: BASELINE + 18, left: 40, max: 10 });
    expect(monthChart.bars.map((b) => [b.month, b.decisions])).toEqual([
      ['2026-01', 4],
      ['2026-02', 10],
      ['2026-03', 6],
    ]);
    // three slots of 200 across the 600 from the left margin, each bar 70% of its slot, centred
    expect(monthChart.bars.map((b) => [b.x, b.width, b.labelX])).toEqual([
      [70, 140, 140],
      [270, 140, 340],
      [470, 140, 540],
    ]);
  });

  it('scales the bars to the largest month', () => {
    const { monthChart } = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    const barHeight = (bar: (typeof monthChart.bars)[number]) => bar.segments.reduce((sum, s) => sum + s.height, 0);
    expect(barHeight(monthChart.bars[1])).toBeCloseTo(PLOT, 5);
    expect(barHeight(monthChart.bars[0])).toBeCloseTo((4 / 10) * PLOT, 5);
    expect(barHeight(monthChart.bars[2])).toBeCloseTo((6 / 10) * PLOT, 5);
  });

  it('stacks shared, partially shared and not shared up from the baseline', () => {
    const { monthChart } = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(monthChart.bars[1].segments).toEqual([
      { kind: 'shared', label: 'Shared in full', count: 6, y: 78, height: 102 },
      { kind: 'partial', label: 'Partially shared', count: 2, y: 44, height: 34 },
      { kind: 'not-shared', label: 'Not shared', count: 2, y: 10, height: 34 },
    ]);
    for (const bar of monthChart.bars) {
      let bottom = BASELINE;
      for (const segment of bar.segments) {
        expect(segment.y + segment.height).toBeCloseTo(bottom, 5);
        bottom = segment.y;
      }
      // the segments sum to the bar: its top is the bar's height above the baseline
      expect(BASELINE - bottom).toBeCloseTo((bar.decisions / monthChart.max) * PLOT, 5);
    }
    // a month with no partial sharing has an empty segment
    expect(monthChart.bars[2].segments[1]).toMatchObject({ kind: 'partial', count: 0, height: 0 });
  });

  it('keeps stacked segments within a rounding step of the bar when heights do not divide evenly', () => {
    const metrics = { ...METRICS, byMonth: [{ month: '2026-01', decisions: 3, shared: 1, partiallyShared: 1, notShared: 1 }] };
    const [bar] = dashboardView(metrics, null, FILTERS, QUERY).monthChart.bars;
    const total = bar.segments.reduce((sum, s) => sum + s.height, 0);
    expect(Math.abs(total - PLOT)).toBeLessThanOrEqual(0.15);
    expect(bar.segments[0].y + bar.segments[0].height).toBeCloseTo(BASELINE, 5);
    expect(bar.segments[2].y).toBeCloseTo(10, 5);
    expect(bar).toMatchObject({ x: 40 + 600 * 0.15, width: 420, labelX: 340 });
  });

  it('draws no bars, and a scale of 1, for no months or no decisions', () => {
    const empty = dashboardView(EMPTY, null, FILTERS, '').monthChart;
    expect(empty.bars).toEqual([]);
    expect(empty.max).toBe(1);
    const zero = dashboardView({ ...EMPTY, byMonth: [{ month: '2026-01', decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 }] }, null, FILTERS, '').monthChart;
    expect(zero.max).toBe(1);
    expect(zero.bars[0].segments.map((s) => [s.y, s.height])).toEqual([
      [BASELINE, 0],
      [BASELINE, 0],
      [BASELINE, 0],
    ]);
  });

  it('sizes bar rows in proportion to the largest value of their chart', () => {
    const { charts } = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(charts.map((c) => c.key)).toEqual(['flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag']);
    const dataItem = charts.find((c) => c.key === 'dataItem')!;
    expect(dataItem.title).toBe('Data items shared (in full or in part)');
    expect(dataItem.height).toBe(3 * 26 + 6);
    expect(dataItem.rows).toEqual([
      { label: 'NHS number', value: 15, y: 4, textY: 19, width: 360 },
      { label: 'Date of birth', value: 9, y: 30, textY: 45, width: 216 },
      { label: 'Address', value: 6, y: 56, textY: 71, width: 144 },
    ]);
    const consent = charts.find((c) => c.key === 'consent')!;
    expect(consent.rows.map((r) => r.width)).toEqual([360, Math.round((4 / 14) * 3600) / 10, Math.round((2 / 14) * 3600) / 10]);
    for (const chart of charts) expect(Math.max(...chart.rows.map((r) => r.width))).toBe(360);
  });

  it('gives an empty chart a height for its margin only', () => {
    const { charts } = dashboardView(EMPTY, null, FILTERS, '');
    for (const chart of charts) {
      expect(chart.rows).toEqual([]);
      expect(chart.height).toBe(6);
    }
  });

  it('marks the selected partnership and agreement', () => {
    const { filters } = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(filters.partnerships).toEqual([
      { id: 'p1', title: 'North Locality Partnership', selected: true },
      { id: 'p2', title: 'South Locality Partnership', selected: false },
    ]);
    expect(filters.agreements).toEqual([
      { id: 'a1', title: 'Hospital discharge', reference: 'ISA-001', selected: false },
      { id: 'a2', title: 'Safeguarding adults', reference: 'ISA-002', selected: true },
    ]);
    expect(filters).toMatchObject({ partnershipId: 'p1', agreementId: 'a2', fromMonth: '2026-01', toMonth: '2026-03' });
  });

  it('selects nothing when no filter is chosen', () => {
    const { filters } = dashboardView(METRICS, HEALTH, { ...FILTERS, partnershipId: null, agreementId: null }, QUERY);
    expect(filters.partnerships.every((p) => !p.selected)).toBe(true);
    expect(filters.agreements.every((a) => !a.selected)).toBe(true);
  });

  it('links the CSV and PDF with the same query', () => {
    const view = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(view.csvHref).toBe(`/dashboard.csv?${QUERY}`);
    expect(view.pdfHref).toBe(`/dashboard/report.pdf?${QUERY}`);
  });

  it('carries the metrics, health and headline figures', () => {
    const view = dashboardView(METRICS, HEALTH, FILTERS, QUERY);
    expect(view.metrics).toBe(METRICS);
    expect(view.health).toBe(HEALTH);
    expect(view.figures).toEqual(headlineFigures(METRICS));
    expect(dashboardView(METRICS, null, FILTERS, QUERY).health).toBeNull();
  });

  it('colours the health status as an NHS tag', () => {
    expect(dashboardView(METRICS, HEALTH, FILTERS, QUERY).healthTag).toBe('red');
    expect(dashboardView(METRICS, { ...HEALTH, status: RagStatus.AMBER }, FILTERS, QUERY).healthTag).toBe('orange');
    expect(dashboardView(METRICS, { ...HEALTH, status: RagStatus.GREEN }, FILTERS, QUERY).healthTag).toBe('green');
    expect(dashboardView(METRICS, null, FILTERS, QUERY).healthTag).toBeNull();
  });
});

describe('dashboardCsv', () => {
  it('ends every line, the last included, with CRLF', () => {
    const csv = dashboardCsv(METRICS, HEALTH);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('starts with a header row, the scope and the range', () => {
    const rows = parseCsv(dashboardCsv(METRICS, HEALTH));
    expect(rows.slice(0, 4)).toEqual([
      ['section', 'item', 'value'],
      ['scope', 'PARTNERSHIP', 'North Locality Partnership'],
      ['range', 'from', '2026-01'],
      ['range', 'to', '2026-03'],
    ]);
    for (const row of rows) expect(row).toHaveLength(3);
  });

  it('has every headline figure, with the value the dashboard shows, in order', () => {
    for (const metrics of [METRICS, EMPTY]) {
      const figures = parseCsv(dashboardCsv(metrics, null)).filter((r) => r[0] === 'figure');
      expect(figures).toEqual(headlineFigures(metrics).map((f) => ['figure', f.key, f.value]));
    }
  });

  it('has four rows for each month', () => {
    const months = parseCsv(dashboardCsv(METRICS, HEALTH)).filter((r) => r[0] === 'month');
    expect(months).toHaveLength(12);
    expect(months.slice(0, 4)).toEqual([
      ['month', '2026-01 decisions', '4'],
      ['month', '2026-01 shared', '2'],
      ['month', '2026-01 partially shared', '1'],
      ['month', '2026-01 not shared', '1'],
    ]);
    expect(months.slice(8)).toEqual([
      ['month', '2026-03 decisions', '6'],
      ['month', '2026-03 shared', '4'],
      ['month', '2026-03 partially shared', '0'],
      ['month', '2026-03 not shared', '2'],
    ]);
  });

  it('has a row for each breakdown row', () => {
    const rows = parseCsv(dashboardCsv(METRICS, HEALTH));
    const expected = breakdowns(METRICS).flatMap((b) => b.rows.map((r) => [b.key, r.label, String(r.value)]));
    expect(rows.filter((r) => ['flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag'].includes(r[0]))).toEqual(expected);
    expect(rows).toContainEqual(['flow', 'Acute Hospital Trust → Borough Council', '12']);
    expect(rows).toContainEqual(['flag', 'METHOD_NOT_ALLOWED', '2']);
  });

  it('gives each flow its decisions shared in full, partially shared and not shared, beside its total', () => {
    const flow = 'Acute Hospital Trust → Borough Council';
    expect(parseCsv(dashboardCsv(METRICS, null)).filter((r) => r[1] === flow)).toEqual([
      ['flow', flow, '12'],
      ['flow shared', flow, '8'],
      ['flow partially shared', flow, '2'],
      ['flow not shared', flow, '2'],
    ]);
  });

  it('has the health status, counts and each reason', () => {
    const rows = parseCsv(dashboardCsv(METRICS, HEALTH));
    expect(rows.filter((r) => r[0] === 'health')).toEqual([
      ['health', 'status', 'RED'],
      ['health', 'activeAgreements', '3'],
      ['health', 'reviewsOverdue', '1'],
      ['health', 'reason', '1 agreement(s) overdue for review: ISA-002'],
      ['health', 'reason', '2 agreement(s) due for review within 90 days: ISA-001, ISA-003'],
    ]);
    // the reason with a comma is quoted
    expect(dashboardCsv(METRICS, HEALTH)).toContain('health,reason,"2 agreement(s) due for review within 90 days: ISA-001, ISA-003"\r\n');
  });

  it('has no health rows without health', () => {
    expect(parseCsv(dashboardCsv(METRICS, null)).filter((r) => r[0] === 'health')).toEqual([]);
  });

  it('has header, scope, range and figures only for no decisions', () => {
    const rows = parseCsv(dashboardCsv(EMPTY, null));
    expect(rows).toHaveLength(4 + headlineFigures(EMPTY).length);
  });

  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    const csv = dashboardCsv({ ...METRICS, scopeName: 'Health, Care "and" Housing\nNorth' }, null);
    expect(csv).toContain('scope,PARTNERSHIP,"Health, Care ""and"" Housing\nNorth"\r\n');
    expect(parseCsv(csv)[1]).toEqual(['scope', 'PARTNERSHIP', 'Health, Care "and" Housing\nNorth']);
  });

  it('leaves plain cells unquoted', () => {
    const csv = dashboardCsv(METRICS, null);
    expect(csv.startsWith('section,item,value\r\nscope,PARTNERSHIP,North Locality Partnership\r\n')).toBe(true);
    expect(csv).toContain('\r\nfigure,specialCategoryShare,37.5%\r\n');
    expect(csv).toContain('\r\nfigure,medianMinutesToDecision,45 min\r\n');
  });

  it.each(['=', '+', '-', '@'])("prefixes a cell starting with %s with ' so a spreadsheet does not run it", (start) => {
    const name = `${start}1+1`;
    const rows = parseCsv(dashboardCsv({ ...METRICS, scopeName: name }, null));
    expect(rows[1]).toEqual(['scope', 'PARTNERSHIP', `'${name}`]);
  });

  it('prefixes formulas in organisation names and data items, quoting them when needed', () => {
    const metrics: SharingMetrics = {
      ...METRICS,
      byFlow: [{ ...METRICS.byFlow[0], fromOrganisationName: '=HYPERLINK("http://evil.example","Click")' }],
      byDataItem: [vc('@SUM(A1:A9)', 3), vc('-2+3', 2), vc('Free text - notes', 1)],
    };
    const csv = dashboardCsv(metrics, null);
    expect(csv).toContain(`flow,"'=HYPERLINK(""http://evil.example"",""Click"") → Borough Council",12\r\n`);
    const rows = parseCsv(csv);
    expect(rows).toContainEqual(['flow', `'=HYPERLINK("http://evil.example","Click") → Borough Council`, '12']);
    expect(rows).toContainEqual(['dataItem', "'@SUM(A1:A9)", '3']);
    expect(rows).toContainEqual(['dataItem', "'-2+3", '2']);
    // only a leading character counts
    expect(rows).toContainEqual(['dataItem', 'Free text - notes', '1']);
  });

  it('leaves no cell of the CSV starting with a formula character', () => {
    const metrics: SharingMetrics = {
      ...METRICS,
      scopeName: '+cmd|calc',
      byFlow: [{ ...METRICS.byFlow[0], fromOrganisationName: '-x', toOrganisationName: '=y' }],
      byArticle6Basis: [vc('=A1', 1)],
      byCommonLawBasis: [vc('+A1', 1)],
      byConsentStatus: [vc('@A1', 1)],
      byTransferMethod: [vc('-A1', 1)],
      flagsByKind: [vc('=A2', 1)],
    };
    const health: AgreementHealth = { ...HEALTH, reasons: ['=1+2', '@reason, with comma'] };
    for (const row of parseCsv(dashboardCsv(metrics, health))) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
