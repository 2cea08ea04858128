import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GraphQLJSON } from '../common/scalars/json.scalar.js';

/** One change, in order; `hash` covers the entry and the previous entry's hash. */
@ObjectType({ description: 'An append-only, hash-chained record of one change.' })
@Entity({ name: 'audit_entry' })
export class AuditEntry {
  @Field(() => String, { description: 'Position in the chain, from 1. A string: it is a 64-bit integer.' })
  @PrimaryColumn({ type: 'bigint' })
  sequence: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: 'Who made the change; empty for the service itself or an anonymous login attempt.' })
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Field({ description: 'What was done, e.g. organisation.create or user.assignRole.' })
  @Column({ type: 'text' })
  action: string;

  @Field()
  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Field()
  @Column({ name: 'previous_hash', type: 'text' })
  previousHash: string;

  @Field()
  @Column({ type: 'text' })
  hash: string;
}
