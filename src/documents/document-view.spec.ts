import { AgreementKind, PartyRole } from '../agreements/agreement.enums.js';
import { emptyContent } from '../agreements/content/agreement-content.model.js';
import { DsptStatus, SecureEmailMethod } from '../organisations/organisation.enums.js';
import type { AgreementExport } from './agreement-export.js';
import { documentView, statusLabel } from './document-view.js';

type Version = NonNullable<AgreementExport['version']>;
const version = (fields: Partial<Version>): Version => ({
  number: 2,
  contentHash: 'a'.repeat(64),
  submittedAt: '2026-12-01T10:00:00.000Z',
  signingState: 'AWAITING_SIGNATURES',
  effectiveDate: null,
  declined: null,
  factsRecordedAt: null,
  recordedFromOriginal: null,
  ...fields,
});

describe('statusLabel', () => {
  it('says where the signing stands, and nothing that can change later', () => {
    expect(statusLabel(null)).toBe('Draft');
    expect(statusLabel(version({}))).toBe('Awaiting signatures: not in force');
    expect(statusLabel(version({ signingState: 'SIGNED', effectiveDate: '2026-12-03' }))).toBe('Signed by all parties; in force from 3 December 2026');
    expect(
      statusLabel(version({ signingState: 'DECLINED', declined: { organisationId: 'o2', organisationName: 'Northshire County Council', declinedAt: '2026-12-02T23:30:00.000Z' } })),
    ).toBe('Declined by Northshire County Council on 2 December 2026: never in force');
    expect(statusLabel(version({ signingState: 'SIGNED', effectiveDate: '2024-04-01', recordedFromOriginal: { originalReference: 'NGH-IG-ISP-2024-017' } }))).toBe(
      'Signed on paper by all parties; in force from 1 April 2024',
    );
  });
});

describe('documentView', () => {
  const exported: AgreementExport = {
    format: 'accordant.agreement/v2',
    reference: 'ISP-2026-0001',
    kind: AgreementKind.ISP,
    title: 'Discharge ISP',
    version: version({ factsRecordedAt: '2026-12-07T04:00:00.000Z' }),
    draftRevision: null,
    leadOrganisation: { id: 'o1', name: 'Northshire Hospitals NHS Trust' },
    parentProtocol: null,
    parties: [
      {
        organisationId: 'o1',
        organisationName: 'Northshire Hospitals NHS Trust',
        odsCode: 'RXX',
        role: PartyRole.CONTROLLER,
        icoRegistrationNumber: 'Z1234567',
        registeredAddress: '1 High Street\r\n\n  Northtown \nNT1 1AA',
        igContactEmail: null,
        igContactPhone: '0113 496 0000',
        dsptStatus: DsptStatus.APPROACHING_STANDARDS,
        dsptStatusDate: '2026-06-30',
        secureEmailMethod: SecureEmailMethod.DCB1596_ACCREDITED_OFFICE365,
        secureEmailAccreditationExpiry: '2027-03-31',
        roleHolders: { igLead: 'Hana', caldicottGuardian: null, siro: null, dpo: null },
      },
    ],
    content: emptyContent(),
    signatures: [],
  };

  it('puts every party fact in words, the address as its lines', () => {
    const view = documentView(exported, { protectiveMarking: 'OFFICIAL', generatedAt: new Date() });
    expect(view.parties[0]).toMatchObject({
      roleLabel: 'Controller',
      dsptLabel: 'Approaching Standards',
      secureEmailLabel: 'Office 365 accredited to DCB1596',
      addressLines: ['1 High Street', 'Northtown', 'NT1 1AA'],
    });
    expect(view.factsRecordedOn).toBe('7 December 2026');
    expect(view.statusLabel).toBe('Awaiting signatures: not in force');
  });
});
