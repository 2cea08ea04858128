import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationArgs } from '../../common/pagination/pagination.args.js';
import { Trim } from '../../common/validation/normalise.js';
import { AgreementKind, AgreementStatus } from '../agreement.enums.js';

@ArgsType()
export class AgreementsArgs extends PaginationArgs {
  @Field(() => AgreementStatus, { nullable: true })
  @IsOptional()
  @IsEnum(AgreementStatus)
  status?: AgreementStatus | null;

  @Field(() => AgreementKind, { nullable: true })
  @IsOptional()
  @IsEnum(AgreementKind)
  kind?: AgreementKind | null;

  @Field(() => ID, { nullable: true, description: 'Only agreements this organisation is involved in.' })
  @IsOptional()
  @IsUUID('all', { message: 'partnerOrganisationId must be an organisation id (UUID)' })
  partnerOrganisationId?: string | null;

  @Field(() => String, { nullable: true, description: "Part of the title, the reference or a party's name, any case." })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}
