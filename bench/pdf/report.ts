// The results as a Markdown section, printed and kept in bench/RESULTS.md under its own heading
// (the other sections of that file are left as they are).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunFigures } from './load.js';
import type { CpuUsed, MachineUsed, Memory, TreeSample } from './processes.js';

export const HEADING = '## PDF rendering (bench/pdf)';
const RESULTS_FILE = fileURLToPath(new URL('../../../bench/RESULTS.md', import.meta.url)); // from dist/bench/pdf/

/** DESIGN.md, "Non-functional targets": PDF. */
export const TARGETS = { coldFirstPdfMs: 2000, pdfsPerSecond: 4, p95Ms: 1000, rssGrowth: 0.2 };

export interface ColdStart {
  pool: number;
  /** Whether @sparticuz/chromium had already unpacked its binary into the app's temp folder. */
  binaryUnpackedBefore: boolean;
  appStartSeconds: number;
  firstPdfMs: number;
  bytes: number;
}

export interface WarmRun {
  pool: number;
  figures: RunFigures;
  cpu: CpuUsed;
  benchCpuSeconds: number;
  machine: MachineUsed;
}

export interface RssPoint {
  renders: number;
  app: Memory;
  chromium: Memory;
  processes: TreeSample['processes'];
}

const appRss = (p: RssPoint) => p.app.rssKib;
const chromiumRss = (p: RssPoint) => p.chromium.rssKib;
const bothRss = (p: RssPoint) => p.app.rssKib + p.chromium.rssKib;

export interface PdfBenchResults {
  command: string;
  /** The commit built, and whether src/ or templates/ had uncommitted changes (others edit them meanwhile). */
  revision: string;
  cpus: number;
  sharedChromium: { existed: boolean; processesUsingIt: number };
  document: { reference: string; pages: number; bytes: number; flows: number; items: number; clauses: number };
  colds: ColdStart[];
  /** One client, so each render has the pool and the CPUs to itself. */
  sequential: RunFigures;
  warm: WarmRun[];
  rss: WarmRun & { points: RssPoint[] };
  chromiumAfterFirstPdf: TreeSample;
  chromiumAfterOtherPool: { pool: number; renders: number; tree: TreeSample };
  draftJson: { count: number; p50Ms: number; p95Ms: number };
  stored: { firstGetMs: number; bytes: number; figures: RunFigures };
  chromiumLeft: number;
  totalSeconds: number;
}

const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
const ms = (value: number) => `${Math.round(value).toLocaleString('en-GB')} ms`;
const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;
const rate = (value: number) => value.toFixed(2);

/** Growth of the last sample over the one after the first 100 renders. */
export function growth(points: RssPoint[], pick: (p: RssPoint) => number, from = 100): number {
  const base = points.find((p) => p.renders === from) ?? points[0];
  const last = points.at(-1)!;
  return pick(last) / pick(base) - 1;
}

/** Point rule: the last sample within +20% of the one after the first 100 renders, for the app, Chromium and both. */
export function rssFlat(points: RssPoint[]): boolean {
  return [appRss, chromiumRss, bothRss].every((pick) => growth(points, pick) <= TARGETS.rssGrowth);
}

/**
 * Trend rule: the least-squares line through the samples from 100 renders on, its rise from the
 * first to the last of them as a share of their mean. Unlike two single samples it is not swayed
 * by where in a page's life each sample falls when pages are recycled (a saw-tooth).
 */
export function trend(points: RssPoint[], pick: (p: RssPoint) => number): number {
  const used = points.filter((p) => p.renders >= 100);
  const n = used.length;
  if (n < 2) return 0;
  const xs = used.map((p) => p.renders);
  const ys = used.map(pick);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const slope = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return (slope * (xs[n - 1] - xs[0])) / my;
}

export function rssTrendFlat(points: RssPoint[]): boolean {
  return [appRss, chromiumRss, bothRss].every((pick) => trend(points, pick) <= TARGETS.rssGrowth);
}

