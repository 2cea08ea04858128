import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../../common/loaders/graphql-context.js';
import { agreementLoaders } from '../agreement-loaders.js';
import { AgreementVersion } from '../agreement-version.entity.js';
import { Agreement } from '../agreement.entity.js';
import { AgreementsService } from '../agreements.service.js';

@Resolver(() => Agreement)
export class RecordedAgreementsResolver {
  constructor(private readonly agreementsService: AgreementsService) {}

  @ResolveField(() => AgreementVersion, {
    nullable: true,
    description: 'If it was recorded from a signed original: that version, with its original reference, its findings and where confirmation stands.',
  })
  async recordedOriginal(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    const versions = await agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id);
    return versions.find((v) => v.recordedFromOriginal) ?? null;
  }
}
