import { PartyRole, SigningRole, VersionStatus, AgreementKind } from '../../agreements/agreement.enums.js';
import type { PartyVersion } from '../../agreements/signing-in-tray.service.js';
import type { AgreementExport } from '../../documents/agreement-export.js';
import { declinedView, inTrayView, signedView, signingView, versionNotice } from './in-tray-view.js';

const HASH = 'a'.repeat(64);
const parties = [
  { organisationId: 'o1', organisationName: 'Northshire Hospital', odsCode: 'RNS', role: PartyRole.CONTROLLER },
  { organisationId: 'o2', organisationName: 'Northshire Council', odsCode: null, role: PartyRole.CONTROLLER },
];

function party(overrides: { status?: VersionStatus; own?: boolean; latest?: number; roles?: SigningRole[]; changed?: PartyVersion['changedSinceInForce'] } = {}): PartyVersion {
  const signature = {
    id: 's1', versionId: 'v1', organisationId: 'o1', userId: 'u1', signedAs: SigningRole.SIGNATORY, signerName: 'Sam Signer', signerJobTitle: null, contentHash: HASH,
    signedAt: new Date('2026-03-02T10:15:00Z'),
    signedOutside: false,
  };
  return {
    agreement: { id: 'a1', reference: 'ISP-2026-0001' } as PartyVersion['agreement'],
    version: {
      id: 'v1', agreementId: 'a1', number: 1, status: overrides.status ?? VersionStatus.AWAITING_SIGNATURES, contentHash: HASH,
      submittedAt: new Date('2026-03-01T09:00:00Z'), effectiveDate: overrides.status === VersionStatus.ACTIVE ? '2026-03-03' : null,
      declinedAt: overrides.status === VersionStatus.DECLINED ? new Date('2026-03-02T12:00:00Z') : null,
      declinedOrganisationId: overrides.status === VersionStatus.DECLINED ? 'o2' : null,
      declineReason: overrides.status === VersionStatus.DECLINED ? 'Retention is too long' : null,
      declinedByName: overrides.status === VersionStatus.DECLINED ? 'Dana Decliner' : null,
      declinedAs: overrides.status === VersionStatus.DECLINED ? SigningRole.SIRO : null,
      frozen: { reference: 'ISP-2026-0001', kind: AgreementKind.ISP, title: 'Discharge ISP', leadOrganisationId: 'o1', parentProtocolId: null, versionNumber: 1, parties, content: {} },
    } as unknown as PartyVersion['version'],
    signatures: overrides.own ? [signature] : [],
    ownSignature: overrides.own ? signature : null,
    latestVersionNumber: overrides.latest ?? 1,
    signingRoles: overrides.roles ?? [SigningRole.SIGNATORY],
    changedSinceInForce: overrides.changed ?? null,
  };
}

const exported = (signed: string[]) =>
  ({
    leadOrganisation: { id: 'o1', name: 'Northshire Hospital' },
    signatures: parties.map((p) => ({ organisationId: p.organisationId, organisationName: p.organisationName, signed: signed.includes(p.organisationId), signerName: null, signedAs: null, signedAt: null })),
  }) as unknown as AgreementExport;

