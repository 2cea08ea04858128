import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { OutboxStatus } from '../notification.enums.js';

@ObjectType({ description: 'An email in the outbox.' })
export class OutboxMessageType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'A NotificationKind, or DAILY_DIGEST for a daily summary.' })
  kind: string;

  @Field()
  toAddress: string;

  @Field()
  subject: string;

  @Field(() => OutboxStatus)
  status: OutboxStatus;

  @Field(() => Int, { description: 'Tries so far.' })
  attempts: number;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it is next due to be tried (PENDING).' })
  nextAttemptAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  sentAt: Date | null;

  @Field(() => String, { nullable: true, description: "The last failure, with the mail server's answer." })
  lastError: string | null;
}

@ObjectType()
export class OutboxCount {
  @Field(() => OutboxStatus)
  status: OutboxStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'The email outbox: whether mail is being sent, counts by state and the newest messages.' })
export class OutboxSummaryType {
  @Field({ description: 'SMTP_URL is set, so messages are sent. False: they wait here and nobody gets them by email.' })
  sending: boolean;

  @Field(() => [OutboxCount])
  counts: OutboxCount[];

  @Field(() => [OutboxMessageType], { description: 'The newest 200, newest first.' })
  messages: OutboxMessageType[];
}
