import { RagStatus, type AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics, ValueCount } from '../monitoring/metrics/metrics-report.js';
import { breakdownChartOptions, flowBand, FLOW_BANDS, monthChartOptions, sharingMapOptions } from './charts/chart-options.js';
import { count, monthLabel, monthsBetween } from './charts/chart-format.js';
import { renderChartSvg } from './charts/chart-svg.renderer.js';
import { CONSENT_STATUSES } from './decisions/decision-words.js';

export interface DashboardFilters {
  partnerships: { id: string; title: string }[];
  agreements: { id: string; title: string; reference: string }[];
  partnershipId: string | null;
  agreementId: string | null;
  fromMonth: string;
  toMonth: string;
}

/** One headline figure: `key` names it for machines (CSV, tests), `label` for people. */
export interface Figure {
  key: string;
  label: string;
  value: string;
}

/** The NHS tag colour for each red/amber/green status. */
const RAG_TAG: Record<RagStatus, string> = { [RagStatus.RED]: 'red', [RagStatus.AMBER]: 'orange', [RagStatus.GREEN]: 'green' };

const percent = (value: number | null, of100 = false) => (value === null ? 'None yet' : `${(of100 ? value : value * 100).toFixed(1)}%`);
const minutes = (value: number | null) => (value === null ? 'None yet' : value < 120 ? `${value} min` : `${(value / 60).toFixed(1)} h`);

/** A breakdown's row: a label and its decisions, and for flows the decisions by outcome. */
export interface BreakdownRow {
  label: string;
  value: number;
  outcomes?: { shared: number; partiallyShared: number; notShared: number };
}

/**
 * The headline figures, in the order the dashboard, its CSV and the report PDF all show them.
 * "Shared" is always shared in full; a figure that counts partial shares too says so.
 */
export function headlineFigures(m: SharingMetrics): Figure[] {
  const outside = m.outsideAnyAgreement;
  return [
    { key: 'decisions', label: 'Decisions recorded', value: String(m.decisions) },
    { key: 'shared', label: 'Shared in full', value: String(m.shared) },
    { key: 'partiallyShared', label: 'Partially shared', value: String(m.partiallyShared) },
    { key: 'notShared', label: 'Not shared', value: String(m.notShared) },
    { key: 'outsideAnyAgreement', label: 'Decisions outside any agreement', value: String(outside.decisions) },
    { key: 'outsideAnyAgreementShared', label: '…shared in full', value: String(outside.shared) },
    { key: 'outsideAnyAgreementPartiallyShared', label: '…partially shared', value: String(outside.partiallyShared) },
    { key: 'outsideAnyAgreementNotShared', label: '…not shared', value: String(outside.notShared) },
    { key: 'recordsShared', label: 'Records shared in full', value: String(m.recordsShared) },
    { key: 'recordsPartiallyShared', label: 'Records partially shared', value: String(m.recordsPartiallyShared) },
    { key: 'recordsNotShared', label: 'Records not shared', value: String(m.recordsNotShared) },
    { key: 'specialCategoryShare', label: 'Shared in full or in part, including special category data', value: percent(m.specialCategoryShare) },
    { key: 'consentRefused', label: 'Consent refused or withdrawn', value: String(m.consentRefused) },
    { key: 'consentRefusedOverridden', label: '…shared (in full or in part) on a public-interest override', value: String(m.consentRefusedOverridden) },
    { key: 'approvedMethodPercentage', label: 'Shared in full or in part by an agreed, secure method', value: percent(m.approvedMethodPercentage, true) },
    { key: 'flaggedDecisions', label: 'Decisions flagged', value: String(m.flaggedDecisions) },
    { key: 'incidents', label: 'Incidents (breaches and near misses)', value: String(m.incidents.total) },
    { key: 'icoDeadlinesMissed', label: 'ICO 72-hour deadlines missed', value: String(m.incidents.icoDeadlinesMissed) },
    { key: 'medianMinutesToDecision', label: 'Median time from request to decision', value: minutes(m.medianMinutesToDecision) },
    { key: 'p90MinutesToDecision', label: '90th percentile time to decision', value: minutes(m.p90MinutesToDecision) },
  ];
}

/** The breakdowns, as (label, count) lists, for bar charts and the CSV. */
export function breakdowns(m: SharingMetrics): { key: string; title: string; rows: BreakdownRow[] }[] {
  const list = (counts: ValueCount[], words: Record<string, string> = {}) => counts.map((c) => ({ label: words[c.value] ?? c.value, value: c.decisions }));
  const flows = m.byFlow.map((f) => ({
    label: `${f.fromOrganisationName} → ${f.toOrganisationName}`,
    value: f.decisions,
    outcomes: { shared: f.shared, partiallyShared: f.partiallyShared, notShared: f.notShared },
  }));
  return [
    { key: 'flow', title: 'Decisions by flow (from → to)', rows: flows },
    { key: 'dataItem', title: 'Data items shared (in full or in part)', rows: list(m.byDataItem).slice(0, 12) },
    { key: 'withheldItem', title: 'Data items withheld from partial shares', rows: list(m.byWithheldItem).slice(0, 12) },
    { key: 'article6', title: 'UK GDPR Article 6 basis (shared in full or in part)', rows: list(m.byArticle6Basis) },
    { key: 'commonLaw', title: 'Common-law basis (shared in full or in part)', rows: list(m.byCommonLawBasis) },
    { key: 'consent', title: 'Consent status', rows: list(m.byConsentStatus, CONSENT_STATUSES) },
    { key: 'method', title: 'Transfer method (shared in full or in part)', rows: list(m.byTransferMethod) },
    { key: 'flag', title: 'Flags by kind', rows: list(m.flagsByKind) },
  ];
}

