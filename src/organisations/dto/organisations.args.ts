import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PaginationArgs } from '../../common/pagination/pagination.args.js';
import { Trim } from '../../common/validation/normalise.js';
import { DsptStatus, Sector } from '../organisation.enums.js';

@InputType()
export class OrganisationFilter {
  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field(() => DsptStatus, { nullable: true })
  @IsOptional()
  @IsEnum(DsptStatus)
  dsptStatus?: DsptStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or the ODS code, any case.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class OrganisationsArgs extends PaginationArgs {
  @Field(() => OrganisationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationFilter)
  filter?: OrganisationFilter | null;
}
