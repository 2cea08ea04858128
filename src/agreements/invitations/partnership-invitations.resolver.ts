import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { AcceptPartnershipInvitationInput, RefusePartnershipInvitationInput, WithdrawFromAgreementDraftInput } from '../dto/invitation.inputs.js';
import { PartnershipInvitation } from './partnership-invitation.type.js';
import { PartnershipInvitationsService } from './partnership-invitations.service.js';

@Resolver(() => PartnershipInvitation)
export class PartnershipInvitationsResolver {
  constructor(private readonly invitations: PartnershipInvitationsService) {}

  @Query(() => [PartnershipInvitation], { description: "Drafts your organisation is named in and has not yet answered, oldest first." })
  partnershipInvitations(@CurrentCaller() caller: Caller) {
    return this.invitations.openFor(caller);
  }

  @Mutation(() => PartnershipInvitation, { description: "Your organisation agrees to be a party of the draft. Its IG lead or someone who may sign for it." })
  acceptPartnershipInvitation(@CurrentCaller() caller: Caller, @Args('input') input: AcceptPartnershipInvitationInput) {
    return this.invitations.accept(caller, input.agreementId);
  }

  @Mutation(() => PartnershipInvitation, { description: 'Your organisation will not be a party: the draft confers nothing on it or on the lead. Its IG lead or someone who may sign for it.' })
  refusePartnershipInvitation(@CurrentCaller() caller: Caller, @Args('input') input: RefusePartnershipInvitationInput) {
    return this.invitations.refuse(caller, input.agreementId, input.reason);
  }

  @Mutation(() => PartnershipInvitation, { description: 'Your organisation leaves a draft it accepted and has not signed. Its IG lead or someone who may sign for it.' })
  withdrawFromAgreementDraft(@CurrentCaller() caller: Caller, @Args('input') input: WithdrawFromAgreementDraftInput) {
    return this.invitations.withdraw(caller, input.agreementId, input.reason ?? null);
  }
}
