import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IntervalJob } from '../../common/lifecycle/interval-job.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { RemindersService } from './reminders.service.js';

/** Runs the reminders every REMINDERS_SECONDS on every instance (off in tests, which run them explicitly): each is sent once whichever runs it. */
@Injectable()
export class RemindersJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job = new IntervalJob(new Logger('Reminders'), 'reminders run failed', () => this.reminders.run());

  constructor(
    private readonly reminders: RemindersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.remindersSeconds);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }
}