/** Everything the dashboard page shows, charts drawn as SVG, so the template only places it. Pure. */
export function dashboardView(metrics: SharingMetrics, health: AgreementHealth | null, filters: DashboardFilters, query: string) {
  return {
    metrics,
    health,
    healthTag: health ? RAG_TAG[health.status] : null,
    filters: {
      ...filters,
      partnerships: filters.partnerships.map((p) => ({ ...p, selected: p.id === filters.partnershipId })),
      agreements: filters.agreements.map((a) => ({ ...a, selected: a.id === filters.agreementId })),
    },
    figures: headlineFigures(metrics),
    ...dashboardCharts(metrics),
    csvHref: `/dashboard.csv?${query}`,
    pdfHref: `/dashboard/report.pdf?${query}`,
  };
}

/** The same figures as CSV: section, item, value, one per line. */
export function dashboardCsv(metrics: SharingMetrics, health: AgreementHealth | null): string {
  const rows: string[][] = [['section', 'item', 'value']];
  rows.push(['scope', metrics.scope, metrics.scopeName], ['range', 'from', metrics.fromMonth], ['range', 'to', metrics.toMonth]);
  for (const figure of headlineFigures(metrics)) rows.push(['figure', figure.key, figure.value]);
  for (const month of metrics.byMonth) {
    rows.push(['month', `${month.month} decisions`, String(month.decisions)], ['month', `${month.month} shared`, String(month.shared)]);
    rows.push(['month', `${month.month} partially shared`, String(month.partiallyShared)], ['month', `${month.month} not shared`, String(month.notShared)]);
  }
  for (const chart of breakdowns(metrics)) {
    for (const row of chart.rows) {
      rows.push([chart.key, row.label, String(row.value)]);
      if (row.outcomes) {
        rows.push([`${chart.key} shared`, row.label, String(row.outcomes.shared)], [`${chart.key} partially shared`, row.label, String(row.outcomes.partiallyShared)]);
        rows.push([`${chart.key} not shared`, row.label, String(row.outcomes.notShared)]);
      }
    }
  }
  if (health) {
    rows.push(['health', 'status', health.status], ['health', 'activeAgreements', String(health.activeAgreements)], ['health', 'reviewsOverdue', String(health.reviewsOverdue)]);
    for (const reason of health.reasons) rows.push(['health', 'reason', reason]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A leading =, +, -, @, tab or carriage return could run as a formula in a spreadsheet: make it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The charts the page and the report PDF both show, as SVG strings, each with what its table
 * alternative needs: months in words, counts with thousands separators, each flow's colour in words.
 */
export function dashboardCharts(metrics: SharingMetrics) {
  // A month with no decisions is a zero in the chart and the table, not a gap.
  const byMonth = monthsBetween(metrics.fromMonth, metrics.toMonth).map((month) => metrics.byMonth.find((m) => m.month === month) ?? { month, decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 });
  return {
    months: byMonth.map((m) => ({ label: monthLabel(m.month), decisions: count(m.decisions), shared: count(m.shared), partiallyShared: count(m.partiallyShared), notShared: count(m.notShared) })),
    monthSvg: byMonth.length ? renderChartSvg(monthChartOptions(byMonth)) : null,
    charts: breakdowns(metrics).map((chart) => ({
      ...chart,
      svg: chart.rows.length ? renderChartSvg(breakdownChartOptions(chart.title, chart.rows)) : null,
      rows: chart.rows.map((row) => ({ ...row, count: count(row.value), outcomes: row.outcomes && { shared: count(row.outcomes.shared), partiallyShared: count(row.outcomes.partiallyShared), notShared: count(row.outcomes.notShared) } })),
    })),
    sharingMap: metrics.byFlow.length
      ? {
          svg: renderChartSvg(sharingMapOptions(metrics.byFlow)),
          key: FLOW_BANDS.map((b) => `${b.name.toLowerCase()}: ${b.words.toLowerCase()}`).join('; '),
          rows: metrics.byFlow.map((f) => ({ from: f.fromOrganisationName, to: f.toOrganisationName, decisions: count(f.decisions), shared: count(f.shared), colour: `${flowBand(f).name}: ${flowBand(f).words.toLowerCase()}` })),
        }
      : null,
  };
}
