import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logger, used for one thing: counting the SQL statements the app sends, so a
 * test or benchmark can show a page costs the same number of queries whatever its size.
 * Slow and failed queries are reported through the app's own logger.
 */
export class QueryCounter implements TypeOrmLogger {
  private count = 0;

  constructor(private readonly warn: (message: object) => void) {}

  get queries(): number {
    return this.count;
  }

  logQuery(): void {
    this.count += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.count += 1;
    this.warn({ message: 'query failed', error: error instanceof Error ? error.message : error, query: query.slice(0, 500) });
  }

  logQuerySlow(time: number, query: string): void {
    this.warn({ message: 'slow query', durationMs: time, query: query.slice(0, 500) });
  }

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.warn({ message: String(message) });
  }
}

/** The counter behind a data source the app built. */
export function queryCounterOf(dataSource: DataSource): QueryCounter {
  if (!(dataSource.logger instanceof QueryCounter)) throw new Error('data source was not built with a QueryCounter');
  return dataSource.logger;
}
