import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import type { GraphqlContext } from '../common/loaders/graphql-context.js';
import { organisationLoaders } from '../organisations/organisation-loaders.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { User } from '../organisations/user.entity.js';
import { UsersService } from '../organisations/users.service.js';
import { AgreementDraftingService } from './agreement-drafting.service.js';
import { agreementLoaders } from './agreement-loaders.js';
import { AgreementStatusService } from './agreement-status.service.js';
import { AgreementVersion } from './agreement-version.entity.js';
import { AgreementDisplayStatus } from './agreement.enums.js';
import { displayStatus } from './review/review-status.js';
import { Agreement } from './agreement.entity.js';
import { AgreementsService } from './agreements.service.js';
import { AgreementConnection } from './dto/agreement-connection.type.js';
import { AgreementDraft, AgreementReview, ComplianceFinding, VersionDiff } from './dto/agreement-views.type.js';
import { AgreementsArgs } from './dto/agreements.args.js';
import { CreateAgreementInput } from './dto/create-agreement.input.js';
import { AgreementStatusChangeInput } from './dto/signing.inputs.js';
import { UpdateAgreementDraftInput } from './dto/update-agreement-draft.input.js';
import { UpdateAgreementStructureInput } from './dto/update-agreement-structure.input.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';

@Resolver(() => Agreement)
export class AgreementsResolver {
  constructor(
    private readonly agreementsService: AgreementsService,
    private readonly drafting: AgreementDraftingService,
    private readonly statuses: AgreementStatusService,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
  ) {}

  @Query(() => Agreement, { description: 'Organisations involved in it (lead or party) and SYSTEM_ADMINs.' })
  agreement(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string) {
    return this.agreementsService.get(caller, id);
  }

  @Query(() => AgreementConnection, { description: "Agreements your organisation is involved in, by reference; all of them for a SYSTEM_ADMIN." })
  agreements(@CurrentCaller() caller: Caller, @Args() args: AgreementsArgs) {
    return this.agreementsService.list(caller, args);
  }

  @Query(() => VersionDiff, { description: 'Which sections and fields changed between two versions.' })
  agreementVersionDiff(
    @CurrentCaller() caller: Caller,
    @Args('agreementId', { type: () => ID }, ParseIdPipe) agreementId: string,
    @Args('fromVersion', { type: () => Int }) fromVersion: number,
    @Args('toVersion', { type: () => Int }) toVersion: number,
  ) {
    return this.agreementsService.diff(caller, agreementId, fromVersion, toVersion);
  }

  @Mutation(() => Agreement, { description: 'An IG lead drafts an agreement led by their organisation.' })
  createAgreement(@CurrentCaller() caller: Caller, @Args('input') input: CreateAgreementInput) {
    return this.drafting.create(caller, input);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead: title, parties, parent protocol." })
  updateAgreementStructure(@CurrentCaller() caller: Caller, @Args('input') input: UpdateAgreementStructureInput) {
    return this.drafting.updateStructure(caller, input);
  }

  @Mutation(() => Agreement, { description: "A party's IG lead: replaces the sections given. CONFLICT if the draft changed since expectedRevision." })
  updateAgreementDraft(@CurrentCaller() caller: Caller, @Args('input') input: UpdateAgreementDraftInput) {
    return this.drafting.updateDraft(caller, input);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead starts a variation of the ACTIVE agreement." })
  startVariation(@CurrentCaller() caller: Caller, @Args('agreementId', { type: () => ID }, ParseIdPipe) agreementId: string) {
    return this.drafting.startVariation(caller, agreementId);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead drops a variation still being drafted." })
  discardVariation(@CurrentCaller() caller: Caller, @Args('agreementId', { type: () => ID }, ParseIdPipe) agreementId: string) {
    return this.drafting.discardVariation(caller, agreementId);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead, Caldicott Guardian or SIRO." })
  suspendAgreement(@CurrentCaller() caller: Caller, @Args('input') input: AgreementStatusChangeInput) {
    return this.statuses.suspend(caller, input.agreementId, input.reason);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead, Caldicott Guardian or SIRO." })
  resumeAgreement(@CurrentCaller() caller: Caller, @Args('agreementId', { type: () => ID }, ParseIdPipe) agreementId: string) {
    return this.statuses.resume(caller, agreementId);
  }

  @Mutation(() => Agreement, { description: "The lead organisation's IG lead, Caldicott Guardian or SIRO." })
  terminateAgreement(@CurrentCaller() caller: Caller, @Args('input') input: AgreementStatusChangeInput) {
    return this.statuses.terminate(caller, input.agreementId, input.reason);
  }

  @ResolveField(() => Organisation)
  leadOrganisation(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    return organisationLoaders.organisation(ctx, this.organisations).load(agreement.leadOrganisationId);
  }

  @ResolveField(() => User, { nullable: true })
  author(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    return organisationLoaders.user(ctx, this.users).load(agreement.authorUserId);
  }

  @ResolveField(() => Agreement, { nullable: true })
  async parentProtocol(@Parent() agreement: Agreement, @CurrentCaller() caller: Caller) {
    if (!agreement.parentProtocolId) return null;
    return this.agreementsService.get(caller, agreement.parentProtocolId);
  }

  @ResolveField(() => AgreementDraft, { nullable: true, description: 'The working draft, while a version or variation is being drafted.' })
  draft(@Parent() agreement: Agreement) {
    return this.agreementsService.draftOf(agreement);
  }

  @ResolveField(() => [ComplianceFinding], { description: 'What the guidance requires that the draft lacks; empty when there is no draft.' })
  findings(@Parent() agreement: Agreement) {
    return this.agreementsService.findings(agreement);
  }

  @ResolveField(() => [AgreementVersion], { description: 'Every version, newest first.' })
  versions(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    return agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id);
  }

  @ResolveField(() => AgreementVersion, { nullable: true })
  async version(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext, @Args('number', { type: () => Int }) number: number) {
    const versions = await agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id);
    return versions.find((v) => v.number === number) ?? null;
  }

  @ResolveField(() => AgreementVersion, { nullable: true, description: 'The version in force.' })
  async currentVersion(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    return AgreementsService.inForce(await agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id));
  }

  @ResolveField(() => AgreementVersion, { nullable: true, description: 'The version awaiting signatures.' })
  async pendingVersion(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    return AgreementsService.awaiting(await agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id));
  }

  @ResolveField(() => AgreementReview)
  async review(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    const versions = await agreementLoaders.versions(ctx, this.agreementsService).load(agreement.id);
    return this.agreementsService.review(agreement, versions);
  }

  @ResolveField(() => AgreementDisplayStatus, { description: 'status, except REVIEW_DUE for an ACTIVE agreement due within 90 days or overdue for review.' })
  async displayStatus(@Parent() agreement: Agreement, @Context() ctx: GraphqlContext) {
    const review = await this.review(agreement, ctx);
    return displayStatus(agreement.status, review.status);
  }
}
