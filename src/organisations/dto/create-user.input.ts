import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsUUID } from 'class-validator';
import { Role } from '../../common/auth/role.js';
import { EmailField, FullNameField, JobTitleField, PasswordField } from './user-fields.js';

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

  @PasswordField('password', 'The first password, 12 to 256 characters and hard to guess (see Password rules in docs/security.md); the user can change it.')
  password: string;

  @Field(() => [Role], { defaultValue: [] })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @ArrayMaxSize(9)
  @IsEnum(Role, { each: true })
  roles: Role[];
}
