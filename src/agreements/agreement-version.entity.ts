import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../common/scalars/local-date.scalar.js';
import { SigningRole, VersionStatus } from './agreement.enums.js';
import { ComplianceFinding } from './dto/agreement-views.type.js';
import { ConfirmationStatus } from './originals/recorded-original.enums.js';
import type { FrozenAgreement, VersionFacts } from './versions/frozen-agreement.js';

/** What is signed: the content of a submission, frozen, with its SHA-256. */
@ObjectType({ description: 'A frozen version of an agreement: exactly what the parties sign.' })
@Entity({ name: 'agreement_version' })
export class AgreementVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  number: number;

  @Field(() => VersionStatus)
  @Column({ type: 'text' })
  status: VersionStatus;

  /** The canonical frozen document: structure, parties as they were named, and content. */
  @Column({ type: 'jsonb' })
  frozen: FrozenAgreement;

  /**
   * For a version frozen before its facts were (see FrozenAgreement.facts): the facts filled in by
   * migration 1797000000000 from what was known then. Not covered by its hash; null otherwise.
   */
  @Column({ name: 'backfilled_facts', type: 'jsonb', nullable: true })
  backfilledFacts: VersionFacts | null;

  @Column({ name: 'facts_backfilled_at', type: 'timestamptz', nullable: true })
  factsBackfilledAt: Date | null;

  @Field({ description: 'SHA-256 (hex) of the canonical serialisation of the frozen version.' })
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Field(() => ID)
  @Column({ name: 'submitted_by_user_id', type: 'uuid' })
  submittedByUserId: string;

  @Field(() => LocalDate, { nullable: true, description: 'When it came into force: the date of the last signature.' })
  @Column({ name: 'effective_date', type: 'date', nullable: true })
  effectiveDate: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'declined_by_user_id', type: 'uuid', nullable: true })
  declinedByUserId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'declined_organisation_id', type: 'uuid', nullable: true })
  declinedOrganisationId: string | null;

  @Field(() => String, { nullable: true, description: 'The name of who declined, as it was when they declined.' })
  @Column({ name: 'declined_by_name', type: 'text', nullable: true })
  declinedByName: string | null;

  @Field(() => SigningRole, { nullable: true, description: 'The role they declined in.' })
  @Column({ name: 'declined_as', type: 'text', nullable: true })
  declinedAs: SigningRole | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Field({ description: 'Recorded from a signed original: signed outside Accordant, on the dates its signatures carry, with the scan as evidence.' })
  @Column({ name: 'recorded_from_original', type: 'boolean', default: false })
  recordedFromOriginal: boolean;

  @Field(() => String, { nullable: true, description: "The signed original's own reference, kept beside Accordant's." })
  @Column({ name: 'original_reference', type: 'text', nullable: true })
  originalReference: string | null;

  @Field(() => [ComplianceFinding], {
    nullable: true,
    description: 'For a recorded original: the compliance findings as at its signing, which did not stop the record; a variation fixes them.',
  })
  @Column({ name: 'recorded_findings', type: 'jsonb', nullable: true })
  recordedFindings: ComplianceFinding[] | null;

  @Field(() => ConfirmationStatus, { nullable: true, description: 'For a recorded original: whether every other party has confirmed it is accurate.' })
  @Column({ name: 'confirmation_status', type: 'text', nullable: true })
  confirmationStatus: ConfirmationStatus | null;
}
