// A CPU profile of the app while it ingests: the same child entry as bench/graphql (app-server.js,
// the same IPC messages), forked with V8's --cpu-prof, which writes a .cpuprofile when the process
// exits. Only the samples taken inside a given time window are counted (not start-up), by self time,
// grouped by where the code comes from (a package, the app's own files, Node internals, GC).
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_NODE_FLAGS } from '../graphql/child-server.js';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ProfiledApp {
  url: string;
  pid: number;
  /** Asks the app to close, waits for it to exit (the profile is written on exit). */
  stop(): Promise<void>;
}

export async function startProfiledApp(settings: Record<string, string>, profileDir: string): Promise<ProfiledApp> {
  const child = fork(fileURLToPath(new URL('../graphql/app-server.js', import.meta.url)), [], {
    execArgv: [...APP_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'],
    env: { ...process.env, NODE_ENV: 'production', BENCH_APP_SETTINGS: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
    if (await Promise.race([exited.then(() => false), timedOut])) {
      child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the profiled app did not start in time')), START_TIMEOUT_MS);
      child.on('message', (message: { type: string; url?: string }) => {
        if (message.type === 'listening' && message.url) {
          clearTimeout(timer);
          resolve(message.url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the profiled app exited with code ${code} before listening`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Microseconds on the monotonic clock V8 stamps its profile samples with. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ProfileSummary {
  /** CPU-busy milliseconds sampled in the window (idle excluded). */
  busyMs: number;
  windowMs: number;
  byOrigin: { origin: string; ms: number }[];
  topFunctions: { name: string; origin: string; ms: number }[];
  /** Inclusive time under a few recognisable stages of a GraphQL request. */
  stages: { stage: string; ms: number }[];
}

function originOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  if (!url) return 'native / builtins';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'Node internals';
  const app = /\/dist\/(src\/.+)$/.exec(url);
  if (app) return `app: ${app[1].replace(/\.js$/, '.ts')}`;
  return url;
}

const STAGES: { stage: string; matches: (f: ProfileNode['callFrame']) => boolean }[] = [
  { stage: 'graphql-js: parse, validate, coerce the input variables', matches: (f) => /node_modules\/graphql\/(language|validation|utilities\/coerceInputValue|execution\/values)/.test(f.url) },
  { stage: 'class-transformer: plainToInstance of the inputs', matches: (f) => /node_modules\/class-transformer\//.test(f.url) && /transform|plainToInstance|plainToClass/i.test(f.functionName) },
  { stage: 'class-validator: validate the inputs', matches: (f) => /node_modules\/class-validator\//.test(f.url) && /^(validate|execute|performValidations|validateOrReject)$/.test(f.functionName) },
  { stage: 'app: SharingDecisionsService.row (flags, request hash, case HMAC)', matches: (f) => /sharing-decisions\.service\.js$/.test(f.url) && f.functionName === 'row' },
  { stage: 'TypeORM: hydrate entities (getMany)', matches: (f) => /node_modules\/typeorm\//.test(f.url) && /^(transform|getRawAndEntities)$/.test(f.functionName) },
  { stage: 'garbage collector', matches: (f) => f.functionName === '(garbage collector)' },
];

/** Reads the one .cpuprofile in `dir` and summarises the samples taken in [fromMicros, toMicros]. */
export function summariseProfile(dir: string, fromMicros: number, toMicros: number): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  let t = profile.startTime;
  let windowStart = Infinity;
  let windowEnd = -Infinity;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i];
    if (t < fromMicros || t > toMicros) continue;
    // The time until the next sample belongs to this one.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
    windowStart = Math.min(windowStart, t);
    windowEnd = Math.max(windowEnd, t);
  }

  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, { name: string; origin: string; ms: number }>();
  const stageMs = new Map<string, number>();
  let busyMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyMs += ms;
    const origin = originOf(url, functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + ms);
    const key = `${functionName}|${url}|${lineNumber}`;
    const entry = byFunction.get(key) ?? { name: `${functionName || '(anonymous)'}${url ? ` (${url.split('/').slice(-2).join('/')}:${lineNumber + 1})` : ''}`, origin, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
    // Inclusive: the first (outermost) matching frame of each stage on the stack gets the sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const s of STAGES) if (!seen.has(s.stage) && s.matches(frame)) seen.add(s.stage);
    }
    for (const s of seen) stageMs.set(s, (stageMs.get(s) ?? 0) + ms);
  }
  return {
    busyMs,
    windowMs: Number.isFinite(windowStart) ? (windowEnd - windowStart) / 1000 : 0,
    byOrigin: [...byOrigin.entries()].map(([origin, ms]) => ({ origin, ms })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, 15),
    stages: STAGES.map((s) => ({ stage: s.stage, ms: stageMs.get(s.stage) ?? 0 })),
  };
}
