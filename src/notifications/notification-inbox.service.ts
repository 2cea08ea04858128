import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Notification } from './notification.entity.js';

/** How many notifications the page lists, newest first. */
export const INBOX_PAGE_SIZE = 100;

/** A person's own notifications: each sees and marks only theirs. */
@Injectable()
export class NotificationInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({
      where: { userId: caller.userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: INBOX_PAGE_SIZE,
    });
  }

  async unreadCount(userId: string): Promise<number> {
    const [row]: Array<{ count: number }> = await this.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return row.count;
  }

  /** Marks one of the caller's notifications read; another person's is not found, as if it did not exist. */
  async markRead(caller: Caller, id: string): Promise<void> {
    const [found] = (await this.dataSource.query(
      `UPDATE notification SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, caller.userId, this.clock.now()],
    )) as [unknown[], number];
    if (found.length === 0) throw DomainError.notFound('Notification', id);
  }

  /** Marks all the caller's notifications read; how many were unread. */
  async markAllRead(caller: Caller): Promise<number> {
    const [, marked] = (await this.dataSource.query(`UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [caller.userId, this.clock.now()])) as [unknown[], number];
    return marked;
  }
}
