import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { pooledPreparedQuery } from '../database/prepared-query.js';

const BUMP = `
  INSERT INTO write_rate_window (user_id, window_start, writes) VALUES ($1, $2, 1)
  ON CONFLICT (user_id, window_start) DO UPDATE SET writes = write_rate_window.writes + 1
  RETURNING writes`;

/**
 * Each signed-in user may make `writesPerUser` writes (GraphQL mutations, form posts) in each fixed
 * window of `writeWindowSeconds`, counted in PostgreSQL (not in memory) so all app instances share
 * the count: one upsert per write, a prepared statement. The write over the limit is refused with TOO_MANY_REQUESTS and
 * the seconds until the next window.
 */
@Injectable()
export class WriteRateLimitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async countWrite(userId: string): Promise<void> {
    const { writesPerUser, writeWindowSeconds } = this.config.limits;
    const now = this.clock.now().getTime();
    const windowMs = writeWindowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const [row] = await pooledPreparedQuery<{ writes: number }>(this.dataSource, 'limits.bump', BUMP, [userId, new Date(windowStart)]);
    // The first write of a window: the user's older windows no longer count.
    if (row.writes === 1) await this.dataSource.query('DELETE FROM write_rate_window WHERE user_id = $1 AND window_start < $2', [userId, new Date(windowStart)]);
    if (row.writes <= writesPerUser) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
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
