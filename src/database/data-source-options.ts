import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import type { QueryCounter } from './query-counter.js';

const PG_DATE_OID = 1082;
// A `date` column is a calendar date: keep it as 'YYYY-MM-DD' instead of a midnight in the server's zone.
pg.types.setTypeParser(PG_DATE_OID, (value: string) => value);

export interface DatabaseTimeouts {
  /** Waiting for a connection (a new one, or a free one from a full pool); 0 waits forever. */
  connectMs: number;
  /** One statement, enforced by the server (statement_timeout); 0 is no limit. */
  statementMs: number;
}

/**
 * One definition for the app and the migration CLI. Never synchronize: migrations only.
 * With `timeouts`, nothing waits forever on a database that has gone away: a connection attempt
 * or a statement past its limit fails (and the request with SERVICE_UNAVAILABLE), and TCP
 * keepalive notices a silently dropped connection. Broken connections leave the pool and new ones
 * are opened on demand, so the app carries on by itself once the database is back.
 */
export function dataSourceOptions(url: string, poolSize: number, logger?: QueryCounter, timeouts?: DatabaseTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    logger,
    maxQueryExecutionTime: 1000,
    extra: {
      max: poolSize,
      application_name: 'accordant',
      // Every statement with parameters gets a generic plan, not only the named ones: without it
      // PostgreSQL re-planned the ledger's read on most calls (0.6 ms, more than running it),
      // which halved single-decision throughput in bench:ingest. The other queries are indexed
      // lookups and rollup reads; bench:dashboard and bench:load measured them under this setting.
      options: '-c plan_cache_mode=force_generic_plan',
      ...(timeouts && {
        connectionTimeoutMillis: timeouts.connectMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        ...(timeouts.statementMs > 0 && { statement_timeout: timeouts.statementMs }),
      }),
    },
  };
}
