import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '../monitoring.enums.js';

/** A breach or near miss under an agreement. A reportable breach must reach the ICO within 72 hours of discovery. */
@ObjectType()
@Entity({ name: 'incident' })
export class Incident {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'decision_id', type: 'uuid', nullable: true })
  decisionId: string | null;

  @Field(() => ID, { nullable: true, description: "The agreement's data flow it happened in, if any." })
  @Column({ name: 'flow_id', type: 'uuid', nullable: true })
  flowId: string | null;

  @Field(() => ID)
  @Column({ name: 'reported_by_organisation_id', type: 'uuid' })
  reportedByOrganisationId: string;

  @Field(() => ID)
  @Column({ name: 'reported_by_user_id', type: 'uuid' })
  reportedByUserId: string;

  @Field(() => IncidentKind)
  @Column({ type: 'text' })
  kind: IncidentKind;

  @Field(() => IncidentSeverity)
  @Column({ type: 'text' })
  severity: IncidentSeverity;

  @Field({ description: 'What happened, without naming the people affected.' })
  @Column({ type: 'text' })
  summary: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'discovered_at', type: 'timestamptz' })
  discoveredAt: Date;

  @Field({ description: 'Whether the breach is reportable to the ICO (a risk to people’s rights and freedoms).' })
  @Column({ name: 'ico_reportable', type: 'boolean' })
  icoReportable: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: '72 hours after discovery, for a reportable breach.' })
  @Column({ name: 'ico_deadline', type: 'timestamptz', nullable: true })
  icoDeadline: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ name: 'reported_to_ico_at', type: 'timestamptz', nullable: true })
  reportedToIcoAt: Date | null;

  @Field(() => IncidentStatus)
  @Column({ type: 'text' })
  status: IncidentStatus;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
