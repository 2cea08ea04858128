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
  @Mutation(() => LoginResult, { description: 'Anyone; at most one per operation. Attempts are rate-limited per client address, failures per email and address.' })
  login(@Args('input') input: LoginInput, @Context() ctx: GraphqlContext) {
    return this.auth.login(input, ctx.req.ip ?? 'unknown');
  }

  @Mutation(() => LoginResult, { description: 'The signed-in user; older tokens stop working. At most one per operation; wrong current passwords count as failed sign-ins.' })
  changePassword(@CurrentCaller() caller: Caller, @Args('input') input: ChangePasswordInput, @Context() ctx: GraphqlContext) {
    return this.auth.changePassword(caller, input.currentPassword, input.newPassword, ctx.req.ip ?? 'unknown');
  }
}
