import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isSystemAdmin } from '../common/auth/access-policy.js';
import type { Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type EmailKind, OutboxStatus } from './notification.enums.js';
import { afterAttempt, afterLeaseExpired, type DeliveryResult, type NextStep, type RetryPolicy } from './outbox-retry.js';

/** A message a sender has claimed: its try number is the fence every later write checks. */
export interface ClaimedMessage {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attempt: number;
}

export interface OutboxRow {
  id: string;
  kind: EmailKind;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
}

export interface OutboxSummary {
  /** SMTP_URL is set: the sender runs. */
  sending: boolean;
  counts: { status: OutboxStatus; count: number }[];
  messages: OutboxRow[];
}

/** How many messages the outbox page lists, newest first. */
export const OUTBOX_PAGE_SIZE = 200;

/**
 * The outbox's rows: claiming with FOR UPDATE SKIP LOCKED and a lease (any number of instances),
 * the hand-over fence, each try's outcome, and what happens to a message whose sender stopped.
 */
@Injectable()
export class OutboxService {
  private readonly policy: RetryPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.policy = { maxAttempts: config.mail.maxAttempts, retrySeconds: config.mail.retrySeconds };
  }

  /** The next message due, now SENDING under `sender`'s lease, with its try recorded as in progress; null when none is due. */
  async claimNext(sender: string, now: Date): Promise<ClaimedMessage | null> {
    return this.dataSource.transaction(async (em) => {
      const leaseEnd = new Date(now.getTime() + this.config.mail.leaseSeconds * 1000);
      const [rows] = (await em.query(
        `WITH next AS (
           SELECT id FROM outbox_message WHERE status = 'PENDING' AND next_attempt_at <= $1
           ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE outbox_message m SET status = 'SENDING', claimed_by = $2, claimed_until = $3, attempts = m.attempts + 1
         FROM next WHERE m.id = next.id
         RETURNING m.id, m.to_address, m.subject, m.text_body, m.html_body, m.message_id, m.attempts`,
        [now, sender, leaseEnd],
      )) as [Array<{ id: string; to_address: string; subject: string; text_body: string; html_body: string; message_id: string; attempts: number }>, number];
      const row = rows[0];
      if (!row) return null;
      await em.query(`INSERT INTO outbox_attempt (message_id, attempt, sender, started_at, outcome) VALUES ($1, $2, $3, $4, 'IN_PROGRESS')`, [row.id, row.attempts, sender, now]);
      return { id: row.id, toAddress: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, messageId: row.message_id, attempt: row.attempts };
    });
  }

  /**
   * Just before the end of the message goes to the server: true, and the try marked as handed
   * over, only while `sender` still owns this try. The message row is locked for it, so a sender
   * recovering an expired lease sees either the mark or a message this sender no longer owns.
   */
  async handOver(message: ClaimedMessage, sender: string, now: Date): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `WITH owned AS (
         SELECT id FROM outbox_message
         WHERE id = $1 AND status = 'SENDING' AND attempts = $2 AND claimed_by = $3 AND claimed_until > $4
         FOR UPDATE)
       UPDATE outbox_attempt SET handed_over_at = $4
       WHERE message_id IN (SELECT id FROM owned) AND attempt = $2 AND outcome = 'IN_PROGRESS'
       RETURNING id`,
      [message.id, message.attempt, sender, now],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  /** Records how the try ended. A late answer for a message another sender recovered changes only what is known for certain. */
  async record(message: ClaimedMessage, sender: string, result: DeliveryResult, now: Date): Promise<void> {
    if (result.kind === 'LEASE_LOST') return;
    const step = afterAttempt(result, message.attempt, this.policy, now);
    const response = result.kind === 'SENT' || result.kind === 'REFUSED' ? result.response : result.error;
    await this.dataSource.transaction(async (em) => {
      const [current]: Array<{ status: OutboxStatus; claimed_by: string | null }> = await em.query(
        `SELECT status, claimed_by FROM outbox_message WHERE id = $1 AND attempts = $2 FOR UPDATE`,
        [message.id, message.attempt],
      );
      const owned = current?.status === OutboxStatus.SENDING && current.claimed_by === sender;
      // Recovered as UNKNOWN meanwhile, then the server's answer arrived after all: now it is known.
      const nowKnown = current?.status === OutboxStatus.UNKNOWN && step.status !== OutboxStatus.UNKNOWN;
      if (owned || nowKnown) await this.apply(em, message.id, step, now);
      if (owned || nowKnown || result.kind === 'SENT') {
        await em.query(`UPDATE outbox_attempt SET outcome = $3, finished_at = $4, smtp_response = $5 WHERE message_id = $1 AND attempt = $2`, [
          message.id,
          message.attempt,
          step.outcome,
          now,
          response.slice(0, 2000),
        ]);
      }
    });
  }

  /**
   * Messages left SENDING by a sender whose lease ran out. Locked first, then their tries read in
   * a second statement, so a hand-over that committed while this waited for the lock is seen.
   */
  async recoverExpired(now: Date): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const expired: Array<{ id: string; attempts: number }> = await em.query(
        `SELECT id, attempts FROM outbox_message WHERE status = 'SENDING' AND claimed_until <= $1
         ORDER BY claimed_until LIMIT 100 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (expired.length === 0) return 0;
      const tries: Array<{ message_id: string; handed_over: boolean }> = await em.query(
        `SELECT m.id AS message_id, coalesce(a.handed_over_at IS NOT NULL, false) AS handed_over
         FROM outbox_message m LEFT JOIN outbox_attempt a ON a.message_id = m.id AND a.attempt = m.attempts
         WHERE m.id = ANY($1::uuid[])`,
        [expired.map((row) => row.id)],
      );
      const handedOver = new Map(tries.map((row) => [row.message_id, row.handed_over]));
      for (const row of expired) {
        const step = afterLeaseExpired(handedOver.get(row.id) === true, row.attempts, this.policy, now);
        await this.apply(em, row.id, step, now);
        await em.query(
          `UPDATE outbox_attempt SET outcome = $3, finished_at = $4, smtp_response = $5 WHERE message_id = $1 AND attempt = $2 AND outcome = 'IN_PROGRESS'`,
          [row.id, row.attempts, step.outcome, now, step.error],
        );
      }
      return expired.length;
    });
  }

  /** The outbox page: how many in each state, and the newest messages. SYSTEM_ADMIN only. */
  async summary(caller: Caller): Promise<OutboxSummary> {
    if (!isSystemAdmin(caller)) throw DomainError.forbidden('Only a system administrator may see the outbox');
    const counted: Array<{ status: OutboxStatus; count: number }> = await this.dataSource.query(`SELECT status, count(*)::int AS count FROM outbox_message GROUP BY status`);
    const counts = Object.values(OutboxStatus).map((status) => ({ status, count: counted.find((row) => row.status === status)?.count ?? 0 }));
    const messages: OutboxRow[] = await this.dataSource.query(
      `SELECT id, kind, to_address AS "toAddress", subject, status, attempts, created_at AS "createdAt", next_attempt_at AS "nextAttemptAt",
              sent_at AS "sentAt", last_error AS "lastError"
       FROM outbox_message ORDER BY created_at DESC, id LIMIT ${OUTBOX_PAGE_SIZE}`,
    );
    return { sending: this.config.mail.smtpUrl !== null, counts, messages };
  }

  private async apply(em: EntityManager, id: string, step: NextStep, now: Date): Promise<void> {
    await em.query(
      `UPDATE outbox_message SET status = $2, claimed_by = NULL, claimed_until = NULL, last_error = $3,
         next_attempt_at = coalesce($4, next_attempt_at), sent_at = CASE WHEN $2 = 'SENT' THEN $5::timestamptz END
       WHERE id = $1`,
      [id, step.status, step.error?.slice(0, 2000) ?? null, step.nextAttemptAt, now],
    );
  }
}
