import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { IntervalJob } from '../common/lifecycle/interval-job.js';
import { AuditService } from './audit.service.js';

/**
 * Writes a signed anchor of the audit chain's head every AUDIT_ANCHOR_SECONDS and once more on
 * shutdown, to the anchor file and to the log (so a log stream the operator keeps holds them too).
 */
@Injectable()
export class AuditAnchorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditAnchor');
  private readonly job = new IntervalJob(this.logger, 'audit anchor failed', () => this.anchor());

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.audit.anchorSeconds);
  }

  // Before the database pool closes (onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    this.job.stop();
    await this.job.runOnce();
  }

  private async anchor(): Promise<void> {
    const { anchor, problem } = await this.audit.writeAnchor();
    if (problem) this.logger.error({ message: 'the audit chain does not verify: no anchor written over it', ...problem });
    if (anchor) this.logger.log({ message: 'audit anchor', file: this.config.audit.anchorFile, ...anchor });
  }
}
