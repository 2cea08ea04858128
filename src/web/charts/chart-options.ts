import type { EChartsOption } from 'echarts';
import type { FlowCount, MonthCount } from '../../monitoring/metrics/metrics-report.js';
import { count, monthLabel, textWidth } from './chart-format.js';
import { CHART_WIDTH, COLOURS, TEXT, TITLE } from './chart-style.js';

/** What the renderer needs: the ECharts option, the drawing size, and words for people who cannot see it. */
export interface ChartSpec {
  option: EChartsOption;
  width: number;
  height: number;
  label: string;
}

/** A breakdown row: a label (in words, not a code) and its count. */
export interface ChartRow {
  label: string;
  value: number;
}

/** Longer category labels are cut with an ellipsis; the full text is in the chart's table. */
export const MAX_LABEL = 34;
export const shortLabel = (label: string): string => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label);

const OUTCOMES = [
  { name: 'Shared in full', key: 'shared', colour: COLOURS.shared },
  { name: 'Partially shared', key: 'partiallyShared', colour: COLOURS.partial },
  { name: 'Not shared', key: 'notShared', colour: COLOURS.notShared },
] as const;

const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { ...TEXT, formatter: (v: number) => count(v) }, splitLine: { lineStyle: { color: COLOURS.grid } } };

/** Decisions per month as bars stacked by outcome, each month's total above its bar. */
export function monthChartOptions(months: MonthCount[]): ChartSpec {
  const twoLines = months.length > 6;
  return {
    width: CHART_WIDTH,
    height: 320,
    label: `Decisions by month, stacked by outcome (shared in full, partially shared, not shared), ${months.map((m) => `${monthLabel(m.month)}: ${count(m.decisions)}`).join('; ')}. The same figures are in the table.`,
    option: {
      title: { ...TITLE, text: 'Decisions by month, by outcome' },
      // A wide gap, as the reader's font may be wider than the one ECharts measures with.
      legend: { top: 26, left: 0, itemGap: 40, data: OUTCOMES.map((o) => o.name), textStyle: TEXT, itemWidth: 14, itemHeight: 14 },
      // Margins from generous text widths (not ECharts' own measure), so labels fit whatever the reader's font.
      grid: { outerBoundsMode: 'none', left: textWidth(count(Math.ceil(Math.max(1, ...months.map((m) => m.decisions)) * 1.25))) + 16, right: 24, top: 76, bottom: twoLines ? 48 : 32 },
      xAxis: {
        type: 'category',
        data: months.map((m) => monthLabel(m.month)),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: COLOURS.axis } },
        // Every month named up to a year; beyond, one in every so many, so names never overlap.
        axisLabel: { ...TEXT, interval: Math.ceil(months.length / 12) - 1, formatter: (v: string) => (twoLines ? v.replace(' ', '\n') : v) },
      },
      yAxis: valueAxis,
      series: [
        ...OUTCOMES.map((o) => ({ name: o.name, type: 'bar' as const, stack: 'outcome', barMaxWidth: 48, itemStyle: { color: o.colour }, data: months.map((m) => m[o.key]) })),
        // An empty bar on top of the stack carries each month's total as its label.
        { name: 'Total', type: 'bar' as const, stack: 'outcome', silent: true, data: months.map(() => 0), label: { show: true, position: 'top' as const, ...TEXT, formatter: (p: { dataIndex: number }) => count(months[p.dataIndex].decisions) } },
      ],
    },
  };
}

/** One breakdown as horizontal bars, largest first, each bar's count at its end. */
export function breakdownChartOptions(title: string, rows: ChartRow[]): ChartSpec {
  const widestValue = Math.max(0, ...rows.map((r) => textWidth(count(r.value))));
  const widestLabel = Math.max(0, ...rows.map((r) => textWidth(shortLabel(r.label))));
  return {
    width: CHART_WIDTH,
    height: 64 + rows.length * 30,
    label: `${title}: ${rows.map((r) => `${r.label}, ${count(r.value)}`).join('; ')}. The same figures are in the table.`,
    option: {
      title: { ...TITLE, text: title },
      // Margins from generous text widths (not ECharts' own measure), so labels fit whatever the reader's font.
      grid: { outerBoundsMode: 'none', left: widestLabel + 16, right: widestValue + 16, top: 32, bottom: 28 },
      xAxis: valueAxis,
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => shortLabel(r.label)), axisTick: { show: false }, axisLine: { lineStyle: { color: COLOURS.axis } }, axisLabel: { ...TEXT, interval: 0 } },
      series: [{ type: 'bar', barMaxWidth: 20, itemStyle: { color: COLOURS.bar }, data: rows.map((r) => r.value), label: { show: true, position: 'right', ...TEXT, formatter: (p: { value: unknown }) => count(Number(p.value)) } }],
    },
  };
}

