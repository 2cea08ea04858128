import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';

/**
 * Failed logins counted in the database (not in memory), so every instance enforces the same
 * limit: per email address, and per client address against password spraying.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async assertAllowed(em: EntityManager, email: string, address: string): Promise<void> {
    const { maxFailuresPerEmail, maxFailuresPerAddress, windowSeconds } = this.config.loginRateLimit;
    const since = new Date(this.clock.now().getTime() - windowSeconds * 1000);
    const [row] = (await em.query(
      `SELECT
         (SELECT count(*) FROM login_failure WHERE email = $1 AND failed_at > $3)::int AS by_email,
         (SELECT count(*) FROM login_failure WHERE address = $2 AND failed_at > $3)::int AS by_address,
         (SELECT min(failed_at) FROM login_failure WHERE (email = $1 OR address = $2) AND failed_at > $3) AS oldest`,
      [email, address, since],
    )) as { by_email: number; by_address: number; oldest: Date | null }[];
    if (row.by_email < maxFailuresPerEmail && row.by_address < maxFailuresPerAddress) return;
    const retryAt = (row.oldest?.getTime() ?? this.clock.now().getTime()) + windowSeconds * 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - this.clock.now().getTime()) / 1000));
    throw new DomainError(ErrorCode.TooManyRequests, `Too many failed sign-in attempts: try again in ${retryAfterSeconds} seconds`, {
      retryAfterSeconds,
    });
  }

  async recordFailure(em: EntityManager, email: string, address: string): Promise<void> {
    const now = this.clock.now();
    await em.query('INSERT INTO login_failure (email, address, failed_at) VALUES ($1, $2, $3)', [email, address, now]);
    // Rows older than the window no longer count; drop them as we go.
    await em.query('DELETE FROM login_failure WHERE email = $1 AND failed_at <= $2', [
      email,
      new Date(now.getTime() - this.config.loginRateLimit.windowSeconds * 1000),
    ]);
  }

  async clearFailures(em: EntityManager, email: string): Promise<void> {
    await em.query('DELETE FROM login_failure WHERE email = $1', [email]);
  }
}
