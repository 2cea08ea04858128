import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { LocalDate } from '../../common/scalars/local-date.scalar.js';

const MONTH = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/;

@ArgsType()
export class MetricsArgs {
  @Field(() => ID, { nullable: true, description: 'One agreement.' })
  @IsOptional()
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A whole partnership: a PROTOCOL and every agreement under it.' })
  @IsOptional()
  @IsUUID('all', { message: 'partnershipId must be the id of a PROTOCOL (UUID)' })
  partnershipId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Everything an organisation disclosed or declined to, under any agreement or none.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId?: string | null;

  @Field({ description: 'First month, YYYY-MM.' })
  @Matches(MONTH, { message: 'fromMonth must be a month written YYYY-MM' })
  fromMonth: string;

  @Field({ description: 'Last month, YYYY-MM (inclusive).' })
  @Matches(MONTH, { message: 'toMonth must be a month written YYYY-MM' })
  toMonth: string;
}

@ArgsType()
export class HealthArgs {
  @Field(() => ID, { nullable: true, description: 'One agreement.' })
  @IsOptional()
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A PROTOCOL and every agreement under it.' })
  @IsOptional()
  @IsUUID('all', { message: 'partnershipId must be the id of a PROTOCOL (UUID)' })
  partnershipId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Every agreement the organisation is involved in.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The date to judge on; today when left out.' })
  @IsOptional()
  asOf?: string | null;
}