/** How a flow's line is coloured: by the share of its decisions flagged (a reason to look at them). */
export const FLOW_BANDS = [
  { upTo: 0, colour: COLOURS.shared, name: 'Green', words: 'No decisions flagged' },
  { upTo: 0.1, colour: COLOURS.partial, name: 'Amber', words: 'Under 10% of decisions flagged' },
  { upTo: Infinity, colour: COLOURS.notShared, name: 'Red', words: '10% or more of decisions flagged' },
];

const curveness = (f: FlowCount, flows: FlowCount[]) =>
  flows.some((r) => r.fromOrganisationId === f.toOrganisationId && r.toOrganisationId === f.fromOrganisationId) ? (f.fromOrganisationId < f.toOrganisationId ? 0.25 : -0.25) : 0;

export const flowBand = (flow: Pick<FlowCount, 'decisions' | 'flagged'>) => {
  const share = flow.decisions ? flow.flagged / flow.decisions : 0;
  return FLOW_BANDS.find((b) => (b.upTo === 0 ? flow.flagged === 0 : share < b.upTo))!;
};

/**
 * The sharing map: the organisations round a circle, an arrow for each flow between them, its
 * width by decisions shared in full and its colour by the share of its decisions flagged, its count on it.
 */
export function sharingMapOptions(flows: FlowCount[]): ChartSpec {
  const width = CHART_WIDTH;
  const height = 460;
  const names = new Map<string, string>();
  for (const f of flows) names.set(f.fromOrganisationId, f.fromOrganisationName).set(f.toOrganisationId, f.toOrganisationName);
  const nodes = [...names].map(([id, name]) => ({ id, name }));
  const maxShared = Math.max(1, ...flows.map((f) => f.shared));
  const legend = FLOW_BANDS.map((band, i) => ({
    type: 'group' as const,
    left: 0,
    bottom: 4 + (FLOW_BANDS.length - 1 - i) * 20,
    children: [
      { type: 'line' as const, shape: { x1: 0, y1: 7, x2: 24, y2: 7 }, style: { stroke: band.colour, lineWidth: 4 } },
      { type: 'text' as const, x: 30, y: 0, style: { text: band.words, fill: COLOURS.text, font: `${TEXT.fontSize}px ${TEXT.fontFamily}` } },
    ],
  }));
  return {
    width,
    height,
    label: `Sharing map: ${flows.map((f) => `${f.fromOrganisationName} to ${f.toOrganisationName}, ${count(f.shared)} of ${count(f.decisions)} decisions shared in full, ${count(f.flagged)} flagged`).join('; ')}. The same figures are in the table.`,
    option: {
      title: { ...TITLE, text: 'Sharing map: decisions shared in full between organisations' },
      graphic: legend,
      series: [
        {
          type: 'graph',
          // Round a circle, with room left, right and below for the organisations' names and the key.
          layout: 'circular',
          left: 130,
          right: 130,
          top: 50,
          bottom: 120,
          silent: true,
          symbolSize: 16,
          itemStyle: { color: COLOURS.node },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 10,
          label: { show: true, position: 'bottom', ...TEXT, width: 150, overflow: 'break', align: 'center' },
          edgeLabel: { show: true, ...TEXT, backgroundColor: '#ffffff', padding: 2, formatter: (p: { data: unknown }) => count((p.data as { shared: number }).shared) },
          data: nodes,
          // Flows both ways between two organisations curve apart rather than overlap.
          links: flows.map((f) => ({
            source: f.fromOrganisationId,
            target: f.toOrganisationId,
            shared: f.shared,
            lineStyle: { width: 1 + (7 * f.shared) / maxShared, color: flowBand(f).colour, opacity: 1, curveness: curveness(f, flows) },
          })),
        },
      ],
    },
  };
}
