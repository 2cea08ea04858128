// Helpers shared by bench/ingest and bench/dashboard: a GraphQL client, latency statistics, the
// machine description, CPU accounting of the app and PostgreSQL processes, a bounded run with
// cleanups that always happen, and writing one section of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childrenOf, cmdlineOf } from '../pdf/processes.js';

const RESULTS_FILE = fileURLToPath(new URL('../../../bench/RESULTS.md', import.meta.url)); // from dist/bench/ingest/

// ---- GraphQL over HTTP ---------------------------------------------------------------------

/** Connections kept open between requests, as a client library in front of a service would. */
const KEEP_ALIVE = new Agent({ keepAlive: true });

export interface GqlResult<T> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  ms: number;
}

/** One POST to /graphql; never throws for a GraphQL error (the caller decides), only for a network failure. */
export async function gql<T = any>(endpoint: string, query: string, variables?: Record<string, unknown>, token?: string, timeoutMs = 60_000): Promise<GqlResult<T>> {
  const body = JSON.stringify({ query, variables });
  return gqlRaw<T>(endpoint, body, token, timeoutMs);
}

/**
 * The same with a body already serialised (so the bench client's JSON work is done before timing).
 * Sent with node:http over kept-alive connections rather than fetch: the client shares the
 * machine's two CPUs with the app and PostgreSQL, and fetch (undici) cost about twice the CPU per
 * request, time the app's figures would pay for. Throws an error named TimeoutError when no answer
 * comes within `timeoutMs`.
 */
export async function gqlRaw<T = any>(endpoint: string, body: string, token?: string, timeoutMs = 60_000): Promise<GqlResult<T>> {
  const { status, text, ms } = await postRaw(endpoint, body, 'application/json', token, timeoutMs);
  try {
    const parsed = JSON.parse(text) as { data?: T; errors?: GqlResult<T>['errors'] };
    return { status, data: parsed.data ?? null, errors: parsed.errors, ms };
  } catch {
    return { status, data: null, errors: [{ message: `not JSON: ${text.slice(0, 300)}` }], ms };
  }
}

/** A POST on the kept-alive agent: the answer's status and text, and the time it took. */
export async function postRaw(url: string, body: string, contentType: string, token?: string, timeoutMs = 60_000): Promise<{ status: number; text: string; ms: number }> {
  try {
    return await post(url, body, contentType, token, timeoutMs);
  } catch (error) {
    // The server closed a kept-alive connection as the request went out on it (its idle timeout
    // after a pause between phases): nothing reached the app, so it is sent again, once, as Node's
    // documentation advises (`request.reusedSocket`).
    if (!(error instanceof ReusedSocketClosed)) throw error;
    return post(url, body, contentType, token, timeoutMs);
  }
}

class ReusedSocketClosed extends Error {}

function post(url: string, body: string, contentType: string, token: string | undefined, timeoutMs: number): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      agent: KEEP_ALIVE,
      headers: { 'content-type': contentType, 'content-length': payload.length, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // ECONNRESET, or EPIPE when the close comes while a large body is still being written.
      reject(request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') ? new ReusedSocketClosed(error.message) : error);
    });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
      });
    });
    request.end(payload);
  });
}

/** The data of a request that must succeed. */
export async function must<T = any>(endpoint: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const result = await gql<T>(endpoint, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL request failed (${result.status}): ${JSON.stringify(result.errors).slice(0, 1000)}`);
  return result.data;
}

// ---- statistics ----------------------------------------------------------------------------

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

export const int = (n: number) => Math.round(n).toLocaleString('en-GB');
export const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : int(n)} ms` : 'n/a');
export const secs = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} s`;
export const pct = (n: number) => `${(n * 100).toFixed(0)}%`;

// ---- the machine -------------------------------------------------------------------------

export function cpuCount(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return availableParallelism();
  }
}

export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

export function machineLine(): string {
  const memGib = Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024);
  return `${cpuCount()} CPUs (\`nproc\`), ${cpuModel()}, ${memGib} GiB RAM, Linux ${release()}, Node ${process.version}.`;
}

/** The commit built, and whether src/ had uncommitted changes (others edit it meanwhile). */
export function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'migrations') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes in src/ or migrations/ at the time)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function utcNow(): string {
  return new Date().toISOString().slice(0, 16).replace('T', ' ');
}

// ---- processes and CPU -------------------------------------------------------------------

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU ticks of a process and every descendant, reaped children included (a PostgreSQL backend that exits is not lost). */
export function treeTicks(root: number): number {
  const parentOf = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (!fields) continue;
    parentOf.set(Number(name), Number(fields[1]));
    ticks.set(Number(name), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
  }
  let total = ticks.get(root) ?? 0;
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        total += ticks.get(pid) ?? 0;
        queue.push(pid);
      }
    }
  }
  return total;
}

