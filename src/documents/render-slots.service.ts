import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';

/**
 * The one render each user may have in flight, held in PostgreSQL so every app instance sees it.
 * A slot expires after three render time limits (a render, a relaunch and its retry), so one left
 * by a process that died frees itself. Times are the database's, the same for every instance.
 */
@Injectable()
export class RenderSlots {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Takes the user's slot, or refuses with TOO_MANY_REQUESTS while another of their renders runs. */
  async take(userId: string): Promise<void> {
    const holdMs = this.config.documents.pdfRenderTimeoutMs * 3;
    const taken = (await this.dataSource.query(
      `INSERT INTO document_render_slot (user_id, taken_at, expires_at) VALUES ($1, now(), now() + $2 * interval '1 millisecond')
       ON CONFLICT (user_id) DO UPDATE SET taken_at = EXCLUDED.taken_at, expires_at = EXCLUDED.expires_at
         WHERE document_render_slot.expires_at <= now()
       RETURNING 1`,
      [userId, holdMs],
    )) as unknown[];
    if (taken.length === 0) {
      throw new DomainError(ErrorCode.TooManyRequests, 'One of your documents is already being rendered; try again when it is done', { retryAfterSeconds: 2 });
    }
  }

  async release(userId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM document_render_slot WHERE user_id = $1', [userId]);
  }
}
