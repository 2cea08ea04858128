import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationArgs } from '../../common/pagination/pagination.args.js';

@ArgsType()
export class AuditEntriesArgs extends PaginationArgs {
  @Field(() => String, { nullable: true, description: 'Only entries about this kind of thing, e.g. organisation.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId must be a user id (UUID)' })
  actorUserId?: string | null;
}
