import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntervalJob } from '../../common/lifecycle/interval-job.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { foldPendingRollups } from './decision-rollups.js';

/**
 * Folds decisions recorded singly into the rollups every ROLLUP_FOLD_SECONDS, so few are left for
 * a metrics read to fold first. Durable: what is pending is in decision_rollup_pending, so a stop
 * loses nothing. Every instance may run it: concurrent folds each take different rows.
 */
@Injectable()
export class PendingRollupFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job = new IntervalJob(new Logger('PendingRollups'), 'folding pending rollups failed', () => foldPendingRollups(this.dataSource));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.rollupFoldSeconds);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
