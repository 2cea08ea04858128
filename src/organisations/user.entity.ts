import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@ObjectType({ description: 'A person who works for a partner organisation and uses Accordant.' })
@Entity({ name: 'app_user' })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field()
  @Column({ type: 'text' })
  email: string;

  @Field()
  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'job_title', type: 'text', nullable: true })
  jobTitle: string | null;

  /** scrypt hash; never exposed or logged. Null until an invited user chooses their password. */
  @Column({ name: 'password_hash', type: 'text', select: false, nullable: true })
  passwordHash: string | null;

  /** Raised when the password changes or the account is deactivated, so older tokens stop working. */
  @Column({ name: 'token_version', type: 'integer' })
  tokenVersion: number;

  @Field()
  @Column({ type: 'boolean' })
  active: boolean;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
