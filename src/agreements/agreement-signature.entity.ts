import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SigningRole } from './agreement.enums.js';

/** A person signing for their organisation: who, in what role, when, and the hash they signed. */
@ObjectType()
@Entity({ name: 'agreement_signature' })
export class AgreementSignature {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Field(() => ID)
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => ID, { nullable: true, description: 'The user who signed in Accordant; none for a signature made outside it (signedOutside).' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Field({ description: 'Signed on paper outside Accordant and recorded from the signed original, on the date it was signed.' })
  @Column({ name: 'signed_outside', type: 'boolean', default: false })
  signedOutside: boolean;

  @Field(() => SigningRole)
  @Column({ name: 'signed_as', type: 'text' })
  signedAs: SigningRole;

  @Field({ description: "The signer's name as it was when they signed." })
  @Column({ name: 'signer_name', type: 'text' })
  signerName: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'signer_job_title', type: 'text', nullable: true })
  signerJobTitle: string | null;

  @Field()
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}