export function renderSection(r: PdfBenchResults): string {
  const unpacked = r.colds.find((c) => c.binaryUnpackedBefore);
  const unpacking = r.colds.find((c) => !c.binaryUnpackedBefore);
  const main = r.warm[0];
  const flat = rssFlat(r.rss.points);
  const trendFlat = rssTrendFlat(r.rss.points);
  const pct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  const cpuPerPdf = (w: WarmRun) => {
    const done = w.figures.completed - w.figures.errors;
    return { app: w.cpu.appSeconds / done, chromium: w.cpu.chromiumSeconds / done, bench: w.benchCpuSeconds / done };
  };
  const mainCpu = cpuPerPdf(main);
  const cpuCeiling = r.cpus / (mainCpu.app + mainCpu.chromium + mainCpu.bench);
  const busy = (main.cpu.appSeconds + main.cpu.chromiumSeconds + main.benchCpuSeconds) / (main.figures.seconds * r.cpus);
  const machineBusy = main.machine.busySeconds / (main.figures.seconds * r.cpus);
  const othersShare = Math.max(0, machineBusy - busy);

  const targetRows = [
    unpacked &&
      `| cold first PDF < 2 s (binary already unpacked: every start but a machine's first) | ${seconds(unpacked.firstPdfMs)} | ${verdict(unpacked.firstPdfMs < TARGETS.coldFirstPdfMs)} |`,
    unpacking &&
      `| cold first PDF < 2 s, including the one-off unpack of the Chromium binary | ${seconds(unpacking.firstPdfMs)} | ${verdict(unpacking.firstPdfMs < TARGETS.coldFirstPdfMs)} |`,
    `| ≥ ${TARGETS.pdfsPerSecond} multi-page PDFs/s on ${r.cpus} cores (pool ${main.pool}, ${main.pool} clients) | ${rate(main.figures.perSecond)} PDFs/s | ${verdict(main.figures.perSecond >= TARGETS.pdfsPerSecond)} |`,
    `| p95 < 1 s at that load | ${ms(main.figures.p95Ms)} | ${verdict(main.figures.p95Ms < TARGETS.p95Ms)} |`,
    `| the same over the ${r.rss.figures.completed.toLocaleString('en-GB')}-render RSS run (pool ${r.rss.pool}): ≥ ${TARGETS.pdfsPerSecond} PDFs/s, p95 < 1 s | ${rate(r.rss.figures.perSecond)} PDFs/s, p95 ${ms(r.rss.figures.p95Ms)} | ${verdict(r.rss.figures.perSecond >= TARGETS.pdfsPerSecond && r.rss.figures.p95Ms < TARGETS.p95Ms)} |`,
    ...r.warm
      .slice(1)
      .map(
        (w) =>
          `| (also tried) pool ${w.pool}, ${w.pool} clients: ≥ ${TARGETS.pdfsPerSecond} PDFs/s, p95 < 1 s | ${rate(w.figures.perSecond)} PDFs/s, p95 ${ms(w.figures.p95Ms)} | ${verdict(w.figures.perSecond >= TARGETS.pdfsPerSecond && w.figures.p95Ms < TARGETS.p95Ms)} |`,
      ),
    `| RSS flat across ${r.rss.figures.completed.toLocaleString('en-GB')} PDFs, point rule: last sample ≤ +${TARGETS.rssGrowth * 100}% of the sample after 100 | app ${pct(growth(r.rss.points, appRss))}, Chromium ${pct(growth(r.rss.points, chromiumRss))} | ${verdict(flat)} |`,
    `| RSS flat across ${r.rss.figures.completed.toLocaleString('en-GB')} PDFs, trend rule: least-squares rise over samples 100 to ${r.rss.points.at(-1)!.renders} ≤ +${TARGETS.rssGrowth * 100}% of their mean | app ${pct(trend(r.rss.points, appRss))}, Chromium ${pct(trend(r.rss.points, chromiumRss))} | ${verdict(trendFlat)} |`,
  ].filter(Boolean);

  return [
    HEADING,
    '',
    `Command: \`${r.command}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; the whole run took ${Math.round(r.totalSeconds)} s.`,
    `Machine: ${r.cpus} CPUs (\`nproc\`), ${cpuModel()}, Linux ${release()}, Node ${process.version}. Code: ${r.revision}.`,
    '',
    `Document: the draft of ${r.document.reference}, an ISP between three ready partners (IG lead and signatory each, DSPT Standards Met, NHSmail) ` +
      `with ${r.document.flows} data flows (${r.document.items} data items, 4 to 6 a flow) and ${r.document.clauses} long clauses: ` +
      `**${r.document.pages} A4 pages** (read back with pdfjs-dist), ${Math.round(r.document.bytes / 1024)} KiB. ` +
      `Every measured request is \`GET /documents/agreements/:id/draft.pdf\`, and each renders: the app keeps a draft's PDF per revision and lets a user have one render in flight, ` +
      `so each client downloads its own copy of the draft as its own user (a user of the lead organisation) and edits that copy's scope just before each download ` +
      `(a new revision; the edit is not timed, p50 ${ms(main.figures.beforeP50Ms ?? NaN)}, but it is inside the PDFs/s, which count wall-clock time).`,
    '',
    '### Against the targets (DESIGN.md, "Non-functional targets")',
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...targetRows,
    '',
    ...disturbance(r),
    '### Cold first PDF',
    '',
    '| app start | pool | Chromium binary already unpacked in the temp folder? | app start to listening | first `draft.pdf` |',
    '| --- | --- | --- | --- | --- |',
    ...r.colds.map(
      (c, i) =>
        `| ${i + 1} | ${c.pool} | ${c.binaryUnpackedBefore ? 'yes: browser launch only' : 'no: unpacks it, then launches'} | ${c.appStartSeconds.toFixed(1)} s | **${seconds(c.firstPdfMs)}** |`,
    ),
    '',
    ...(unpacked && unpacking
      ? [
          `So the one-off unpack costs about ${seconds(unpacking.firstPdfMs - unpacked.firstPdfMs)}, and launching the browser and opening its first page ` +
            `about ${seconds(unpacked.firstPdfMs - r.sequential.p50Ms)} over a warm render alone (p50 ${ms(r.sequential.p50Ms)}).`,
          '',
        ]
      : []),
    `The first request after a start includes launching Chromium (and creating its first page); @sparticuz/chromium unpacks its ` +
      `binary (about 190 MB from Brotli) only when \`<tmpdir>/chromium\` is missing, i.e. once per machine or container. ` +
      `Here the app ran with its own empty \`TMPDIR\`, so start 1 is a truly cold unpack and start 2 reuses that binary; ` +
      `the machine's shared \`/tmp/chromium\` ${r.sharedChromium.existed ? 'was already there' : 'was not there'}` +
      `${r.sharedChromium.processesUsingIt > 0 ? ` and in use by ${r.sharedChromium.processesUsingIt} process(es)` : ''} and was left untouched.`,
    '',
    '### Warm pool',
    '',
    `Browser warm (${r.warm.map((w) => w.pool * 2).join(' / ')} discarded renders first); clients = pool size, each sending its next request when the previous PDF has arrived.`,
    '',
    '| run | pool = clients | renders | errors | PDFs/s | p50 | p95 | p99 | max | CPU per PDF: app (Node) | CPU per PDF: Chromium | CPU per PDF: bench client | CPU of all other processes (PostgreSQL included) | steal |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[
      ...r.warm.map((w) => ['warm pool', w] as const),
      [`RSS run (below)`, r.rss] as const,
    ]
      .sort((a, b) => a[1].pool - b[1].pool)
      .map(([name, w]) => {
        const cpu = cpuPerPdf(w);
        const f = w.figures;
        const others = w.machine.busySeconds - w.cpu.appSeconds - w.cpu.chromiumSeconds - w.benchCpuSeconds;
        return (
          `| ${name} | ${w.pool} | ${f.completed}${f.stoppedByDeadline ? ' (time cap)' : ''} | ${f.errors} | **${rate(f.perSecond)}** | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ` +
          `${ms(cpu.app * 1000)} | ${ms(cpu.chromium * 1000)} | ${ms(cpu.bench * 1000)} | ${Math.max(0, others).toFixed(1)} s (${Math.round((Math.max(0, others) / (f.seconds * r.cpus)) * 100)}% of the machine) | ${w.machine.stealSeconds.toFixed(1)} s |`
        );
      }),
    '',
    `With a single client (each render alone, pool ${main.pool}): ${rate(r.sequential.perSecond)} PDFs/s, p50 ${ms(r.sequential.p50Ms)}, p95 ${ms(r.sequential.p95Ms)} over ${r.sequential.completed} renders, ${r.sequential.errors} errors. ` +
      `Every response was a 200 with a whole PDF (\`%PDF-\` … \`%%EOF\`), ${Math.round(main.figures.minBytes / 1024)}–${Math.round(main.figures.maxBytes / 1024)} KiB. ` +
      `For contrast, \`draft.json\` (the same export without rendering) takes p50 ${ms(r.draftJson.p50Ms)}, p95 ${ms(r.draftJson.p95Ms)} (${r.draftJson.count} sequential requests).`,
    '',
    `Where the time goes (warm pool ${main.pool}): one PDF costs ${ms((mainCpu.app + mainCpu.chromium) * 1000)} of CPU in the app and its Chromium ` +
      `(${Math.round((mainCpu.chromium / (mainCpu.app + mainCpu.chromium)) * 100)}% of it in Chromium: layout and printing ${r.document.pages} pages), against ` +
      `${ms(r.draftJson.p50Ms)} for the data behind it; so ${r.cpus} cores allow at most about ${rate(cpuCeiling)} PDFs/s of this document with nothing else running. ` +
      `During the run the machine was ${Math.round(machineBusy * 100)}% busy: the app, its Chromium and the bench client ${Math.round(busy * 100)}%, ` +
      `other processes (PostgreSQL, and whatever else ran on the machine meanwhile) ${Math.round(othersShare * 100)}%. ` +
      (machineBusy >= 0.85
        ? 'The throughput is CPU-bound: more pages in the pool only lengthen the queue inside Chromium (compare pool 4).'
        : 'The CPUs were not saturated, so part of each render is spent waiting rather than computing.'),
    '',
    `### RSS across ${r.rss.figures.completed.toLocaleString('en-GB')} renders`,
    '',
    `Pool ${r.warm[0].pool}, ${r.rss.figures.concurrency} clients, straight after the warm-pool run: ${r.rss.figures.errors} errors, ${rate(r.rss.figures.perSecond)} PDFs/s, ` +
      `p95 ${ms(r.rss.figures.p95Ms)}${r.rss.figures.stoppedByDeadline ? ' (stopped by the time cap)' : ''}. ` +
      'VmRSS of the app process and the sum of VmRSS over every descendant of it (the Chromium browser and its renderer and utility processes), ' +
      'sampled every 100 renders. VmRSS counts a page shared by several processes (the 190 MB binary, fonts) once in each, so the ' +
      'Chromium sum overstates what it really holds; its PSS (proportional set size, from smaps_rollup) does not, and is shown below it with the anonymous / file-backed split of the RSS.',
    '',
    `| renders | ${r.rss.points.map((p) => p.renders).join(' | ')} |`,
    `| --- | ${r.rss.points.map(() => '---').join(' | ')} |`,
    `| **app RSS** | ${r.rss.points.map((p) => mib(p.app.rssKib)).join(' | ')} |`,
    `| **Chromium tree RSS** | ${r.rss.points.map((p) => mib(p.chromium.rssKib)).join(' | ')} |`,
    `| Chromium processes | ${r.rss.points.map((p) => p.processes.length).join(' | ')} |`,
    `| Chromium tree PSS | ${r.rss.points.map((p) => mib(p.chromium.pssKib)).join(' | ')} |`,
    `| Chromium RSS anonymous | ${r.rss.points.map((p) => mib(p.chromium.anonKib)).join(' | ')} |`,
    `| Chromium RSS file-backed | ${r.rss.points.map((p) => mib(p.chromium.fileKib)).join(' | ')} |`,
    '',
    `Last sample against the one after 100 renders: app ${pct(growth(r.rss.points, appRss))}, ` +
      `Chromium ${pct(growth(r.rss.points, chromiumRss))}, together ${pct(growth(r.rss.points, bothRss))}: ` +
      `${flat ? '**flat**' : '**not flat**'} by the +${TARGETS.rssGrowth * 100}% point rule. Trend (least squares over the samples from 100 renders on): ` +
      `app ${pct(trend(r.rss.points, appRss))}, Chromium ${pct(trend(r.rss.points, chromiumRss))}, together ${pct(trend(r.rss.points, bothRss))}: ` +
      `${trendFlat ? '**flat**' : '**not flat**'}. Highest sample from 100 renders on: app ${mib(Math.max(...r.rss.points.filter((p) => p.renders >= 100).map(appRss)))}, ` +
      `Chromium ${mib(Math.max(...r.rss.points.filter((p) => p.renders >= 100).map(chromiumRss)))}. Over the second half (from 500 renders): ` +
      `app ${pct(growth(r.rss.points, appRss, 500))}, Chromium ${pct(growth(r.rss.points, chromiumRss, 500))}; Chromium PSS from 100: ${pct(growth(r.rss.points, (p) => p.chromium.pssKib))}, from 500: ${pct(growth(r.rss.points, (p) => p.chromium.pssKib, 500))}.`,
    '',
    rendererGrowth(r.rss.points),
    '',
    'Per Chromium process, after 100 renders and at the end:',
    '',
    '| process | RSS | anonymous | file-backed |',
    '| --- | --- | --- | --- |',
    ...perProcess(r.rss.points),
    '',
    `For scale: after the very first PDF, Chromium held ${treeSummary(r.chromiumAfterFirstPdf)}. ` +
      `With pool ${r.chromiumAfterOtherPool.pool}, after its ${r.chromiumAfterOtherPool.renders} renders, it held ${treeSummary(r.chromiumAfterOtherPool.tree)}.`,
    '',
    '### Stored version, for contrast',
    '',
    `After submitting the draft for signature, \`GET …/versions/1.pdf\`: the first request rendered and stored it in ${ms(r.stored.firstGetMs)}; ` +
      `then ${r.stored.figures.completed} GETs served from the database (${r.stored.figures.concurrency} clients, each body byte-equal to the stored one, ${Math.round(r.stored.bytes / 1024)} KiB): ` +
      `**${rate(r.stored.figures.perSecond)} PDFs/s**, p50 ${ms(r.stored.figures.p50Ms)}, p95 ${ms(r.stored.figures.p95Ms)}, p99 ${ms(r.stored.figures.p99Ms)}, ${r.stored.figures.errors} errors.`,
    '',
    '### Method',
    '',
    'The app is the real one (`createApp`, as `main.ts` and the e2e tests build it) in a child process, with NODE_ENV=production, LOG_LEVEL=warn, ' +
      'EXPIRY_SWEEP_SECONDS=0 and PDF_POOL_SIZE set per start, on a throwaway embedded PostgreSQL (fsync off); both are started by ' +
      "bench/graphql's helpers. The data is created through the public GraphQL API with the e2e fixtures. Load comes from the bench " +
      'process (fetch, closed loop); each phase has a time cap so the run stays bounded, and a capped phase, any failed or invalid response, ' +
      'a document under 10 pages or a Chromium left behind makes the command exit with 1. Memory and CPU are read from /proc for the app process and every process below it; ' +
      'the CPU of the whole machine from /proc/stat, so that load from anything else running meanwhile shows. ' +
      `After each app stop the bench checks that no Chromium process it started is left: ${r.chromiumLeft === 0 ? 'none was' : `${r.chromiumLeft} were, and were killed`}.`,
    '',
  ].join('\n');
}

