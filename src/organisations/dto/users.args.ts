import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Role } from '../../common/auth/role.js';
import { PaginationArgs } from '../../common/pagination/pagination.args.js';
import { Trim } from '../../common/validation/normalise.js';

@ArgsType()
export class UsersArgs extends PaginationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId: string;

  @Field(() => Role, { nullable: true, description: 'Only users holding this role.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or deactivated (false) users.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or email, any case.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}
