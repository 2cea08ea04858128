import type { FlowCount } from '../../monitoring/metrics/metrics-report.js';
import { count, monthLabel, monthsBetween } from './chart-format.js';
import { breakdownChartOptions, flowBand, FLOW_BANDS, MAX_LABEL, monthChartOptions, sharingMapOptions, shortLabel } from './chart-options.js';

const MONTHS = [
  { month: '2026-01', decisions: 1234, shared: 1000, partiallyShared: 200, notShared: 34 },
  { month: '2026-02', decisions: 181, shared: 100, partiallyShared: 0, notShared: 81 },
];

const flow = (from: string, to: string, decisions: number, shared: number, flagged = 0): FlowCount => ({
  fromOrganisationId: from,
  fromOrganisationName: `Organisation ${from}`,
  toOrganisationId: to,
  toOrganisationName: `Organisation ${to}`,
  decisions,
  shared,
  partiallyShared: 0,
  notShared: decisions - shared,
  flagged,
});

describe('chart formats', () => {
  it('writes months as people read them and counts with thousands separators', () => {
    expect(['2026-01', '2026-09', '2027-12'].map(monthLabel)).toEqual(['Jan 2026', 'Sep 2026', 'Dec 2027']);
    expect([0, 181, 1234, 1234567].map(count)).toEqual(['0', '181', '1,234', '1,234,567']);
  });

  it('lists every month of a range, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });

  it('cuts long labels with an ellipsis and leaves short ones whole', () => {
    expect(shortLabel('NHS number')).toBe('NHS number');
    const long = 'Northshire Hospital NHS Foundation Trust → Northshire Borough Council';
    expect(shortLabel(long)).toHaveLength(MAX_LABEL);
    expect(shortLabel(long).endsWith('…')).toBe(true);
    expect(long.startsWith(shortLabel(long).slice(0, -1))).toBe(true);
  });
});

describe('monthChartOptions', () => {
  const { option, label } = monthChartOptions(MONTHS);
  const series = option.series as any[];

  it('stacks the three outcomes per month, in their colours, under a legend naming them', () => {
    expect(series.slice(0, 3).map((s) => [s.name, s.stack, s.data])).toEqual([
      ['Shared in full', 'outcome', [1000, 100]],
      ['Partially shared', 'outcome', [200, 0]],
      ['Not shared', 'outcome', [34, 81]],
    ]);
    expect((option.legend as any).data).toEqual(['Shared in full', 'Partially shared', 'Not shared']);
    expect((option.xAxis as any).data).toEqual(['Jan 2026', 'Feb 2026']);
  });

  it('labels each month with its total and the value axis with separated thousands', () => {
    const total = series[3];
    expect(total.data).toEqual([0, 0]);
    expect([0, 1].map((dataIndex) => total.label.formatter({ dataIndex }))).toEqual(['1,234', '181']);
    expect((option.yAxis as any).axisLabel.formatter(12000)).toBe('12,000');
    expect(label).toContain('Jan 2026: 1,234; Feb 2026: 181');
  });

  it('breaks month labels onto two lines when more than six months share the axis', () => {
    const many = monthChartOptions(Array.from({ length: 7 }, (_, i) => ({ ...MONTHS[0], month: `2026-0${i + 1}` })));
    expect((many.option.xAxis as any).axisLabel.formatter('Jan 2026')).toBe('Jan\n2026');
    expect((option.xAxis as any).axisLabel.formatter('Jan 2026')).toBe('Jan 2026');
    expect([option, many.option].map((o) => (o.xAxis as any).axisLabel.interval)).toEqual([0, 0]);
  });

  it('names one month in every few beyond a year', () => {
    const months = Array.from({ length: 30 }, (_, i) => ({ ...MONTHS[0], month: `20${26 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}` }));
    expect((monthChartOptions(months).option.xAxis as any).axisLabel.interval).toBe(2);
  });
});

describe('breakdownChartOptions', () => {
  const rows = [
    { label: 'Northshire Hospital NHS Foundation Trust → Northshire Borough Council', value: 1810 },
    { label: 'Council → Care home', value: 9 },
  ];
  const spec = breakdownChartOptions('Decisions by flow', rows);
  const series = (spec.option.series as any[])[0];

  it('draws a bar per row, top down, its count at its end with separated thousands', () => {
    expect(series.data).toEqual([1810, 9]);
    expect(series.label).toMatchObject({ show: true, position: 'right' });
    expect(series.label.formatter({ value: 1810 })).toBe('1,810');
    expect((spec.option.yAxis as any).inverse).toBe(true);
    expect((spec.option.yAxis as any).data).toEqual([shortLabel(rows[0].label), 'Council → Care home']);
  });

  it('leaves room right of the longest bar for its count, and grows with its rows', () => {
    expect((spec.option.grid as any).right).toBeGreaterThanOrEqual('1,810'.length * 6);
    expect(breakdownChartOptions('t', [...rows, ...rows]).height).toBe(spec.height + 2 * 30);
    expect((spec.option.title as any).text).toBe('Decisions by flow');
  });
});

describe('sharingMapOptions', () => {
  const flows = [flow('a', 'b', 200, 195), flow('b', 'c', 100, 80, 9), flow('c', 'a', 10, 5, 1)];
  const spec = sharingMapOptions(flows);
  const graph = (spec.option.series as any[])[0];

  it('has a node per organisation, named, round a circle with room for the names and the key', () => {
    expect(graph.data).toEqual([
      { id: 'a', name: 'Organisation a' },
      { id: 'b', name: 'Organisation b' },
      { id: 'c', name: 'Organisation c' },
    ]);
    expect(graph).toMatchObject({ layout: 'circular', left: 130, right: 130 });
    expect(graph.bottom).toBeGreaterThanOrEqual(FLOW_BANDS.length * 20 + 40);
  });

  it('draws each flow as an arrow as wide as its decisions shared, coloured by the share of its decisions flagged', () => {
    expect(graph.links.map((l: any) => [l.source, l.target, l.lineStyle.width])).toEqual([
      ['a', 'b', 8],
      ['b', 'c', 1 + (7 * 80) / 195],
      ['c', 'a', 1 + (7 * 5) / 195],
    ]);
    expect(flows.map((f) => flowBand(f).name)).toEqual(['Green', 'Amber', 'Red']);
    expect(graph.links.map((l: any) => l.lineStyle.color)).toEqual(flows.map((f) => flowBand(f).colour));
    expect(graph.edgeLabel.formatter({ data: graph.links[0] })).toBe('195');
  });

  it('keys every colour in words', () => {
    const legend = (spec.option.graphic as any[]).map((g) => g.children[1].style.text);
    expect(legend).toEqual(['No decisions flagged', 'Under 10% of decisions flagged', '10% or more of decisions flagged']);
  });

  it('puts a flow with no decisions or no flags in the lowest band, and any flag above it', () => {
    expect(flowBand({ decisions: 0, flagged: 0 }).name).toBe('Green');
    expect(flowBand({ decisions: 1000, flagged: 0 }).name).toBe('Green');
    expect(flowBand({ decisions: 1000, flagged: 1 }).name).toBe('Amber');
    expect(flowBand({ decisions: 1000, flagged: 99 }).name).toBe('Amber');
    expect(flowBand({ decisions: 1000, flagged: 100 }).name).toBe('Red');
  });
});
