import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { Public } from '../common/auth/public.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordInput } from './dto/change-password.input.js';
import { LoginInput } from './dto/login.input.js';
import { LoginResult } from './dto/login-result.type.js';
import { UserSession } from './dto/user-session.type.js';

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

  @Query(() => [UserSession], { description: 'The signed-in user: their own browser sessions and API tokens still in force, newest first.' })
  sessions(@CurrentCaller() caller: Caller) {
    return this.auth.sessionsOf(caller);
  }

  @Mutation(() => Boolean, { description: 'The signed-in user: ends the API token this request came with, at once; other tokens and sessions keep working.' })
  logout(@CurrentCaller() caller: Caller) {
    return this.auth.logout(caller);
  }

  @Mutation(() => Boolean, { description: "The signed-in user: ends one of their own sessions or API tokens (from `sessions`) at once. Anyone else's is NOT_FOUND." })
  async endSession(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.auth.endOwnSession(caller, id);
    return true;
  }
}