describe('in-tray view', () => {
  it('lists what awaits with its kind, link and progress', () => {
    const view = inTrayView('Northshire Hospital', [
      { agreementId: 'a1', reference: 'ISP-2026-0001', kind: AgreementKind.ISP, title: 'Discharge ISP', leadOrganisationName: 'Northshire Hospital', versionNumber: 2, submittedAt: new Date('2026-03-01T09:00:00Z'), partyCount: 3, signedCount: 1 },
    ], []);
    expect(view.awaiting[0]).toMatchObject({ kindTitle: 'Information Sharing Agreement', href: '/in-tray/a1/versions/2', progress: '1 of 3 signed', submittedAt: '2026-03-01T09:00:00.000Z' });
  });

  it('has no notice, and offers the forms, while the version awaits the caller’s organisation', () => {
    expect(versionNotice(party(), exported([]))).toBeNull();
    const view = signingView(party(), exported([]), '<p>doc</p>', 'Northshire Hospital', { confirm: false, signingAs: null, reason: '', decliningAs: null }, null);
    expect(view.canAnswer).toBe(true);
    expect(view.statement).toBe(`I confirm I have authority to sign for Northshire Hospital and have read version 1 of ISP-2026-0001, whose content hash (SHA-256) is ${HASH}`);
    expect(view.signingRoles).toBeNull();
    expect(view.signingAsLabel).toBe('Authorised signatory');
  });

  it('offers the signing roles held, the strongest chosen unless the form chose another', () => {
    const roles = [SigningRole.CALDICOTT_GUARDIAN, SigningRole.SIGNATORY];
    const values = { confirm: false, signingAs: null, reason: '', decliningAs: null };
    expect(signingView(party({ roles }), exported([]), '', 'X', values, null).signingRoles).toEqual([
      { value: 'CALDICOTT_GUARDIAN', label: 'Caldicott Guardian', checked: true },
      { value: 'SIGNATORY', label: 'Authorised signatory', checked: false },
    ]);
    expect(signingView(party({ roles }), exported([]), '', 'X', { ...values, signingAs: SigningRole.SIGNATORY }, null).signingRoles?.map((r) => r.checked)).toEqual([false, true]);
  });

  it('says why a version cannot be signed now', () => {
    const signedAlready = versionNotice(party({ own: true }), exported(['o1']))!;
    expect(signedAlready.heading).toBe('Your organisation has already signed this version');
    expect(signedAlready.lines).toEqual(['Sam Signer signed it for your organisation as Authorised signatory on 2 March 2026 at 10:15 GMT.', 'It awaits the signature of 1 more party: Northshire Council.']);
    expect(versionNotice(party({ status: VersionStatus.ACTIVE, own: true }), exported(['o1', 'o2']))!.lines[1]).toBe('It has been in force since 3 March 2026.');
    const superseded = versionNotice(party({ status: VersionStatus.SUPERSEDED, latest: 2 }), exported([]))!;
    expect(superseded.heading).toBe('This version is no longer awaiting signatures: it has been superseded by version 2');
    expect(superseded.link).toEqual({ href: '/in-tray/a1/versions/2', text: 'Open version 2' });
    const declined = versionNotice(party({ status: VersionStatus.DECLINED }), exported([]))!;
    expect(declined.lines).toEqual([
      'Dana Decliner, Senior Information Risk Owner, declined it for Northshire Council on 2 March 2026 at 12:00 GMT.',
      'Its text returned to the draft for the lead organisation’s IG lead.',
      'Their reason: Retention is too long',
    ]);
    expect(declined.link).toBeNull();
  });

  it('confirms a signature to the signer, and what happens next', () => {
    const view = signedView(party({ own: true }), exported(['o1']), 'u1');
    expect(view.body).toBe('You signed for Northshire Hospital as Authorised signatory on 2 March 2026 at 10:15 GMT.');
    expect(view.next).toBe('It awaits the signature of 1 more party: Northshire Council. It comes into force when every party has signed.');
    expect(signedView(party({ own: true }), exported(['o1']), 'someone else').body).toMatch(/^Sam Signer signed for/);
    expect(signedView(party({ status: VersionStatus.ACTIVE, own: true }), exported(['o1', 'o2']), 'u1').next).toBe('Every party has now signed: the agreement is in force from 3 March 2026.');
    expect(declinedView(party({ status: VersionStatus.DECLINED })).body).toBe('Your reason: Retention is too long');
    expect(declinedView(party({ status: VersionStatus.DECLINED })).declined).toBe('Dana Decliner, Senior Information Risk Owner, declined it for Northshire Council on 2 March 2026 at 12:00 GMT.');
  });

  it('offers the roles held to decline in too, the strongest chosen unless the form chose another', () => {
    const roles = [SigningRole.CALDICOTT_GUARDIAN, SigningRole.SIGNATORY];
    const values = { confirm: false, signingAs: null, reason: '', decliningAs: SigningRole.SIGNATORY };
    expect(signingView(party({ roles }), exported([]), '', 'X', values, null).decliningRoles?.map((r) => [r.value, r.checked])).toEqual([
      ['CALDICOTT_GUARDIAN', false],
      ['SIGNATORY', true],
    ]);
    expect(signingView(party(), exported([]), '', 'X', { ...values, decliningAs: null }, null).decliningAsLabel).toBe('Authorised signatory');
  });

  it('links a variation to what changed since the version in force, and tags the changed headings of the document', () => {
    const html = '<h2 id="document-control">Document control</h2><h2 id="scope">1. Introduction and scope</h2><h2 id="purposes">2. Purposes and benefits</h2><h2 id="data-flows">6. Information reference table</h2>';
    const changed = { number: 1, sections: ['dataFlows', 'benefits', 'purposes'] };
    const view = signingView(party({ changed }), exported([]), html, 'X', { confirm: false, signingAs: null, reason: '', decliningAs: null }, null);
    expect(view.variation).toEqual({
      inForceNumber: 1,
      compareHref: '/agreements/a1/compare?from=1&to=1',
      sections: [
        { id: 'purposes', title: '2. Purposes and benefits' },
        { id: 'data-flows', title: '6. Information reference table' },
      ],
    });
    expect(view.documentHtml).toContain('<h2 id="purposes" data-changed>2. Purposes and benefits <strong class="nhsuk-tag nhsuk-tag--blue app-changed-tag">Changed</strong></h2>');
    expect(view.documentHtml).toContain('<h2 id="scope">1. Introduction and scope</h2>');
    expect(view.documentHtml.match(/data-changed/g)).toHaveLength(2);
    // Once it no longer awaits the caller, nothing is marked.
    expect(signingView(party({ changed, own: true }), exported(['o1']), html, 'X', { confirm: false, signingAs: null, reason: '', decliningAs: null }, null).variation).toBeNull();
  });
});

describe('inTrayView: records of agreements signed on paper', () => {
  it('links each record to its page to confirm or dispute, and says whether the caller signs', () => {
    const view = inTrayView('Northshire County Council', [], [], [
      { agreementId: 'ag', reference: 'ISP-2026-0001', kind: AgreementKind.ISP, title: 'Discharge', leadOrganisationName: 'Hospital', versionNumber: 1, originalReference: 'NGH-17', recordedAt: new Date('2026-12-01T09:00:00Z') },
    ], false);
    expect(view.signer).toBe(false);
    expect(view.records).toEqual([expect.objectContaining({ href: '/in-tray/ag/versions/1/record', kindTitle: 'Information Sharing Agreement', recordedAt: '2026-12-01T09:00:00.000Z', originalReference: 'NGH-17' })]);
  });
});
