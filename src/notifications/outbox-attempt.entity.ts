import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AttemptOutcome } from './notification.enums.js';

/** One try at handing an outbox message to the mail server, and how it went. */
@Entity({ name: 'outbox_attempt' })
export class OutboxAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ type: 'integer' })
  attempt: number;

  /** The sender instance that made it. */
  @Column({ type: 'text' })
  sender: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse: string | null;
}
