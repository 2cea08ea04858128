import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const WINDOW_MS = 60_000;

/**
 * Each signed-in user may make `documents.requestsPerMinute` requests to the document routes (PDFs,
 * JSON exports, signed originals, the monitoring report) in each fixed minute, counted in
 * PostgreSQL so every app instance shares the count. Over it: TOO_MANY_REQUESTS (429) with the
 * seconds until the next minute. Routes need a signed-in user, so nobody anonymous reaches one.
 */
@Injectable()
export class DocumentRateLimitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async count(userId: string): Promise<void> {
    const nowMs = this.clock.now().getTime();
    const startMs = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
    const [{ requests }] = (await this.dataSource.query(
      `INSERT INTO document_rate_window (user_id, window_start, requests) VALUES ($1, $2, 1)
       ON CONFLICT (user_id, window_start) DO UPDATE SET requests = document_rate_window.requests + 1
       RETURNING requests`,
      [userId, new Date(startMs)],
    )) as { requests: number }[];
    // The first request of a minute: the user's older minutes no longer count.
    if (requests === 1) await this.dataSource.query('DELETE FROM document_rate_window WHERE user_id = $1 AND window_start < $2', [userId, new Date(startMs)]);
    const limit = this.config.documents.requestsPerMinute;
    if (requests <= limit) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((startMs + WINDOW_MS - nowMs) / 1000));
    throw new DomainError(ErrorCode.TooManyRequests, `Too many document requests: at most ${limit} a minute per user; try again in ${retryAfterSeconds} seconds`, {
      retryAfterSeconds,
    });
  }
}
