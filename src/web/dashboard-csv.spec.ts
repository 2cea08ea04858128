import type { AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics } from '../monitoring/metrics/metrics-report.js';
import { CSV_COLUMNS, dashboardCsv } from './dashboard-csv.js';
import { EMPTY, HEALTH, METRICS, parseCsv, vc } from './dashboard-metrics.fixture.js';
import { headlineFigures } from './dashboard-view.js';

/** The CSV's rows as objects by column. */
const records = (csv: string) => {
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
};

describe('dashboardCsv', () => {
  it('ends every line, the last included, with CRLF, each with every column', () => {
    const csv = dashboardCsv(METRICS, HEALTH);
    expect(csv.endsWith('\r\n')).toBe(true);
    for (const row of parseCsv(csv)) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('gives every row the scope and the period, with the scope in words', () => {
    for (const row of records(dashboardCsv(METRICS, HEALTH))) {
      expect(row).toMatchObject({ scope: 'PARTNERSHIP', scope_label: 'Partnership', scope_name: 'North Locality Partnership', period_from: '2026-01', period_to: '2026-03' });
    }
  });

  it('has one row for each month, with its decisions by outcome as numbers', () => {
    const months = records(dashboardCsv(METRICS, HEALTH)).filter((r) => r.month !== '');
    expect(months.map((r) => [r.month, r.measure, r.decisions, r.shared, r.partially_shared, r.not_shared])).toEqual([
      ['2026-01', 'decisions', '4', '2', '1', '1'],
      ['2026-02', 'decisions', '10', '6', '2', '2'],
      ['2026-03', 'decisions', '6', '4', '0', '2'],
    ]);
  });

  it('gives each headline figure as a number: counts, fractions 0-1 and minutes', () => {
    const rows = records(dashboardCsv(METRICS, null));
    const figure = (key: string) => rows.find((r) => r.measure === key && r.dimension === '' && r.month === '');
    expect(figure('decisions')).toMatchObject({ measure_label: 'Decisions recorded', value: '20', unit: 'count' });
    expect(figure('specialCategoryShare')).toMatchObject({ value: '0.375', unit: 'fraction' });
    expect(figure('approvedMethodPercentage')).toMatchObject({ value: '0.867', unit: 'fraction' });
    expect(figure('medianMinutesToDecision')).toMatchObject({ value: '45', unit: 'minutes' });
    expect(figure('p90MinutesToDecision')).toMatchObject({ value: '150', unit: 'minutes' });
    // Not known is empty, not words.
    expect(records(dashboardCsv(EMPTY, null)).find((r) => r.measure === 'medianMinutesToDecision')).toMatchObject({ value: '' });
    expect(rows.filter((r) => r.dimension === '' && r.month === '').map((r) => r.measure)).toEqual(headlineFigures(METRICS).map((f) => f.key));
  });

  it('puts a label beside every code', () => {
    const rows = records(dashboardCsv(METRICS, HEALTH));
    const row = (dimension: string, code: string) => rows.find((r) => r.dimension === dimension && r.dimension_code === code);
    expect(row('article6', 'ART6_1_E_PUBLIC_TASK')).toMatchObject({ dimension_label: 'Article 6(1)(e): public task', decisions: '10', records: '10' });
    expect(row('consent', 'NOT_SOUGHT_REQUEST_REFUSED')).toMatchObject({ dimension_label: 'None sought or given: the request was refused before consent arose' });
    expect(row('method', 'NHSMAIL')?.dimension_label).not.toMatch(/NHSMAIL/);
    expect(row('flag', 'METHOD_NOT_ALLOWED')).toMatchObject({ dimension_label: 'Method not agreed', decisions: '2' });
    expect(row('dataItem', 'NHS number')).toMatchObject({ dimension_label: 'NHS number', decisions: '15', records: '120' });
    expect(row('rag', 'RED')).toMatchObject({ dimension_label: 'Red', measure: 'health' });
    expect(row('outcome', 'SHARED')).toMatchObject({ measure: 'outsideAnyAgreement', dimension_label: 'Shared', decisions: '2' });
    for (const r of rows) expect(r.dimension_label).not.toMatch(/^[A-Z0-9]+(_[A-Z0-9]+)+$/);
  });

  it('gives each flow its decisions shared in full, partially shared and not shared, beside its total', () => {
    const flow = records(dashboardCsv(METRICS, null)).find((r) => r.dimension === 'flow' && r.dimension_code === 'o1>o2');
    expect(flow).toMatchObject({ dimension_label: 'Acute Hospital Trust → Borough Council', decisions: '12', shared: '8', partially_shared: '2', not_shared: '2' });
  });

  it('has the health status and each reason, and no health rows without health', () => {
    const rows = records(dashboardCsv(METRICS, HEALTH));
    expect(rows.filter((r) => r.dimension === 'reason').map((r) => r.dimension_label)).toEqual(HEALTH.reasons);
    expect(dashboardCsv(METRICS, HEALTH)).toContain('"2 agreements due for review within 90 days: ISA-001, ISA-003"');
    expect(records(dashboardCsv(METRICS, null)).filter((r) => r.measure === 'health')).toEqual([]);
  });

  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    const csv = dashboardCsv({ ...METRICS, scopeName: 'Health, Care "and" Housing\nNorth' }, null);
    expect(csv).toContain(',"Health, Care ""and"" Housing\nNorth",');
    expect(records(csv)[0].scope_name).toBe('Health, Care "and" Housing\nNorth');
  });

  it.each(['=', '+', '-', '@'])("prefixes a cell starting with %s with ' so a spreadsheet does not run it", (start) => {
    const name = `${start}1+1`;
    expect(records(dashboardCsv({ ...METRICS, scopeName: name }, null))[0].scope_name).toBe(`'${name}`);
  });

  it('leaves no text cell of the CSV starting with a formula character', () => {
    const metrics: SharingMetrics = {
      ...METRICS,
      scopeName: '+cmd|calc',
      byFlow: [{ ...METRICS.byFlow[0], fromOrganisationName: '-x', toOrganisationName: '=y' }],
      byDataItem: [vc('@SUM(A1:A9)', 3), vc('-2+3', 2)],
      byArticle6Basis: [vc('=A1', 1)],
      byCommonLawBasis: [vc('+A1', 1)],
      byConsentStatus: [vc('@A1', 1)],
      byTransferMethod: [vc('-A1', 1)],
      flagsByKind: [vc('=A2', 1)],
    };
    const health: AgreementHealth = { ...HEALTH, reasons: ['=1+2', '@reason, with comma'] };
    const rows = parseCsv(dashboardCsv(metrics, health));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(rows.flat()).toContain("'@SUM(A1:A9)");
  });
});
