import { PartyRole } from '../../agreements/agreement.enums.js';
import type { AgreementPartyView } from '../../agreements/dto/agreement-views.type.js';
import { InvitationStatus } from '../../agreements/invitations/invitation-rules.js';
import type { PartnershipInvitation } from '../../agreements/invitations/partnership-invitation.type.js';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { AgreementKind } from '../../agreements/agreement.enums.js';
import { invitationPanel, notYetAccepted, partyAnswers } from './invitation-views.js';

const party = (organisationId: string, invitation: InvitationStatus, invitationReason: string | null = null): AgreementPartyView => ({
  organisationId,
  organisationName: `Org ${organisationId}`,
  odsCode: null,
  role: PartyRole.CONTROLLER,
  invitation,
  invitationReason,
});
const caller = (organisationId: string, ...roles: Role[]): Caller => ({ userId: 'u', organisationId, email: 'u@example.org', roles: new Set(roles) });
const invitation = (status: InvitationStatus): PartnershipInvitation => ({
  agreementId: 'a',
  reference: 'ISP-2026-0001',
  kind: AgreementKind.ISP,
  title: 'Discharge',
  leadOrganisationName: 'Hospital',
  organisationId: 'council',
  status,
  reason: status === InvitationStatus.REFUSED ? 'Not ours' : null,
  invitedAt: new Date(0),
  answeredAt: null,
});

describe('partyAnswers', () => {
  it('says each answer in words, with a tag, and the reason of a refusal or withdrawal beneath', () => {
    const rows = partyAnswers(
      [party('lead', InvitationStatus.ACCEPTED), party('b', InvitationStatus.INVITED), party('c', InvitationStatus.REFUSED, 'Not our area'), party('d', InvitationStatus.WITHDRAWN)],
      'lead',
    );
    expect(rows.map((r) => [r.name, r.isLead, r.words, r.tag.text, r.reason])).toEqual([
      ['Org lead', true, 'Accepted', 'Accepted', null],
      ['Org b', false, 'Invited', 'Invited', null],
      ['Org c', false, 'Refused: Not our area', 'Refused', 'Not our area'],
      ['Org d', false, 'Withdrew', 'Withdrew', null],
    ]);
    expect(notYetAccepted([party('a', InvitationStatus.ACCEPTED), party('b', InvitationStatus.INVITED)])).toBe('1 party has not accepted');
    expect(notYetAccepted([party('b', InvitationStatus.INVITED), party('c', InvitationStatus.REFUSED)])).toBe('2 parties have not accepted');
    expect(notYetAccepted([party('a', InvitationStatus.ACCEPTED)])).toBeNull();
  });
});

describe('invitationPanel', () => {
  const context = { leadOrganisationId: 'hospital', drafting: true };

  it('offers the named organisation’s IG lead or signatory the answers its invitation allows', () => {
    expect(invitationPanel(caller('council', Role.IG_LEAD), invitation(InvitationStatus.INVITED), context)).toMatchObject({ open: true, accepted: false, mayAnswer: true, leadName: 'Hospital' });
    expect(invitationPanel(caller('council', Role.SIGNATORY), invitation(InvitationStatus.ACCEPTED), context)).toMatchObject({ open: false, accepted: true, mayAnswer: true, words: 'Accepted' });
    expect(invitationPanel(caller('council', Role.PRACTITIONER), invitation(InvitationStatus.INVITED), context)).toMatchObject({ open: true, mayAnswer: false });
  });

  it('shows nothing to the lead, to an organisation not named, or when there is no draft', () => {
    expect(invitationPanel(caller('hospital', Role.IG_LEAD), { ...invitation(InvitationStatus.ACCEPTED), organisationId: 'hospital' }, context)).toBeNull();
    expect(invitationPanel(caller('council', Role.IG_LEAD), null, context)).toBeNull();
    expect(invitationPanel(caller('council', Role.IG_LEAD), invitation(InvitationStatus.INVITED), { ...context, drafting: false })).toBeNull();
  });
});
