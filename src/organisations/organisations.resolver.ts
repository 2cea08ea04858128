import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { CreateOrganisationInput } from './dto/create-organisation.input.js';
import { OrganisationConnection } from './dto/organisation-connection.type.js';
import { SetOrganisationEmailDomainsInput } from './dto/set-email-domains.input.js';
import { EmailDomainsService } from './email-domains.service.js';
import { OrganisationsArgs } from './dto/organisations.args.js';
import { UpdateOrganisationInput } from './dto/update-organisation.input.js';
import { organisationLoaders } from './organisation-loaders.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsService } from './organisations.service.js';
import { PartnerDirectory } from './partner-directory.js';
import { PartyReadiness, partyReadiness } from './party-readiness.js';
import type { RoleHolders } from './role-holders.js';
import { User } from './user.entity.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(
    private readonly organisationsService: OrganisationsService,
    private readonly partners: PartnerDirectory,
    private readonly emailDomainsService: EmailDomainsService,
  ) {}

  @Query(() => Organisation, { description: 'Any signed-in user may read organisation details.' })
  organisation(@Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.organisationsService.get(id);
  }

  @Query(() => OrganisationConnection, { description: 'Organisations by name, filtered and cursor-paginated.' })
  organisations(@Args() args: OrganisationsArgs) {
    return this.organisationsService.list(args);
  }

  @Mutation(() => Organisation, { description: 'SYSTEM_ADMIN only.' })
  createOrganisation(@CurrentCaller() caller: Caller, @Args('input') input: CreateOrganisationInput) {
    return this.organisationsService.create(caller, input);
  }

  @Mutation(() => Organisation, { description: "A SYSTEM_ADMIN, or the organisation's own ORG_ADMIN." })
  updateOrganisation(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateOrganisationInput,
  ) {
    return this.organisationsService.update(caller, id, input);
  }

  @Mutation(() => Organisation, { description: "SYSTEM_ADMIN only. Replaces the domains its ORG_ADMIN may create users at (lowercase domain names; several organisations may share one, as nhs.net)." })
  setOrganisationEmailDomains(@CurrentCaller() caller: Caller, @Args('input') input: SetOrganisationEmailDomainsInput) {
    return this.emailDomainsService.set(caller, input);
  }

  @ResolveField(() => [String], { description: 'The email domains its users have addresses at (its ORG_ADMIN creates users only at these).' })
  emailDomains(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return organisationLoaders.emailDomains(ctx, this.emailDomainsService).load(organisation.id);
  }

  @ResolveField(() => PartyReadiness, { description: 'Whether it can be a party to an agreement, and why not.' })
  async readiness(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return partyReadiness(await organisationLoaders.roleHolders(ctx, this.organisationsService).load(organisation.id));
  }

  @ResolveField(() => User, { nullable: true, description: 'Information governance lead. Visible to members and partners.' })
  igLead(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return this.holders(organisation, ctx).then((h) => h.igLead);
  }

  @ResolveField(() => User, { nullable: true, description: 'Visible to members and partners.' })
  caldicottGuardian(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return this.holders(organisation, ctx).then((h) => h.caldicottGuardian);
  }

  @ResolveField(() => User, { nullable: true, description: 'Senior Information Risk Owner. Visible to members and partners.' })
  siro(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return this.holders(organisation, ctx).then((h) => h.siro);
  }

  @ResolveField(() => User, { nullable: true, description: 'Data Protection Officer. Visible to members and partners.' })
  dpo(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return this.holders(organisation, ctx).then((h) => h.dpo);
  }

  @ResolveField(() => [User], { nullable: true, description: 'Holders of the SIGNATORY role. Visible to members and partners.' })
  signatories(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return this.holders(organisation, ctx).then((h) => h.signatories);
  }

  /** Role holders are shown only to members, partners and SYSTEM_ADMINs; others get FORBIDDEN on the field. */
  private async holders(organisation: Organisation, ctx: GraphqlContext): Promise<RoleHolders> {
    const caller = ctx.req.caller!;
    const partnersOfCaller = () => organisationLoaders.partners(ctx, this.partners).load(caller.organisationId);
    await this.organisationsService.assertCanSeeRoleHoldersOf(caller, organisation.id, partnersOfCaller);
    return organisationLoaders.roleHolders(ctx, this.organisationsService).load(organisation.id);
  }
}
