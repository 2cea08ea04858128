import { labelOf } from '../common/labels/code-labels.js';
import type { AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics } from '../monitoring/metrics/metrics-report.js';
import { breakdowns, headlineFigures } from './dashboard-view.js';

/** The CSV's columns, in order (listed in docs/screens.md). */
export const CSV_COLUMNS = [
  'scope',
  'scope_label',
  'scope_name',
  'period_from',
  'period_to',
  'month',
  'measure',
  'measure_label',
  'dimension',
  'dimension_code',
  'dimension_label',
  'decisions',
  'shared',
  'partially_shared',
  'not_shared',
  'records',
  'value',
  'unit',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

const OUTCOME_DIMENSION = { dimension: 'outcome' };

/**
 * The dashboard's figures in a long table a spreadsheet can pivot: one row per month and measure
 * (a measure over the whole period has no month), a label beside every code, and numbers as
 * numbers: counts, fractions 0-1 and minutes.
 */
export function dashboardCsv(metrics: SharingMetrics, health: AgreementHealth | null): string {
  const rows: Row[] = [];
  for (const month of metrics.byMonth) {
    rows.push({
      month: month.month,
      measure: 'decisions',
      measure_label: 'Decisions recorded',
      decisions: month.decisions,
      shared: month.shared,
      partially_shared: month.partiallyShared,
      not_shared: month.notShared,
      unit: 'count',
    });
  }
  for (const figure of headlineFigures(metrics)) {
    rows.push({ measure: figure.key, measure_label: figure.label, value: figure.amount, unit: figure.unit });
  }
  for (const chart of breakdowns(metrics)) {
    for (const row of chart.rows) {
      rows.push({
        measure: chart.key,
        measure_label: chart.title,
        dimension: chart.key,
        dimension_code: row.code,
        dimension_label: row.label,
        decisions: row.value,
        shared: row.outcomes?.shared,
        partially_shared: row.outcomes?.partiallyShared,
        not_shared: row.outcomes?.notShared,
        records: row.records,
        unit: 'count',
      });
    }
  }
  for (const [code, count] of [
    ['SHARED', metrics.outsideAnyAgreement.shared],
    ['PARTIALLY_SHARED', metrics.outsideAnyAgreement.partiallyShared],
    ['NOT_SHARED', metrics.outsideAnyAgreement.notShared],
  ] as const) {
    rows.push({
      measure: 'outsideAnyAgreement',
      measure_label: 'Decisions outside any agreement',
      ...OUTCOME_DIMENSION,
      dimension_code: code,
      dimension_label: labelOf('outcome', code),
      decisions: count,
      unit: 'count',
    });
  }
  if (health) {
    const healthRow = { measure: 'health', measure_label: `Agreement health on ${health.asOf}` };
    rows.push({ ...healthRow, dimension: 'rag', dimension_code: health.status, dimension_label: labelOf('rag', health.status) });
    for (const reason of health.reasons) rows.push({ ...healthRow, dimension: 'reason', dimension_label: reason });
    rows.push({ measure: 'activeAgreements', measure_label: 'Active agreements', value: health.activeAgreements, unit: 'count' });
    rows.push({ measure: 'reviewsOverdue', measure_label: 'Reviews overdue', value: health.reviewsOverdue, unit: 'count' });
  }
  const head: Row = {
    scope: metrics.scope,
    scope_label: labelOf('scope', metrics.scope),
    scope_name: metrics.scopeName,
    period_from: metrics.fromMonth,
    period_to: metrics.toMonth,
  };
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell({ ...head, ...row }[column])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers stay numbers: a spreadsheet sums them (a negative one is not a formula).
  if (typeof value === 'number') return String(value);
  // A leading =, +, -, @, tab or carriage return could run as a formula in a spreadsheet: make it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
