// `npm run bench:ingest`: the ingest targets of DESIGN.md ("Non-functional targets"): bulk recording
// reaches >= 20,000 decisions/s; a single decision mutation p99 < 50 ms at 10 concurrent clients.
//  1. An embedded PostgreSQL and the real app in a child process (production mode, LOG_LEVEL warn,
//     EXPIRY_SWEEP_SECONDS 0), with bench/graphql's helpers; the e2e partnership fixture seeded through GraphQL.
//  2. Bulk: `recordSharingDecisions` in batches of 1,000 and 5,000 from 1, 2 and 4 clients, 40,000
//     realistic decisions per configuration; decisions/s = decisions / wall time, batch latency p50/p95;
//     CPU of the app, PostgreSQL and this process, and a pg_stat_activity profile of the app's connections.
//  3. Single: `recordSharingDecision` from 10 closed-loop clients for 25 s; p50/p95/p99 and errors.
//  4. Correctness: the partnership's sharingMetrics total (and outcomes) equal a COUNT on sharing_decision.
// Exit code 1 on any failed request or a wrong total. Everything it starts is stopped at the end, also on failure.
import 'reflect-metadata'; // the e2e fixtures it imports load the app's decorated classes
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startChildServer } from '../graphql/child-server.js';
import { startTemporaryPostgres } from '../graphql/postgres.js';
import { connectionStates, sampleActivity } from './activity.js';
import { boundedRun, must, revision, startCpu, waitForQuietMachine, writeResultsSection, type Run } from './common.js';
import { DecisionFactory, type Discloser } from './decisions.js';
import { runBulk, runSingle, type BulkPlan } from './load.js';
import { PLAN, type BulkRun, type IngestResults, type SingleRun } from './plan.js';
import { monotonicMicros, startProfiledApp, summariseProfile } from './profile.js';
import { hostSpeedMs } from './host-speed.js';
import { HEADING, renderSection } from './report.js';
import { seedPartnership } from './seed.js';
import { PARTNERSHIP_MEMBER_SPANS } from '../../src/monitoring/metrics/metrics.queries.js';

const ADMIN_EMAIL = 'admin@bench.test';
const ADMIN_PASSWORD = 'bench lantern violet kettle';

/** Seconds spent waiting for other sessions' work to finish before measuring. */
let waitedForOthers = 0;

