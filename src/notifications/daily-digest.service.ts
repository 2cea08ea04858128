import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dailyDigestEmail, digestCutoff, type DigestItem } from './daily-digest-email.js';
import { DAILY_DIGEST } from './notification.enums.js';
import { NotificationService } from './notification.service.js';

/** Notifications one run gathers into digests at most; the next run carries on. */
const RUN_LIMIT = 5000;

/**
 * Puts each person's digest notifications from before the day's digest time into one email. The
 * notifications are locked (SKIP LOCKED) and marked in the transaction that writes the email, so
 * with several instances and restarts each goes into exactly one digest.
 */
@Injectable()
export class DailyDigestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How many digest emails were written. */
  async sendDue(now: Date): Promise<number> {
    const cutoff = digestCutoff(now, this.config.mail.digestHourUtc);
    return this.dataSource.transaction(async (em) => {
      const rows: Array<DigestItem & { id: string; userId: string; email: string; active: boolean }> = await em.query(
        `SELECT n.id, n.user_id AS "userId", n.kind, n.subject, n.link, u.email, u.active
         FROM notification n JOIN app_user u ON u.id = n.user_id
         WHERE n.in_digest AND n.digest_sent_at IS NULL AND n.created_at < $1
         ORDER BY n.user_id, n.created_at, n.id LIMIT ${RUN_LIMIT}
         FOR UPDATE OF n SKIP LOCKED`,
        [cutoff],
      );
      const byUser = new Map<string, typeof rows>();
      for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      let written = 0;
      for (const items of byUser.values()) {
        const person = items[0];
        // A person deactivated since gets nothing; their notifications are closed all the same.
        if (!person.active) continue;
        const email = dailyDigestEmail(items, this.config.mail.publicUrl);
        await this.notifications.enqueue(em, { kind: DAILY_DIGEST, notificationId: null, to: person.email, subject: email.subject, text: email.text, html: email.html });
        written += 1;
      }
      if (rows.length > 0) await em.query(`UPDATE notification SET digest_sent_at = $2 WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id), now]);
      return written;
    });
  }
}
