import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OriginalAnswer } from './recorded-original.enums.js';

/** A party's confirmation, or dispute, of a version recorded from a signed original. */
@ObjectType({ description: "A party's answer to a version recorded from a signed original." })
@Entity({ name: 'agreement_original_answer' })
export class OriginalAnswerRecord {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Field(() => ID)
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => OriginalAnswer)
  @Column({ type: 'text' })
  answer: OriginalAnswer;

  @Field(() => String, { nullable: true, description: 'Why it was disputed.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => ID)
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt: Date;
}
