import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { foldPendingRollups } from './decision-rollups.js';

/**
 * Folds decisions recorded singly into the rollups every ROLLUP_FOLD_SECONDS, so few are left for
 * a metrics read to fold first. Durable: what is pending is in decision_rollup_pending, so a stop
 * loses nothing. Every instance may run it: concurrent folds each take different rows. One fold at
 * a time per instance: a tick while one runs is skipped.
 */
@Injectable()
export class PendingRollupFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PendingRollups');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.rollupFoldSeconds === 0) return;
    this.timer = setInterval(() => void this.fold(), this.config.rollupFoldSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async fold(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await foldPendingRollups(this.dataSource);
    } catch (error) {
      this.logger.error({ message: 'folding pending rollups failed', error: String(error) });
    } finally {
      this.running = false;
    }
  }
}
