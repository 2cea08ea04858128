import { breakdownChartOptions, monthChartOptions, sharingMapOptions } from './chart-options.js';
import { CHART_CACHE_SIZE, chartsKept, loadChartLibrary, renderChartSvg } from './chart-svg.renderer.js';

await loadChartLibrary();

describe('renderChartSvg', () => {
  const svgs = [
    renderChartSvg(monthChartOptions([{ month: '2026-01', decisions: 181, shared: 100, partiallyShared: 50, notShared: 31 }])),
    renderChartSvg(breakdownChartOptions('Transfer method "quoted" <b>', [{ label: 'NHSmail', value: 1253 }])),
    renderChartSvg(
      sharingMapOptions([{ fromOrganisationId: 'a', fromOrganisationName: 'Hospital', toOrganisationId: 'b', toOrganisationName: 'Council', decisions: 200, shared: 181, partiallyShared: 0, notShared: 19, flagged: 3 }]),
    ),
  ];

  it('gives an SVG with a role and a label for assistive technology', () => {
    for (const svg of svgs) expect(svg).toMatch(/^<svg class="app-chart" role="img" aria-label="[^"<]+" focusable="false" width="640" height="\d+"/);
    expect(svgs[1]).toContain('aria-label="Transfer method &quot;quoted&quot; &lt;b>: NHSmail, 1,253.');
  });

  it('leaves no inline style for the CSP to block, and no ECharts metadata', () => {
    for (const svg of svgs) {
      expect(svg).not.toMatch(/style=|<style|ecmeta_|zr\d+-cls/);
      expect(svg).toContain('font-family="Arial, sans-serif"');
    }
  });

  it('writes the figures as text with separated thousands', () => {
    expect(svgs[0]).toContain('>Jan 2026</text>');
    expect(svgs[0]).toContain('>181</text>');
    expect(svgs[1]).toContain('>1,253</text>');
    expect(svgs[2]).toContain('>181</text>');
  });

  it('draws a chart once per distinct spec: the same figures give the same drawing, changed figures a new one', () => {
    const month = (decisions: number) => monthChartOptions([{ month: '2026-03', decisions, shared: decisions, partiallyShared: 0, notShared: 0 }]);
    const first = renderChartSvg(month(181));
    const kept = chartsKept();
    expect(renderChartSvg(month(181))).toBe(first);
    expect(chartsKept()).toBe(kept);
    const changed = renderChartSvg(month(253));
    expect(changed).toContain('>253</text>');
    expect(changed).not.toContain('>181</text>');
    expect(chartsKept()).toBe(kept + 1);
  });

  it('keeps at most CHART_CACHE_SIZE drawings however many distinct charts are drawn', () => {
    const chart = (i: number) => breakdownChartOptions(`Chart ${i}`, [{ label: 'NHSmail', value: i }]);
    for (let i = 0; i < CHART_CACHE_SIZE + 5; i++) renderChartSvg(chart(i));
    expect(chartsKept()).toBe(CHART_CACHE_SIZE);
  });
});
