// `npm run bench:graphql`: the GraphQL targets of DESIGN.md ("Non-functional targets").
//  1. Throughput of a database-free query on the app against a bare @apollo/server, same run,
//     same machine, two rounds in alternating order so neither always runs on a warmer machine.
//  2. Throughput of a page of 50 organisations with their role holders, as SYSTEM_ADMIN.
//  3. SQL queries per request for pages of 5, 20 and 50: must be equal (exit code 1 otherwise).
// Everything it starts (PostgreSQL, both servers) is stopped at the end, also on failure.
import 'reflect-metadata'; // API_VERSION's module carries Nest decorators
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { cpuBetween, cpuSnapshot, machineBetween, machineCpu } from '../pdf/processes.js';
import { join } from 'node:path';
import { API_VERSION } from '../../src/health/service-info.resolver.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { measure, referenceAnswer, type LoadTarget } from './load.js';
import { startTemporaryPostgres } from './postgres.js';
import {
  organisationListQuery,
  queryCountsConstant,
  ratioOf,
  renderSection,
  writeResultsFile,
  type MachineLoad,
  type OverheadRound,
  type QueryCount,
} from './report.js';
import { graphql, login, seedOrganisations } from './seed.js';

const ADMIN_EMAIL = 'admin@bench.test';
const ADMIN_PASSWORD = 'bench lantern violet kettle';
const SERVICE_INFO = '{ serviceInfo { name apiVersion } }';
const PAGE_SIZES = [5, 20, 50];

/** The settings createApp(loadConfig(...)) gets in the app's child process. */
function appSettings(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: randomBytes(32).toString('hex'), // 64 characters
    CASE_REFERENCE_KEY: randomBytes(32).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    AUDIT_ANCHOR_FILE: join(tmpdir(), `accordant-bench-anchors-${process.pid}.jsonl`),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    SCHEMA_FILE: '',
  };
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    log('starting the embedded PostgreSQL');
    const postgres = await startTemporaryPostgres();
    cleanups.push(() => postgres.stop());
    await postgres.createDatabase('accordant_bench');

    // NODE_ENV=production for both: Apollo and express pick their production defaults from it.
    const childEnv = { NODE_ENV: 'production' };
    log('starting the app and the bare Apollo server');
    const app = await startChildServer('app', './app-server.js', {
      ...childEnv,
      BENCH_APP_SETTINGS: JSON.stringify(appSettings(postgres.urlOf('accordant_bench'))),
    });
    cleanups.push(() => app.stop());
    const bare = await startChildServer('bare Apollo', './bare-apollo-server.js', { ...childEnv, BENCH_API_VERSION: API_VERSION });
    cleanups.push(() => bare.stop());

    const { rounds, machine } = await duringComparison(() => compareServiceInfo(app, bare));
    log(`ratio app/bare: ${(ratioOf(rounds) * 100).toFixed(1)}%; other processes took ${Math.round(machine.otherShare * 100)}% of the CPUs`);

    log('seeding organisations and their role holders');
    const endpoint = `${app.url}/graphql`;
    const token = await login(endpoint, ADMIN_EMAIL, ADMIN_PASSWORD);
    await seedOrganisations(endpoint, token);

    // Counted before the list is put under load, so no other request is in flight.
    const queryCounts = await countQueries(app, token);
    log(`SQL queries per request: ${queryCounts.map((c) => `first ${c.first}: ${c.queries}`).join(', ')}`);

    const listTarget: LoadTarget = { name: 'organisation list', url: endpoint, query: organisationListQuery(50), token };
    log('loading the organisation list');
    const organisationList = await measure(listTarget, await referenceAnswer(listTarget));

    const section = renderSection({ rounds, machine, organisationList, queryCounts });
    console.log(`\n${section}`);
    log(`written to ${writeResultsFile(section)}`);

    if (!queryCountsConstant(queryCounts)) {
      console.error('FAIL: the number of SQL queries depends on the page size');
      return 1;
    }
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  }
}

