import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { Role } from '../common/auth/role.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { CreateUserInput } from './dto/create-user.input.js';
import { RoleAssignmentInput } from './dto/role-assignment.input.js';
import { UpdateUserInput } from './dto/update-user.input.js';
import { UserConnection } from './dto/user-connection.type.js';
import { UsersArgs } from './dto/users.args.js';
import { organisationLoaders } from './organisation-loaders.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { rolesShownTo } from './role-holders.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => User, { description: 'The signed-in user.' })
  me(@CurrentCaller() caller: Caller) {
    return this.usersService.get(caller, caller.userId);
  }

  @Query(() => User, { description: 'A user of your own organisation or a partner; a SYSTEM_ADMIN may read any.' })
  user(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.usersService.get(caller, id);
  }

  @Query(() => UserConnection, { description: "An organisation's users, by name. Members, partners and SYSTEM_ADMINs." })
  users(@CurrentCaller() caller: Caller, @Args() args: UsersArgs) {
    return this.usersService.list(caller, args);
  }

  @Mutation(() => User, { description: "A SYSTEM_ADMIN, or the organisation's ORG_ADMIN." })
  createUser(@CurrentCaller() caller: Caller, @Args('input') input: CreateUserInput) {
    return this.usersService.create(caller, input);
  }

  @Mutation(() => User, { description: 'The user themself, their ORG_ADMIN, or a SYSTEM_ADMIN.' })
  updateUser(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string, @Args('input') input: UpdateUserInput) {
    return this.usersService.update(caller, id, input);
  }

  @Mutation(() => User, { description: 'Named posts (IG_LEAD, CALDICOTT_GUARDIAN, SIRO, DPO) move from their current holder.' })
  assignRole(@CurrentCaller() caller: Caller, @Args('input') input: RoleAssignmentInput) {
    return this.usersService.assignRole(caller, input);
  }

  @Mutation(() => User)
  revokeRole(@CurrentCaller() caller: Caller, @Args('input') input: RoleAssignmentInput) {
    return this.usersService.revokeRole(caller, input);
  }

  @Mutation(() => User, { description: 'Stops the user signing in and removes their roles.' })
  deactivateUser(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.usersService.deactivate(caller, id);
  }

  @Mutation(() => User)
  reactivateUser(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.usersService.reactivate(caller, id);
  }

  @ResolveField(() => Organisation)
  async organisation(@Parent() user: User, @Context() ctx: GraphqlContext) {
    return organisationLoaders.organisation(ctx, this.organisations).load(user.organisationId);
  }

  @ResolveField(() => [Role], { description: "All the user's roles to their own organisation; to a partner, only the posts they hold." })
  async roles(@Parent() user: User, @Context() ctx: GraphqlContext) {
    const roles = await organisationLoaders.roles(ctx, this.usersService).load(user.id);
    // No caller only under `login`, the one public field that answers with a user: the one signing in.
    const caller = ctx.req.caller;
    return caller ? rolesShownTo(caller, user.organisationId, roles) : roles;
  }
}
