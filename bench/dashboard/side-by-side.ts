// `npm run bench:dashboard:side-by-side -- CHECKOUT...`: the same sharingMetrics(agreementId) load against
// builds of several versions, on one database, taking turns, so the host's drifting speed falls on
// every build alike (bench/RESULTS.md, Dashboards). Each CHECKOUT is a folder with a built copy of the
// app (`git worktree add /tmp/old REV && ln -s "$PWD/node_modules" /tmp/old/node_modules &&
// (cd /tmp/old && npx nest build)`); this checkout's own builds the data.
//  1. An embedded PostgreSQL; this checkout's app seeds the partnerships of bench:dashboard and
//     generates BENCH_SIDE_DECISIONS decisions (default 4,000,000) over 24 months with its generator.
//  2. ROUNDS rounds (BENCH_SIDE_ROUNDS, default 3): each checkout's app in turn, started from its own
//     folder, 40 requests of warm-up, then 500 requests from 1 client and 500 from 4, with CPU per
//     request from /proc (the app, and PostgreSQL with all its backends).
//  3. The medians of the rounds, as a Markdown table. Nothing is written to bench/RESULTS.md.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { QueryCounter } from '../../src/database/query-counter.js';
import { benchAppSettings, type ChildServer } from '../graphql/child-server.js';
import { startTemporaryPostgres } from '../graphql/postgres.js';
import { boundedRun, percentile, startCpu, type Run } from '../ingest/common.js';
import { apiClient } from '../ingest/seed.js';
import { buildRoutes, generateChunk } from './generate.js';
import { timeQueries, type QueryRequest } from './load.js';
import { METRICS_QUERY } from './queries.js';
import { seedPartnerships } from './seed.js';

const PLAN = {
  decisions: Number(process.env.BENCH_SIDE_DECISIONS ?? 4_000_000),
  rounds: Number(process.env.BENCH_SIDE_ROUNDS ?? 3),
  chunk: 500_000,
  months: 24,
  warmup: 40,
  requests: 500,
  concurrencies: [1, 4],
  phaseMaxSeconds: 120,
  watchdogSeconds: 90 * 60,
};

interface Trial {
  checkout: string;
  concurrency: number;
  p50: number;
  p95: number;
  appMs: number;
  postgresMs: number;
}

