import { labelOf, RAG_LABELS, type CodeVocabulary } from '../common/labels/code-labels.js';
import { RagStatus, type AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics, ValueCount } from '../monitoring/metrics/metrics-report.js';
import { breakdownChartOptions, flowBand, FLOW_BANDS, monthChartOptions, sharingMapOptions } from './charts/chart-options.js';
import { count, monthLabel, monthsBetween } from './charts/chart-format.js';
import { renderChartSvg } from './charts/chart-svg.renderer.js';
import { PERIOD_PRESET_LABELS, PeriodPreset, periodInWords, previousInWords } from './dashboard-periods.js';

export interface DashboardFilters {
  partnerships: { id: string; title: string }[];
  agreements: { id: string; title: string; reference: string }[];
  partnershipId: string | null;
  agreementId: string | null;
  fromMonth: string;
  toMonth: string;
  preset: PeriodPreset;
  /** The date health is as at, YYYY-MM-DD. */
  asAt: string;
}

/** How a figure's amount is measured: a count, a fraction 0-1, or minutes. */
export type FigureUnit = 'count' | 'fraction' | 'minutes';

/** One headline figure: `key` names it for machines (CSV, tests), `label` for people, `amount` is its number (null when not known). */
export interface Figure {
  key: string;
  label: string;
  value: string;
  amount: number | null;
  unit: FigureUnit;
  /** Decisions outside any agreement have a card of their own. */
  outside?: boolean;
}

/** The NHS tag colour for each red/amber/green status. */
const RAG_TAG: Record<RagStatus, string> = { [RagStatus.RED]: 'red', [RagStatus.AMBER]: 'orange', [RagStatus.GREEN]: 'green' };

const percent = (value: number | null, of100 = false) => (value === null ? 'None yet' : `${(of100 ? value : value * 100).toFixed(1)}%`);
const minutes = (value: number | null) => (value === null ? 'None yet' : value < 120 ? `${value} min` : `${(value / 60).toFixed(1)} h`);

/** A breakdown's row: a label and its decisions, and for flows the decisions by outcome. */
export interface BreakdownRow {
  label: string;
  /** The code or id the label stands for, for machines (the CSV). */
  code: string;
  value: number;
  records?: number;
  outcomes?: { shared: number; partiallyShared: number; notShared: number };
}

/**
 * The headline figures, in the order the dashboard, its CSV and the report PDF all show them.
 * "Shared" is always shared in full; a figure that counts partial shares too says so.
 */
export function headlineFigures(m: SharingMetrics): Figure[] {
  const outside = m.outsideAnyAgreement;
  const count = (key: string, label: string, amount: number, more: Partial<Figure> = {}): Figure => ({ key, label, value: amount.toLocaleString('en-GB'), amount, unit: 'count', ...more });
  const fraction = (key: string, label: string, amount: number | null): Figure => ({ key, label, value: percent(amount), amount, unit: 'fraction' });
  const time = (key: string, label: string, amount: number | null): Figure => ({ key, label, value: minutes(amount), amount, unit: 'minutes' });
  return [
    count('decisions', 'Decisions recorded', m.decisions),
    count('shared', 'Shared in full', m.shared),
    count('partiallyShared', 'Partially shared', m.partiallyShared),
    count('notShared', 'Not shared', m.notShared),
    count('outsideAnyAgreement', 'Decisions outside any agreement', outside.decisions, { outside: true }),
    count('outsideAnyAgreementShared', '…shared in full', outside.shared, { outside: true }),
    count('outsideAnyAgreementPartiallyShared', '…partially shared', outside.partiallyShared, { outside: true }),
    count('outsideAnyAgreementNotShared', '…not shared', outside.notShared, { outside: true }),
    count('recordsShared', 'Records shared in full', m.recordsShared),
    count('recordsPartiallyShared', 'Records partially shared', m.recordsPartiallyShared),
    count('recordsNotShared', 'Records not shared', m.recordsNotShared),
    fraction('specialCategoryShare', 'Shared in full or in part, including special category data', m.specialCategoryShare),
    count('consentRefused', 'Consent refused or withdrawn', m.consentRefused),
    count('consentRefusedOverridden', '…shared (in full or in part) on a public-interest override', m.consentRefusedOverridden),
    fraction('approvedMethodPercentage', 'Shared in full or in part by an agreed, secure method', m.approvedMethodPercentage === null ? null : Math.round(m.approvedMethodPercentage * 1e4) / 1e6),
    count('flaggedDecisions', 'Decisions flagged', m.flaggedDecisions),
    count('incidents', 'Incidents (breaches and near misses)', m.incidents.total),
    count('icoDeadlinesMissed', 'ICO 72-hour deadlines missed', m.incidents.icoDeadlinesMissed),
    time('medianMinutesToDecision', 'Median time from request to decision', m.medianMinutesToDecision),
    time('p90MinutesToDecision', '90th percentile time to decision', m.p90MinutesToDecision),
  ];
}

/** A figure's change on the same figure of the period before, in words: "+12 on the previous quarter". Null when either is not known. */
export function changeInWords(now: Figure, before: Figure, previous: string): string | null {
  if (now.amount === null || before.amount === null) return null;
  const difference = now.amount - before.amount;
  if (Math.abs(difference) < 1e-9) return `No change on ${previous}`;
  const sign = difference > 0 ? '+' : '−';
  const size = Math.abs(difference);
  const amount =
    now.unit === 'fraction'
      ? `${(size * 100).toFixed(1)} percentage points`
      : now.unit === 'minutes'
        ? minutes(size)
        : size.toLocaleString('en-GB');
  return `${sign}${amount} on ${previous}`;
}

