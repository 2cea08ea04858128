import { rmSync } from 'node:fs';

// Stops the test PostgreSQL so no process outlives the run.
export default async function globalTeardown() {
  const instance = globalThis.__ACCORDANT_TEST_DB__;
  if (!instance) return;
  await instance.server.stop();
  rmSync(instance.root, { recursive: true, force: true });
}
