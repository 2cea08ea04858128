import type { AgreementSignature } from '../agreements/agreement-signature.entity.js';
import type { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { AgreementKind, PartyRole, SigningRole, VersionStatus } from '../agreements/agreement.enums.js';
import { emptyContent } from '../agreements/content/agreement-content.model.js';
import type { FrozenAgreement, PartyFacts, VersionFacts } from '../agreements/versions/frozen-agreement.js';
import { DsptStatus, SecureEmailMethod } from '../organisations/organisation.enums.js';
import { draftExport, versionExport } from './agreement-export.js';

const LEAD = '11111111-1111-4111-8111-111111111111';
const COUNCIL = '22222222-2222-4222-8222-222222222222';
const PROTOCOL = '44444444-4444-4444-8444-444444444444';

const partyFacts = (organisationId: string, igLead: string): PartyFacts => ({
  organisationId,
  icoRegistrationNumber: 'Z1234567',
  registeredAddress: '1 High Street\nNorthtown\nNT1 1AA',
  igContactEmail: 'ig@example.nhs.uk',
  igContactPhone: '0113 496 0000',
  dsptStatus: DsptStatus.STANDARDS_MET,
  dsptStatusDate: '2026-06-30',
  secureEmailMethod: SecureEmailMethod.DCB1596_SELF_ACCREDITED,
  secureEmailAccreditationExpiry: '2027-03-31',
  roleHolders: { igLead, caldicottGuardian: 'Dr Cal', siro: null, dpo: null },
});

const facts = (): VersionFacts => ({
  leadOrganisationName: 'Northshire Hospitals NHS Trust',
  parentProtocol: { reference: 'PROTOCOL-2026-0001', title: 'Northshire protocol' },
  // Deliberately not in party order: facts are matched to parties by organisation.
  parties: [partyFacts(COUNCIL, 'Cara Council'), partyFacts(LEAD, 'Hana Hospital')],
});

const frozen = (withFacts = true): FrozenAgreement => ({
  reference: 'ISP-2026-0001',
  kind: AgreementKind.ISP,
  title: 'Discharge ISP',
  leadOrganisationId: LEAD,
  parentProtocolId: PROTOCOL,
  versionNumber: 1,
  parties: [
    { organisationId: LEAD, organisationName: 'Northshire Hospitals NHS Trust', odsCode: 'RXX', role: PartyRole.CONTROLLER },
    { organisationId: COUNCIL, organisationName: 'Northshire County Council', odsCode: null, role: PartyRole.CONTROLLER },
  ],
  content: emptyContent(),
  ...(withFacts ? { facts: facts() } : {}),
});

const version = (status: VersionStatus, fields: Partial<AgreementVersion> = {}): AgreementVersion =>
  ({
    id: 'v1',
    agreementId: 'a1',
    number: 1,
    status,
    frozen: frozen(),
    backfilledFacts: null,
    factsBackfilledAt: null,
    contentHash: 'f'.repeat(64),
    submittedAt: new Date('2026-12-01T10:00:00Z'),
    submittedByUserId: 'u1',
    effectiveDate: status === VersionStatus.ACTIVE || status === VersionStatus.SUPERSEDED ? '2026-12-03' : null,
    supersededAt: status === VersionStatus.SUPERSEDED ? new Date('2027-01-05T09:00:00Z') : null,
    declinedAt: null,
    declinedByUserId: null,
    declinedOrganisationId: null,
    declineReason: null,
    ...fields,
  }) as AgreementVersion;

const signature = (organisationId: string, signerName: string): AgreementSignature => ({
  id: `s-${organisationId}`,
  versionId: 'v1',
  organisationId,
  userId: 'u2',
  signedOutside: false,
  signedAs: SigningRole.SIGNATORY,
  signerName,
  signerJobTitle: 'Director',
  contentHash: 'f'.repeat(64),
  signedAt: new Date('2026-12-03T11:00:00Z'),
});

describe('versionExport', () => {
  const signatures = [signature(LEAD, 'Sam Signer'), signature(COUNCIL, 'Cleo Signer')];

  it('builds the document from the frozen version and its signatures only', () => {
    const exported = versionExport(version(VersionStatus.ACTIVE), signatures);
    expect(exported).toMatchObject({
      format: 'accordant.agreement/v2',
      reference: 'ISP-2026-0001',
      title: 'Discharge ISP',
      leadOrganisation: { id: LEAD, name: 'Northshire Hospitals NHS Trust' },
      parentProtocol: { id: PROTOCOL, reference: 'PROTOCOL-2026-0001', title: 'Northshire protocol' },
      version: { number: 1, signingState: 'SIGNED', effectiveDate: '2026-12-03', declined: null, factsRecordedAt: null },
    });
    expect(exported.parties.map((p) => [p.organisationName, p.roleHolders.igLead, p.registeredAddress, p.secureEmailAccreditationExpiry])).toEqual([
      ['Northshire Hospitals NHS Trust', 'Hana Hospital', '1 High Street\nNorthtown\nNT1 1AA', '2027-03-31'],
      ['Northshire County Council', 'Cara Council', '1 High Street\nNorthtown\nNT1 1AA', '2027-03-31'],
    ]);
    expect(exported.parties[0]).not.toHaveProperty('organisationId', COUNCIL);
    expect(exported.signatures.map((s) => [s.organisationName, s.signerName, s.signerJobTitle])).toEqual([
      ['Northshire Hospitals NHS Trust', 'Sam Signer', 'Director'],
      ['Northshire County Council', 'Cleo Signer', 'Director'],
    ]);
  });

  it('is the same document once the version is superseded: only the signing state counts, not later statuses', () => {
    expect(versionExport(version(VersionStatus.SUPERSEDED), signatures)).toEqual(versionExport(version(VersionStatus.ACTIVE), signatures));
  });

  it('says which party declined and when', () => {
    const declined = version(VersionStatus.DECLINED, { declinedAt: new Date('2026-12-02T08:00:00Z'), declinedOrganisationId: COUNCIL, declinedByUserId: 'u3', declineReason: 'Wrong flows' });
    expect(versionExport(declined, []).version).toMatchObject({
      signingState: 'DECLINED',
      declined: { organisationId: COUNCIL, organisationName: 'Northshire County Council', declinedAt: '2026-12-02T08:00:00.000Z' },
    });
  });

  it('reads a version frozen before its facts were from the facts filled in for it, and says when they were', () => {
    const legacy = version(VersionStatus.AWAITING_SIGNATURES, { frozen: frozen(false), backfilledFacts: facts(), factsBackfilledAt: new Date('2026-12-07T04:00:00Z') });
    const exported = versionExport(legacy, [signatures[0]]);
    expect(exported.version).toMatchObject({ signingState: 'AWAITING_SIGNATURES', factsRecordedAt: '2026-12-07T04:00:00.000Z' });
    expect(exported.parties[1].roleHolders.igLead).toBe('Cara Council');
    expect(exported.signatures.map((s) => s.signed)).toEqual([true, false]);
  });

  it('refuses a version with no facts at all rather than print live ones', () => {
    expect(() => versionExport(version(VersionStatus.ACTIVE, { frozen: frozen(false) }), [])).toThrow(/has no facts/);
  });

  it('names no protocol when the version sat under none', () => {
    const alone = version(VersionStatus.ACTIVE, { frozen: { ...frozen(), parentProtocolId: null, facts: { ...facts(), parentProtocol: null } } });
    expect(versionExport(alone, signatures).parentProtocol).toBeNull();
  });
});

describe('draftExport', () => {
  it('shows the agreement as it stands, unsigned, with no version', () => {
    const { versionNumber: _n, content: _c, ...asItStands } = frozen();
    const exported = draftExport(asItStands, 4, emptyContent());
    expect(exported.version).toBeNull();
    expect(exported.draftRevision).toBe(4);
    expect(exported.parties[0].dsptStatus).toBe(DsptStatus.STANDARDS_MET);
    expect(exported.signatures.every((s) => !s.signed)).toBe(true);
  });
});
