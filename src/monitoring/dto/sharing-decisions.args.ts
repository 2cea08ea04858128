import { ArgsType, Field, GraphQLISODateTime, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PaginationArgs } from '../../common/pagination/pagination.args.js';
import { DecisionListOrder, DecisionOutcome } from '../monitoring.enums.js';

@ArgsType()
export class SharingDecisionsArgs extends PaginationArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'agreementId must be an agreement id (UUID)' })
  agreementId?: string | null;

  @Field(() => DecisionOutcome, { nullable: true })
  @IsOptional()
  @IsEnum(DecisionOutcome)
  outcome?: DecisionOutcome | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  decidedFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  decidedBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only decisions with (true) or without (false) flags.' })
  @IsOptional()
  @IsBoolean()
  flagged?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only the decisions the caller recorded (true).' })
  @IsOptional()
  @IsBoolean()
  recordedByMe?: boolean | null;

  @Field(() => DecisionListOrder, { nullable: true, description: 'Newest first by when recorded (the default) or by when decided.' })
  @IsOptional()
  @IsEnum(DecisionListOrder)
  orderBy?: DecisionListOrder | null;
}
