import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { ConsentStatus, DecisionOutcome } from '../../monitoring/monitoring.enums.js';
import { checkedInput } from './decision-journey.js';
import { departuresOf, keyQuestionsRequired, readRoutine, routineDefaults, routineFlowsOf, routineInputOf, type RoutineFlow } from './routine-share.js';

const FLOW: RoutineFlow = {
  agreementId: '11111111-1111-4111-8111-111111111111',
  reference: 'ISP-2026-0001',
  title: 'Discharge',
  flowId: '55555555-5555-4555-8555-555555555555',
  flowName: 'Discharge summaries',
  toOrganisationId: '22222222-2222-4222-8222-222222222222',
  toOrganisationName: 'Northshire Council',
  dataItems: [
    { name: 'NHS number', specialCategory: false },
    { name: 'Discharge summary', specialCategory: true },
  ],
  transferMethod: TransferMethod.NHSMAIL,
  article6Basis: Article6Basis.ART6_1_E_PUBLIC_TASK,
  article9Condition: Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE,
  commonLawBasis: CommonLawBasis.IMPLIED_CONSENT,
};
const NOW = new Date('2026-03-02T10:00:00Z');
const KEY = '33333333-3333-4333-8333-333333333333';
const ORG = '44444444-4444-4444-8444-444444444444';

describe('the short route for a routine share', () => {
  it('is filled in from the agreement: asked and decided now, every item of the flow shared its way, implied consent', () => {
    expect(routineDefaults(FLOW, NOW, KEY)).toMatchObject({
      clientKey: KEY,
      'requestedAt-day': '2',
      'requestedAt-time': '10:00',
      outcome: 'SHARED',
      dataItemsShared: ['NHS number', 'Discharge summary'],
      transferMethod: 'NHSMAIL',
      consentStatus: 'IMPLIED',
      publicInterestOverride: 'no',
    });
  });

  it('records a routine share without the key questions, as a valid ledger input under the flow', () => {
    const read = readRoutine({ ...routineDefaults(FLOW, NOW, KEY), personInformed: 'yes' }, FLOW);
    expect(read.errors).toEqual([]);
    expect(keyQuestionsRequired(read.answers!, FLOW)).toBe(false);
    const plain = routineInputOf(read.answers!, FLOW, ORG);
    expect(plain).toMatchObject({
      agreementId: FLOW.agreementId,
      flowId: '55555555-5555-4555-8555-555555555555',
      requestingOrganisationId: FLOW.toOrganisationId,
      disclosingOrganisationId: ORG,
      purposeType: PurposeType.INDIVIDUAL_CARE,
      includesSpecialCategory: true,
      article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
      commonLawBasis: 'IMPLIED_CONSENT',
      transferMethod: 'NHSMAIL',
      keyQuestions: null,
    });
    expect(checkedInput(plain).problems).toEqual([]);
  });

  it('requires the key questions on the flowchart’s path when the decision departs from the agreement', () => {
    const base = { ...routineDefaults(FLOW, NOW, KEY), personInformed: 'yes' };
    expect(departuresOf({ outcome: DecisionOutcome.SHARED, transferMethod: TransferMethod.STANDARD_EMAIL, publicInterestOverride: false }, FLOW)).toEqual([
      'it was sent another way than the agreement says',
    ]);
    const otherWay = readRoutine({ ...base, transferMethod: 'STANDARD_EMAIL' }, FLOW);
    expect(otherWay.errors.map((e) => e.field)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']);
    expect(otherWay.errors[0].message).toBe('Select yes, no or not sure for key question 1');
    expect(otherWay.keyQuestionsReason).toBe('You need to answer the key questions because it was sent another way than the agreement says.');
    // With consent the path skips question 5; the input carries the path's answers only.
    const answered = readRoutine({ ...base, transferMethod: 'STANDARD_EMAIL', q1: 'YES', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' }, FLOW);
    expect(answered.errors).toEqual([]);
    expect(routineInputOf(answered.answers!, FLOW, ORG).keyQuestions).toEqual({ q1: 'YES', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' });
    // Not sharing, and a partial share, depart too: what was not shared is what was withheld.
    const partial = readRoutine({ ...base, outcome: 'PARTIALLY_SHARED', dataItemsShared: ['NHS number'] }, FLOW);
    expect(partial.errors.length).toBeGreaterThan(0);
    const partialAnswered = readRoutine({ ...base, outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY', dataItemsShared: ['NHS number'], q1: 'YES', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' }, FLOW);
    expect(routineInputOf(partialAnswered.answers!, FLOW, ORG)).toMatchObject({ dataItemsShared: ['NHS number'], dataItemsWithheld: ['Discharge summary'], includesSpecialCategory: false, article9Condition: null });
  });

  it('requires the key questions when consent was refused or withdrawn, even sharing as the agreement says', () => {
    for (const consentStatus of [ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN]) {
      expect(keyQuestionsRequired({ outcome: DecisionOutcome.SHARED, transferMethod: TransferMethod.NHSMAIL, publicInterestOverride: false, consentStatus }, FLOW)).toBe(true);
    }
    expect(keyQuestionsRequired({ outcome: DecisionOutcome.SHARED, transferMethod: TransferMethod.NHSMAIL, publicInterestOverride: false, consentStatus: ConsentStatus.GIVEN }, FLOW)).toBe(false);
  });

  it('says what is missing, and ignores items the flow does not cover', () => {
    expect(readRoutine({}, FLOW).errors.map((e) => e.field)).toEqual(['requestedAt', 'decidedAt', 'outcome', 'consentStatus', 'publicInterestOverride', 'personInformed']);
    const read = readRoutine({ ...routineDefaults(FLOW, NOW, KEY), personInformed: 'yes', dataItemsShared: ['NHS number', 'Full case file'] }, FLOW);
    expect(read.answers!.dataItemsShared).toEqual(['NHS number']);
  });

  it('offers only the flows from the caller’s organisation, with ids, of an agreement for individual care', () => {
    const frozen = {
      parties: [
        { organisationId: ORG, organisationName: 'Hospital' },
        { organisationId: FLOW.toOrganisationId, organisationName: 'Council' },
      ],
      content: {
        purposes: [{ purposeType: PurposeType.INDIVIDUAL_CARE }],
        legalBasis: { article6: [Article6Basis.ART6_1_E_PUBLIC_TASK], article9: [{ condition: Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE }], commonLawBases: [CommonLawBasis.IMPLIED_CONSENT] },
        dataFlows: [
          { id: 'f1', name: 'Out', fromOrganisationId: ORG, toOrganisationId: FLOW.toOrganisationId, dataItems: [{ name: 'NHS number', specialCategory: false }], transferMethod: TransferMethod.NHSMAIL },
          { id: 'f2', name: 'In', fromOrganisationId: FLOW.toOrganisationId, toOrganisationId: ORG, dataItems: [], transferMethod: null },
          { id: null, name: 'No id', fromOrganisationId: ORG, toOrganisationId: FLOW.toOrganisationId, dataItems: [], transferMethod: null },
        ],
      },
    };
    const agreement = { id: FLOW.agreementId, reference: 'ISP-1', title: 'T' };
    expect(routineFlowsOf(agreement, frozen, ORG).map((f) => [f.flowId, f.toOrganisationName, f.commonLawBasis])).toEqual([['f1', 'Council', 'IMPLIED_CONSENT']]);
    expect(routineFlowsOf(agreement, { ...frozen, content: { ...frozen.content, purposes: [{ purposeType: PurposeType.RESEARCH }] } }, ORG)).toEqual([]);
  });
});
