import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntervalJob } from '../../common/lifecycle/interval-job.js';

const DAY_SECONDS = 24 * 60 * 60;
/** How far ahead the ledger's monthly partitions are kept ready. */
export const MONTHS_AHEAD = 12;

/**
 * Keeps a year of monthly ledger partitions ready ahead of today, at start and then daily. Every
 * instance may run it: the database function takes its own lock and creates only what is missing.
 */
@Injectable()
export class LedgerPartitionKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerPartitions');
  private readonly job = new IntervalJob(this.logger, 'partition upkeep failed', () => this.ensureAhead());

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAhead();
    this.job.start(DAY_SECONDS);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }

  /** Creates any missing partition from this month to MONTHS_AHEAD months on; returns how many it created. */
  async ensureAhead(): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT ensure_sharing_decision_partitions(date_trunc('month', now() AT TIME ZONE 'UTC')::date,
                                                 (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => $1))::date) AS created`,
      [MONTHS_AHEAD],
    )) as { created: number }[];
    if (row.created > 0) this.logger.log({ message: 'ledger partitions created', count: row.created });
    return row.created;
  }
}