async function main(run: Run): Promise<number> {
  const began = performance.now();
  const builtFrom = revision();
  const problems: string[] = [];

  run.log('starting the embedded PostgreSQL');
  const postgres = await startTemporaryPostgres();
  run.onCleanup('PostgreSQL', () => postgres.stop());
  await postgres.createDatabase('accordant_bench');
  const databaseUrl = postgres.urlOf('accordant_bench');
  const profileDir = mkdtempSync(join(tmpdir(), 'accordant-bench-ingest-profile-'));
  run.onCleanup('profile folder', () => rmSync(profileDir, { recursive: true, force: true }));

  // The same secrets for every start of the app, so tokens from seeding stay valid.
  const settings = (poolSize: number | null) => ({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: tokenSecret,
    CASE_REFERENCE_KEY: caseReferenceKey,
    AUDIT_KEY: auditKey,
    AUDIT_ANCHOR_FILE: join(profileDir, 'audit-anchors.jsonl'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    SCHEMA_FILE: '',
    EXPIRY_SWEEP_SECONDS: '0',
    ...(poolSize ? { DATABASE_POOL_SIZE: String(poolSize) } : {}),
  });
  const tokenSecret = randomBytes(32).toString('hex');
  const caseReferenceKey = randomBytes(32).toString('hex');
  const auditKey = randomBytes(32).toString('hex');
  const startApp = async (name: string, poolSize: number | null) => {
    run.log(`starting the app: ${name}`);
    const app = await startChildServer(name, './app-server.js', { NODE_ENV: 'production', BENCH_APP_SETTINGS: JSON.stringify(settings(poolSize)) });
    run.onCleanup(name, () => app.stop());
    return app;
  };

  // ---- App start 1: the default pool -----------------------------------------------------------
  const app = await startApp('app (default pool of 10)', null);
  let endpoint = `${app.url}/graphql`;

  run.log('seeding the partnership through GraphQL (test/support/partnership-fixture.ts)');
  const seedStarted = performance.now();
  const partnership = await seedPartnership(endpoint, ADMIN_EMAIL, ADMIN_PASSWORD, databaseUrl);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const tokens: Record<Discloser, string> = {
    hospital: partnership.hospital.practitioner.token,
    council: partnership.council.practitioner.token,
    care: partnership.care.practitioner.token,
  };
  const runId = randomBytes(4).toString('hex');
  const factory = new DecisionFactory(partnership, runId, 20261121);
  let recordedByBench = 0;

  const quiet = await waitForQuietMachine(run.log, PLAN.quietWaitSeconds);
  waitedForOthers += quiet.waitedSeconds;
  run.log(`machine ${(quiet.busy * 100).toFixed(0)}% busy before measuring (waited ${Math.round(quiet.waitedSeconds)} s)`);
  const hostSpeedBeforeMs = hostSpeedMs();
  run.log(`host speed: the reference workload took ${Math.round(hostSpeedBeforeMs)} ms`);

  // What the sampler costs with nothing else running.
  const samplerCpuPerSecond = await (async () => {
    const sampler = await sampleActivity(databaseUrl);
    const end = startCpu();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const cpu = end();
    await sampler.stop();
    return (cpu.postgresSeconds + cpu.benchSeconds) / cpu.wallSeconds;
  })();

  run.log(`bulk warm-up: ${PLAN.bulkWarmupBatches} batches of 1,000 (not measured)`);
  const warmup = await runBulk(endpoint, { via: 'graphql', batchSize: 1000, clients: 1, decisions: PLAN.bulkWarmupBatches * 1000 }, factory, tokens, PLAN.bulkMaxSeconds);
  if (warmup.errors > 0) throw new Error(`bulk warm-up failed: ${warmup.firstErrors.join(' | ')}`);
  recordedByBench += warmup.created;

  const bulk: BulkRun[] = [];
  for (const config of PLAN.bulk) {
    const plan: BulkPlan = { ...config, decisions: PLAN.decisionsPerBulkRun };
    waitedForOthers += (await waitForQuietMachine(run.log, PLAN.quietWaitPerPhaseSeconds)).waitedSeconds;
    run.log(`bulk: ${plan.decisions.toLocaleString('en-GB')} decisions in batches of ${plan.batchSize} from ${plan.clients} client(s)`);
    const activity = await sampleActivity(databaseUrl);
    const cpuEnd = startCpu();
    const figures = await runBulk(endpoint, plan, factory, tokens, PLAN.bulkMaxSeconds);
    const cpu = cpuEnd();
    const profile = await activity.stop();
    recordedByBench += figures.created;
    run.log(
      `  ${Math.round(figures.decisionsPerSecond).toLocaleString('en-GB')} decisions/s over ${figures.wallSeconds.toFixed(1)} s; ` +
        `batch p50 ${Math.round(figures.batchMs.p50)} ms, p95 ${Math.round(figures.batchMs.p95)} ms; errors ${figures.errors}; ` +
        `CPU s: app ${cpu.appSeconds.toFixed(1)}, PostgreSQL ${cpu.postgresSeconds.toFixed(1)}, bench ${cpu.benchSeconds.toFixed(1)}`,
    );
    if (figures.errors > 0) problems.push(`bulk ${plan.batchSize}×${plan.clients}: ${figures.errors} errors, e.g. ${figures.firstErrors.join(' | ')}`);
    bulk.push({ figures, cpu, activity: profile });
  }

  // The bulk phases leave about 600,000 fresh rows for autovacuum. Vacuumed here, as a database in
  // use would be in the minutes after a bulk load, so the single phases measure single decisions,
  // not the clean-up of the bulk load before them.
  const vacuumSeconds = await vacuumAfterBulk(run, databaseUrl);

  const singleDefault = await singlePhase(run, endpoint, databaseUrl, factory, tokens);
  recordedByBench += singleDefault.recorded;
  if (singleDefault.figures.errors > 0) {
    problems.push(`single (default pool): ${singleDefault.figures.errors} errors, e.g. ${singleDefault.figures.firstErrors.join(' | ')}`);
  }
  await app.stop();

  // ---- App start 2: a pool of 20, so 10 clients can each hold two connections ---------------------
  const app2 = await startApp(`app (DATABASE_POOL_SIZE=${PLAN.largerPool})`, PLAN.largerPool);
  endpoint = `${app2.url}/graphql`;
  const singleLarger = await singlePhase(run, endpoint, databaseUrl, factory, tokens);
  recordedByBench += singleLarger.recorded;
  if (singleLarger.figures.errors > 0) problems.push(`single (pool ${PLAN.largerPool}): ${singleLarger.figures.errors} errors, e.g. ${singleLarger.figures.firstErrors.join(' | ')}`);
  await app2.stop();

  // ---- App start 3: under V8's CPU profiler: the best bulk configuration, then the single load ----------
  // A pool of 20 again, or the single load would deadlock; the bulk clients never use more than 8 connections.
  const best = [...bulk].sort((a, b) => b.figures.decisionsPerSecond - a.figures.decisionsPerSecond)[0].figures;
  run.log('starting the app under --cpu-prof');
  const profiled = await startProfiledApp(settings(PLAN.largerPool), profileDir);
  run.onCleanup('profiled app', () => profiled.stop());
  endpoint = `${profiled.url}/graphql`;
  const profiledPlan: BulkPlan = { via: best.via, batchSize: best.batchSize, clients: best.clients, decisions: PLAN.profiledDecisions };
  recordedByBench += (await runBulk(endpoint, { via: 'graphql', batchSize: 1000, clients: 1, decisions: 2000 }, factory, tokens, 60)).created;
  run.log(`profiled bulk: ${profiledPlan.decisions.toLocaleString('en-GB')} decisions in batches of ${profiledPlan.batchSize} from ${profiledPlan.clients} client(s)`);
  const bulkWindow = [monotonicMicros(), 0];
  const profiledFigures = await runBulk(endpoint, profiledPlan, factory, tokens, PLAN.bulkMaxSeconds);
  bulkWindow[1] = monotonicMicros();
  recordedByBench += profiledFigures.created;
  run.log(`  ${Math.round(profiledFigures.decisionsPerSecond).toLocaleString('en-GB')} decisions/s under the profiler`);
  run.log(`profiled single: ${PLAN.singleClients} clients for ${PLAN.profiledSingleSeconds} s`);
  const singleWindow = [monotonicMicros(), 0];
  const profiledSingle = await runSingle(endpoint, PLAN.singleClients, PLAN.profiledSingleSeconds, factory, tokens, PLAN.singleTimeoutMs);
  singleWindow[1] = monotonicMicros();
  recordedByBench += profiledSingle.completed;
  run.log(`  ${profiledSingle.perSecond.toFixed(0)} decisions/s under the profiler, errors ${profiledSingle.errors}`);

  run.log('checking the partnership metrics against the ledger');
  const check = await checkTotals(endpoint, databaseUrl, partnership.protocolId, partnership.agreementIds, partnership.commissioner.token, recordedByBench);
  const { metrics, sql } = check;
  if (metrics.decisions !== sql.decisions || metrics.shared !== sql.shared || metrics.partiallyShared !== sql.partiallyShared || metrics.notShared !== sql.notShared) {
    problems.push(`sharingMetrics ${JSON.stringify(metrics)} differs from the ledger ${JSON.stringify(sql)}`);
  }
  // The fixture records 12 decisions itself.
  if (check.ledgerRows !== recordedByBench + 12) problems.push(`the ledger holds ${check.ledgerRows} decisions, expected ${recordedByBench} + 12 from the fixture`);
  run.log(`  metrics ${metrics.decisions}, ledger ${sql.decisions} under the partnership's agreements; ${check.ledgerRows} decisions in all`);
  await profiled.stop();
  const bulkProfile = summariseProfile(profileDir, bulkWindow[0], bulkWindow[1]);
  const singleProfile = summariseProfile(profileDir, singleWindow[0], singleWindow[1]);

  const hostSpeedAfterMs = hostSpeedMs();
  run.log(`host speed after: the reference workload took ${Math.round(hostSpeedAfterMs)} ms`);

  const results: IngestResults = {
    revision: builtFrom,
    seedSeconds,
    samplerCpuPerSecond,
    quiet: { ...quiet, waitedSeconds: waitedForOthers },
    bulk,
    vacuumSeconds,
    singles: [
      { pool: 10, ...singleDefault },
      { pool: PLAN.largerPool, ...singleLarger },
    ],
    profile: { figures: profiledFigures, summary: bulkProfile },
    singleProfile: { figures: profiledSingle, summary: singleProfile },
    check,
    hostSpeed: { beforeMs: hostSpeedBeforeMs, afterMs: hostSpeedAfterMs },
    totalSeconds: (performance.now() - began) / 1000,
  };
  const section = renderSection(results);
  console.log(`\n${section}`);
  run.log(`written to ${writeResultsSection(HEADING, section)}`);
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

/** VACUUM (ANALYZE) of the tables a decision writes; how long it took. */
async function vacuumAfterBulk(run: Run, databaseUrl: string): Promise<number> {
  const started = performance.now();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM (ANALYZE) sharing_decision, sharing_decision_key, decision_rollup, partnership_rollup, decision_rollup_pending, audit_entry');
  } finally {
    await db.end();
  }
  const seconds = (performance.now() - started) / 1000;
  run.log(`VACUUM (ANALYZE) after the bulk phases: ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Warm-up, then the measured closed loop; when requests went unanswered, what the app's connections were doing. */
async function singlePhase(run: Run, endpoint: string, databaseUrl: string, factory: DecisionFactory, tokens: Record<Discloser, string>): Promise<SingleRun & { recorded: number }> {
  run.log(`single: ${PLAN.singleClients} clients, ${PLAN.singleWarmupSeconds} s warm-up then ${PLAN.singleSeconds} s measured`);
  waitedForOthers += (await waitForQuietMachine(run.log, PLAN.quietWaitPerPhaseSeconds)).waitedSeconds;
  const warm = await runSingle(endpoint, PLAN.singleClients, PLAN.singleWarmupSeconds, factory, tokens, PLAN.singleTimeoutMs);
  const activity = await sampleActivity(databaseUrl);
  const cpuEnd = startCpu();
  const figures = warm.errors > 0 ? warm : await runSingle(endpoint, PLAN.singleClients, PLAN.singleSeconds, factory, tokens, PLAN.singleTimeoutMs);
  const cpu = cpuEnd();
  const profile = await activity.stop();
  const stuck = figures.errors > 0 ? await connectionStates(databaseUrl) : null;
  run.log(
    `  ${figures.perSecond.toFixed(0)} decisions/s, p50 ${figures.ms.p50.toFixed(1)} ms, p95 ${figures.ms.p95.toFixed(1)} ms, ` +
      `p99 ${figures.ms.p99.toFixed(1)} ms, errors ${figures.errors} (${figures.timeouts} unanswered after ${PLAN.singleTimeoutMs / 1000} s)` +
      (warm.errors > 0 ? ' [in the warm-up: the measured run was not started]' : ''),
  );
  if (stuck) run.log(`  the app's connections then: ${stuck.map((s) => `${s.connections} ${s.state} (${s.lastStatement.slice(0, 50)})`).join('; ')}`);
  return { figures, failedInWarmup: warm.errors > 0, cpu, activity: profile, stuck, recorded: warm.completed + (warm.errors > 0 ? 0 : figures.completed) };
}

/** The partnership's metrics against the ledger: its agreements' decisions, and its members' under no agreement in the months they belonged (PARTNERSHIP_MEMBER_SPANS). */
async function checkTotals(endpoint: string, databaseUrl: string, protocolId: string, agreementIds: string[], token: string, recordedByBench: number): Promise<IngestResults['check']> {
  const now = new Date();
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1));
  const data = await must<{ sharingMetrics: IngestResults['check']['metrics'] }>(
    endpoint,
    'query ($p: ID!, $from: String!, $to: String!) { sharingMetrics(partnershipId: $p, fromMonth: $from, toMonth: $to) { decisions shared partiallyShared notShared } }',
    { p: protocolId, from: month(from), to: month(now) },
    token,
  );
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [counts] = (
      await db.query(
        `SELECT count(*)::int AS decisions, count(*) FILTER (WHERE outcome = 'SHARED')::int AS shared,
                count(*) FILTER (WHERE outcome = 'PARTIALLY_SHARED')::int AS "partiallyShared", count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS "notShared"
         FROM sharing_decision WHERE agreement_id = ANY($1) OR (agreement_id IS NULL AND EXISTS (SELECT 1 FROM (${PARTNERSHIP_MEMBER_SPANS.replaceAll('$1', '$2')}) m
           WHERE m.organisation_id = disclosing_organisation_id AND m.from_month <= date_trunc('month', decided_at AT TIME ZONE 'UTC')
             AND (m.to_month IS NULL OR m.to_month >= date_trunc('month', decided_at AT TIME ZONE 'UTC'))))`,
        [agreementIds, protocolId],
      )
    ).rows;
    const [all] = (
      await db.query(
        `SELECT count(*)::int AS rows, count(*) FILTER (WHERE agreement_id IS NOT NULL)::int AS under, count(*) FILTER (WHERE cardinality(flags) > 0)::int AS flagged,
                (SELECT count(*)::int FROM decision_rollup) AS rollups FROM sharing_decision`,
      )
    ).rows;
    const sizes = (
      await db.query(
        `SELECT relname AS table, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
         WHERE relname IN ('sharing_decision', 'decision_rollup', 'audit_entry') ORDER BY relname`,
      )
    ).rows as { table: string; size: string }[];
    return {
      metrics: data.sharingMetrics,
      sql: counts,
      ledgerRows: all.rows,
      recordedByBench,
      underAgreements: all.under,
      flagged: all.flagged,
      rollupRows: all.rollups,
      tableSizes: sizes,
    };
  } finally {
    await db.end();
  }
}

boundedRun('bench:ingest', PLAN.watchdogSeconds, main);