async function main(run: Run): Promise<number> {
  const checkouts = process.argv.slice(2).map((folder) => resolve(folder));
  if (checkouts.length === 0) throw new Error('name at least one checkout with a built app (dist/bench/graphql/app-server.js)');
  for (const folder of checkouts) {
    if (!existsSync(resolve(folder, 'dist/bench/graphql/app-server.js'))) throw new Error(`${folder} has no built app: run npx nest build there`);
  }
  const home = process.cwd();
  const postgres = await startTemporaryPostgres();
  run.onCleanup('PostgreSQL', () => postgres.stop());
  await postgres.createDatabase('accordant_side');
  const databaseUrl = postgres.urlOf('accordant_side');
  const settings = benchAppSettings(databaseUrl);
  // Each app runs from its own folder (its templates) with its own child-server module.
  const startApp = async (folder: string): Promise<ChildServer> => {
    const { startChildServer } = (await import(pathToFileURL(resolve(folder, 'dist/bench/graphql/child-server.js')).href)) as typeof import('../graphql/child-server.js');
    process.chdir(folder);
    try {
      return await startChildServer('app', './app-server.js', { NODE_ENV: 'production', BENCH_APP_SETTINGS: JSON.stringify(settings) });
    } finally {
      process.chdir(home);
    }
  };

  run.log(`seeding and generating ${PLAN.decisions.toLocaleString('en-GB')} decisions with this checkout's app`);
  const seeder = await startApp(home);
  const ds = new DataSource(dataSourceOptions(databaseUrl, 3, new QueryCounter(() => undefined)));
  await ds.initialize();
  run.onCleanup('bench data source', () => ds.destroy());
  const partnerships = await seedPartnerships(apiClient(`${seeder.url}/graphql`, settings.ADMIN_EMAIL, settings.ADMIN_PASSWORD, databaseUrl), run.log);
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (PLAN.months - 1), 1));
  await buildRoutes(ds, partnerships);
  let next = 1;
  const generator = async () => {
    while (next <= PLAN.decisions) {
      const first = next;
      const last = Math.min(PLAN.decisions, first + PLAN.chunk - 1);
      next = last + 1;
      await generateChunk(ds, first, last, from, now);
    }
  };
  await Promise.all([generator(), generator()]);
  await ds.query('VACUUM (ANALYZE) decision_rollup, partnership_rollup');
  await ds.query('VACUUM (ANALYZE) sharing_decision');
  await seeder.stop();

  const month = (d: Date) => d.toISOString().slice(0, 7);
  const isps = partnerships.flatMap((p) => p.isps.map((i) => ({ id: i.id, token: p.commissionerToken })));
  const pick = (): QueryRequest => {
    const { id, token } = isps[Math.floor(Math.random() * isps.length)];
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + Math.floor(Math.random() * (PLAN.months - 11)), 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 11, 1));
    return { query: METRICS_QUERY, variables: { agreementId: id, from: month(start), to: month(end) }, token };
  };
  const check = (data: any) => (data.sharingMetrics.decisions > 0 && data.sharingMetrics.byMonth.length === 12 ? null : 'no decisions or not 12 months');

  const trials: Trial[] = [];
  for (let round = 1; round <= PLAN.rounds; round += 1) {
    for (const checkout of checkouts) {
      const app = await startApp(checkout);
      try {
        const endpoint = `${app.url}/graphql`;
        await timeQueries(endpoint, 'warm-up', 1, PLAN.warmup, PLAN.phaseMaxSeconds, pick, check);
        for (const concurrency of PLAN.concurrencies) {
          const end = startCpu();
          const figures = await timeQueries(endpoint, 'agreement', concurrency, PLAN.requests, PLAN.phaseMaxSeconds, pick, check);
          const cpu = end();
          if (figures.errors > 0) throw new Error(`${checkout}: ${figures.errors} errors, e.g. ${figures.firstErrors.join(' | ')}`);
          const trial = {
            checkout,
            concurrency,
            p50: figures.ms.p50,
            p95: figures.ms.p95,
            appMs: (cpu.appSeconds * 1000) / figures.completed,
            postgresMs: (cpu.postgresSeconds * 1000) / figures.completed,
          };
          trials.push(trial);
          run.log(`round ${round}, ${checkout}, ${concurrency} client(s): p50 ${trial.p50.toFixed(1)} ms, p95 ${trial.p95.toFixed(1)} ms, CPU ${trial.appMs.toFixed(2)} + ${trial.postgresMs.toFixed(2)} ms a request`);
        }
      } finally {
        await app.stop();
      }
    }
  }

  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  console.log(`\nMedians of ${PLAN.rounds} rounds over ${PLAN.decisions.toLocaleString('en-GB')} decisions:\n`);
  console.log('| checkout | clients | p50 | p95 | CPU a request: app + PostgreSQL |\n| --- | --- | --- | --- | --- |');
  for (const checkout of checkouts) {
    for (const concurrency of PLAN.concurrencies) {
      const own = trials.filter((t) => t.checkout === checkout && t.concurrency === concurrency);
      const [app, pg] = [median(own.map((t) => t.appMs)), median(own.map((t) => t.postgresMs))];
      console.log(
        `| ${checkout} | ${concurrency} | ${median(own.map((t) => t.p50)).toFixed(1)} ms | ${median(own.map((t) => t.p95)).toFixed(1)} ms | ${app.toFixed(2)} + ${pg.toFixed(2)} = ${(app + pg).toFixed(2)} ms |`,
      );
    }
  }
  return 0;
}

boundedRun('bench:dashboard:side-by-side', PLAN.watchdogSeconds, main);
