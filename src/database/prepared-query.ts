import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs one of the ledger's hot statements as a named prepared statement on the connection the
 * manager holds (a transaction's, or one taken for a few statements): PostgreSQL plans it once per
 * connection rather than on every call (planning the rollup upsert costs more than running it for
 * one decision). `name` must be unique to `text`.
 */
export async function preparedQuery<T>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = em.queryRunner;
  if (!runner) throw new Error(`prepared statement ${name} runs on a connection of its own: use a transaction's or a query runner's manager`);
  const client = (await runner.connect()) as PoolClient;
  em.connection.logger.logQuery(text, values, runner); // counted like every other statement
  const started = performance.now();
  const result = await client.query<T & object>({ name, text, values });
  reportIfSlow(em.connection, performance.now() - started, text, values);
  return result.rows as T[];
}

/**
 * The same for a statement on its own (its own transaction), on whichever pooled connection is
 * free: for the statements every request runs (who the caller is, the write-rate count), which
 * would otherwise be parsed and planned again on each request.
 */
export async function pooledPreparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  dataSource.logger.logQuery(text, values); // counted like every other statement
  const started = performance.now();
  const result = await pool.query<T & object>({ name, text, values });
  reportIfSlow(dataSource, performance.now() - started, text, values);
  return result.rows as T[];
}

/** What TypeORM does for its own queries, which these bypass: a statement over `maxQueryExecutionTime` is logged as slow. */
function reportIfSlow(dataSource: DataSource, ms: number, text: string, values: unknown[]): void {
  const limit = dataSource.options.maxQueryExecutionTime;
  if (limit && ms > limit) dataSource.logger.logQuerySlow(ms, text, values);
}
