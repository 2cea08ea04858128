import { breakdownChartOptions, monthChartOptions, sharingMapOptions } from './chart-options.js';
import { renderChartSvg } from './chart-svg.renderer.js';

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
});
