import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Trim } from '../../common/validation/normalise.js';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '../monitoring.enums.js';

@InputType()
export class ReportIncidentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId: string;

  @Field(() => ID, { nullable: true, description: 'The decision it arose from, if any.' })
  @IsOptional()
  @IsUUID('all', { message: 'decisionId must be a decision id (UUID)' })
  decisionId?: string | null;

  @Field(() => ID, { nullable: true, description: "The agreement's data flow it happened in, if any." })
  @IsOptional()
  @IsUUID('all', { message: 'flowId must be a data flow id (UUID)' })
  flowId?: string | null;

  @Field(() => IncidentKind)
  @IsEnum(IncidentKind)
  kind: IncidentKind;

  @Field(() => IncidentSeverity)
  @IsEnum(IncidentSeverity)
  severity: IncidentSeverity;

  @Field({ description: 'What happened, without naming the people affected.' })
  @Trim()
  @IsString()
  @Length(3, 5000, { message: 'summary must be 3 to 5000 characters' })
  summary: string;

  @Field(() => GraphQLISODateTime)
  @Type(() => Date)
  @IsDate()
  occurredAt: Date;

  @Field(() => GraphQLISODateTime)
  @Type(() => Date)
  @IsDate()
  discoveredAt: Date;

  @Field({ description: 'Reportable to the ICO: the 72-hour deadline runs from discovery.' })
  @IsBoolean()
  icoReportable: boolean;
}

@InputType()
export class UpdateIncidentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'incidentId must be an incident id (UUID)' })
  incidentId: string;

  @Field(() => IncidentStatus)
  @IsEnum(IncidentStatus)
  status: IncidentStatus;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was reported to the ICO; required for REPORTED_TO_ICO.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  reportedToIcoAt?: Date | null;
}