/** Each Chromium process present both after 100 renders and at the end: "before → after" per kind of memory. */
function perProcess(points: RssPoint[]): string[] {
  const base = points.find((p) => p.renders === 100) ?? points[0];
  const last = points.at(-1)!;
  return last.processes.map(({ pid, role, memory }) => {
    const before = base.processes.find((p) => p.pid === pid)?.memory;
    const cell = (key: keyof Memory) => (before ? `${mib(before[key])} → ${mib(memory[key])}` : `new: ${mib(memory[key])}`);
    return `| ${role} (pid ${pid}) | ${cell('rssKib')} | ${cell('anonKib')} | ${cell('fileKib')} |`;
  });
}

/** The Chromium tree's change (after 100 renders to the end) against that of its renderer processes' anonymous memory. */
function rendererGrowth(points: RssPoint[]): string {
  const base = points.find((p) => p.renders === 100) ?? points[0];
  const last = points.at(-1)!;
  const renderersAnon = (p: RssPoint) => p.processes.filter((q) => q.role === 'renderer').reduce((sum, q) => sum + q.memory.anonKib, 0);
  const replaced = base.processes.filter((p) => p.role === 'renderer' && !last.processes.some((q) => q.pid === p.pid)).length;
  const signed = (kib: number) => `${kib >= 0 ? '+' : '−'}${mib(Math.abs(kib))}`;
  return (
    `From ${base.renders} renders to the end the Chromium tree's RSS changed by ${signed(last.chromium.rssKib - base.chromium.rssKib)}, ` +
    `the anonymous memory (heap) of its renderer processes by ${signed(renderersAnon(last) - renderersAnon(base))}` +
    (replaced > 0 ? `; ${replaced} of the renderers sampled after ${base.renders} renders had been replaced by new ones by the end (pages closed and reopened).` : '.')
  );
}

