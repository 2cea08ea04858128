import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AgreementKind, AgreementStatus, VariationStatus } from './agreement.enums.js';
import type { AgreementContent } from './content/agreement-content.model.js';

@ObjectType({ description: 'A protocol or data-sharing agreement: its draft, its frozen versions and where it stands.' })
@Entity({ name: 'agreement' })
export class Agreement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'The document reference, e.g. ISP-2026-0007.' })
  @Column({ type: 'text' })
  reference: string;

  @Field(() => AgreementKind)
  @Column({ type: 'text' })
  kind: AgreementKind;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field(() => ID)
  @Column({ name: 'lead_organisation_id', type: 'uuid' })
  leadOrganisationId: string;

  @Field(() => ID)
  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId: string;

  @Field(() => ID, { nullable: true, description: 'The PROTOCOL this agreement sits under.' })
  @Column({ name: 'parent_protocol_id', type: 'uuid', nullable: true })
  parentProtocolId: string | null;

  @Field(() => AgreementStatus)
  @Column({ type: 'text' })
  status: AgreementStatus;

  @Field(() => VariationStatus)
  @Column({ name: 'variation_status', type: 'text' })
  variationStatus: VariationStatus;

  /** The working draft: present while a first version or a variation is being drafted. */
  @Column({ name: 'draft_content', type: 'jsonb', nullable: true })
  draftContent: AgreementContent | null;

  @Field(() => Int, { description: 'Raised by every change to the draft; send it back as expectedRevision so concurrent edits are detected.' })
  @Column({ name: 'draft_revision', type: 'integer' })
  draftRevision: number;

  @Field(() => String, { nullable: true, description: 'Why it was suspended or terminated.' })
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
