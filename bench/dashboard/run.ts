// `npm run bench:dashboard`: the dashboard targets of DESIGN.md ("Non-functional targets"): over 10
// million decisions, per-agreement metrics p95 < 50 ms and partnership monthly metrics p95 < 100 ms.
//  1. An embedded PostgreSQL (bench/graphql/postgres.ts, in the temp folder) and the real app in a child
//     process (production mode); 5 partnerships (4 organisations, a protocol, 10 signed ISPs each)
//     through GraphQL with the e2e fixtures.
//  2. 10,000,000 decisions generated in SQL in chunks of 500,000 over 24 months, each chunk added to the
//     rollups by the app's own addToRollups(em, ids) in the same transaction (bench/dashboard/generate.ts).
//  3. Over HTTP with each partnership's commissioner: sharingMetrics(agreementId) for random ISPs and
//     12-month windows, sharingMetrics(partnershipId) over 24 months, agreementHealth(partnershipId);
//     p50/p95/p99 at concurrency 1 and 4. Then the full page GET /dashboard (the charts drawn on the
//     server) and GET /dashboard.csv, each commissioner signed in through the sign-in form (CSRF and
//     session cookie, test/support/http-browser.ts), the partnership over 12 months, as many requests at
//     the same concurrencies as the partnership read. The three rollup queries of one partnership timed on their own.
//  4. Exactness: for 3 random ISPs and one partnership, the metrics equal COUNTs on sharing_decision.
// With less than 20 GB free in the temp folder the number of decisions is scaled down (and said so).
// With BENCH_DASHBOARD_DECISIONS set (a trial), bench/RESULTS.md is left as it is unless BENCH_DASHBOARD_RECORD=1.
// Exit code 1 on a failed request or an inexact figure. Everything it starts is stopped and its temp
// folders removed at the end, also on failure, a signal or the time limit.
import 'reflect-metadata'; // the app's entities and the fixtures carry decorators
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { pooledPreparedQuery } from '../../src/database/prepared-query.js';
import { QueryCounter } from '../../src/database/query-counter.js';
import { MetricsQueries, PARTNERSHIP_MEMBER_SPANS } from '../../src/monitoring/metrics/metrics.queries.js';
import { BENCH_ADMIN, benchAppSettings, startChildServer } from '../graphql/child-server.js';
import { startTemporaryPostgres } from '../graphql/postgres.js';
import { boundedRun, latencies, must, readResultsSection, revision, startCpu, waitForQuietMachine, writeResultsSection, type CpuSplit, type Run } from '../ingest/common.js';
import { hostSpeedMs, type HostSpeed } from '../ingest/host-speed.js';
import { apiClient } from '../ingest/seed.js';
import { HTML_ACCEPT, HttpBrowser } from '../../test/support/http-browser.js';
import { buildRoutes, danglingReferences, generateChunk, type ChunkTiming } from './generate.js';
import { timePages, timeQueries, type PageRequest, type QueryFigures, type QueryRequest } from './load.js';
import { HEALTH_QUERY, METRICS_QUERY } from './queries.js';
import { HEADING, previousRuns, renderSection } from './report.js';
import { seedPartnerships, type SeededPartnership } from './seed.js';

export const PLAN = {
  /** BENCH_DASHBOARD_DECISIONS overrides it for a quick trial; the recorded figures use the default. */
  decisions: Number(process.env.BENCH_DASHBOARD_DECISIONS ?? 10_000_000),
  chunk: 500_000,
  /** Chunks generated at once (one connection each). */
  generators: 2,
  months: 24,
  /** Below this much free space in the temp folder, fewer decisions (in proportion). */
  neededFreeBytes: 20 * 1024 ** 3,
  /** Generating stops after the chunk that crosses this, and the bench measures what is there. */
  generationBudgetSeconds: 18 * 60,
  warmup: { agreement: 30, partnership: 15, health: 10, page: 15, csv: 15 },
  agreementRequests: 500,
  partnershipRequests: 300,
  healthRequests: 100,
  /** The pages: as many as the partnership read, at its concurrencies. */
  pageRequests: 300,
  pageMonths: 12,
  /** Pages for a period nobody has viewed yet (every chart drawn afresh, none from the drawing cache). */
  firstViewRequests: 100,
  concurrencies: [1, 4],
  phaseMaxSeconds: 120,
  queryRepeats: 20,
  exactAgreements: 3,
  /** Others share this machine: wait this long at most (each time) for it to be quiet. */
  quietWaitSeconds: quietWait(5 * 60),
  /** ...and before each measured phase. */
  quietWaitPerPhaseSeconds: quietWait(2 * 60),
  watchdogSeconds: 50 * 60,
};

const { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } = BENCH_ADMIN;

/** BENCH_DASHBOARD_QUIET_WAIT_SECONDS caps each wait (a run against a deadline); how busy the machine was is reported either way. */
function quietWait(seconds: number): number {
  const cap = process.env.BENCH_DASHBOARD_QUIET_WAIT_SECONDS;
  return cap === undefined ? seconds : Math.min(seconds, Number(cap));
}


export interface PhaseRun {
  figures: QueryFigures;
  cpu: CpuSplit;
  /** Autovacuum workers running at the start or the end of the phase. */
  autovacuum: number;
}

export interface RollupQueryTiming {
  scope: string;
  query: string;
  medianMs: number;
  p95Ms: number;
  rowsReturned: number;
  rollupRowsRead: number | null;
  plan: string;
}

export interface DashboardResults {
  revision: string;
  quietBefore: { busy: number; waitedSeconds: number };
  quiet: { busy: number; waitedSeconds: number };
  hostSpeed: HostSpeed;
  dangling: number;
  freeBytesBefore: number;
  scaledDown: boolean;
  plannedDecisions: number;
  decisions: number;
  seedSeconds: number;
  routes: number;
  chunks: ChunkTiming[];
  generationSeconds: number;
  vacuumSeconds: number;
  stoppedByBudget: boolean;
  sizes: { database: string; sharingDecision: string; decisionRollup: string; rollupRows: number; partnershipRollup: string; partnershipRollupRows: number; byDimension: { dimension: string; rows: number }[] };
  perAgreement: { min: number; max: number; mean: number };
  phases: { agreement: PhaseRun[]; partnership: PhaseRun[]; health: PhaseRun[]; page: PhaseRun[]; firstView: PhaseRun[]; csv: PhaseRun[] };
  /** The months of the page requests' `from` and `to`. */
  pageRange: { from: string; to: string };
  rollupQueries: RollupQueryTiming[];
  exact: { label: string; metrics: Counts; sql: Counts }[];
  totalSeconds: number;
  firstMonth: string;
  lastMonth: string;
}

interface Counts {
  decisions: number;
  shared: number;
  partiallyShared: number;
  notShared: number;
}

/** Seconds spent waiting for other sessions' work to finish before measuring. */
let waitedForOthers = 0;

