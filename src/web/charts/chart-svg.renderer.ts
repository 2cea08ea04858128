import { createHash } from 'node:crypto';
import type { ChartSpec } from './chart-options.js';

let echarts: typeof import('echarts/core') | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads ECharts, once (callers at the same moment share the load); charts are drawn only after
 * it. Not at start: it was a sixth of the app's start-up CPU, and a start draws no chart until
 * the first dashboard is asked for.
 */
export function loadChartLibrary(): Promise<void> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function load(): Promise<void> {
  // One after another: Jest's module loader fails on concurrent imports sharing dependencies.
  const core = await import('echarts/core');
  const { BarChart, GraphChart } = await import('echarts/charts');
  const { GraphicComponent, GridComponent, LegendComponent, TitleComponent } = await import('echarts/components');
  const { SVGRenderer } = await import('echarts/renderers');
  core.use([BarChart, GraphChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, SVGRenderer]);
  echarts = core;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Draws a chart as an SVG string with ECharts' server-side renderer (once `loadChartLibrary()`
 * has finished): no browser script. The page's
 * CSP allows no inline style, so style attributes become presentation attributes and the hover
 * stylesheet is dropped; ECharts' own metadata attributes are dropped too.
 */
export function renderChartSvg(spec: ChartSpec): string {
  // Drawing is most of a dashboard page's time, and many people read the same figures: a chart is
  // drawn once per distinct spec. The spec's functions (label formatters) read only its own data,
  // so its JSON names the drawing.
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('base64');
  const cached = drawn.get(key);
  if (cached !== undefined) {
    drawn.delete(key);
    drawn.set(key, cached); // most recently used last
    return cached;
  }
  const svg = drawSvg(spec);
  drawn.set(key, svg);
  if (drawn.size > CHART_CACHE_SIZE) drawn.delete(drawn.keys().next().value!);
  return svg;
}

/** How many drawn charts are kept (a few hundred KiB at most: a chart's SVG is some tens of KiB). */
export const CHART_CACHE_SIZE = 200;
const drawn = new Map<string, string>();

/** How many drawn charts are kept now. */
export const chartsKept = (): number => drawn.size;

function drawSvg(spec: ChartSpec): string {
  if (!echarts) throw new Error('loadChartLibrary() must have finished before a chart is drawn');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  let svg: string;
  try {
    chart.setOption({ animation: false, ...spec.option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(';')
        .filter((rule) => rule.includes(':'))
        .map((rule) => {
          const [property, ...value] = rule.split(':');
          return ` ${property.trim()}="${escapeAttribute(value.join(':').trim())}"`;
        })
        .join(''),
    )
    .replace(/ ecmeta_\w+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/^<svg /, `<svg class="app-chart" role="img" aria-label="${escapeAttribute(spec.label)}" focusable="false" `);
}
