import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { GraphQLJSON } from '../../common/scalars/json.scalar.js';
import {
  AdviceSource,
  CapacityConsentBy,
  ConsentStatus,
  DecisionFlagKind,
  DecisionOutcome,
  NotInformedReason,
  NotSharedReason,
} from '../monitoring.enums.js';

/**
 * One decision to share or not to share (golden rule 7, ICO Data Sharing Code Annex B). Nothing
 * here names the person: at most a keyed hash of a case reference.
 */
@ObjectType({ description: 'A recorded decision to share, or not to share, information about a person (who is never named here).' })
@Entity({ name: 'sharing_decision' })
export class SharingDecision {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'recorded_by_organisation_id', type: 'uuid' })
  recordedByOrganisationId: string;

  @Field({ description: "The recorder's own key for this decision: a retried call with the same key records nothing new." })
  @Column({ name: 'client_key', type: 'text' })
  clientKey: string;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  @Field(() => ID, { nullable: true, description: 'The version in force on the decision date, if there was one.' })
  @Column({ name: 'agreement_version_id', type: 'uuid', nullable: true })
  agreementVersionId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'flow_id', type: 'text', nullable: true })
  flowId: string | null;

  @Field(() => ID)
  @Column({ name: 'requesting_organisation_id', type: 'uuid' })
  requestingOrganisationId: string;

  @Field(() => ID)
  @Column({ name: 'disclosing_organisation_id', type: 'uuid' })
  disclosingOrganisationId: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  @Field(() => PurposeType)
  @Column({ name: 'purpose_type', type: 'text' })
  purposeType: PurposeType;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Field(() => DecisionOutcome)
  @Column({ type: 'text' })
  outcome: DecisionOutcome;

  @Field(() => NotSharedReason, { nullable: true })
  @Column({ name: 'not_shared_reason', type: 'text', nullable: true })
  notSharedReason: NotSharedReason | null;

  @Field(() => [String])
  @Column({ name: 'data_items_shared', type: 'text', array: true })
  dataItemsShared: string[];

  @Field(() => [String])
  @Column({ name: 'data_items_withheld', type: 'text', array: true })
  dataItemsWithheld: string[];

  @Field()
  @Column({ name: 'includes_special_category', type: 'boolean' })
  includesSpecialCategory: boolean;

  @Field(() => Int)
  @Column({ name: 'record_count', type: 'integer' })
  recordCount: number;

  @Field(() => Article6Basis, { nullable: true })
  @Column({ name: 'article6_basis', type: 'text', nullable: true })
  article6Basis: Article6Basis | null;

  @Field(() => Article9Condition, { nullable: true })
  @Column({ name: 'article9_condition', type: 'text', nullable: true })
  article9Condition: Article9Condition | null;

  @Field(() => CommonLawBasis, { nullable: true })
  @Column({ name: 'common_law_basis', type: 'text', nullable: true })
  commonLawBasis: CommonLawBasis | null;

  @Field(() => ConsentStatus)
  @Column({ name: 'consent_status', type: 'text' })
  consentStatus: ConsentStatus;

  @Field(() => CapacityConsentBy, { nullable: true })
  @Column({ name: 'capacity_consent_by', type: 'text', nullable: true })
  capacityConsentBy: CapacityConsentBy | null;

  @Field()
  @Column({ name: 'public_interest_override', type: 'boolean' })
  publicInterestOverride: boolean;

  @Field(() => String, { nullable: true })
  @Column({ name: 'override_authorised_by', type: 'text', nullable: true })
  overrideAuthorisedBy: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  @Field(() => [AdviceSource])
  @Column({ name: 'advice_sought', type: 'text', array: true })
  adviceSought: AdviceSource[];

  @Field(() => TransferMethod, { nullable: true })
  @Column({ name: 'transfer_method', type: 'text', nullable: true })
  transferMethod: TransferMethod | null;

  @Field()
  @Column({ name: 'person_informed', type: 'boolean' })
  personInformed: boolean;

  @Field(() => NotInformedReason, { nullable: true })
  @Column({ name: 'not_informed_reason', type: 'text', nullable: true })
  notInformedReason: NotInformedReason | null;

  @Field(() => ID)
  @Column({ name: 'decided_by_user_id', type: 'uuid' })
  decidedByUserId: string;

  @Field(() => String, { nullable: true, description: 'HMAC-SHA256 of the case reference under the service key: matches the same case, names nobody.' })
  @Column({ name: 'case_reference_hash', type: 'text', nullable: true })
  caseReferenceHash: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Answers to the seven key questions, q1 to q7.' })
  @Column({ name: 'key_questions', type: 'jsonb', nullable: true })
  keyQuestions: Record<string, string> | null;

  @Field(() => [DecisionFlagKind], { description: 'How the decision departs from the agreement in force on its date.' })
  @Column({ type: 'text', array: true })
  flags: DecisionFlagKind[];

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
