import { RagStatus } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics } from '../monitoring/metrics/metrics-report.js';
import { PeriodPreset } from './dashboard-periods.js';
import { EMPTY, HEALTH, METRICS, vc } from './dashboard-metrics.fixture.js';
import { breakdowns, changeInWords, dashboardView, figuresWithChange, headlineFigures, type DashboardFilters } from './dashboard-view.js';

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
  preset: PeriodPreset.LAST_QUARTER,
  asAt: '2026-06-01',
};

const QUERY = 'partnershipId=p1&agreementId=a2&fromMonth=2026-01&toMonth=2026-03';

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
          { label: 'Acute Hospital Trust → Borough Council', code: 'o1>o2', value: 12, outcomes: { shared: 8, partiallyShared: 2, notShared: 2 } },
          { label: 'Borough Council → Acute Hospital Trust', code: 'o2>o1', value: 8, outcomes: { shared: 4, partiallyShared: 1, notShared: 3 } },
        ],
      },
      {
        key: 'dataItem',
        title: 'Data items shared (in full or in part)',
        rows: [
          { label: 'NHS number', code: 'NHS number', value: 15, records: 120 },
          { label: 'Date of birth', code: 'Date of birth', value: 9, records: 9 },
          { label: 'Address', code: 'Address', value: 6, records: 6 },
        ],
      },
      { key: 'withheldItem', title: 'Data items withheld from partial shares', rows: [{ label: 'Diagnosis', code: 'Diagnosis', value: 3, records: 3 }] },
      {
        key: 'article6',
        title: 'UK GDPR Article 6 basis (shared in full or in part)',
        rows: [
          { label: 'Article 6(1)(e): public task', code: 'ART6_1_E_PUBLIC_TASK', value: 10, records: 10 },
          { label: 'Article 6(1)(a): consent', code: 'ART6_1_A_CONSENT', value: 5, records: 5 },
        ],
      },
      {
        key: 'commonLaw',
        title: 'Common-law basis (shared in full or in part)',
        rows: [
          { label: 'Explicit consent', code: 'EXPLICIT_CONSENT', value: 9, records: 9 },
          { label: 'Overriding public interest', code: 'PUBLIC_INTEREST', value: 6, records: 6 },
        ],
      },
      {
        key: 'consent',
        title: 'Consent status',
        rows: [
          { label: 'Given', code: 'GIVEN', value: 14, records: 14 },
          { label: 'Refused', code: 'REFUSED', value: 4, records: 4 },
          { label: 'None sought or given: the request was refused before consent arose', code: 'NOT_SOUGHT_REQUEST_REFUSED', value: 2, records: 2 },
        ],
      },
      {
        key: 'method',
        title: 'Transfer method (shared in full or in part)',
        rows: [
          { label: 'NHSmail', code: 'NHSMAIL', value: 13, records: 13 },
          { label: 'Secure portal', code: 'SECURE_PORTAL', value: 2, records: 2 },
        ],
      },
      { key: 'flag', title: 'Flags by kind', rows: [{ label: 'Method not agreed', code: 'METHOD_NOT_ALLOWED', value: 2, records: 2 }] },
    ]);
  });

  it('shows the twelve most shared data items only', () => {
    const items = Array.from({ length: 15 }, (_, i) => vc(`Item ${String(i).padStart(2, '0')}`, 30 - i));
    const dataItem = breakdowns({ ...METRICS, byDataItem: items }).find((b) => b.key === 'dataItem')!;
    expect(dataItem.rows).toHaveLength(12);
    expect(dataItem.rows[0]).toMatchObject({ label: 'Item 00', value: 30 });
    expect(dataItem.rows[11]).toMatchObject({ label: 'Item 11', value: 19 });
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
    expect(dataItem.rows).toMatchObject([
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
    expect(view.figures.map((f) => f.key)).toEqual(headlineFigures(METRICS).filter((f) => !f.outside).map((f) => f.key));
    expect(view.outsideFigures.map((f) => [f.key, f.value])).toEqual([
      ['outsideAnyAgreement', '4'],
      ['outsideAnyAgreementShared', '2'],
      ['outsideAnyAgreementPartiallyShared', '1'],
      ['outsideAnyAgreementNotShared', '1'],
    ]);
    expect(view.period).toBe('Q4 2025/26: January 2026 to March 2026');
    expect(dashboardView(METRICS, null, FILTERS, QUERY).health).toBeNull();
  });

  it('colours the health status as an NHS tag', () => {
    expect(dashboardView(METRICS, HEALTH, FILTERS, QUERY).healthTag).toBe('red');
    expect(dashboardView(METRICS, { ...HEALTH, status: RagStatus.AMBER }, FILTERS, QUERY).healthTag).toBe('orange');
    expect(dashboardView(METRICS, { ...HEALTH, status: RagStatus.GREEN }, FILTERS, QUERY).healthTag).toBe('green');
    expect(dashboardView(METRICS, null, FILTERS, QUERY).healthTag).toBeNull();
  });

  it('names the health status in words', () => {
    expect(dashboardView(METRICS, HEALTH, FILTERS, QUERY).healthLabel).toBe('Red');
    expect(dashboardView(METRICS, { ...HEALTH, status: RagStatus.AMBER }, FILTERS, QUERY).healthLabel).toBe('Amber');
  });

  it('gives each figure its change on the period before, and none without it', () => {
    const before = { ...METRICS, decisions: 8, medianMinutesToDecision: 60 };
    const view = dashboardView(METRICS, HEALTH, FILTERS, QUERY, before);
    const change = (key: string) => [...view.figures, ...view.outsideFigures].find((f) => f.key === key)?.change;
    expect(change('decisions')).toBe('+12 on the previous quarter');
    expect(change('shared')).toBe('No change on the previous quarter');
    expect(change('medianMinutesToDecision')).toBe('−15 min on the previous quarter');
    expect(dashboardView(METRICS, HEALTH, FILTERS, QUERY).figures.every((f) => f.change === null)).toBe(true);
  });

  it('lists the period presets, the one chosen selected', () => {
    const { presets } = dashboardView(METRICS, HEALTH, FILTERS, QUERY).filters;
    expect(presets.map((p) => [p.label, p.selected])).toEqual([
      ['Last financial quarter', true],
      ['This financial year to date', false],
      ['Last 12 months', false],
      ['Months you choose', false],
    ]);
  });
});

describe('changeInWords', () => {
  const [decisions, , , , , , , , , , , special] = headlineFigures(METRICS);
  it('gives counts with a sign, shares in percentage points, and nothing when either is not known', () => {
    expect(changeInWords(decisions, { ...decisions, amount: 1020 }, 'the previous 12 months')).toBe('−1,000 on the previous 12 months');
    expect(changeInWords(special, { ...special, amount: 0.25 }, 'the previous month')).toBe('+12.5 percentage points on the previous month');
    expect(changeInWords(special, { ...special, amount: null }, 'the previous month')).toBeNull();
  });

  it('compares each figure with the same figure of the period before', () => {
    const figures = figuresWithChange(METRICS, EMPTY, 'the previous quarter');
    expect(figures.find((f) => f.key === 'recordsShared')?.change).toBe('+140 on the previous quarter');
    expect(figures.find((f) => f.key === 'specialCategoryShare')?.change).toBeNull();
  });
});