/** A warning when other processes took a noticeable share of the machine while a run was measured. */
function disturbance(r: PdfBenchResults): string[] {
  const runs = [...r.warm.map((w) => [`warm pool ${w.pool}`, w] as const), [`RSS run`, r.rss] as const];
  const shares = runs.map(([name, w]) => {
    const ours = w.cpu.appSeconds + w.cpu.chromiumSeconds + w.benchCpuSeconds;
    return [name, Math.max(0, w.machine.busySeconds - ours) / (w.figures.seconds * r.cpus)] as const;
  });
  const disturbed = shares.filter(([, share]) => share > 0.1);
  if (disturbed.length === 0) return [];
  return [
    `**Caution:** other processes on this machine took ${disturbed.map(([name, share]) => `${Math.round(share * 100)}% of the CPUs during the ${name}`).join(', ')} ` +
      '(see the last columns of the warm-pool table), so those figures understate what the app does on 2 cores of its own.',
    '',
  ];
}

function treeSummary(tree: TreeSample): string {
  const renderers = tree.processes.filter((p) => p.role === 'renderer').map((p) => mib(p.memory.rssKib));
  return `${mib(tree.chromium.rssKib)} RSS (PSS ${mib(tree.chromium.pssKib)}) in ${tree.processes.length} processes, its renderers at ${renderers.join(', ')}`;
}

/** Creates bench/RESULTS.md if needed, and puts `section` in place of the previous one. */
export function writeResultsFile(section: string): string {
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const lines = existing.split('\n');
  const start = lines.findIndex((line) => line.trim() === HEADING);
  let updated: string;
  if (start === -1) {
    updated = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
    const after = next === -1 ? '' : `\n${lines.slice(next).join('\n')}`;
    updated = `${lines.slice(0, start).join('\n').trimEnd()}\n\n${section}${after}`;
  }
  writeFileSync(RESULTS_FILE, `${updated.trimEnd()}\n`);
  return RESULTS_FILE;
}

export function cpuCount(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return availableParallelism();
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}
