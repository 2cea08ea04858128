import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { RecordAssuranceInput } from './dto/record-assurance.input.js';
import { organisationLoaders } from './organisation-loaders.js';
import { OrganisationAssurance } from './organisation-assurance.entity.js';
import { OrganisationAssuranceService } from './organisation-assurance.service.js';
import { Organisation } from './organisation.entity.js';

@Resolver(() => Organisation)
export class OrganisationAssuranceResolver {
  constructor(private readonly assurance: OrganisationAssuranceService) {}

  @Mutation(() => Organisation, {
    description:
      "Records a dated change to an organisation's assurance (DSPT, secure email, ICO renewal) as a new entry; nothing is overwritten. A SYSTEM_ADMIN, or the organisation's own ORG_ADMIN.",
  })
  recordOrganisationAssurance(
    @CurrentCaller() caller: Caller,
    @Args('organisationId', { type: () => ID }, ParseIdPipe) organisationId: string,
    @Args('input') input: RecordAssuranceInput,
  ) {
    return this.assurance.record(caller, organisationId, input);
  }

  @ResolveField(() => [OrganisationAssurance], { description: 'Its assurance as dated history, the latest to take effect first. Any signed-in user may read it.' })
  assuranceHistory(@Parent() organisation: Organisation, @Context() ctx: GraphqlContext) {
    return organisationLoaders.assuranceHistory(ctx, this.assurance).load(organisation.id);
  }
}
