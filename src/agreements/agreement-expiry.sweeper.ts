import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IntervalJob } from '../common/lifecycle/interval-job.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AgreementStatusService } from './agreement-status.service.js';

/**
 * Expires agreements past their end date at start and then periodically. Every instance may run
 * it: the work is idempotent and each agreement changes under its own row lock, so nothing is lost
 * if an instance stops (the next run, anywhere, picks it up).
 */
@Injectable()
export class AgreementExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job = new IntervalJob(new Logger('AgreementExpiry'), 'expiry sweep failed', () => this.statuses.expireEnded());

  constructor(
    private readonly statuses: AgreementStatusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.expirySweepSeconds === 0) return;
    void this.job.runOnce();
    this.job.start(this.config.expirySweepSeconds);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