const ROUNDS = 4;

/** Rounds in alternating order (app first, then bare first, ...); each target gets its own warm-up in each round. */
async function compareServiceInfo(app: ChildServer, bare: ChildServer): Promise<{ rounds: OverheadRound[] }> {
  const appTarget: LoadTarget = { name: 'app serviceInfo', url: `${app.url}/graphql`, query: SERVICE_INFO };
  const bareTarget: LoadTarget = { name: 'bare serviceInfo', url: `${bare.url}/graphql`, query: SERVICE_INFO };
  const appAnswer = await referenceAnswer(appTarget);
  const bareAnswer = await referenceAnswer(bareTarget);
  if (appAnswer !== bareAnswer) throw new Error(`the servers answer differently:\n  app:  ${appAnswer}\n  bare: ${bareAnswer}`);

  const rounds: OverheadRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? 'app' : 'bare';
    log(`serviceInfo round ${rounds.length + 1}: ${first} first`);
    const order = first === 'app' ? ([[appTarget, app], [bareTarget, bare]] as const) : ([[bareTarget, bare], [appTarget, app]] as const);
    const [a, b] = [await measure(order[0][0], appAnswer, cpuSecondsOf(order[0][1])), await measure(order[1][0], appAnswer, cpuSecondsOf(order[1][1]))];
    rounds.push(first === 'app' ? { first, app: a, bare: b } : { first, app: b, bare: a });
  }
  return { rounds };
}

/** A server process's own CPU time in seconds (user and system), from /proc. */
function cpuSecondsOf(server: ChildServer): () => number {
  const start = cpuSnapshot(server.pid);
  return () => cpuBetween(start, cpuSnapshot(server.pid)).appSeconds;
}

/**
 * How busy the machine was meanwhile: its CPU (/proc/stat) less what this bench, its two servers
 * and its PostgreSQL used, as a share of all the CPUs, and the load average at the end.
 */
async function duringComparison<T>(work: () => Promise<T>): Promise<T & { machine: MachineLoad }> {
  const [machineBefore, oursBefore, started] = [machineCpu(), cpuSnapshot(process.pid), performance.now()];
  const result = await work();
  const elapsedSeconds = (performance.now() - started) / 1000;
  const ours = cpuBetween(oursBefore, cpuSnapshot(process.pid));
  const busy = machineBetween(machineBefore, machineCpu()).busySeconds;
  const capacity = elapsedSeconds * availableParallelism();
  const ourSeconds = ours.appSeconds + ours.chromiumSeconds; // the bench process, and every process below it
  return {
    ...result,
    machine: { ourShare: ourSeconds / capacity, otherShare: Math.max(0, busy - ourSeconds) / capacity, loadAverage: loadavg()[0] },
  };
}

/** SQL statements the app sends for one request per page size, read from its QueryCounter. */
async function countQueries(app: ChildServer, token: string): Promise<QueryCount[]> {
  const counts: QueryCount[] = [];
  for (const first of PAGE_SIZES) {
    const before = await app.queryCount();
    const data = await graphql<{ organisations: { edges: { node: { igLead: unknown; readiness: { ready: boolean } } }[] } }>(
      `${app.url}/graphql`,
      organisationListQuery(first),
      undefined,
      token,
    );
    const queries = (await app.queryCount()) - before;
    const { edges } = data.organisations;
    // The seeded organisations are ready parties: shows the role holders were really loaded.
    if (edges.length !== first || edges.filter((e) => e.node.readiness.ready && e.node.igLead).length < first - 1) {
      throw new Error(`page of ${first}: unexpected answer ${JSON.stringify(data).slice(0, 300)}`);
    }
    counts.push({ first, edges: edges.length, queries });
  }
  return counts;
}

function log(message: string): void {
  console.log(`[bench:graphql] ${message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
