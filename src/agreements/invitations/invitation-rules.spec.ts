import { answerInvitation, InvitationStatus, invitationWords, type InvitationAnswer } from './invitation-rules.js';

const drafting = (status: InvitationStatus) => ({ status, isLead: false, drafting: true });

describe('answerInvitation', () => {
  it('accepts from any state but accepted', () => {
    for (const status of [InvitationStatus.INVITED, InvitationStatus.REFUSED, InvitationStatus.WITHDRAWN]) {
      expect(answerInvitation(drafting(status), 'ACCEPT')).toEqual({ next: InvitationStatus.ACCEPTED });
    }
    expect(answerInvitation(drafting(InvitationStatus.ACCEPTED), 'ACCEPT')).toEqual({ refused: 'your organisation has already accepted' });
  });

  it('refuses only an open invitation, and points an accepted party to leaving', () => {
    expect(answerInvitation(drafting(InvitationStatus.INVITED), 'REFUSE')).toEqual({ next: InvitationStatus.REFUSED });
    expect(answerInvitation(drafting(InvitationStatus.ACCEPTED), 'REFUSE')).toEqual({ refused: expect.stringContaining('leave the draft instead') });
    expect(answerInvitation(drafting(InvitationStatus.REFUSED), 'REFUSE')).toHaveProperty('refused');
  });

  it('lets only an accepted party withdraw', () => {
    expect(answerInvitation(drafting(InvitationStatus.ACCEPTED), 'WITHDRAW')).toEqual({ next: InvitationStatus.WITHDRAWN });
    expect(answerInvitation(drafting(InvitationStatus.INVITED), 'WITHDRAW')).toEqual({ refused: expect.stringContaining('refuse the invitation instead') });
    expect(answerInvitation(drafting(InvitationStatus.WITHDRAWN), 'WITHDRAW')).toHaveProperty('refused');
  });

  it('refuses every answer from the lead organisation and outside drafting', () => {
    for (const answer of ['ACCEPT', 'REFUSE', 'WITHDRAW'] as InvitationAnswer[]) {
      expect(answerInvitation({ status: InvitationStatus.INVITED, isLead: true, drafting: true }, answer)).toHaveProperty('refused');
      expect(answerInvitation({ status: InvitationStatus.ACCEPTED, isLead: false, drafting: false }, answer)).toHaveProperty('refused');
    }
  });
});

describe('invitationWords', () => {
  it('says each state in words, with the reason', () => {
    expect(invitationWords(InvitationStatus.INVITED, null)).toBe('Invited');
    expect(invitationWords(InvitationStatus.ACCEPTED, null)).toBe('Accepted');
    expect(invitationWords(InvitationStatus.REFUSED, 'Not our service')).toBe('Refused: Not our service');
    expect(invitationWords(InvitationStatus.WITHDRAWN, null)).toBe('Withdrew');
    expect(invitationWords(InvitationStatus.WITHDRAWN, 'Service closed')).toBe('Withdrew: Service closed');
  });
});