/** The headline figures with their change on the period before (none without it). */
export function figuresWithChange(now: SharingMetrics, before: SharingMetrics | null, previous: string): (Figure & { change: string | null })[] {
  const earlier = before ? headlineFigures(before) : [];
  return headlineFigures(now).map((figure, i) => ({ ...figure, change: earlier[i] ? changeInWords(figure, earlier[i], previous) : null }));
}

/** The breakdowns, as (label, count) lists, for bar charts and the CSV. */
export function breakdowns(m: SharingMetrics): { key: string; title: string; rows: BreakdownRow[] }[] {
  const list = (counts: ValueCount[], vocabulary?: CodeVocabulary) =>
    counts.map((c) => ({ label: vocabulary ? labelOf(vocabulary, c.value) : c.value, code: c.value, value: c.decisions, records: c.records }));
  const flows = m.byFlow.map((f) => ({
    code: `${f.fromOrganisationId}>${f.toOrganisationId}`,
    label: `${f.fromOrganisationName} → ${f.toOrganisationName}`,
    value: f.decisions,
    outcomes: { shared: f.shared, partiallyShared: f.partiallyShared, notShared: f.notShared },
  }));
  return [
    { key: 'flow', title: 'Decisions by flow (from → to)', rows: flows },
    { key: 'dataItem', title: 'Data items shared (in full or in part)', rows: list(m.byDataItem).slice(0, 12) },
    { key: 'withheldItem', title: 'Data items withheld from partial shares', rows: list(m.byWithheldItem).slice(0, 12) },
    { key: 'article6', title: 'UK GDPR Article 6 basis (shared in full or in part)', rows: list(m.byArticle6Basis, 'article6') },
    { key: 'commonLaw', title: 'Common-law basis (shared in full or in part)', rows: list(m.byCommonLawBasis, 'commonLaw') },
    { key: 'consent', title: 'Consent status', rows: list(m.byConsentStatus, 'consent') },
    { key: 'method', title: 'Transfer method (shared in full or in part)', rows: list(m.byTransferMethod, 'method') },
    { key: 'flag', title: 'Flags by kind', rows: list(m.flagsByKind, 'flag') },
  ];
}

/** Everything the dashboard page shows, charts drawn as SVG, so the template only places it. Pure. */
export function dashboardView(metrics: SharingMetrics, health: AgreementHealth | null, filters: DashboardFilters, query: string, previous: SharingMetrics | null = null) {
  const comparedWith = previousInWords({ preset: filters.preset, fromMonth: filters.fromMonth, toMonth: filters.toMonth });
  const figures = figuresWithChange(metrics, previous, comparedWith);
  return {
    metrics,
    health,
    healthTag: health ? RAG_TAG[health.status] : null,
    healthLabel: health ? RAG_LABELS[health.status] : null,
    period: periodInWords(filters),
    comparedWith,
    filters: {
      ...filters,
      presets: Object.values(PeriodPreset).map((value) => ({ value, label: PERIOD_PRESET_LABELS[value], selected: value === filters.preset })),
      partnerships: filters.partnerships.map((p) => ({ ...p, selected: p.id === filters.partnershipId })),
      agreements: filters.agreements.map((a) => ({ ...a, selected: a.id === filters.agreementId })),
    },
    figures: figures.filter((f) => !f.outside),
    outsideFigures: figures.filter((f) => f.outside),
    ...dashboardCharts(metrics),
    csvHref: `/dashboard.csv?${query}`,
    pdfHref: `/dashboard/report.pdf?${query}`,
  };
}

/** Several partnerships side by side: one column each, their health and headline figures. Pure. */
export function dashboardComparison(
  columns: { metrics: SharingMetrics; previous: SharingMetrics | null; health: AgreementHealth | null }[],
  filters: DashboardFilters,
  periodQuery: Record<string, string>,
) {
  const comparedWith = previousInWords(filters);
  const figures = columns.map((c) => figuresWithChange(c.metrics, c.previous, comparedWith));
  return {
    period: periodInWords(filters),
    comparedWith,
    filters: {
      ...filters,
      all: true,
      presets: Object.values(PeriodPreset).map((value) => ({ value, label: PERIOD_PRESET_LABELS[value], selected: value === filters.preset })),
      partnerships: filters.partnerships.map((p) => ({ ...p, selected: false })),
    },
    comparison: {
      columns: columns.map((c) => ({
        title: c.metrics.scopeName,
        href: `/dashboard?${new URLSearchParams({ partnership: c.metrics.scopeId, ...periodQuery }).toString()}`,
        healthLabel: c.health ? RAG_LABELS[c.health.status] : null,
        healthTag: c.health ? RAG_TAG[c.health.status] : null,
        reasons: c.health?.reasons ?? [],
      })),
      rows: (figures[0] ?? []).map((figure, i) => ({ key: figure.key, label: figure.label, values: figures.map((f) => ({ value: f[i].value, change: f[i].change })) })),
    },
  };
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
          rows: metrics.byFlow.map((f) => ({ from: f.fromOrganisationName, to: f.toOrganisationName, decisions: count(f.decisions), shared: count(f.shared), flagged: count(f.flagged), colour: `${flowBand(f).name}: ${flowBand(f).words.toLowerCase()}` })),
        }
      : null,
  };
}
