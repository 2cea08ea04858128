import { registerEnumType } from '@nestjs/graphql';

/** Where an organisation named in a draft stands: only ACCEPTED (or a signature) makes it a partner. */
export enum InvitationStatus {
  INVITED = 'INVITED',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(InvitationStatus, {
  name: 'InvitationStatus',
  description: 'An organisation named in a draft: invited, accepted, refused (with a reason), or withdrew after accepting.',
});

export type InvitationAnswer = 'ACCEPT' | 'REFUSE' | 'WITHDRAW';

export interface InvitationFacts {
  status: InvitationStatus;
  /** The lead organisation's own party is accepted by drafting; it cannot refuse or leave its own agreement. */
  isLead: boolean;
  /** The agreement has a draft (a first draft or a variation being drafted). */
  drafting: boolean;
}

/** The status after the answer, or why it is refused (a CONFLICT for the caller to read). */
export function answerInvitation(facts: InvitationFacts, answer: InvitationAnswer): { next: InvitationStatus } | { refused: string } {
  if (facts.isLead) return { refused: 'the lead organisation takes part in its own agreement: it cannot answer an invitation to it' };
  if (!facts.drafting) return { refused: 'the agreement is not being drafted: invitations are answered while it is a draft' };
  switch (answer) {
    case 'ACCEPT':
      return facts.status === InvitationStatus.ACCEPTED ? { refused: 'your organisation has already accepted' } : { next: InvitationStatus.ACCEPTED };
    case 'REFUSE':
      return facts.status === InvitationStatus.INVITED
        ? { next: InvitationStatus.REFUSED }
        : { refused: `only an open invitation can be refused; it is ${facts.status}${facts.status === InvitationStatus.ACCEPTED ? ': leave the draft instead' : ''}` };
    case 'WITHDRAW':
      return facts.status === InvitationStatus.ACCEPTED
        ? { next: InvitationStatus.WITHDRAWN }
        : { refused: `only an organisation that accepted can leave the draft; it is ${facts.status}${facts.status === InvitationStatus.INVITED ? ': refuse the invitation instead' : ''}` };
  }
}

/** The words a person reads for a party's invitation, e.g. "Refused: not our service". */
export function invitationWords(status: InvitationStatus, reason: string | null): string {
  switch (status) {
    case InvitationStatus.INVITED:
      return 'Invited';
    case InvitationStatus.ACCEPTED:
      return 'Accepted';
    case InvitationStatus.REFUSED:
      return `Refused: ${reason ?? 'no reason given'}`;
    case InvitationStatus.WITHDRAWN:
      return reason ? `Withdrew: ${reason}` : 'Withdrew';
  }
}
