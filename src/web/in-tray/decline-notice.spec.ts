import { SigningRole } from '../../agreements/agreement.enums.js';
import { declineSentence, organisationNameIn } from './decline-notice.js';

describe('declineSentence', () => {
  it('says who declined, in which role, for which organisation and when', () => {
    const facts = { declinedByName: 'Dana Decliner', declinedAs: SigningRole.CALDICOTT_GUARDIAN, declinedAt: new Date('2026-07-02T11:00:00Z'), declineReason: 'x' };
    expect(declineSentence(facts, 'Northshire County Council')).toBe('Dana Decliner, Caldicott Guardian, declined it for Northshire County Council on 2 July 2026 at 12:00 BST.');
  });

  it('says what was not kept for a version declined before the name and role were', () => {
    expect(declineSentence({ declinedByName: null, declinedAs: null, declinedAt: new Date('2026-01-05T09:30:00Z'), declineReason: 'x' }, 'Council')).toBe(
      'Someone whose name was not recorded declined it for Council on 5 January 2026 at 09:30 GMT.',
    );
    expect(declineSentence({ declinedByName: 'Dana', declinedAs: null, declinedAt: null, declineReason: null }, 'Council')).toBe('Dana, in a role not recorded, declined it for Council.');
  });

  it('names the party from the frozen version', () => {
    const frozen = { parties: [{ organisationId: 'o1', organisationName: 'Hospital' }] };
    expect(organisationNameIn(frozen, 'o1')).toBe('Hospital');
    expect(organisationNameIn(frozen, null)).toBe('a party');
  });
});