export function ticksToSeconds(ticks: number): number {
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** The whole machine: busy and total ticks from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { busy: user + nice + system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** The app child (bench/graphql/app-server.js) and the embedded PostgreSQL postmaster below this process. */
export function benchChildren(): { appPid: number | null; postgresPid: number | null } {
  const children = childrenOf(process.pid);
  const appPid = children.find((p) => cmdlineOf(p).includes('app-server.js')) ?? null;
  const postgresPid = children.find((p) => /\/postgres\s+-D\s/.test(cmdlineOf(p))) ?? null;
  return { appPid, postgresPid };
}

export interface CpuSplit {
  appSeconds: number;
  postgresSeconds: number;
  benchSeconds: number;
  machineBusySeconds: number;
  /** Everything else on the machine meanwhile (other users' processes, the kernel's own threads). */
  otherSeconds: number;
  wallSeconds: number;
}

/** Starts a CPU measurement of the app, PostgreSQL, this bench process and the machine; call the result to end it. */
export function startCpu(): () => CpuSplit {
  const { appPid, postgresPid } = benchChildren();
  const before = {
    app: appPid ? treeTicks(appPid) : 0,
    pg: postgresPid ? treeTicks(postgresPid) : 0,
    bench: process.cpuUsage(),
    machine: machineTicks(),
    at: performance.now(),
  };
  return () => {
    const bench = process.cpuUsage(before.bench);
    const machine = machineTicks();
    const split = {
      appSeconds: ticksToSeconds((appPid ? treeTicks(appPid) : 0) - before.app),
      postgresSeconds: ticksToSeconds((postgresPid ? treeTicks(postgresPid) : 0) - before.pg),
      benchSeconds: (bench.user + bench.system) / 1e6,
      machineBusySeconds: ticksToSeconds(machine.busy - before.machine.busy),
      wallSeconds: (performance.now() - before.at) / 1000,
    };
    return { ...split, otherSeconds: Math.max(0, split.machineBusySeconds - split.appSeconds - split.postgresSeconds - split.benchSeconds) };
  };
}

/** Share of the machine's CPUs busy over `seconds` (all processes). */
export async function machineBusyShare(seconds: number): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = machineTicks();
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/**
 * Others may run tests or benchmarks on the same machine: waits (up to `maxSeconds`) until the CPUs
 * are under `threshold` busy over 5 s, so the figures are not someone else's. Returns the share last seen.
 */
export async function waitForQuietMachine(log: (message: string) => void, maxSeconds: number, threshold = 0.1): Promise<{ busy: number; waitedSeconds: number }> {
  const began = performance.now();
  let busy = await machineBusyShare(5);
  while (busy > threshold && (performance.now() - began) / 1000 < maxSeconds) {
    log(`the machine is ${(busy * 100).toFixed(0)}% busy with other work; waiting for it to quieten (up to ${maxSeconds} s in all)`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    busy = await machineBusyShare(5);
  }
  return { busy, waitedSeconds: (performance.now() - began) / 1000 };
}

/** A sentence on other work that ran meanwhile, or '' when there was (almost) none. */
export function otherLoadNote(phases: { name: string; cpu: CpuSplit }[], cpus: number): string {
  const loaded = phases.filter((p) => p.cpu.otherSeconds / (p.cpu.wallSeconds * cpus) > 0.05);
  if (loaded.length === 0) return '';
  return (
    `**Other work shared the machine** during ${loaded.map((p) => `${p.name} (${((p.cpu.otherSeconds / (p.cpu.wallSeconds * cpus)) * 100).toFixed(0)}% of the CPUs)`).join(', ')}: ` +
    'processes that are neither the app, its PostgreSQL nor this bench (other sessions\' tests or benchmarks); those figures are pessimistic.'
  );
}

// ---- a bounded run that always cleans up -------------------------------------------------

export interface Run {
  /** Registers a cleanup; they run newest first, once, however the run ends. */
  onCleanup(name: string, cleanup: () => Promise<void> | void): void;
  log(message: string): void;
}

/**
 * Runs `main` with a watchdog: after `limitSeconds` the cleanups run and the process exits 1.
 * SIGINT/SIGTERM also run the cleanups first. Exit code: main's result, 1 on an error.
 */
export function boundedRun(name: string, limitSeconds: number, main: (run: Run) => Promise<number>): void {
  const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
  let cleaning: Promise<void> | null = null;
  const log = (message: string) => console.log(`[${name}] ${new Date().toISOString().slice(11, 19)} ${message}`);
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup.run();
        } catch (error) {
          console.error(`cleanup "${cleanup.name}" failed:`, error);
        }
      }
    })());
  const finish = (code: number) => {
    cleanUp().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(() => {
    console.error(`[${name}] stopped by its time limit of ${limitSeconds} s`);
    finish(1);
  }, limitSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependOnceListener(signal, () => {
      console.error(`[${name}] ${signal}: cleaning up`);
      finish(1);
    });
  }
  main({ onCleanup: (n, run) => cleanups.push({ name: n, run }), log }).then(
    (code) => finish(code),
    (error: unknown) => {
      console.error(error);
      finish(1);
    },
  );
}

// ---- bench/RESULTS.md --------------------------------------------------------------------

/** Puts `section` (starting with `heading`) in place of the previous one, or appends it; other sections stay as they are. */
/** The section of bench/RESULTS.md under `heading` (up to the next `## `), or '' when it has none. */
export function readResultsSection(heading: string): string {
  if (!existsSync(RESULTS_FILE)) return '';
  const lines = readFileSync(RESULTS_FILE, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) return '';
  const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start, next === -1 ? undefined : next).join('\n');
}

export function writeResultsSection(heading: string, section: string): string {
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n';
  const lines = existing.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  let updated: string;
  if (start === -1) {
    updated = `${existing.trimEnd()}\n\n${section}`;
  } else {
    const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
    const after = next === -1 ? '' : `\n${lines.slice(next).join('\n')}`;
    updated = `${lines.slice(0, start).join('\n').trimEnd()}\n\n${section.trimEnd()}\n${after}`;
  }
  writeFileSync(RESULTS_FILE, `${updated.trimEnd()}\n`);
  return RESULTS_FILE;
}
