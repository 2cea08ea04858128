import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Public } from '../../common/auth/public.decorator.js';
import { RequestPasswordResetInput, SetPasswordWithLinkInput } from './dto/password-link.inputs.js';
import { PasswordLinksService } from './password-links.service.js';

@Resolver()
export class PasswordLinksResolver {
  constructor(private readonly links: PasswordLinksService) {}

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Anyone. Emails a link to choose a new password (it works once, for 1 hour) if an active account has this address. Always answers true, at once: it never says whether the address has an account.',
  })
  requestPasswordReset(@Args('input') input: RequestPasswordResetInput): boolean {
    this.links.requestReset(input.email);
    return true;
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Anyone holding a link from an invitation (72 hours) or a password reset (1 hour), with the email address it was sent to. The link works once; every session of the account ends. Then sign in with `login`.',
  })
  setPasswordWithLink(@Args('input') input: SetPasswordWithLinkInput): Promise<boolean> {
    return this.links.setPassword(input);
  }
}
