import { Field, InputType } from '@nestjs/graphql';
import { IsString, Matches } from 'class-validator';
import { EmailField, PasswordField } from '../../../organisations/dto/user-fields.js';
import { TOKEN_SHAPE } from '../password-link.rules.js';

@InputType()
export class RequestPasswordResetInput {
  @EmailField()
  email: string;
}

@InputType()
export class SetPasswordWithLinkInput {
  @Field({ description: 'The token from the link emailed to you (the last part of its address).' })
  @IsString()
  @Matches(TOKEN_SHAPE, { message: 'token must be the 43 characters at the end of the link you were sent' })
  token: string;

  @EmailField()
  email: string;

  @PasswordField('newPassword', '12 to 256 characters and hard to guess (see Password rules in docs/security.md).')
  newPassword: string;
}
