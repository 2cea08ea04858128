import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** A fixed window of the write limit: when it began, and when the next begins (epoch ms). */
export interface WriteWindow {
  start: Date;
  nextStartMs: number;
  nowMs: number;
}

/**
 * A CTE named `counted` that adds one write to the user's count for the window: `user` is a
 * relation with the user's `id` and `counts` (whether to count), `windowStart` a parameter. Run
 * in the statement that looks up the caller (AuthService.callerFor), so a write costs no round
 * trip of its own.
 */
export function countWriteCte(user: string, windowStart: string): string {
  return `counted AS (
    INSERT INTO write_rate_window (user_id, window_start, writes) SELECT id, ${windowStart}, 1 FROM ${user} WHERE counts
    ON CONFLICT (user_id, window_start) DO UPDATE SET writes = write_rate_window.writes + 1
    RETURNING writes
  )`;
}

/**
 * Each signed-in user may make `writesPerUser` writes (GraphQL mutations, form posts) in each fixed
 * window of `writeWindowSeconds`, counted in PostgreSQL (not in memory) so all app instances share
 * the count. The authentication guard counts a write with the caller's own lookup (countWriteCte),
 * then asks `settle` whether it is allowed: the write over the limit is refused with
 * TOO_MANY_REQUESTS and the seconds until the next window.
 */
@Injectable()
export class WriteRateLimitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The window a write made now counts in. */
  window(): WriteWindow {
    const nowMs = this.clock.now().getTime();
    const windowMs = this.config.limits.writeWindowSeconds * 1000;
    const startMs = Math.floor(nowMs / windowMs) * windowMs;
    return { start: new Date(startMs), nextStartMs: startMs + windowMs, nowMs };
  }

  /** After a write was counted (`writes`, the user's count in `window` with it): refuses it if over the limit. */
  async settle(userId: string, writes: number, window: WriteWindow): Promise<void> {
    const { writesPerUser, writeWindowSeconds } = this.config.limits;
    // The first write of a window: the user's older windows no longer count.
    if (writes === 1) await this.dataSource.query('DELETE FROM write_rate_window WHERE user_id = $1 AND window_start < $2', [userId, window.start]);
    if (writes <= writesPerUser) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.nextStartMs - window.nowMs) / 1000));
    throw new DomainError(
      ErrorCode.TooManyRequests,
      `Too many changes: at most ${writesPerUser} per user every ${describeWindow(writeWindowSeconds)}; try again in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds },
    );
  }
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}
