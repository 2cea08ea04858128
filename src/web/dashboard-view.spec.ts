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
      { from: 'Acute Hospital Trust', to: 'Borough Council', decisions: '12', shared: '8', colour: 'Red: 25% or more not shared in full' },
      { from: 'Borough Council', to: 'Acute Hospital Trust', decisions: '8', shared: '4', colour: 'Red: 25% or more not shared in full' },
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
