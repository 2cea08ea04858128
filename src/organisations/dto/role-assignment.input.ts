import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsUUID } from 'class-validator';
import { Role } from '../../common/auth/role.js';

@InputType()
export class RoleAssignmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'userId must be a user id (UUID)' })
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;
}
