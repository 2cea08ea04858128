import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NotificationKind } from './notification.enums.js';

/** One thing one person is told, shown on their notifications page; its email is an outbox message. */
@ObjectType({ description: 'Something you have been told: what happened or what to do, and the page where it is done.' })
@Entity({ name: 'notification' })
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Field(() => NotificationKind)
  @Column({ type: 'text' })
  kind: NotificationKind;

  @Field()
  @Column({ type: 'text' })
  subject: string;

  @Field({ description: 'Plain text, no markup; paragraphs are separated by a blank line.' })
  @Column({ type: 'text' })
  body: string;

  @Field({ description: 'The path of the page where it is done, such as /in-tray.' })
  @Column({ type: 'text' })
  link: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When you marked it read; null while unread.' })
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Field({ description: 'It comes in your daily summary email rather than an email of its own.' })
  @Column({ name: 'in_digest', type: 'boolean' })
  inDigest: boolean;

  @Column({ name: 'digest_sent_at', type: 'timestamptz', nullable: true })
  digestSentAt: Date | null;
}