async function main(run: Run): Promise<number> {
  const began = performance.now();
  const builtFrom = revision();
  const problems: string[] = [];

  // ---- disk ---------------------------------------------------------------------------------
  const fs = statfsSync(tmpdir());
  const freeBytesBefore = fs.bavail * fs.bsize;
  const scale = Math.min(1, freeBytesBefore / PLAN.neededFreeBytes);
  const plannedDecisions = Math.max(PLAN.chunk, Math.floor((PLAN.decisions * scale) / PLAN.chunk) * PLAN.chunk);
  run.log(`${(freeBytesBefore / 1024 ** 3).toFixed(1)} GiB free in ${tmpdir()}: generating ${plannedDecisions.toLocaleString('en-GB')} decisions${scale < 1 ? ' (scaled down to fit)' : ''}`);

  // ---- PostgreSQL and the app --------------------------------------------------------------
  run.log('starting the embedded PostgreSQL');
  const postgres = await startTemporaryPostgres();
  run.onCleanup('PostgreSQL', () => postgres.stop());
  await postgres.createDatabase('accordant_bench');
  const databaseUrl = postgres.urlOf('accordant_bench');

  const settings = benchAppSettings(databaseUrl);
  run.log('starting the app (production mode)');
  const app = await startChildServer('app', './app-server.js', { NODE_ENV: 'production', BENCH_APP_SETTINGS: JSON.stringify(settings) });
  run.onCleanup('app', () => app.stop());
  const endpoint = `${app.url}/graphql`;

  // The bench's own connection, for generating rows and counting: the app's data source options.
  const ds = new DataSource(dataSourceOptions(databaseUrl, PLAN.generators + 1, new QueryCounter(() => undefined)));
  await ds.initialize();
  run.onCleanup('bench data source', () => ds.destroy());
  // Loading 10 million rows: fewer checkpoints. Reloadable settings only; they do not change how a query is planned.
  await ds.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
  await ds.query(`ALTER SYSTEM SET checkpoint_timeout = '30min'`);
  await ds.query('SELECT pg_reload_conf()');

  const quietBefore = await waitForQuietMachine(run.log, PLAN.quietWaitSeconds);
  run.log(`machine ${(quietBefore.busy * 100).toFixed(0)}% busy before generating (waited ${Math.round(quietBefore.waitedSeconds)} s)`);

  // ---- seed through the API -----------------------------------------------------------------
  run.log('seeding 5 partnerships through GraphQL');
  const seedStarted = performance.now();
  const partnerships = await seedPartnerships(apiClient(endpoint, ADMIN_EMAIL, ADMIN_PASSWORD, databaseUrl), run.log);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // ---- generate -------------------------------------------------------------------------------
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (PLAN.months - 1), 1));
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const firstMonth = month(from);
  const lastMonth = month(now);
  const { routes } = await buildRoutes(ds, partnerships);
  run.log(`generating ${plannedDecisions.toLocaleString('en-GB')} decisions (${routes} routes) decided ${firstMonth} to ${lastMonth}, ${PLAN.chunk.toLocaleString('en-GB')} a chunk`);
  const routeProblems = await danglingReferences(ds, 'bench_route');
  if (routeProblems > 0) throw new Error(`${routeProblems} references of the generated routes name no existing row`);
  const generationStarted = performance.now();
  const chunks: ChunkTiming[] = [];
  let stoppedByBudget = false;
  let nextFirst = 1;
  // PLAN.generators chunks at a time, each in its own transaction on its own connection: the CPUs are
  // otherwise half idle. addToRollups writes its rows in key order, so concurrent chunks cannot deadlock.
  const generator = async () => {
    while (nextFirst <= plannedDecisions && !stoppedByBudget) {
      const first = nextFirst;
      const last = Math.min(plannedDecisions, first + PLAN.chunk - 1);
      nextFirst = last + 1;
      const timing = await generateChunk(ds, first, last, from, now);
      chunks.push(timing);
      const elapsed = (performance.now() - generationStarted) / 1000;
      const done = chunks.reduce((sum, c) => sum + c.decisions, 0);
      run.log(`  ${done.toLocaleString('en-GB')} decisions: this chunk insert ${timing.insertSeconds.toFixed(1)} s, addToRollups ${timing.rollupSeconds.toFixed(1)} s (${Math.round(elapsed)} s so far)`);
      if (elapsed > PLAN.generationBudgetSeconds && nextFirst <= plannedDecisions) stoppedByBudget = true;
    }
  };
  await Promise.all(Array.from({ length: PLAN.generators }, generator));
  if (stoppedByBudget) problems.push(`generation stopped by its time budget after ${chunks.reduce((sum, c) => sum + c.decisions, 0)} decisions`);
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  const decisions = chunks.reduce((sum, c) => sum + c.decisions, 0);
  if (!stoppedByBudget && decisions !== plannedDecisions) problems.push(`${decisions} decisions generated, ${plannedDecisions} planned`);
  run.log('checking every reference of the generated ledger');
  const dangling = await danglingReferences(ds, 'sharing_decision');
  if (dangling > 0) problems.push(`${dangling} distinct references in sharing_decision name no existing row`);

  // As a database in use would be: vacuumed and analysed. Done here, so autovacuum has no 8 GB table
  // to work through while the queries are timed.
  run.log('VACUUM (ANALYZE) the rollups and sharing_decision');
  const vacuumStarted = performance.now();
  await ds.query('VACUUM (ANALYZE) decision_rollup, partnership_rollup');
  await ds.query('VACUUM (ANALYZE) sharing_decision');
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;

  const sizes = await sizesOf(ds);
  const perAgreementRows = (await ds.query(
    `SELECT min(n)::int AS min, max(n)::int AS max, avg(n)::float AS mean FROM (SELECT count(*) AS n FROM sharing_decision WHERE agreement_id IS NOT NULL GROUP BY agreement_id) c`,
  )) as { min: number; max: number; mean: number }[];
  run.log(`  ${sizes.rollupRows.toLocaleString('en-GB')} rollup rows; database ${sizes.database}`);

  // ---- measure -------------------------------------------------------------------------------
  const isps = partnerships.flatMap((p) => p.isps.map((i) => ({ id: i.id, partnership: p })));
  const pickAgreement = (): QueryRequest => {
    const { id, partnership } = isps[Math.floor(Math.random() * isps.length)];
    const offset = Math.floor(Math.random() * (PLAN.months - 12 + 1));
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 11, 1));
    return { query: METRICS_QUERY, variables: { agreementId: id, from: month(start), to: month(end) }, token: partnership.commissionerToken };
  };
  const pickPartnership = (): QueryRequest => {
    const p = partnerships[Math.floor(Math.random() * partnerships.length)];
    return { query: METRICS_QUERY, variables: { partnershipId: p.protocolId, from: firstMonth, to: lastMonth }, token: p.commissionerToken };
  };
  const pickHealth = (): QueryRequest => {
    const p = partnerships[Math.floor(Math.random() * partnerships.length)];
    return { query: HEALTH_QUERY, variables: { p: p.protocolId }, token: p.commissionerToken };
  };
  const checkMetrics = (months: number) => (data: any) => {
    const m = data.sharingMetrics;
    if (!(m.decisions > 0)) return `no decisions in ${JSON.stringify(m).slice(0, 200)}`;
    if (m.byMonth.length !== months) return `${m.byMonth.length} months in byMonth, expected ${months}`;
    return null;
  };
  const checkHealth = (data: any) => (data.agreementHealth.agreements.length === 11 ? null : `${data.agreementHealth.agreements.length} agreements in the health answer`);

  // The pages, as each partnership's commissioner in a browser signed in through the form.
  run.log('signing in each commissioner through the sign-in page');
  const cookies = new Map<SeededPartnership, string>();
  for (const p of partnerships) {
    const browser = await HttpBrowser.signedIn(app.url, p.commissionerEmail);
    cookies.set(p, [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  }
  const pageRange = { from: month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (PLAN.pageMonths - 1), 1))), to: lastMonth };
  const pickPage = (path: string, accept: string) => (): PageRequest => {
    const p = partnerships[Math.floor(Math.random() * partnerships.length)];
    return { path: `${path}?${new URLSearchParams({ partnership: p.protocolId, ...pageRange })}`, cookie: cookies.get(p)!, accept };
  };
  const pickDashboard = pickPage('/dashboard', HTML_ACCEPT);
  // Every (partnership, from, to) once, in random order: each page's figures are new to the app, so
  // its charts are drawn, not taken from the drawing cache (the cost of the first view of a period).
  const months = Array.from({ length: PLAN.months }, (_, i) => month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (PLAN.months - 1) + i, 1))));
  const unseen = partnerships
    .flatMap((p) => months.flatMap((from, i) => months.slice(i).map((to) => ({ p, from, to }))))
    .map((v) => ({ v, order: Math.random() }))
    .sort((a, b) => a.order - b.order)
    .map(({ v }) => v);
  const pickFirstView = (): PageRequest => {
    const { p, from, to } = unseen.pop()!;
    return { path: `/dashboard?${new URLSearchParams({ partnership: p.protocolId, from, to })}`, cookie: cookies.get(p)!, accept: HTML_ACCEPT };
  };
  const pickCsv = pickPage('/dashboard.csv', 'text/csv');
  const checkPage = (status: number, type: string, text: string) => {
    if (status !== 200 || !type.startsWith('text/html')) return `HTTP ${status} ${type}: ${text.slice(0, 200)}`;
    if (!partnerships.some((p) => text.includes(p.name))) return 'no partnership named on the page';
    if (!text.includes('<svg')) return 'no chart on the page';
    if (text.includes('nhsuk-error-summary')) return 'an error summary on the page';
    return null;
  };
  const checkCsv = (status: number, type: string, text: string) => {
    if (status !== 200 || !type.startsWith('text/csv')) return `HTTP ${status} ${type}: ${text.slice(0, 200)}`;
    const lines = text.trim().split('\n').length;
    return lines > PLAN.pageMonths ? null : `${lines} lines in the CSV`;
  };

  const quiet = await waitForQuietMachine(run.log, PLAN.quietWaitSeconds);
  run.log(`machine ${(quiet.busy * 100).toFixed(0)}% busy before measuring (waited ${Math.round(quiet.waitedSeconds)} s)`);
  const hostSpeedBeforeMs = hostSpeedMs();
  run.log(`host speed: the reference workload took ${Math.round(hostSpeedBeforeMs)} ms`);
  run.log('warm-up (not measured)');
  for (const [name, count, next, check] of [
    ['agreement', PLAN.warmup.agreement, pickAgreement, checkMetrics(12)],
    ['partnership', PLAN.warmup.partnership, pickPartnership, checkMetrics(PLAN.months)],
    ['health', PLAN.warmup.health, pickHealth, checkHealth],
  ] as const) {
    const warm = await timeQueries(endpoint, name, 1, count, PLAN.phaseMaxSeconds, next, check);
    if (warm.errors > 0) throw new Error(`warm-up of ${name}: ${warm.firstErrors.join(' | ')}`);
  }
  for (const [name, count, next, check] of [
    ['page', PLAN.warmup.page, pickDashboard, checkPage],
    ['csv', PLAN.warmup.csv, pickCsv, checkCsv],
  ] as const) {
    const warm = await timePages(app.url, name, 1, count, PLAN.phaseMaxSeconds, next, check);
    if (warm.errors > 0) throw new Error(`warm-up of ${name}: ${warm.firstErrors.join(' | ')}`);
  }

  const phase = async (name: string, concurrency: number, time: () => Promise<QueryFigures>): Promise<PhaseRun> => {
    waitedForOthers += (await waitForQuietMachine(run.log, PLAN.quietWaitPerPhaseSeconds)).waitedSeconds;
    const autovacuumBefore = await autovacuumWorkers(ds);
    const cpuEnd = startCpu();
    const figures = await time();
    const cpu = cpuEnd();
    const autovacuum = Math.max(autovacuumBefore, await autovacuumWorkers(ds));
    run.log(
      `${name}, concurrency ${concurrency}: ${figures.completed} requests, ${figures.perSecond.toFixed(1)}/s, p50 ${figures.ms.p50.toFixed(1)} ms, ` +
        `p95 ${figures.ms.p95.toFixed(1)} ms, p99 ${figures.ms.p99.toFixed(1)} ms, errors ${figures.errors}`,
    );
    if (figures.errors > 0) problems.push(`${name} at concurrency ${concurrency}: ${figures.errors} errors, e.g. ${figures.firstErrors.join(' | ')}`);
    if (figures.stoppedByDeadline) problems.push(`${name} at concurrency ${concurrency}: stopped by its time cap after ${figures.completed} requests`);
    return { figures, cpu, autovacuum };
  };
  const queries = (name: string, c: number, count: number, next: () => QueryRequest, check: (data: any) => string | null) =>
    phase(name, c, () => timeQueries(endpoint, name, c, count, PLAN.phaseMaxSeconds, next, check));
  const pages = (name: string, c: number, count: number, next: () => PageRequest, check: (status: number, type: string, text: string) => string | null) =>
    phase(name, c, () => timePages(app.url, name, c, count, PLAN.phaseMaxSeconds, next, check));
  const phases: DashboardResults['phases'] = { agreement: [], partnership: [], health: [], page: [], firstView: [], csv: [] };
  for (const c of PLAN.concurrencies) phases.agreement.push(await queries('sharingMetrics(agreementId), 12 months', c, PLAN.agreementRequests, pickAgreement, checkMetrics(12)));
  for (const c of PLAN.concurrencies) {
    phases.partnership.push(await queries(`sharingMetrics(partnershipId), ${PLAN.months} months`, c, PLAN.partnershipRequests, pickPartnership, checkMetrics(PLAN.months)));
  }
  for (const c of PLAN.concurrencies) phases.health.push(await queries('agreementHealth(partnershipId)', c, PLAN.healthRequests, pickHealth, checkHealth));
  for (const c of PLAN.concurrencies) phases.page.push(await pages(`GET /dashboard, partnership, ${PLAN.pageMonths} months`, c, PLAN.pageRequests, pickDashboard, checkPage));
  for (const c of PLAN.concurrencies) phases.firstView.push(await pages('GET /dashboard, first view of a period', c, PLAN.firstViewRequests, pickFirstView, checkPage));
  for (const c of PLAN.concurrencies) phases.csv.push(await pages(`GET /dashboard.csv, partnership, ${PLAN.pageMonths} months`, c, PLAN.pageRequests, pickCsv, checkCsv));

  run.log('timing the rollup queries of one partnership and one agreement on their own');
  const rollupQueries = await timeRollupQueries(ds, partnerships[0], isps[0].id, firstMonth, lastMonth, from);

  // ---- exactness ---------------------------------------------------------------------------
  run.log('checking exactness against COUNTs on sharing_decision');
  const exact: DashboardResults['exact'] = [];
  const sample = [...isps].sort(() => Math.random() - 0.5).slice(0, PLAN.exactAgreements);
  for (const { id, partnership } of sample) {
    exact.push(await compare(endpoint, ds, `ISP ${id.slice(0, 8)}… (${partnership.name})`, { agreementId: id }, [id], partnership.commissionerToken, firstMonth, lastMonth));
  }
  const p0 = partnerships[0];
  exact.push(await compare(endpoint, ds, `partnership ${p0.name} (protocol and 10 ISPs)`, { partnershipId: p0.protocolId }, [p0.protocolId, ...p0.isps.map((i) => i.id)], p0.commissionerToken, firstMonth, lastMonth));
  for (const e of exact) {
    const same = e.metrics.decisions === e.sql.decisions && e.metrics.shared === e.sql.shared && e.metrics.partiallyShared === e.sql.partiallyShared && e.metrics.notShared === e.sql.notShared;
    run.log(`  ${e.label}: metrics ${JSON.stringify(e.metrics)}, SQL ${JSON.stringify(e.sql)}: ${same ? 'equal' : 'DIFFERENT'}`);
    if (!same) problems.push(`${e.label}: metrics ${JSON.stringify(e.metrics)} differ from the ledger ${JSON.stringify(e.sql)}`);
  }

  const hostSpeedAfterMs = hostSpeedMs();
  run.log(`host speed after: the reference workload took ${Math.round(hostSpeedAfterMs)} ms`);
  const results: DashboardResults = {
    hostSpeed: { beforeMs: hostSpeedBeforeMs, afterMs: hostSpeedAfterMs },
    revision: builtFrom,
    quietBefore,
    quiet: { ...quiet, waitedSeconds: quiet.waitedSeconds + waitedForOthers },
    dangling,
    freeBytesBefore,
    scaledDown: scale < 1,
    plannedDecisions,
    decisions,
    seedSeconds,
    routes,
    chunks,
    generationSeconds,
    vacuumSeconds,
    stoppedByBudget,
    sizes,
    perAgreement: perAgreementRows[0],
    phases,
    pageRange,
    rollupQueries,
    exact,
    totalSeconds: (performance.now() - began) / 1000,
    firstMonth,
    lastMonth,
  };
  const section = renderSection(results, previousRuns(readResultsSection(HEADING)));
  console.log(`\n${section}`);
  const record = process.env.BENCH_DASHBOARD_DECISIONS === undefined || process.env.BENCH_DASHBOARD_RECORD === '1';
  if (record) run.log(`written to ${writeResultsSection(HEADING, section)}`);
  else run.log('a trial (BENCH_DASHBOARD_DECISIONS set): bench/RESULTS.md left as it is (BENCH_DASHBOARD_RECORD=1 writes it)');
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

