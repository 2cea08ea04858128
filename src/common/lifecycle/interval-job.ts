import type { LoggerService } from '@nestjs/common';

/**
 * A background job run every so many seconds until the app stops: the shape of the expiry sweep,
 * the rollup fold and the partition upkeep. Its timer does not keep the process alive; a run that
 * fails is logged and the next goes ahead; a tick that comes while a run is still going is skipped,
 * so runs of one job never overlap within an instance.
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  /** `failure` is the log message when a run throws. */
  constructor(
    private readonly logger: Pick<LoggerService, 'error'>,
    private readonly failure: string,
    private readonly work: () => Promise<unknown>,
  ) {}

  /** Runs the job every `seconds` from now on; 0 leaves it off. */
  start(seconds: number): void {
    if (seconds === 0) return;
    this.timer = setInterval(() => void this.runOnce(), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One run now, unless one is going (which it then lets finish alone). */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.work();
    } catch (error) {
      this.logger.error({ message: this.failure, error: String(error) });
    } finally {
      this.running = false;
    }
  }
}
