import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../common/scalars/local-date.scalar.js';
import { DsptStatus, SecureEmailMethod } from './organisation.enums.js';

@ObjectType({ description: "One dated entry of an organisation's assurance: in force from effectiveFrom until the next entry takes effect. Never changed." })
@Entity({ name: 'organisation_assurance' })
export class OrganisationAssurance {
  @Field(() => ID)
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Field(() => LocalDate, { description: 'The day this entry takes effect.' })
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Field(() => DsptStatus)
  @Column({ name: 'dspt_status', type: 'text' })
  dsptStatus: DsptStatus;

  @Field(() => LocalDate, { nullable: true, description: 'When the DSPT status was published.' })
  @Column({ name: 'dspt_status_date', type: 'date', nullable: true })
  dsptStatusDate: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the next DSPT assessment is due.' })
  @Column({ name: 'dspt_next_due_date', type: 'date', nullable: true })
  dsptNextDueDate: string | null;

  @Field(() => SecureEmailMethod)
  @Column({ name: 'secure_email_method', type: 'text' })
  secureEmailMethod: SecureEmailMethod;

  @Field(() => LocalDate, { nullable: true, description: 'When the DCB1596 accreditation of the secure email method expires.' })
  @Column({ name: 'secure_email_accreditation_expiry', type: 'date', nullable: true })
  secureEmailAccreditationExpiry: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the ICO data protection registration is due for renewal.' })
  @Column({ name: 'ico_registration_renewal_date', type: 'date', nullable: true })
  icoRegistrationRenewalDate: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the entry was recorded in Accordant.' })
  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false })
  recordedAt: Date;
}
