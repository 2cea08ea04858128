import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { AgreementSigningService } from './agreement-signing.service.js';
import { agreementLoaders } from './agreement-loaders.js';
import { AgreementSignature } from './agreement-signature.entity.js';
import { AgreementVersion } from './agreement-version.entity.js';
import { AgreementKind } from './agreement.enums.js';
import { Agreement } from './agreement.entity.js';
import { AgreementsService } from './agreements.service.js';
import { AgreementContent } from './content/agreement-content.model.js';
import { AgreementPartyView, VersionPartyView } from './dto/agreement-views.type.js';
import { DeclineToSignInput, SignAgreementInput, SubmitForSignatureInput } from './dto/signing.inputs.js';

@Resolver(() => AgreementVersion)
export class AgreementVersionsResolver {
  constructor(
    private readonly signing: AgreementSigningService,
    private readonly agreementsService: AgreementsService,
  ) {}

  @Mutation(() => AgreementVersion, { description: "The lead organisation's IG lead freezes the draft as the next version; refused with the blockers listed if there are any." })
  submitForSignature(@CurrentCaller() caller: Caller, @Args('input') input: SubmitForSignatureInput) {
    return this.signing.submitForSignature(caller, input);
  }

  @Mutation(() => AgreementVersion, { description: "A SIGNATORY, Caldicott Guardian or SIRO of a party signs the version they name, by number and hash, for their organisation." })
  signAgreement(@CurrentCaller() caller: Caller, @Args('input') input: SignAgreementInput) {
    return this.signing.sign(caller, input);
  }

  @Mutation(() => AgreementVersion, { description: 'A SIGNATORY, Caldicott Guardian or SIRO of a party declines with a reason; the text returns to the draft.' })
  declineToSign(@CurrentCaller() caller: Caller, @Args('input') input: DeclineToSignInput) {
    return this.signing.decline(caller, input);
  }

  @ResolveField(() => Agreement)
  async agreement(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    return agreementLoaders.agreement(ctx, this.agreementsService).load(version.agreementId);
  }

  @ResolveField(() => String, { description: 'The title as signed.' })
  title(@Parent() version: AgreementVersion) {
    return version.frozen.title;
  }

  @ResolveField(() => AgreementKind)
  kind(@Parent() version: AgreementVersion) {
    return version.frozen.kind;
  }

  @ResolveField(() => AgreementContent, { description: 'The sections as signed.' })
  content(@Parent() version: AgreementVersion) {
    return version.frozen.content;
  }

  @ResolveField(() => [VersionPartyView], { description: 'The parties as named when submitted, each with its signature or none yet.' })
  async parties(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    const signatures = await agreementLoaders.signatures(ctx, this.agreementsService).load(version.id);
    return version.frozen.parties.map((party) => ({ ...party, signature: signatures.find((s) => s.organisationId === party.organisationId) ?? null }));
  }

  @ResolveField(() => [AgreementSignature])
  signatures(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    return agreementLoaders.signatures(ctx, this.agreementsService).load(version.id);
  }

  @ResolveField(() => [AgreementPartyView], { description: 'Parties that have not signed yet.' })
  async awaitingSignatureFrom(@Parent() version: AgreementVersion, @Context() ctx: GraphqlContext) {
    const signatures = await agreementLoaders.signatures(ctx, this.agreementsService).load(version.id);
    return version.frozen.parties.filter((party) => !signatures.some((s) => s.organisationId === party.organisationId));
  }
}