async function autovacuumWorkers(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`)) as { n: number }[];
  return row.n;
}

async function sizesOf(ds: DataSource): Promise<DashboardResults['sizes']> {
  const [row] = (await ds.query(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
            pg_size_pretty((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'sharing_decision'::regclass) + pg_total_relation_size('sharing_decision_key')) AS "sharingDecision",
            pg_size_pretty(pg_total_relation_size('decision_rollup')) AS "decisionRollup",
            (SELECT count(*)::int FROM decision_rollup) AS "rollupRows",
            pg_size_pretty(pg_total_relation_size('partnership_rollup')) AS "partnershipRollup",
            (SELECT count(*)::int FROM partnership_rollup) AS "partnershipRollupRows"`,
  )) as Omit<DashboardResults['sizes'], 'byDimension'>[];
  const byDimension = (await ds.query(`SELECT dimension, count(*)::int AS rows FROM decision_rollup GROUP BY 1 ORDER BY 2 DESC`)) as { dimension: string; rows: number }[];
  return { ...row, byDimension };
}

/**
 * The metrics of one scope over all months, and the same counted straight from the ledger: for a
 * partnership, with its members' decisions under no agreement in the months they belonged (metrics.queries.ts PARTNERSHIP_MEMBER_SPANS).
 */
async function compare(endpoint: string, ds: DataSource, label: string, scope: Record<string, string>, agreementIds: string[], token: string, from: string, to: string) {
  const m = (await must<{ sharingMetrics: Counts }>(endpoint, METRICS_QUERY, { ...scope, from, to }, token)).sharingMetrics;
  const [sql] = (await ds.query(
    `SELECT count(*)::int AS decisions, count(*) FILTER (WHERE outcome = 'SHARED')::int AS shared,
            count(*) FILTER (WHERE outcome = 'PARTIALLY_SHARED')::int AS "partiallyShared", count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS "notShared"
     FROM sharing_decision WHERE agreement_id = ANY($1)
       OR (agreement_id IS NULL AND EXISTS (SELECT 1 FROM (${PARTNERSHIP_MEMBER_SPANS.replaceAll('$1', '$2')}) m
         WHERE m.organisation_id = disclosing_organisation_id AND m.from_month <= date_trunc('month', decided_at AT TIME ZONE 'UTC')
           AND (m.to_month IS NULL OR m.to_month >= date_trunc('month', decided_at AT TIME ZONE 'UTC'))))`,
    [agreementIds, scope.partnershipId ?? null],
  )) as Counts[];
  return { label, metrics: { decisions: m.decisions, shared: m.shared, partiallyShared: m.partiallyShared, notShared: m.notShared }, sql };
}

