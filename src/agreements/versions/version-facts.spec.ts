import type { Organisation } from '../../organisations/organisation.entity.js';
import { DsptStatus, SecureEmailMethod, Sector } from '../../organisations/organisation.enums.js';
import type { User } from '../../organisations/user.entity.js';
import { emptyContent } from '../content/agreement-content.model.js';
import { AgreementKind } from '../agreement.enums.js';
import type { FrozenAgreement, VersionFacts } from './frozen-agreement.js';
import { factsOf, partyFacts } from './version-facts.js';

const organisation: Organisation = {
  id: 'o1',
  name: 'Northshire County Council',
  sector: Sector.LOCAL_AUTHORITY,
  odsCode: null,
  icoRegistrationNumber: 'Z7654321',
  registeredAddress: 'County Hall\nNT2 2BB',
  igContactEmail: 'ig@northshire.example',
  igContactPhone: null,
  dsptStatus: DsptStatus.STANDARDS_MET,
  dsptStatusDate: '2026-06-30',
  secureEmailMethod: SecureEmailMethod.NHSMAIL,
  secureEmailAccreditationExpiry: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};
const user = (fullName: string) => ({ id: fullName, fullName }) as User;

describe('partyFacts', () => {
  it('takes the organisation’s details and its role holders by name', () => {
    expect(partyFacts(organisation, { igLead: user('Ida Lead'), caldicottGuardian: null, siro: user('Sid Risk'), dpo: null, signatories: [user('Sue Sign')] })).toEqual({
      organisationId: 'o1',
      icoRegistrationNumber: 'Z7654321',
      registeredAddress: 'County Hall\nNT2 2BB',
      igContactEmail: 'ig@northshire.example',
      igContactPhone: null,
      dsptStatus: DsptStatus.STANDARDS_MET,
      dsptStatusDate: '2026-06-30',
      secureEmailMethod: SecureEmailMethod.NHSMAIL,
      secureEmailAccreditationExpiry: null,
      roleHolders: { igLead: 'Ida Lead', caldicottGuardian: null, siro: 'Sid Risk', dpo: null },
    });
  });
});

describe('factsOf', () => {
  const facts: VersionFacts = { leadOrganisationName: 'Lead', parentProtocol: null, parties: [] };
  const frozen: FrozenAgreement = {
    reference: 'ISP-2026-0001',
    kind: AgreementKind.ISP,
    title: 'T',
    leadOrganisationId: 'o1',
    parentProtocolId: null,
    versionNumber: 1,
    parties: [],
    content: emptyContent(),
  };
  const at = new Date('2026-12-07T04:00:00Z');

  it('prefers the facts frozen with the version (covered by its hash)', () => {
    expect(factsOf({ frozen: { ...frozen, facts }, backfilledFacts: null, factsBackfilledAt: null })).toEqual({ facts, backfilledAt: null });
  });

  it('falls back to the facts filled in for an older version, with when', () => {
    const filled = { ...facts, leadOrganisationName: 'Filled' };
    expect(factsOf({ frozen, backfilledFacts: filled, factsBackfilledAt: at })).toEqual({ facts: filled, backfilledAt: at });
  });

  it('throws when there are none, so no document is made from live rows', () => {
    expect(() => factsOf({ frozen, backfilledFacts: null, factsBackfilledAt: null })).toThrow('version ISP-2026-0001 v1 has no facts');
  });
});
