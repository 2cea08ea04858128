import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { Public } from '../common/auth/public.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordInput } from './dto/change-password.input.js';
import { LoginInput } from './dto/login.input.js';
import { LoginResult } from './dto/login-result.type.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => LoginResult, { description: 'Anyone; failed attempts are rate-limited per email and per client address.' })
  login(@Args('input') input: LoginInput, @Context() ctx: GraphqlContext) {
    return this.auth.login(input, ctx.req.ip ?? 'unknown');
  }

  @Mutation(() => LoginResult, { description: 'The signed-in user; older tokens stop working.' })
  changePassword(@CurrentCaller() caller: Caller, @Args('input') input: ChangePasswordInput) {
    return this.auth.changePassword(caller, input.currentPassword, input.newPassword);
  }
}
