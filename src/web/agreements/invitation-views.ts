import { canAnswerInvitation } from '../../agreements/agreement-access-policy.js';
import type { AgreementPartyView } from '../../agreements/dto/agreement-views.type.js';
import { InvitationStatus, invitationWords } from '../../agreements/invitations/invitation-rules.js';
import type { PartnershipInvitation } from '../../agreements/invitations/partnership-invitation.type.js';
import type { Caller } from '../../common/auth/caller.js';
import type { Tag } from './agreement-labels.js';

const INVITATION_TAGS: Record<InvitationStatus, Tag> = {
  [InvitationStatus.INVITED]: { text: 'Invited', colour: 'yellow' },
  [InvitationStatus.ACCEPTED]: { text: 'Accepted', colour: 'green' },
  [InvitationStatus.REFUSED]: { text: 'Refused', colour: 'red' },
  [InvitationStatus.WITHDRAWN]: { text: 'Withdrew', colour: 'grey' },
};

/** A party's answer to its invitation as a tag and, for a refusal or a withdrawal with a reason, that reason. */
export function invitationTag(party: Pick<AgreementPartyView, 'invitation' | 'invitationReason'>): { tag: Tag; reason: string | null } {
  const status = party.invitation ?? InvitationStatus.INVITED;
  return { tag: INVITATION_TAGS[status], reason: status === InvitationStatus.REFUSED || status === InvitationStatus.WITHDRAWN ? (party.invitationReason ?? null) : null };
}

/** The draft's parties with their answers, in words, for the lead organisation and the others taking part. */
export function partyAnswers(parties: readonly AgreementPartyView[], leadOrganisationId: string) {
  return parties.map((party) => ({
    name: party.organisationName,
    isLead: party.organisationId === leadOrganisationId,
    words: invitationWords(party.invitation ?? InvitationStatus.INVITED, party.invitationReason ?? null),
    ...invitationTag(party),
  }));
}

/** How many of the parties have still to accept, in words; null when every one has. */
export function notYetAccepted(parties: readonly AgreementPartyView[]): string | null {
  const waiting = parties.filter((p) => p.invitation !== InvitationStatus.ACCEPTED).length;
  if (waiting === 0) return null;
  return waiting === 1 ? '1 party has not accepted' : `${waiting} parties have not accepted`;
}

/**
 * What the caller's organisation, named in the draft, is asked and may do: accept or refuse an
 * open invitation, leave a draft it accepted. Null for the lead organisation, for an organisation
 * not named, and when there is no draft to answer about.
 */
export function invitationPanel(caller: Caller, invitation: PartnershipInvitation | null, context: { leadOrganisationId: string; drafting: boolean }) {
  if (!invitation || !context.drafting || invitation.organisationId === context.leadOrganisationId) return null;
  const mayAnswer = canAnswerInvitation(caller, invitation.organisationId);
  return {
    leadName: invitation.leadOrganisationName,
    open: invitation.status === InvitationStatus.INVITED,
    accepted: invitation.status === InvitationStatus.ACCEPTED,
    answered: invitation.status === InvitationStatus.REFUSED || invitation.status === InvitationStatus.WITHDRAWN,
    words: invitationWords(invitation.status, invitation.reason),
    mayAnswer,
  };
}
