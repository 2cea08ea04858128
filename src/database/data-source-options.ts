import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import type { QueryCounter } from './query-counter.js';

const PG_DATE_OID = 1082;
// A `date` column is a calendar date: keep it as 'YYYY-MM-DD' instead of a midnight in the server's zone.
pg.types.setTypeParser(PG_DATE_OID, (value: string) => value);

/** One definition for the app and the migration CLI. Never synchronize: migrations only. */
export function dataSourceOptions(url: string, poolSize: number, logger?: QueryCounter): DataSourceOptions {
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
    extra: { max: poolSize, application_name: 'accordant' },
  };
}
