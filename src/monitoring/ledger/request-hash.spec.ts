import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import type { SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { readDecisionInput } from './decision-input-reader.js';
import { requestHash } from './request-hash.js';

const GIVEN = {
  clientKey: 'case-0001',
  agreementId: null,
  requestingOrganisationId: '2b7d0a0e-3c61-4a8e-8f55-1d0f3e9a7c21',
  disclosingOrganisationId: '9a3e5c7b-1d2f-4e6a-8b0c-3f5d7e9a1b22',
  requestedAt: '2026-11-20T09:00:00Z',
  decidedAt: '2026-11-20T09:40:00+01:00',
  purposeType: 'SAFEGUARDING',
  outcome: 'SHARED',
  dataItemsShared: ['NHS number', 'Safeguarding concern summary'],
  commonLawBasis: 'PUBLIC_INTEREST',
  consentStatus: 'REFUSED',
  publicInterestOverride: true,
  overrideAuthorisedBy: 'Caldicott Guardian',
  overrideReason: 'Risk of serious harm',
  transferMethod: 'NHSMAIL',
  personInformed: false,
  notInformedReason: 'WOULD_INCREASE_RISK_OF_HARM',
  keyQuestions: { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'NO', q5: 'YES', q6: 'YES', q7: null },
};

/** The definition: canonicalJson of the input with its case reference replaced by the reference's hash. */
const byDefinition = (input: SharingDecisionInput, caseHash: string | null) => {
  const { caseReference: _reference, ...rest } = input;
  return createHash('sha256').update(canonicalJson({ ...rest, caseReference: caseHash })).digest('hex');
};

describe('requestHash', () => {
  it.each([
    ['every kind of field, no case reference', GIVEN, null],
    ['with a case reference hash', { ...GIVEN, caseReference: 'LA-2026-0042' }, 'f'.repeat(64)],
    ['text JSON escapes, and text it writes as given', { ...GIVEN, clientKey: 'a"b\\c\td\u0001', overrideReason: 'Risk 🩺 of\nharm\u2028 — “quoted”', dataItemsShared: ['Ünïcödé', 'x"y'] }, null],
    [
      'every field given',
      {
        ...GIVEN,
        agreementId: '6f1c2f43-4b8e-4f0e-9d61-0d7c1b0f5a11',
        flowId: '1c9e7a55-2b3d-4f6a-8c0e-5d7f9b1a3c44',
        purpose: 'Protect a child',
        outcome: 'PARTIALLY_SHARED',
        notSharedReason: 'NOT_NECESSARY',
        dataItemsWithheld: ['GP notes'],
        includesSpecialCategory: true,
        recordCount: 3,
        article6Basis: 'ART6_1_E_PUBLIC_TASK',
        article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
        consentStatus: 'LACKS_CAPACITY',
        capacityConsentBy: 'BEST_INTERESTS_DECISION',
        adviceSought: ['CALDICOTT_GUARDIAN'],
        caseReference: 'LA-2026-0042',
        keyQuestions: { q7: 'NO', q2: 'YES', q1: 'YES', q3: null },
      },
      'e'.repeat(64),
    ],
    ['the fewest fields', { ...GIVEN, agreementId: undefined, keyQuestions: undefined, overrideReason: undefined, notInformedReason: undefined, personInformed: true }, null],
  ])('is canonicalJson of the input, case reference hashed (%s)', (_, given, caseHash) => {
    const { input, problems } = readDecisionInput(JSON.parse(JSON.stringify(given)));
    expect(problems).toEqual([]);
    expect(requestHash(input!, caseHash)).toBe(byDefinition(input!, caseHash));
  });

  it('differs when any field differs, dates included', () => {
    const { input } = readDecisionInput(GIVEN);
    const later = readDecisionInput({ ...GIVEN, decidedAt: '2026-11-20T09:41:00+01:00' }).input!;
    const otherItem = readDecisionInput({ ...GIVEN, dataItemsShared: ['NHS number'] }).input!;
    const hashes = new Set([requestHash(input!, null), requestHash(later, null), requestHash(otherItem, null), requestHash(input!, 'a'.repeat(64))]);
    expect(hashes.size).toBe(4);
  });
});
