import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from './notification.enums.js';

/** One thing one person is told, shown on their notifications page; its email is an outbox message. */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'text' })
  subject: string;

  /** Plain text, no markup. */
  @Column({ type: 'text' })
  body: string;

  /** The path of the page where the job is done. */
  @Column({ type: 'text' })
  link: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** The person gets this kind in a daily digest rather than an email of its own. */
  @Column({ name: 'in_digest', type: 'boolean' })
  inDigest: boolean;

  @Column({ name: 'digest_sent_at', type: 'timestamptz', nullable: true })
  digestSentAt: Date | null;
}
