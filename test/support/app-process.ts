// The app as a real, separate process (`node src/main.js`), for tests where nothing may be shared
// in memory with the test or another instance: several instances on one database, and shutdown on
// SIGTERM. The TypeScript is transpiled once (file by file, as ts-jest does; `pretest` has already
// type-checked it) into node_modules/.cache, keyed by the sources, and reused while they are unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';
import ts from 'typescript';
import { freePort } from './own-postgres.js';
import { databaseReader } from './query-once.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, type GraphqlError, type GraphqlResponse } from './test-app.js';

const ROOT = process.cwd();
const SOURCES = ['src', 'migrations'];
const CACHE = join(ROOT, 'node_modules', '.cache', 'accordant-app-build');
const START_TIMEOUT_MS = 90_000;

/** The folder holding the transpiled app (`src/main.js` in it), built if the sources changed. */
export function appBuild(): string {
  const files = SOURCES.flatMap((folder) => tsFiles(join(ROOT, folder)));
  const key = createHash('sha256');
  for (const file of files) {
    const stat = statSync(file);
    key.update(`${relative(ROOT, file)}:${stat.size}:${stat.mtimeMs}\n`);
  }
  key.update(readFileSync(join(ROOT, 'tsconfig.json')));
  const out = join(CACHE, key.digest('hex').slice(0, 16));
  if (existsSync(join(out, 'package.json'))) return out;

  const { options } = ts.convertCompilerOptionsFromJson(
    // ES modules as `nest build` emits them here (the package is "type": "module"); file by file there is no package.json to tell.
    {
      ...JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions,
      module: 'esnext',
      moduleResolution: 'bundler',
      sourceMap: false,
      inlineSourceMap: true,
      incremental: false,
    },
    ROOT,
  );
  // Built beside and renamed into place, so a test file running in parallel never sees half a build.
  const partial = `${out}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  for (const file of files) {
    const target = join(partial, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText);
  }
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ type: 'module' }));
  try {
    renameSync(partial, out);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another worker finished first: use its build
  }
  pruneOldBuilds(out);
  return out;
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Builds from older sources, left by earlier runs: removed once an hour old (a parallel run may still use a recent one). */
function pruneOldBuilds(current: string): void {
  for (const entry of readdirSync(CACHE)) {
    const path = join(CACHE, entry);
    if (path !== current && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

export interface AppProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Every line the process logged (JSON, one object a line), parsed where possible, `message` the text. */
  logs: () => Record<string, unknown>[];
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  login(email: string, password?: string): Promise<string>;
  adminToken(): Promise<string>;
  /** The app's database, for fixtures that read what the app wrote (the link an invitation email carries). */
  db: Pick<pg.Client, 'query'>;
  /** Resolves with the exit code (or the signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for the exit; SIGKILL after `timeoutMs`. */
  terminate(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node src/main.js` from the build with the given settings (as its environment, which the
 * app's config reads) on a free port, and waits until it serves.
 */
function anchorsOf(env: Record<string, string>): Record<string, string> {
  return env.DATA_DIR || env.AUDIT_ANCHOR_FILE ? {} : { AUDIT_ANCHOR_FILE: join(mkdtempSync(join(tmpdir(), 'accordant-app-anchors-')), 'audit-anchors.jsonl') };
}

export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const build = appBuild();
  const port = await freePort();
  const child = spawn(process.execPath, [join(build, 'src', 'main.js')], {
    cwd: ROOT,
    // Audit anchors in a folder of this process's own unless placed: never in the checkout's .data, shared across runs.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'log', SCHEMA_FILE: '', ...anchorsOf(env), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited before serving:\n${lines.slice(-30).join('\n')}`);
    if (lines.some((line) => line.includes('Accordant is serving GraphQL'))) break;
    if (Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start within ${START_TIMEOUT_MS / 1000} s:\n${lines.slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const gql: AppProcess['gql'] = async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors };
  };
  const login = async (email: string, password = DEFAULT_PASSWORD) => {
    const result = await gql<{ login: { token: string } }>('mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { email, password } });
    if (!result.data) throw new Error(`login as ${email} failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };
  let adminTokenCache: string | undefined;

  return {
    url,
    pid: child.pid!,
    child,
    logs: () =>
      lines.map((line) => {
        try {
          // The JSON logger nests an object logged as the message: flattened here, so `message` is always the text.
          const entry = JSON.parse(line) as Record<string, unknown>;
          return typeof entry.message === 'object' && entry.message !== null ? { ...entry, ...(entry.message as object) } : entry;
        } catch {
          return { message: line };
        }
      }),
    gql,
    login,
    adminToken: async () => (adminTokenCache ??= await login(ADMIN_EMAIL, ADMIN_PASSWORD)),
    db: databaseReader(databaseUrlOf(env)),
    exited,
    terminate: async (timeoutMs = 60_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Every process descended from `pid` now (children, their children, …), from /proc. */
/** Where the app's data is: its DATABASE_URL, or the embedded server's owner role on its fixed port (src/database/embedded-database.ts). */
function databaseUrlOf(env: Record<string, string>): string | undefined {
  return env.DATABASE_URL ?? (env.EMBEDDED_DB_PORT ? `postgresql://accordant:accordant@127.0.0.1:${env.EMBEDDED_DB_PORT}/accordant` : undefined);
}

export function descendantsOf(pid: number): { pid: number; command: string }[] {
  const parents = new Map<number, number[]>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      commands.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push({ pid: child, command: commands.get(child) ?? '' });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
