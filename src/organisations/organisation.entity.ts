import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LocalDate } from '../common/scalars/local-date.scalar.js';
import { DsptStatus, SecureEmailMethod, Sector } from './organisation.enums.js';

@ObjectType({ description: 'A partner organisation: NHS trust, council, care provider, police force, charity...' })
@Entity({ name: 'organisation' })
export class Organisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => Sector)
  @Column({ type: 'text' })
  sector: Sector;

  @Field(() => String, { nullable: true, description: 'NHS Organisation Data Service code, e.g. RJ1 or A81001.' })
  @Column({ name: 'ods_code', type: 'text', nullable: true })
  odsCode: string | null;

  @Field(() => String, { nullable: true, description: "ICO data protection registration number, e.g. Z1234567 or ZA123456." })
  @Column({ name: 'ico_registration_number', type: 'text', nullable: true })
  icoRegistrationNumber: string | null;

  @Field(() => String, { nullable: true, description: 'The registered address, as it is printed on agreements (lines separated by new lines).' })
  @Column({ name: 'registered_address', type: 'text', nullable: true })
  registeredAddress: string | null;

  @Field(() => String, { nullable: true, description: 'Public email address for information-governance queries.' })
  @Column({ name: 'ig_contact_email', type: 'text', nullable: true })
  igContactEmail: string | null;

  @Field(() => String, { nullable: true, description: 'Public telephone number for information-governance queries.' })
  @Column({ name: 'ig_contact_phone', type: 'text', nullable: true })
  igContactPhone: string | null;

  @Field(() => DsptStatus)
  @Column({ name: 'dspt_status', type: 'text' })
  dsptStatus: DsptStatus;

  @Field(() => LocalDate, { nullable: true, description: 'When the DSPT status was published.' })
  @Column({ name: 'dspt_status_date', type: 'date', nullable: true })
  dsptStatusDate: string | null;

  @Field(() => SecureEmailMethod)
  @Column({ name: 'secure_email_method', type: 'text' })
  secureEmailMethod: SecureEmailMethod;

  @Field(() => LocalDate, { nullable: true, description: 'When the DCB1596 accreditation of the secure email method expires.' })
  @Column({ name: 'secure_email_accreditation_expiry', type: 'date', nullable: true })
  secureEmailAccreditationExpiry: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
