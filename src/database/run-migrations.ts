import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';

// Any constant shared by every instance; two replicas starting together take turns.
const MIGRATION_LOCK_KEY = 0x6163636f72;

/**
 * Runs pending migrations, each in its own transaction, one instance at a time. They run on one
 * connection of their own with no statement timeout: a migration over a large ledger may take
 * longer than any request should. `after` runs on that connection still under the lock (granting
 * the app role: two instances granting at once would fail with "tuple concurrently updated").
 */
export async function runMigrations(dataSource: DataSource, after?: (runner: QueryRunner) => Promise<void>): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await after?.(runner);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
