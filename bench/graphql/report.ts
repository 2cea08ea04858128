// The results as a Markdown section, printed and kept in bench/RESULTS.md (DESIGN.md:
// "measured by bench/, recorded in bench/RESULTS.md").
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { LOAD, type LoadFigures } from './load.js';
import { ORGANISATIONS } from './seed.js';

export const HEADING = '## GraphQL overhead (bench/graphql)';
/** DESIGN.md: the app serves a database-free query at at least 85% of a bare @apollo/server. */
export const RATIO_TARGET = 0.85;
const RESULTS_FILE = fileURLToPath(new URL('../../../bench/RESULTS.md', import.meta.url)); // from dist/bench/graphql/

export interface OverheadRound {
  app: LoadFigures;
  bare: LoadFigures;
  /** Which server was loaded first in this round. */
  first: 'app' | 'bare';
}

/** How busy the machine was during the comparison, as shares of all its CPUs. */
export interface MachineLoad {
  /** This bench, its two servers and its PostgreSQL. */
  ourShare: number;
  /** Every other process on the machine. */
  otherShare: number;
  /** The one-minute load average at the end. */
  loadAverage: number;
}

export interface QueryCount {
  first: number;
  edges: number;
  queries: number;
}

export interface GraphqlBenchResults {
  rounds: OverheadRound[];
  machine: MachineLoad;
  organisationList: LoadFigures;
  queryCounts: QueryCount[];
}

export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** app / bare throughput, over all rounds. */
export function ratioOf(rounds: OverheadRound[]): number {
  return mean(rounds.map((r) => r.app.requestsPerSecond)) / mean(rounds.map((r) => r.bare.requestsPerSecond));
}

export function queryCountsConstant(counts: QueryCount[]): boolean {
  return counts.every((c) => c.queries === counts[0].queries);
}

export function renderSection(results: GraphqlBenchResults): string {
  const { rounds, machine, organisationList: list, queryCounts } = results;
  const ratio = ratioOf(rounds);
  const rps = (f: LoadFigures) => Math.round(f.requestsPerSecond).toLocaleString('en-GB');
  const ms = (value: number) => `${value} ms`;
  const row = (label: string, pick: (r: OverheadRound) => LoadFigures) =>
    `| ${label} | ${rounds.map((r) => `${rps(pick(r))} req/s, p99 ${ms(pick(r).p99Ms)}`).join(' | ')} | ` +
    `**${Math.round(mean(rounds.map((r) => pick(r).requestsPerSecond))).toLocaleString('en-GB')}** | ${ms(Math.max(...rounds.map((r) => pick(r).p99Ms)))} |`;
  const orgQuery = organisationListQuery(50);

  return [
    HEADING,
    '',
    `Command: \`npm run bench:graphql\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `Machine: ${cpuCount()} CPUs (\`nproc\`), ${cpuModel()}, Linux ${release()}, Node ${process.version}.`,
    '',
    `Each server runs in its own child process (\`child_process.fork\`), started the same way; autocannon runs in the ` +
      `bench process: ${LOAD.connections} connections, POST JSON, ${LOAD.warmupSeconds} s warm-up then ` +
      `${LOAD.measuredSeconds} s measured per target. Every response is checked byte for byte against a reference answer. ` +
      `The app runs with NODE_ENV=production and LOG_LEVEL=warn on an embedded PostgreSQL (fsync off).`,
    '',
    '### Database-free query `{ serviceInfo { name apiVersion } }`',
    '',
    `| server | ${rounds.map((r, i) => `round ${i + 1} (${r.first} first)`).join(' | ')} | mean req/s | worst p99 |`,
    `| --- | ${rounds.map(() => '---').join(' | ')} | --- | --- |`,
    row('the app (NestJS, `createApp`)', (r) => r.app),
    row('bare `@apollo/server` 5 + express 5', (r) => r.bare),
    '',
    `Ratio app / bare: **${(ratio * 100).toFixed(1)}%** against the target of at least ${Math.round(RATIO_TARGET * 100)}%: ` +
      `**${ratio >= RATIO_TARGET ? 'met' : 'not met'}**.`,
    '',
    ...cpuLines(rounds),
    `During the comparison this bench, its two servers and its PostgreSQL used ${percent(machine.ourShare)} of the machine's CPUs and ` +
      `other processes ${percent(machine.otherShare)} (load average ${machine.loadAverage.toFixed(1)} at the end)` +
      (machine.otherShare >= 0.2 ? ': the machine was shared, so the rates are low and the ratio less steady than on a quiet host.' : '.'),
    '',
    '### Organisation list as SYSTEM_ADMIN',
    '',
    `${ORGANISATIONS} organisations, each with an IG lead and a signatory; one page of 50 with a bearer token:`,
    '',
    '```graphql',
    orgQuery,
    '```',
    '',
    `**${rps(list)} req/s**, p50 ${ms(list.p50Ms)}, p99 ${ms(list.p99Ms)}.`,
    '',
    '### SQL queries per request (same query, no other traffic)',
    '',
    '| first | edges returned | SQL queries |',
    '| --- | --- | --- |',
    ...queryCounts.map((c) => `| ${c.first} | ${c.edges} | ${c.queries} |`),
    '',
    queryCountsConstant(queryCounts)
      ? `Constant: **yes**, ${queryCounts[0].queries} queries whatever the page size (counting the one that checks the bearer token).`
      : '**Not constant**: the number of queries grows with the page size.',
    '',
  ].join('\n');
}

/** The servers' CPU per request, which depends less than their rates on how much CPU other processes leave them. */
function cpuLines(rounds: OverheadRound[]): string[] {
  const cpu = (pick: (r: OverheadRound) => LoadFigures) => rounds.map((r) => pick(r).cpuUsPerRequest).filter((v): v is number => v !== undefined);
  const [app, bare] = [cpu((r) => r.app), cpu((r) => r.bare)];
  if (app.length === 0 || bare.length === 0) return [];
  const us = (values: number[]) => `${Math.round(mean(values))} µs`;
  return [
    `CPU per request, each server process's own over its measured runs (rounds: app ${app.map((v) => Math.round(v)).join(', ')} µs; ` +
      `bare ${bare.map((v) => Math.round(v)).join(', ')} µs): app **${us(app)}**, bare **${us(bare)}**; the bare server's is ` +
      `**${((mean(bare) / mean(app)) * 100).toFixed(1)}%** of the app's, the same ratio counted in CPU rather than in requests a second.`,
    '',
  ];
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function organisationListQuery(first: number): string {
  return `{ organisations(first: ${first}) { edges { node { id name igLead { fullName } signatories { fullName } readiness { ready } } } } }`;
}

/** Creates bench/RESULTS.md if needed, and puts `section` in place of the previous one. */
export function writeResultsFile(section: string): string {
  const existing = existsSync(RESULTS_FILE)
    ? readFileSync(RESULTS_FILE, 'utf8')
    : '# Benchmark results\n\nFigures are from `npm run bench:graphql` (and the other `bench:*` scripts as they are added); each section names its command and machine.\n';
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

function cpuCount(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(availableParallelism());
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
