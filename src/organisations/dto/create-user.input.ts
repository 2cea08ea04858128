import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsUUID } from 'class-validator';
import { Role } from '../../common/auth/role.js';
import { EmailField, FullNameField, JobTitleField } from './user-fields.js';

/** A new user: they are emailed a link to choose their own password (nobody else ever knows it). */
@InputType()
export class CreateUserInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId: string;

  @EmailField()
  email: string;

  @FullNameField(true)
  fullName: string;

  @JobTitleField()
  jobTitle?: string | null;

  @Field(() => [Role], { defaultValue: [] })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @ArrayMaxSize(9)
  @IsEnum(Role, { each: true })
  roles: Role[];
}
