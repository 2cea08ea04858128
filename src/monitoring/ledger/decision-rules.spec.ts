import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import {
  AdviceSource,
  CapacityConsentBy,
  ConsentStatus,
  DecisionOutcome,
  KeyQuestionAnswer,
  NotInformedReason,
  NotSharedReason,
} from '../monitoring.enums.js';
import { decisionProblems } from './decision-rules.js';

const { YES, NO, NOT_SURE } = KeyQuestionAnswer;

const NOW = new Date('2026-05-20T12:00:00.000Z');
const MINUTE = 60_000;

/** One valid SHARED decision, made with consent, under an agreement flow. */
const VALID = {
  clientKey: 'decision-0001',
  agreementId: '44444444-4444-4444-8444-444444444444',
  flowId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  requestingOrganisationId: '22222222-2222-4222-8222-222222222222',
  disclosingOrganisationId: '11111111-1111-4111-8111-111111111111',
  requestedAt: new Date('2026-05-20T09:00:00.000Z'),
  decidedAt: new Date('2026-05-20T10:30:00.000Z'),
  purposeType: PurposeType.INDIVIDUAL_CARE,
  purpose: 'Planning care after discharge',
  outcome: DecisionOutcome.SHARED,
  notSharedReason: null,
  dataItemsShared: ['NHS number', 'Expected discharge date'],
  dataItemsWithheld: [],
  includesSpecialCategory: false,
  recordCount: 1,
  article6Basis: Article6Basis.ART6_1_E_PUBLIC_TASK,
  article9Condition: null,
  commonLawBasis: CommonLawBasis.EXPLICIT_CONSENT,
  consentStatus: ConsentStatus.GIVEN,
  capacityConsentBy: null,
  publicInterestOverride: false,
  overrideAuthorisedBy: null,
  overrideReason: null,
  adviceSought: [],
  transferMethod: TransferMethod.NHSMAIL,
  personInformed: true,
  notInformedReason: null,
  caseReference: null,
  keyQuestions: null,
} as SharingDecisionInput;

/** A valid decision not to share anything. */
const NOT_SHARED_DECISION = {
  ...VALID,
  outcome: DecisionOutcome.NOT_SHARED,
  notSharedReason: NotSharedReason.NOT_NECESSARY,
  dataItemsShared: [],
  transferMethod: null,
  article6Basis: null,
  commonLawBasis: null,
  recordCount: 0,
} as SharingDecisionInput;

/** A valid partial share. */
const PARTIAL_DECISION = {
  ...VALID,
  outcome: DecisionOutcome.PARTIALLY_SHARED,
  notSharedReason: NotSharedReason.NOT_PROPORTIONATE,
  dataItemsWithheld: ['Full care history'],
} as SharingDecisionInput;

/** A valid public-interest override of refused consent. */
const OVERRIDE_DECISION = {
  ...VALID,
  purposeType: PurposeType.SAFEGUARDING,
  consentStatus: ConsentStatus.REFUSED,
  publicInterestOverride: true,
  overrideAuthorisedBy: 'A. Guardian, Caldicott Guardian',
  overrideReason: 'Risk of serious harm to a child outweighs the refusal',
  commonLawBasis: CommonLawBasis.PUBLIC_INTEREST,
  adviceSought: [AdviceSource.CALDICOTT_GUARDIAN],
} as SharingDecisionInput;

const decision = (overrides: Partial<SharingDecisionInput>, base: SharingDecisionInput = VALID) => ({ ...base, ...overrides }) as SharingDecisionInput;
const check = (overrides: Partial<SharingDecisionInput>, base: SharingDecisionInput = VALID) => decisionProblems(decision(overrides, base), NOW);
const found = (overrides: Partial<SharingDecisionInput>, base: SharingDecisionInput = VALID) => check(overrides, base).map((p) => `${p.field}:${p.rule}`);

