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

  /** When the end of the message went to the server, the lease still held: past this, a stopped sender leaves it UNKNOWN. */
  @Column({ name: 'handed_over_at', type: 'timestamptz', nullable: true })
  handedOverAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse: string | null;
}
