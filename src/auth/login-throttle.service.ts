import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';

/** The longest a sign-in waits because its email has failed too often from anywhere. */
export const MAX_SLOW_DOWN_SECONDS = 10;

/** A password check the throttle let through: finish it with `failed` or `succeeded`. */
export interface LoginAttempt {
  id: string;
  email: string;
  address: string;
}

/**
 * Sign-in attempts (login and changePassword) counted in the database, not in memory, so every
 * instance enforces the same limits within `windowSeconds`:
 * - per client address, every attempt, successful or not (`maxAttemptsPerAddress`);
 * - per (email, address), failures (`maxFailuresPerEmail`): refused, even the right password;
 * - per email alone, failures from anywhere: slowed down (MAX_SLOW_DOWN_SECONDS at most), never
 *   refused, so nobody can lock another person out from elsewhere.
 * An attempt is written (PENDING, counting as a failure) and committed before it is counted, so
 * parallel attempts each see those before them: at most the limit are ever evaluated.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts an attempt, refusing it (TOO_MANY_REQUESTS) or, after any slow-down, letting its password be checked. */
  async begin(email: string, address: string): Promise<LoginAttempt> {
    const { maxFailuresPerEmail, maxAttemptsPerAddress, windowSeconds } = this.config.loginRateLimit;
    const now = this.clock.now();
    const since = new Date(now.getTime() - windowSeconds * 1000);
    const [{ id }] = (await this.dataSource.query(
      `INSERT INTO login_attempt (email, address, attempted_at, outcome) VALUES ($1, $2, $3, 'PENDING') RETURNING id::text`,
      [email, address, now],
    )) as { id: string }[];
    const [row] = (await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE email = $1 AND outcome IN ('PENDING', 'FAILED'))::int AS by_pair,
         min(attempted_at) FILTER (WHERE email = $1 AND outcome IN ('PENDING', 'FAILED')) AS oldest_pair,
         count(*)::int AS by_address,
         min(attempted_at) AS oldest_address,
         (SELECT count(*) FROM login_attempt WHERE email = $1 AND attempted_at > $3 AND outcome = 'FAILED')::int AS by_email
       FROM login_attempt WHERE address = $2 AND attempted_at > $3`,
      [email, address, since],
    )) as { by_pair: number; oldest_pair: Date | null; by_address: number; oldest_address: Date | null; by_email: number }[];
    const oldest = row.by_address > maxAttemptsPerAddress ? row.oldest_address : row.by_pair > maxFailuresPerEmail ? row.oldest_pair : undefined;
    if (oldest !== undefined) {
      // A refused attempt checks no password, so it does not keep the refusal going.
      await this.dataSource.query('DELETE FROM login_attempt WHERE id = $1', [id]);
      const retryAt = (oldest?.getTime() ?? now.getTime()) + windowSeconds * 1000;
      const retryAfterSeconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
      throw new DomainError(ErrorCode.TooManyRequests, `Too many sign-in attempts: try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
    if (row.by_email >= maxFailuresPerEmail) await sleep(Math.min(MAX_SLOW_DOWN_SECONDS, row.by_email - maxFailuresPerEmail + 1) * 1000);
    return { id, email, address };
  }

  /**
   * Marks the attempt failed and tallies it for its address in a fixed window: answers whether
   * it is the address's first failure of that window (the one an audit entry is written for).
   */
  async failed(em: EntityManager, attempt: LoginAttempt): Promise<{ firstInWindow: boolean; windowStart: Date }> {
    const windowMs = this.config.loginRateLimit.windowSeconds * 1000;
    const now = this.clock.now().getTime();
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    await em.query(`UPDATE login_attempt SET outcome = 'FAILED' WHERE id = $1`, [attempt.id]);
    const [{ failures }] = (await em.query(
      `INSERT INTO login_failure_tally (address, window_start, failures) VALUES ($1, $2, 1)
       ON CONFLICT (address, window_start) DO UPDATE SET failures = login_failure_tally.failures + 1 RETURNING failures`,
      [attempt.address, windowStart],
    )) as { failures: number }[];
    await this.prune(em, attempt);
    return { firstInWindow: failures === 1, windowStart };
  }

  /** Marks the attempt a success and forgives the earlier failures of its email from its address. */
  async succeeded(em: EntityManager, attempt: LoginAttempt): Promise<void> {
    await em.query(`UPDATE login_attempt SET outcome = 'SUCCEEDED' WHERE id = $1`, [attempt.id]);
    await em.query(`UPDATE login_attempt SET outcome = 'FORGIVEN' WHERE email = $1 AND address = $2 AND outcome = 'FAILED'`, [attempt.email, attempt.address]);
    await this.prune(em, attempt);
  }

  /** Attempts older than the window no longer count: drop them as we go. */
  private async prune(em: EntityManager, { email, address }: LoginAttempt): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.loginRateLimit.windowSeconds * 1000);
    await em.query('DELETE FROM login_attempt WHERE (email = $1 OR address = $2) AND attempted_at <= $3', [email, address, before]);
  }
}