describe('decisionProblems', () => {
  it('finds nothing wrong with the valid decisions', () => {
    expect(decisionProblems(VALID, NOW)).toEqual([]);
    expect(decisionProblems(NOT_SHARED_DECISION, NOW)).toEqual([]);
    expect(decisionProblems(PARTIAL_DECISION, NOW)).toEqual([]);
    expect(decisionProblems(OVERRIDE_DECISION, NOW)).toEqual([]);
  });

  it('does not change the input', () => {
    const input = decision({});
    const copy = structuredClone(input);
    decisionProblems(input, NOW);
    expect(input).toEqual(copy);
  });

  describe('decidedAt afterRequest', () => {
    it('fires when the decision was made before the request', () => {
      expect(check({ decidedAt: new Date('2026-05-20T08:59:59.999Z') })).toEqual([
        { field: 'decidedAt', rule: 'afterRequest', message: 'must not be before requestedAt' },
      ]);
    });

    it('does not fire for a decision at the moment of the request, or after it', () => {
      expect(found({ decidedAt: new Date(VALID.requestedAt.getTime()) })).toEqual([]);
      expect(found({ decidedAt: new Date('2026-05-20T09:00:00.001Z') })).toEqual([]);
    });
  });

  describe('decidedAt notInFuture', () => {
    it('fires for a decision more than 5 minutes ahead of the service clock', () => {
      expect(check({ decidedAt: new Date(NOW.getTime() + 5 * MINUTE + 1) })).toEqual([
        { field: 'decidedAt', rule: 'notInFuture', message: 'must not be in the future' },
      ]);
      expect(found({ decidedAt: new Date(NOW.getTime() + 60 * MINUTE) })).toEqual(['decidedAt:notInFuture']);
    });

    it('allows up to 5 minutes of clock difference', () => {
      expect(found({ decidedAt: new Date(NOW.getTime() + 5 * MINUTE) })).toEqual([]);
      expect(found({ decidedAt: new Date(NOW.getTime() + 4 * MINUTE) })).toEqual([]);
      expect(found({ decidedAt: NOW })).toEqual([]);
    });

    it('can fire with afterRequest when the request is in the future too', () => {
      const later = new Date(NOW.getTime() + 2 * 60 * MINUTE);
      expect(found({ requestedAt: later, decidedAt: new Date(later.getTime() - MINUTE) })).toEqual(['decidedAt:afterRequest', 'decidedAt:notInFuture']);
    });
  });

  describe('requestingOrganisationId differentOrganisation', () => {
    it('fires when an organisation shares with itself', () => {
      expect(check({ requestingOrganisationId: VALID.disclosingOrganisationId })).toEqual([
        { field: 'requestingOrganisationId', rule: 'differentOrganisation', message: 'must differ from disclosingOrganisationId' },
      ]);
    });

    it('does not fire for two organisations', () => {
      expect(found({})).not.toContain('requestingOrganisationId:differentOrganisation');
    });
  });

  describe('flowId needsAgreement', () => {
    it('fires for a flow given without its agreement', () => {
      expect(check({ agreementId: null })).toEqual([
        { field: 'flowId', rule: 'needsAgreement', message: 'a flow belongs to an agreement: give agreementId too' },
      ]);
      expect(found({ agreementId: undefined })).toEqual(['flowId:needsAgreement']);
    });

    it('does not fire with the agreement, or with neither', () => {
      expect(found({})).toEqual([]);
      expect(found({ agreementId: null, flowId: null })).toEqual([]);
      expect(found({ flowId: null })).toEqual([]);
    });
  });

  describe('notSharedReason', () => {
    it('onlyWhenWithheld fires when everything was shared', () => {
      expect(check({ notSharedReason: NotSharedReason.OTHER })).toEqual([
        { field: 'notSharedReason', rule: 'onlyWhenWithheld', message: 'must be empty when everything was shared' },
      ]);
    });

    it('requiredWhenWithheld fires when not shared without a reason', () => {
      expect(check({ notSharedReason: null }, NOT_SHARED_DECISION)).toEqual([
        { field: 'notSharedReason', rule: 'requiredWhenWithheld', message: 'is required when the outcome is NOT_SHARED' },
      ]);
    });

    it('requiredWhenWithheld fires when partially shared without a reason', () => {
      expect(check({ notSharedReason: null }, PARTIAL_DECISION)).toEqual([
        { field: 'notSharedReason', rule: 'requiredWhenWithheld', message: 'is required when the outcome is PARTIALLY_SHARED' },
      ]);
    });

    it('does not fire when given for a partial share or a refusal, or left out for a full share', () => {
      expect(found({}, PARTIAL_DECISION)).toEqual([]);
      expect(found({}, NOT_SHARED_DECISION)).toEqual([]);
      expect(found({ notSharedReason: undefined })).toEqual([]);
    });
  });

  describe('dataItemsShared', () => {
    it('requiredWhenShared fires when shared with no items', () => {
      expect(check({ dataItemsShared: [] })).toEqual([{ field: 'dataItemsShared', rule: 'requiredWhenShared', message: 'say what was shared' }]);
      expect(found({ dataItemsShared: [] }, PARTIAL_DECISION)).toEqual(['dataItemsShared:requiredWhenShared']);
    });

    it('emptyWhenNotShared fires when not shared but items are listed', () => {
      expect(check({ dataItemsShared: ['NHS number'] }, NOT_SHARED_DECISION)).toEqual([
        { field: 'dataItemsShared', rule: 'emptyWhenNotShared', message: 'must be empty when nothing was shared' },
      ]);
    });

    it('does not fire with items when shared, or none when not shared', () => {
      expect(found({ dataItemsShared: ['NHS number'] })).toEqual([]);
      expect(found({ dataItemsShared: [] }, NOT_SHARED_DECISION)).toEqual([]);
    });
  });

  describe('dataItemsWithheld requiredWhenPartial', () => {
    it('fires for a partial share that does not say what was withheld', () => {
      expect(check({ dataItemsWithheld: [] }, PARTIAL_DECISION)).toEqual([
        { field: 'dataItemsWithheld', rule: 'requiredWhenPartial', message: 'say what was withheld' },
      ]);
    });

    it('does not fire for a full share or a refusal with nothing listed as withheld', () => {
      expect(found({ dataItemsWithheld: [] })).toEqual([]);
      expect(found({ dataItemsWithheld: [] }, NOT_SHARED_DECISION)).toEqual([]);
    });
  });

  describe.each([
    ['transferMethod', 'say how it was shared'],
    ['article6Basis', 'say which UK GDPR Article 6 basis applied'],
    ['commonLawBasis', 'say which common-law confidentiality basis applied'],
  ] as const)('%s requiredWhenShared', (field, message) => {
    it('fires when shared without it', () => {
      expect(check({ [field]: null })).toEqual([{ field, rule: 'requiredWhenShared', message }]);
    });

    it('fires when partially shared without it', () => {
      expect(found({ [field]: undefined }, PARTIAL_DECISION)).toEqual([`${field}:requiredWhenShared`]);
    });

    it('does not fire when nothing was shared', () => {
      expect(found({ [field]: null }, NOT_SHARED_DECISION)).toEqual([]);
    });
  });

  describe('recordCount atLeastOneWhenShared', () => {
    it('fires for 0 records shared', () => {
      expect(check({ recordCount: 0 })).toEqual([
        { field: 'recordCount', rule: 'atLeastOneWhenShared', message: 'must be at least 1 when something was shared' },
      ]);
      expect(found({ recordCount: 0 }, PARTIAL_DECISION)).toEqual(['recordCount:atLeastOneWhenShared']);
    });

    it('does not fire for 1 or more, or for 0 when not shared', () => {
      expect(found({ recordCount: 1 })).toEqual([]);
      expect(found({ recordCount: 5000 })).toEqual([]);
      expect(found({ recordCount: 0 }, NOT_SHARED_DECISION)).toEqual([]);
    });
  });

  describe('capacityConsentBy', () => {
    it('requiredWhenLacksCapacity fires when the person lacks capacity and nobody is named', () => {
      expect(check({ consentStatus: ConsentStatus.LACKS_CAPACITY })).toEqual([
        {
          field: 'capacityConsentBy',
          rule: 'requiredWhenLacksCapacity',
          message: 'say who consented for the person (LPA, deputy or best interests decision)',
        },
      ]);
    });

    it('onlyWhenLacksCapacity fires when given for a person with capacity', () => {
      expect(check({ capacityConsentBy: CapacityConsentBy.COURT_APPOINTED_DEPUTY })).toEqual([
        { field: 'capacityConsentBy', rule: 'onlyWhenLacksCapacity', message: 'applies only when the person lacks capacity' },
      ]);
    });

    it.each(Object.values(CapacityConsentBy))('does not fire when the person lacks capacity and %s consented', (by) => {
      expect(found({ consentStatus: ConsentStatus.LACKS_CAPACITY, capacityConsentBy: by })).toEqual([]);
    });

    it('does not fire when the person has capacity and nobody else is named', () => {
      expect(found({ consentStatus: ConsentStatus.GIVEN, capacityConsentBy: null })).toEqual([]);
    });
  });

  describe('publicInterestOverride requiredWhenConsentRefused', () => {
    it.each([ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN])('fires when shared although consent was %s, with no override', (consentStatus) => {
      expect(check({ consentStatus, commonLawBasis: CommonLawBasis.PUBLIC_INTEREST })).toEqual([
        {
          field: 'publicInterestOverride',
          rule: 'requiredWhenConsentRefused',
          message: 'consent was refused or withdrawn: sharing anyway needs a public-interest override',
        },
      ]);
    });

    it('fires for a partial share too', () => {
      expect(found({ consentStatus: ConsentStatus.WITHDRAWN }, PARTIAL_DECISION)).toEqual(['publicInterestOverride:requiredWhenConsentRefused']);
    });

    it.each([ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN])('does not fire when consent was %s and nothing was shared', (consentStatus) => {
      expect(found({ consentStatus, notSharedReason: NotSharedReason.CONSENT_REFUSED }, NOT_SHARED_DECISION)).toEqual([]);
    });

    it('does not fire with an override', () => {
      expect(found({ consentStatus: ConsentStatus.WITHDRAWN }, OVERRIDE_DECISION)).toEqual([]);
    });

    it.each([ConsentStatus.GIVEN, ConsentStatus.IMPLIED, ConsentStatus.NOT_SOUGHT_UNSAFE, ConsentStatus.NOT_SOUGHT_NOT_REQUIRED])(
      'does not fire when consent was %s',
      (consentStatus) => {
        expect(found({ consentStatus })).toEqual([]);
      },
    );
  });

  describe('consent NOT_SOUGHT_REQUEST_REFUSED (the request refused before consent arose)', () => {
    it('is allowed when nothing was shared', () => {
      expect(found({ consentStatus: ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED, notSharedReason: NotSharedReason.NO_LEGITIMATE_PURPOSE }, NOT_SHARED_DECISION)).toEqual([]);
    });

    it('consentStatus requestRefusedOnlyWhenNotShared fires for a full share', () => {
      expect(check({ consentStatus: ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED })).toEqual([
        {
          field: 'consentStatus',
          rule: 'requestRefusedOnlyWhenNotShared',
          message: 'NOT_SOUGHT_REQUEST_REFUSED means the request was refused before consent arose: the outcome must be NOT_SHARED',
        },
      ]);
    });

    it('fires for a partial share too', () => {
      expect(found({ consentStatus: ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED }, PARTIAL_DECISION)).toEqual(['consentStatus:requestRefusedOnlyWhenNotShared']);
    });
  });

  describe('the public-interest override', () => {
    it('overrideAuthorisedBy requiredWithOverride fires when nobody is named', () => {
      expect(check({ overrideAuthorisedBy: null }, OVERRIDE_DECISION)).toEqual([
        { field: 'overrideAuthorisedBy', rule: 'requiredWithOverride', message: 'say who authorised the public-interest override' },
      ]);
      expect(found({ overrideAuthorisedBy: '' }, OVERRIDE_DECISION)).toEqual(['overrideAuthorisedBy:requiredWithOverride']);
    });

    it('overrideReason requiredWithOverride fires when no reason is given', () => {
      expect(check({ overrideReason: null }, OVERRIDE_DECISION)).toEqual([
        { field: 'overrideReason', rule: 'requiredWithOverride', message: 'say why the public interest justified sharing' },
      ]);
      expect(found({ overrideReason: '' }, OVERRIDE_DECISION)).toEqual(['overrideReason:requiredWithOverride']);
    });

    it('commonLawBasis publicInterestWithOverride fires for any other common-law basis', () => {
      expect(check({ commonLawBasis: CommonLawBasis.EXPLICIT_CONSENT }, OVERRIDE_DECISION)).toEqual([
        { field: 'commonLawBasis', rule: 'publicInterestWithOverride', message: 'a public-interest override relies on PUBLIC_INTEREST' },
      ]);
      expect(found({ commonLawBasis: CommonLawBasis.LEGAL_REQUIREMENT }, OVERRIDE_DECISION)).toEqual(['commonLawBasis:publicInterestWithOverride']);
    });

    it('a missing common-law basis is reported as required, not as the wrong basis', () => {
      expect(found({ commonLawBasis: null }, OVERRIDE_DECISION)).toEqual(['commonLawBasis:requiredWhenShared']);
    });

    it('reports all three together', () => {
      expect(found({ overrideAuthorisedBy: null, overrideReason: null, commonLawBasis: CommonLawBasis.IMPLIED_CONSENT }, OVERRIDE_DECISION)).toEqual([
        'overrideAuthorisedBy:requiredWithOverride',
        'overrideReason:requiredWithOverride',
        'commonLawBasis:publicInterestWithOverride',
      ]);
    });

    it('needs an authoriser and reason even on a decision not to share', () => {
      expect(found({ publicInterestOverride: true }, NOT_SHARED_DECISION)).toEqual([
        'overrideAuthorisedBy:requiredWithOverride',
        'overrideReason:requiredWithOverride',
      ]);
    });

    it('none fires without an override, whatever the override fields hold', () => {
      expect(found({ overrideAuthorisedBy: null, overrideReason: null, commonLawBasis: CommonLawBasis.EXPLICIT_CONSENT })).toEqual([]);
    });
  });

  describe('notInformedReason requiredWhenNotInformed', () => {
    it('fires when the person was not told and no reason is given', () => {
      expect(check({ personInformed: false })).toEqual([
        { field: 'notInformedReason', rule: 'requiredWhenNotInformed', message: 'say why the person was not told' },
      ]);
      expect(found({ personInformed: false }, NOT_SHARED_DECISION)).toEqual(['notInformedReason:requiredWhenNotInformed']);
    });

    it('does not fire with a reason, or when the person was told', () => {
      expect(found({ personInformed: false, notInformedReason: NotInformedReason.WOULD_INCREASE_RISK_OF_HARM })).toEqual([]);
      expect(found({ personInformed: true, notInformedReason: null })).toEqual([]);
    });
  });

  describe('key questions', () => {
    const consentPath = { q1: YES, q2: YES, q3: YES, q4: YES, q6: YES, q7: YES };

    it('finds nothing wrong with a complete path that agrees with the outcome', () => {
      expect(found({ keyQuestions: consentPath })).toEqual([]);
      expect(found({ keyQuestions: { q1: NO, q7: YES }, notSharedReason: NotSharedReason.NO_LEGITIMATE_PURPOSE }, NOT_SHARED_DECISION)).toEqual([]);
    });

    it('includes the key-question problems after the field rules', () => {
      expect(found({ keyQuestions: { ...consentPath, q6: NO, q7: null }, personInformed: false })).toEqual([
        'notInformedReason:requiredWhenNotInformed',
        'keyQuestions.q7:answeredOnPath',
        'keyQuestions.q6:shareSecurely',
      ]);
    });

    it('passes the outcome on: sharing with no purpose is refused', () => {
      expect(found({ keyQuestions: { q1: NO, q7: YES } })).toEqual(['keyQuestions.q1:purposeBeforeSharing']);
    });

    it('passes on whether advice was sought', () => {
      const notSure = { ...consentPath, q3: NOT_SURE };
      expect(found({ keyQuestions: notSure, adviceSought: [] })).toEqual(['adviceSought:adviceWhenNotSure']);
      expect(found({ keyQuestions: notSure, adviceSought: [AdviceSource.IG_LEAD] })).toEqual([]);
    });

    it('checks nothing about the key questions when they are left out', () => {
      expect(found({ keyQuestions: null })).toEqual([]);
      expect(found({ keyQuestions: undefined })).toEqual([]);
    });
  });

  it('reports every problem together', () => {
    const problems = found({
      decidedAt: new Date('2026-05-20T08:00:00.000Z'),
      requestingOrganisationId: VALID.disclosingOrganisationId,
      agreementId: null,
      notSharedReason: NotSharedReason.OTHER,
      dataItemsShared: [],
      transferMethod: null,
      article6Basis: null,
      commonLawBasis: null,
      recordCount: 0,
      consentStatus: ConsentStatus.LACKS_CAPACITY,
      personInformed: false,
      article9Condition: Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE,
    });
    expect(problems).toEqual([
      'decidedAt:afterRequest',
      'requestingOrganisationId:differentOrganisation',
      'flowId:needsAgreement',
      'notSharedReason:onlyWhenWithheld',
      'dataItemsShared:requiredWhenShared',
      'transferMethod:requiredWhenShared',
      'article6Basis:requiredWhenShared',
      'commonLawBasis:requiredWhenShared',
      'recordCount:atLeastOneWhenShared',
      'capacityConsentBy:requiredWhenLacksCapacity',
      'notInformedReason:requiredWhenNotInformed',
    ]);
  });
});
