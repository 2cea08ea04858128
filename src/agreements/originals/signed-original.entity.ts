import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A scanned signed original: uploaded first, then claimed by the version it is the evidence of. */
@ObjectType({ description: 'The scanned signed original of an agreement signed outside Accordant (a PDF), with its SHA-256.' })
@Entity({ name: 'signed_original' })
export class SignedOriginal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid' })
  uploadedByUserId: string;

  @Field(() => GraphQLISODateTime)
  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;

  @Field()
  @Column({ type: 'text' })
  filename: string;

  @Field(() => Int)
  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Field({ description: 'SHA-256 (hex) of the file as uploaded.' })
  @Column({ type: 'text' })
  sha256: string;

  /** Read only to send the file. */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ name: 'version_id', type: 'uuid', nullable: true })
  versionId: string | null;
}