/**
 * The app's own MetricsQueries (metrics.queries.ts) on the bench's connection, its one statement
 * repeated: how long it takes alone, and (from EXPLAIN ANALYZE of the very SQL it sends) how many
 * rollup rows it reads.
 */
async function timeRollupQueries(ds: DataSource, partnership: SeededPartnership, agreementId: string, firstMonth: string, lastMonth: string, from: Date): Promise<RollupQueryTiming[]> {
  let captured: { sql: string; params: unknown[] } | null = null;
  const queries = new MetricsQueries((name, sql, params) => ((captured = { sql, params }), pooledPreparedQuery(ds, name, sql, params)));
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const agreementTo = month(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 23, 1)));
  const agreementFrom = month(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 12, 1)));
  const scopes = [
    {
      label: `partnership (11 agreements), ${firstMonth} to ${lastMonth}`,
      rollups: { protocolId: partnership.protocolId },
      incidents: { agreementIds: [partnership.protocolId, ...partnership.isps.map((i) => i.id)] },
      f: firstMonth,
      t: lastMonth,
    },
    { label: `one ISP, ${agreementFrom} to ${agreementTo}`, rollups: { agreementKeys: [agreementId] }, incidents: { agreementIds: [agreementId] }, f: agreementFrom, t: agreementTo },
  ];
  const timings: RollupQueryTiming[] = [];
  for (const scope of scopes) {
    const rollupScope = scope.rollups;
    for (const [name, call] of [['figures', () => queries.figures(rollupScope, scope.incidents, scope.f, scope.t)]] as const) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < PLAN.queryRepeats; i += 1) {
        const started = performance.now();
        const result: unknown = await call();
        times.push(performance.now() - started);
        const figures = result as Awaited<ReturnType<MetricsQueries['figures']>>;
        rows = figures.months.length + figures.rows.length + 1;
      }
      const { sql, params } = captured!;
      const [explained] = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': any[] }[];
      const plan = explained['QUERY PLAN'][0];
      const scans: { type: string; rows: number; index?: string }[] = [];
      const walk = (node: any) => {
        if (node['Relation Name'] === 'decision_rollup' || node['Relation Name'] === 'partnership_rollup') scans.push({ type: node['Node Type'], rows: node['Actual Rows'] * (node['Actual Loops'] ?? 1), index: node['Index Name'] });
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(plan.Plan);
      const stats = latencies(times);
      timings.push({
        scope: scope.label,
        query: name,
        medianMs: stats.p50,
        p95Ms: stats.p95,
        rowsReturned: rows,
        rollupRowsRead: scans.length ? scans.reduce((s, x) => s + x.rows, 0) : null,
        plan: scans.map((s) => `${s.type}${s.index ? ` on ${s.index}` : ''}`).join(', ') + ` (planning ${plan['Planning Time'].toFixed(1)} ms, execution ${plan['Execution Time'].toFixed(1)} ms)`,
      });
    }
  }
  return timings;
}

boundedRun('bench:dashboard', PLAN.watchdogSeconds, main);
