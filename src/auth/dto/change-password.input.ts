import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PasswordField } from '../../organisations/dto/user-fields.js';

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @PasswordField('newPassword', '12 to 256 characters and hard to guess (see Password rules in docs/security.md).')
  newPassword: string;
}
