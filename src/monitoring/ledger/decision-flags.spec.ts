import { Identifiability, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import type { DataFlow, DataItem } from '../../agreements/content/agreement-content.model.js';
import { ConsentStatus, DecisionFlagKind, DecisionOutcome } from '../monitoring.enums.js';
import { decisionFlags, type AgreementOnDate, type DecisionFacts } from './decision-flags.js';

const HOSPITAL = '11111111-1111-4111-8111-111111111111';
const COUNCIL = '22222222-2222-4222-8222-222222222222';
const GP = '33333333-3333-4333-8333-333333333333';
const DISCHARGE_FLOW = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const REFERRAL_FLOW = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const REVERSE_FLOW = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const item = (name: string, specialCategory = false, identifiability = Identifiability.IDENTIFIABLE): DataItem => ({
  name,
  specialCategory,
  identifiability,
  justification: null,
});

const flow = (overrides: Partial<DataFlow>): DataFlow => ({
  id: DISCHARGE_FLOW,
  name: 'Hospital discharge notification',
  fromOrganisationId: HOSPITAL,
  toOrganisationId: COUNCIL,
  dataItems: [item('NHS number'), item('Expected discharge date')],
  frequency: null,
  transferMethod: TransferMethod.NHSMAIL,
  estimatedRecordsPerYear: null,
  recipientRetention: null,
  transferOutsideUk: false,
  outsideUkSafeguard: null,
  ...overrides,
});

const dischargeFlow = flow({});
const referralFlow = flow({
  id: REFERRAL_FLOW,
  name: 'Care needs referral',
  dataItems: [item('Care needs summary', true), item('Diagnosis statistics', true, Identifiability.ANONYMISED), item('Diagnosis', true, Identifiability.PSEUDONYMISED)],
  transferMethod: TransferMethod.SECURE_PORTAL,
});
const reverseFlow = flow({
  id: REVERSE_FLOW,
  name: 'Package of care confirmation',
  fromOrganisationId: COUNCIL,
  toOrganisationId: HOSPITAL,
  dataItems: [item('Package start date')],
  transferMethod: TransferMethod.MESH,
});

const agreement = (overrides: Partial<AgreementOnDate> = {}): AgreementOnDate => ({
  reference: 'ISA-2026-001',
  versionNumber: 2,
  signedPartyIds: new Set([HOSPITAL, COUNCIL]),
  dataFlows: [dischargeFlow, referralFlow, reverseFlow],
  ...overrides,
});

/** Shared by the hospital to the council along the discharge flow, with nothing to flag. */
const facts = (overrides: Partial<DecisionFacts> = {}): DecisionFacts => ({
  outcome: DecisionOutcome.SHARED,
  disclosingOrganisationId: HOSPITAL,
  requestingOrganisationId: COUNCIL,
  flowId: DISCHARGE_FLOW,
  dataItemsShared: ['NHS number', 'Expected discharge date'],
  includesSpecialCategory: false,
  transferMethod: TransferMethod.NHSMAIL,
  purposeType: PurposeType.INDIVIDUAL_CARE,
  consentStatus: ConsentStatus.GIVEN,
  article9Condition: null,
  ...overrides,
});

const kinds = (decision: Partial<DecisionFacts>, onDate: AgreementOnDate | null = agreement(), named = true) =>
  decisionFlags(facts(decision), onDate, named).map((f) => f.kind);

describe('decisionFlags', () => {
  it('raises nothing for a decision that keeps to the agreement in force', () => {
    expect(decisionFlags(facts(), agreement(), true)).toEqual([]);
    expect(kinds({ outcome: DecisionOutcome.PARTIALLY_SHARED })).toEqual([]);
  });

  it('raises nothing at all for a decision not to share, however wrong the rest looks', () => {
    const everythingWrong = facts({
      outcome: DecisionOutcome.NOT_SHARED,
      disclosingOrganisationId: GP,
      requestingOrganisationId: GP,
      flowId: REFERRAL_FLOW,
      dataItemsShared: ['Whole case file'],
      includesSpecialCategory: true,
      transferMethod: TransferMethod.FAX,
      purposeType: PurposeType.RESEARCH,
      consentStatus: ConsentStatus.IMPLIED,
    });
    expect(decisionFlags(everythingWrong, null, true)).toEqual([]);
    expect(decisionFlags(everythingWrong, agreement({ versionNumber: null }), true)).toEqual([]);
    expect(decisionFlags(everythingWrong, agreement(), true)).toEqual([]);
  });

  it('raises no agreement flags for a decision made under no agreement', () => {
    expect(decisionFlags(facts({ flowId: null, dataItemsShared: ['Anything at all'], transferMethod: TransferMethod.TELEPHONE }), null, false)).toEqual([]);
  });

  describe('AGREEMENT_NOT_ACTIVE', () => {
    it('fires when the agreement named has nothing on the date (null)', () => {
      expect(decisionFlags(facts(), null, true)).toEqual([
        { kind: DecisionFlagKind.AGREEMENT_NOT_ACTIVE, detail: 'the agreement had no version in force on the decision date' },
      ]);
    });

    it('fires, naming the reference, when the agreement named had no version in force', () => {
      expect(decisionFlags(facts(), agreement({ versionNumber: null }), true)).toEqual([
        { kind: DecisionFlagKind.AGREEMENT_NOT_ACTIVE, detail: 'ISA-2026-001 had no version in force on the decision date' },
      ]);
    });

    it('raises no other agreement flag when there is no version to check against', () => {
      const flags = kinds({ disclosingOrganisationId: GP, dataItemsShared: ['Whole case file'] }, agreement({ versionNumber: null, signedPartyIds: new Set() }));
      expect(flags).toEqual([DecisionFlagKind.AGREEMENT_NOT_ACTIVE]);
    });

    it('does not fire with a version in force, or when no agreement is named', () => {
      expect(kinds({})).not.toContain(DecisionFlagKind.AGREEMENT_NOT_ACTIVE);
      expect(kinds({}, null, false)).not.toContain(DecisionFlagKind.AGREEMENT_NOT_ACTIVE);
      expect(kinds({}, agreement({ versionNumber: null }), false)).not.toContain(DecisionFlagKind.AGREEMENT_NOT_ACTIVE);
    });
  });

  describe('DISCLOSER_NOT_SIGNED_PARTY', () => {
    it('fires when the disclosing organisation had not signed the version in force', () => {
      const flags = decisionFlags(facts(), agreement({ signedPartyIds: new Set([COUNCIL]) }), true);
      expect(flags).toEqual([
        { kind: DecisionFlagKind.DISCLOSER_NOT_SIGNED_PARTY, detail: 'the disclosing organisation had not signed version 2 of ISA-2026-001' },
      ]);
    });

    it('does not fire when it had', () => {
      expect(kinds({}, agreement({ signedPartyIds: new Set([HOSPITAL]) }))).not.toContain(DecisionFlagKind.DISCLOSER_NOT_SIGNED_PARTY);
    });
  });

  describe('RECIPIENT_NOT_SIGNED_PARTY', () => {
    it('fires when the requesting organisation had not signed the version in force', () => {
      const flags = decisionFlags(facts(), agreement({ signedPartyIds: new Set([HOSPITAL]) }), true);
      expect(flags).toEqual([
        { kind: DecisionFlagKind.RECIPIENT_NOT_SIGNED_PARTY, detail: 'the receiving organisation had not signed version 2 of ISA-2026-001' },
      ]);
    });

    it('fires with the discloser flag when neither had signed', () => {
      expect(kinds({}, agreement({ signedPartyIds: new Set([GP]) }))).toEqual([
        DecisionFlagKind.DISCLOSER_NOT_SIGNED_PARTY,
        DecisionFlagKind.RECIPIENT_NOT_SIGNED_PARTY,
      ]);
    });

    it('does not fire when it had', () => {
      expect(kinds({}, agreement({ signedPartyIds: new Set([COUNCIL]) }))).not.toContain(DecisionFlagKind.RECIPIENT_NOT_SIGNED_PARTY);
    });
  });

  describe('FLOW_NOT_IN_AGREEMENT', () => {
    it('fires when the named flow is not in the version in force', () => {
      const missing = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
      expect(decisionFlags(facts({ flowId: missing }), agreement(), true)).toEqual([
        { kind: DecisionFlagKind.FLOW_NOT_IN_AGREEMENT, detail: `version 2 of ISA-2026-001 has no flow ${missing} between these organisations` },
      ]);
    });

    it('fires when the named flow runs between other organisations', () => {
      // the reverse flow runs council → hospital, not hospital → council
      expect(kinds({ flowId: REVERSE_FLOW })).toEqual([DecisionFlagKind.FLOW_NOT_IN_AGREEMENT]);
      // a party that is not on the flow at all
      expect(kinds({ requestingOrganisationId: GP }, agreement({ signedPartyIds: new Set([HOSPITAL, COUNCIL, GP]) }))).toEqual([
        DecisionFlagKind.FLOW_NOT_IN_AGREEMENT,
      ]);
    });

    it('fires when no flow is named and none runs from the discloser to the recipient', () => {
      const flags = decisionFlags(facts({ flowId: null }), agreement({ dataFlows: [reverseFlow] }), true);
      // (the detail currently reads "has no any flow ...": wording only, so not pinned here)
      expect(flags).toEqual([
        {
          kind: DecisionFlagKind.FLOW_NOT_IN_AGREEMENT,
          detail: expect.stringContaining('flow from the disclosing to the receiving organisation'),
        },
      ]);
      expect(flags[0].detail).toMatch(/^version 2 of ISA-2026-001 has no /);
      expect(kinds({ flowId: null }, agreement({ dataFlows: [] }))).toEqual([DecisionFlagKind.FLOW_NOT_IN_AGREEMENT]);
    });

    it('raises no item or method flag when there is no flow to compare against', () => {
      expect(kinds({ flowId: REVERSE_FLOW, dataItemsShared: ['Whole case file'], transferMethod: TransferMethod.TELEPHONE })).toEqual([
        DecisionFlagKind.FLOW_NOT_IN_AGREEMENT,
      ]);
    });

    it('does not fire for a named flow between the two, or any flow between them when none is named', () => {
      expect(kinds({})).not.toContain(DecisionFlagKind.FLOW_NOT_IN_AGREEMENT);
      expect(kinds({ flowId: null })).not.toContain(DecisionFlagKind.FLOW_NOT_IN_AGREEMENT);
      expect(kinds({ flowId: null, disclosingOrganisationId: COUNCIL, requestingOrganisationId: HOSPITAL, dataItemsShared: ['Package start date'], transferMethod: TransferMethod.MESH })).toEqual([]);
    });
  });

  describe('DATA_ITEM_OUTSIDE_FLOW', () => {
    it('fires, listing the items the matched flow does not cover', () => {
      const flags = decisionFlags(facts({ dataItemsShared: ['NHS number', 'Home address', 'Social worker notes'] }), agreement(), true);
      expect(flags).toEqual([{ kind: DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW, detail: 'not in the agreed flow: Home address, Social worker notes' }]);
    });

    it('matches item names case-insensitively and ignoring surrounding spaces', () => {
      expect(kinds({ dataItemsShared: ['  nhs NUMBER ', 'EXPECTED DISCHARGE DATE'] })).toEqual([]);
      const trimmedFlow = flow({ dataItems: [item(' NHS Number  ')] });
      expect(kinds({ dataItemsShared: ['nhs number'] }, agreement({ dataFlows: [trimmedFlow] }))).toEqual([]);
    });

    it('checks only the named flow, not other flows between the same organisations', () => {
      expect(kinds({ dataItemsShared: ['Care needs summary'], article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE' })).toEqual([
        DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW,
      ]);
    });

    it('allows the items of every flow between the two when no flow is named', () => {
      expect(
        kinds({
          flowId: null,
          dataItemsShared: ['NHS number', 'Care needs summary'],
          transferMethod: TransferMethod.NHSMAIL,
          article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
        }),
      ).toEqual([]);
    });

    it('does not fire when every item shared is in the flow', () => {
      expect(kinds({ dataItemsShared: ['NHS number'] })).not.toContain(DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW);
    });
  });

  describe('a version recorded from a signed original', () => {
    it('flags AGREEMENT_AWAITING_CONFIRMATION while not every party has confirmed it', () => {
      expect(decisionFlags(facts(), agreement({ confirmation: 'AWAITING_CONFIRMATION' }), true)).toEqual([
        {
          kind: DecisionFlagKind.AGREEMENT_AWAITING_CONFIRMATION,
          detail: 'version 2 of ISA-2026-001 was recorded from a signed original that not every party has confirmed yet',
        },
      ]);
    });

    it('flags AGREEMENT_RECORD_DISPUTED while a party disputes it', () => {
      expect(kinds({}, agreement({ confirmation: 'DISPUTED' }))).toEqual([DecisionFlagKind.AGREEMENT_RECORD_DISPUTED]);
    });

    it('flags nothing once every party has confirmed it, or for a version signed in Accordant', () => {
      expect(kinds({}, agreement({ confirmation: 'CONFIRMED' }))).toEqual([]);
      expect(kinds({}, agreement({ confirmation: null }))).toEqual([]);
    });

    it('says nothing of confirmation when no version was in force, or for a decision not to share', () => {
      expect(kinds({}, agreement({ versionNumber: null, confirmation: 'AWAITING_CONFIRMATION' }))).toEqual([DecisionFlagKind.AGREEMENT_NOT_ACTIVE]);
      expect(kinds({ outcome: DecisionOutcome.NOT_SHARED }, agreement({ confirmation: 'DISPUTED' }))).toEqual([]);
    });
  });

  describe('METHOD_NOT_ALLOWED', () => {
    it('fires when the method is not the one the flow agreed', () => {
      expect(decisionFlags(facts({ transferMethod: TransferMethod.MESH }), agreement(), true)).toEqual([
        { kind: DecisionFlagKind.METHOD_NOT_ALLOWED, detail: 'the agreed method is NHSMAIL, not MESH' },
      ]);
    });

    it('names every method agreed across the matching flows', () => {
      const flags = decisionFlags(facts({ flowId: null, transferMethod: TransferMethod.TELEPHONE }), agreement(), true);
      expect(flags).toEqual([{ kind: DecisionFlagKind.METHOD_NOT_ALLOWED, detail: 'the agreed method is NHSMAIL or SECURE_PORTAL, not TELEPHONE' }]);
    });

    it('fires, saying so, when the flow states no method', () => {
      const noMethod = flow({ transferMethod: null });
      expect(decisionFlags(facts(), agreement({ dataFlows: [noMethod] }), true)).toEqual([
        { kind: DecisionFlagKind.METHOD_NOT_ALLOWED, detail: 'the agreed method is not stated, not NHSMAIL' },
      ]);
    });

    it('does not fire for the agreed method, for any method of the flows between the two, or with no method given', () => {
      expect(kinds({})).not.toContain(DecisionFlagKind.METHOD_NOT_ALLOWED);
      expect(kinds({ flowId: null, transferMethod: TransferMethod.SECURE_PORTAL })).toEqual([]);
      expect(kinds({ transferMethod: null })).toEqual([]);
    });
  });

  describe('METHOD_NOT_SECURE', () => {
    it.each([TransferMethod.STANDARD_EMAIL, TransferMethod.FAX, TransferMethod.UNENCRYPTED_REMOVABLE_MEDIA, TransferMethod.STANDARD_POST])(
      'fires for %s, even with no agreement',
      (method) => {
        expect(decisionFlags(facts({ transferMethod: method }), null, false)).toEqual([
          { kind: DecisionFlagKind.METHOD_NOT_SECURE, detail: `${method} is not a secure way to send personal information` },
        ]);
      },
    );

    it('fires alongside METHOD_NOT_ALLOWED under an agreement', () => {
      expect(kinds({ transferMethod: TransferMethod.FAX })).toEqual([DecisionFlagKind.METHOD_NOT_SECURE, DecisionFlagKind.METHOD_NOT_ALLOWED]);
    });

    it.each([TransferMethod.NHSMAIL, TransferMethod.MESH, TransferMethod.TELEPHONE, TransferMethod.TRACKED_POST, TransferMethod.ENCRYPTED_REMOVABLE_MEDIA])(
      'does not fire for %s',
      (method) => {
        expect(kinds({ transferMethod: method }, null, false)).toEqual([]);
      },
    );

    it('does not fire with no method given', () => {
      expect(kinds({ transferMethod: null }, null, false)).toEqual([]);
    });
  });

  describe('IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', () => {
    it.each([PurposeType.SAFEGUARDING, PurposeType.SERVICE_PLANNING, PurposeType.RESEARCH, PurposeType.COMMISSIONING, PurposeType.STATUTORY_RETURN])(
      'fires for implied consent when the purpose is %s',
      (purposeType) => {
        expect(decisionFlags(facts({ consentStatus: ConsentStatus.IMPLIED, purposeType }), null, false)).toEqual([
          { kind: DecisionFlagKind.IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE, detail: `implied consent covers individual care only, not ${purposeType}` },
        ]);
      },
    );

    it('does not fire for implied consent to individual care', () => {
      expect(kinds({ consentStatus: ConsentStatus.IMPLIED, purposeType: PurposeType.INDIVIDUAL_CARE })).toEqual([]);
    });

    it('does not fire for other consent outside individual care', () => {
      expect(kinds({ consentStatus: ConsentStatus.GIVEN, purposeType: PurposeType.RESEARCH }, null, false)).toEqual([]);
      expect(kinds({ consentStatus: ConsentStatus.NOT_SOUGHT_UNSAFE, purposeType: PurposeType.SAFEGUARDING }, null, false)).toEqual([]);
    });
  });

  describe('SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', () => {
    const referral = { flowId: REFERRAL_FLOW, transferMethod: TransferMethod.SECURE_PORTAL };

    it('fires when the decision says special category was shared and no Article 9 condition is recorded', () => {
      expect(decisionFlags(facts({ includesSpecialCategory: true }), null, false)).toEqual([
        { kind: DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9, detail: 'special category information was shared with no Article 9 condition recorded' },
      ]);
      expect(kinds({ includesSpecialCategory: true })).toEqual([DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9]);
    });

    it('fires when a shared item of the matched flow is special category and not anonymised', () => {
      expect(kinds({ ...referral, dataItemsShared: ['Care needs summary'] })).toEqual([DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9]);
      expect(kinds({ ...referral, dataItemsShared: ['diagnosis'] })).toEqual([DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9]);
    });

    it('matches the flow item case-insensitively and trimmed', () => {
      expect(kinds({ ...referral, dataItemsShared: ['  CARE NEEDS summary '] })).toEqual([DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9]);
    });

    it('does not fire for an anonymised special category item', () => {
      expect(kinds({ ...referral, dataItemsShared: ['Diagnosis statistics'] })).toEqual([]);
    });

    it('does not fire for special category items of a flow that was not matched', () => {
      // the referral flow has the item, but the decision used the discharge flow: only DATA_ITEM_OUTSIDE_FLOW
      expect(kinds({ dataItemsShared: ['Care needs summary'] })).toEqual([DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW]);
      // nor under no agreement at all
      expect(kinds({ dataItemsShared: ['Care needs summary'] }, null, false)).toEqual([]);
    });

    it('does not fire with an Article 9 condition recorded', () => {
      expect(kinds({ includesSpecialCategory: true, article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE' })).toEqual([]);
      expect(kinds({ ...referral, dataItemsShared: ['Care needs summary'], article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE' })).toEqual([]);
    });

    it('does not fire for ordinary information', () => {
      expect(kinds({})).not.toContain(DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9);
    });
  });

  describe('ACCREDITATION_LAPSED', () => {
    const ends = (councilExpiry: string | null, hospitalExpiry: string | null = null) => ({
      decidedOn: '2026-03-02',
      ends: [
        { organisationName: 'Acute Hospital Trust', secureEmailAccreditationExpiry: hospitalExpiry },
        { organisationName: 'Oakview Care Home', secureEmailAccreditationExpiry: councilExpiry },
      ],
    });

    it('fires for a decision sent by secure email after either end\'s accreditation expired, naming it and the day', () => {
      expect(decisionFlags(facts(), agreement(), true, ends('2026-03-01'))).toEqual([
        { kind: DecisionFlagKind.ACCREDITATION_LAPSED, detail: "Oakview Care Home's DCB1596 accreditation expired on 1 March 2026, before this decision was sent by NHSMAIL" },
      ]);
      expect(decisionFlags(facts({ transferMethod: TransferMethod.DCB1596_SECURE_EMAIL }), null, false, ends('2026-03-01', '2025-12-31'))).toEqual([
        {
          kind: DecisionFlagKind.ACCREDITATION_LAPSED,
          detail: "Acute Hospital Trust's DCB1596 accreditation expired on 31 December 2025; Oakview Care Home's DCB1596 accreditation expired on 1 March 2026, before this decision was sent by DCB1596_SECURE_EMAIL",
        },
      ]);
    });

    it('does not fire on the expiry day itself, before it, or with no expiry', () => {
      expect(kinds({}, agreement())).toEqual([]);
      expect(decisionFlags(facts(), agreement(), true, ends('2026-03-02'))).toEqual([]);
      expect(decisionFlags(facts(), agreement(), true, ends(null))).toEqual([]);
    });

    it('does not fire for another method, or for a decision not to share', () => {
      expect(decisionFlags(facts({ transferMethod: TransferMethod.MESH, flowId: REVERSE_FLOW }), agreement(), true, ends('2026-01-01')).map((f) => f.kind)).not.toContain(
        DecisionFlagKind.ACCREDITATION_LAPSED,
      );
      expect(decisionFlags(facts({ outcome: DecisionOutcome.NOT_SHARED }), agreement(), true, ends('2026-01-01'))).toEqual([]);
    });
  });

  it('reports every flag that applies, in order', () => {
    const flags = kinds(
      {
        dataItemsShared: ['NHS number', 'Case file'],
        includesSpecialCategory: true,
        transferMethod: TransferMethod.STANDARD_EMAIL,
        purposeType: PurposeType.SERVICE_PLANNING,
        consentStatus: ConsentStatus.IMPLIED,
      },
      agreement({ signedPartyIds: new Set() }),
    );
    expect(flags).toEqual([
      DecisionFlagKind.METHOD_NOT_SECURE,
      DecisionFlagKind.IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE,
      DecisionFlagKind.DISCLOSER_NOT_SIGNED_PARTY,
      DecisionFlagKind.RECIPIENT_NOT_SIGNED_PARTY,
      DecisionFlagKind.DATA_ITEM_OUTSIDE_FLOW,
      DecisionFlagKind.METHOD_NOT_ALLOWED,
      DecisionFlagKind.SPECIAL_CATEGORY_WITHOUT_ARTICLE_9,
    ]);
  });
});
