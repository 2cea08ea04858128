import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { NormaliseEmail } from '../../common/validation/normalise.js';
import { PASSWORD_MAX_LENGTH } from '../../organisations/dto/user-fields.js';

@InputType()
export class LoginInput {
  @Field()
  @NormaliseEmail()
  @IsString()
  @MinLength(3, { message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email: string;

  @Field()
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  password: string;
}
