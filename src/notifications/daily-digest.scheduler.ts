import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { IntervalJob } from '../common/lifecycle/interval-job.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DailyDigestService } from './daily-digest.service.js';

/** How often an instance looks for digests due: they go out within this of DIGEST_HOUR_UTC. */
const CHECK_SECONDS = 600;

/** Writes the daily digests into the outbox (sent like any message, or waiting there with no SMTP_URL). Off with OUTBOX_SEND_SECONDS=0. */
@Injectable()
export class DailyDigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job = new IntervalJob(new Logger('DailyDigest'), 'daily digest failed', () => this.digests.sendDue(this.clock.now()));

  constructor(
    private readonly digests: DailyDigestService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mail.sendSeconds === 0) return;
    this.job.start(CHECK_SECONDS);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
