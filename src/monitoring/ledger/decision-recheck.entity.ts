import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecisionFlagKind } from '../monitoring.enums.js';

/**
 * A later check of a recorded decision against an agreement recorded from a signed original after
 * it: kept beside the decision, whose own flags never change.
 */
@ObjectType({ description: 'A later check of the decision against an agreement recorded from its signed original after the decision was recorded.' })
@Entity({ name: 'sharing_decision_recheck' })
export class DecisionRecheck {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  @Field(() => ID)
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Field(() => ID, { description: 'The version recorded from the signed original.' })
  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'disclosing_organisation_id', type: 'uuid' })
  disclosingOrganisationId: string;

  @Field(() => [DecisionFlagKind], { description: 'The flags the decision was recorded with (unchanged on the decision).' })
  @Column({ name: 'flags_recorded', type: 'text', array: true })
  flagsRecorded: DecisionFlagKind[];

  @Field(() => [DecisionFlagKind], { description: 'The flags it has when checked against the agreement as now recorded.' })
  @Column({ type: 'text', array: true })
  flags: DecisionFlagKind[];

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}
