import { RagStatus } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics } from '../monitoring/metrics/metrics-report.js';
import { PeriodPreset } from './dashboard-periods.js';
import { EMPTY, HEALTH, METRICS, vc } from './dashboard-metrics.fixture.js';
import { loadChartLibrary } from './charts/chart-svg.renderer.js';
import { breakdowns, changeInWords, dashboardView, figuresWithChange, headlineFigures, type DashboardFilters } from './dashboard-view.js';

await loadChartLibrary();

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
  it('draws the month chart, the sharing map and each breakdown as SVG, with tables in words and separated thousands', () => {
    const view = dashboardView({ ...METRICS, byMonth: [{ month: '2026-01', decisions: 1234, shared: 1000, partiallyShared: 200, notShared: 34 }] }, HEALTH, FILTERS, QUERY);
    expect(view.monthSvg).toMatch(/^<svg class="app-chart" role="img"/);
    const none = { decisions: '0', shared: '0', partiallyShared: '0', notShared: '0' };
    // The range is January to March: months without decisions are zeros, not gaps.
    expect(view.months).toEqual([
      { label: 'Jan 2026', decisions: '1,234', shared: '1,000', partiallyShared: '200', notShared: '34' },
      { label: 'Feb 2026', ...none },
      { label: 'Mar 2026', ...none },
    ]);
    expect(view.charts.map((c) => c.key)).toEqual(['flow', 'dataItem', 'withheldItem', 'article6', 'commonLaw', 'consent', 'method', 'flag']);
    for (const chart of view.charts) expect(chart.svg).toContain(`>${chart.title}</text>`);
    expect(view.charts.find((c) => c.key === 'dataItem')!.rows.map((r) => [r.label, r.count])).toEqual([
      ['NHS number', '15'],
      ['Date of birth', '9'],
      ['Address', '6'],
    ]);
    expect(view.sharingMap!.rows).toEqual([
      { from: 'Acute Hospital Trust', to: 'Borough Council', decisions: '12', shared: '8', flagged: '2', colour: 'Red: 10% or more of decisions flagged' },
      { from: 'Borough Council', to: 'Acute Hospital Trust', decisions: '8', shared: '4', flagged: '0', colour: 'Green: no decisions flagged' },
    ]);
  });

  it('draws no chart but the months where there is nothing to show', () => {
    const view = dashboardView(EMPTY, null, FILTERS, '');
    expect(view.monthSvg).toContain('Jan 2026: 0; Feb 2026: 0; Mar 2026: 0.');
    expect(dashboardView({ ...EMPTY, fromMonth: '2026-04' }, null, FILTERS, '').monthSvg).toBeNull();
    expect(view.sharingMap).toBeNull();
    for (const chart of view.charts) expect([chart.rows, chart.svg]).toEqual([[], null]);
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
