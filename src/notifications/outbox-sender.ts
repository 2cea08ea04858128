import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Clock } from '../common/clock/clock.js';
import { IntervalJob } from '../common/lifecycle/interval-job.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OutboxService } from './outbox.service.js';
import { SmtpMailer } from './smtp-mailer.js';

/** Messages one run sends at most, one after another; the next run carries on. */
const RUN_LIMIT = 200;

/**
 * Sends the outbox every OUTBOX_SEND_SECONDS when SMTP_URL is set. Every instance runs it: each
 * claims one message at a time with FOR UPDATE SKIP LOCKED, so no two send the same one. With no
 * SMTP_URL it does not run and messages wait in the outbox (the /outbox page says so).
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  /** This instance, in claims and tries. */
  readonly name = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('OutboxSender');
  private readonly job = new IntervalJob(this.logger, 'outbox send failed', () => this.sendDue());

  constructor(
    private readonly outbox: OutboxService,
    private readonly mailer: SmtpMailer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mailer.configured || this.config.mail.sendSeconds === 0) return;
    this.job.start(this.config.mail.sendSeconds);
  }

  onApplicationShutdown(): void {
    this.job.stop();
  }

  /** Recovers messages whose sender stopped, then sends what is due. How many were tried. */
  async sendDue(): Promise<number> {
    if (!this.mailer.configured) return 0;
    await this.outbox.recoverExpired(this.clock.now());
    let tried = 0;
    while (tried < RUN_LIMIT) {
      const message = await this.outbox.claimNext(this.name, this.clock.now());
      if (!message) break;
      tried += 1;
      const result = await this.mailer.deliver(
        { to: message.toAddress, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId, date: this.clock.now() },
        () => this.outbox.handOver(message, this.name, this.clock.now()),
      );
      if (result.kind !== 'SENT') this.logger.warn({ message: 'outbox message not sent', id: message.id, attempt: message.attempt, result: result.kind });
      await this.outbox.record(message, this.name, result, this.clock.now());
    }
    return tried;
  }
}
