// Each server under test runs in its own child process, started the same way, so neither
// shares an event loop with autocannon (which runs in the bench process) and the comparison
// is fair. Parent and child speak over the fork() IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type ToChild = { type: 'queryCount' } | { type: 'stop' };
type FromChild = { type: 'listening'; url: string } | { type: 'queryCount'; count: number };

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** What a child entry script serves. */
export interface ServedServer {
  /** Base URL, e.g. http://127.0.0.1:PORT; GraphQL is at `${url}/graphql`. */
  url: string;
  close(): Promise<void>;
  /** SQL statements sent so far, where the server has a database. */
  queryCount?(): number;
}

/** Child side: start the server, report its URL, then answer the parent until told to stop. */
export function serveToParent(start: () => Promise<ServedServer>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this script is started by bench/graphql/run.js through fork()');
  // Never outlive the bench process, however it ends.
  process.once('disconnect', () => process.exit(1));
  start().then(
    (server) => {
      process.on('message', (message: ToChild) => {
        if (message.type === 'queryCount') {
          if (!server.queryCount) throw new Error('this server counts no queries');
          send({ type: 'queryCount', count: server.queryCount() } satisfies FromChild);
        } else if (message.type === 'stop') {
          server.close().then(
            () => process.exit(0),
            (error: unknown) => {
              console.error(error);
              process.exit(1);
            },
          );
        }
      });
      send({ type: 'listening', url: server.url } satisfies FromChild);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Parent side: a running child server. */
export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  queryCount(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The V8 flags the app runs with in production (Dockerfile's CMD, `npm start`): a larger young
 * generation, so the short-lived objects of a bulk batch (parsed lines, inputs, rows) die young
 * rather than being copied on; it cut the app's CPU per decision by about a third.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=32'];

/** The first SYSTEM_ADMIN a bench's app creates, to seed through the API. */
export const BENCH_ADMIN = { email: 'admin@bench.test', password: 'bench lantern violet kettle' };

/**
 * The settings a bench's app runs with (BENCH_APP_SETTINGS, read by app-server.ts): production
 * mode, fresh secrets, warnings only, no expiry sweep and no schema file written.
 */
export function benchAppSettings(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    CASE_REFERENCE_KEY: randomBytes(32).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    AUDIT_ANCHOR_FILE: join(tmpdir(), `accordant-bench-anchors-${process.pid}.jsonl`),
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    LOG_LEVEL: 'warn',
    SCHEMA_FILE: '',
    EXPIRY_SWEEP_SECONDS: '0',
    // Every bench client signs in from 127.0.0.1, and every sign-in counts against the per-address throttle.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000000',
    // A bench client downloads far more than a person's 60 documents a minute.
    DOCUMENT_RATE_LIMIT_PER_MINUTE: '1000000',
  };
}

/** Forks `script` (a path relative to this file's folder) and waits until it listens. */
export async function startChildServer(name: string, script: string, env: Record<string, string>): Promise<ChildServer> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    execArgv: APP_NODE_FLAGS,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on('message', (message: FromChild) => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          resolve(message.url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with code ${code} before listening`));
      });
    });
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }

  return {
    name,
    url,
    pid: child.pid!,
    queryCount: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: FromChild) => {
          if (message.type !== 'queryCount') return;
          child.off('message', onMessage);
          resolve(message.count);
        };
        child.on('message', onMessage);
        child.send({ type: 'queryCount' } satisfies ToChild);
      }),
    stop: () => stopChild(child, exited),
  };
}

/** Asks the child to close cleanly; kills it if it has not exited in time. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'stop' } satisfies ToChild);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
  if (await Promise.race([exited.then(() => false), timedOut])) {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
