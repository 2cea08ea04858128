import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/validation-exception.factory.js';
import { parseDateTime } from '../../common/scalars/date-time.scalar.js';
import { KeyQuestionsInput, SharingDecisionInput } from '../dto/sharing-decision.input.js';
import { AdviceSource } from '../monitoring.enums.js';
import { readDecisionInput } from './decision-input-reader.js';

const VALID = {
  clientKey: 'case-0001',
  agreementId: '6f1c2f43-4b8e-4f0e-9d61-0d7c1b0f5a11',
  requestingOrganisationId: '2b7d0a0e-3c61-4a8e-8f55-1d0f3e9a7c21',
  disclosingOrganisationId: '9a3e5c7b-1d2f-4e6a-8b0c-3f5d7e9a1b22',
  requestedAt: '2026-11-20T09:00:00Z',
  decidedAt: '2026-11-20T09:40:00+01:00',
  purposeType: 'INDIVIDUAL_CARE',
  purpose: 'Arrange care on discharge',
  outcome: 'SHARED',
  dataItemsShared: ['NHS number', 'Discharge summary'],
  includesSpecialCategory: true,
  article6Basis: 'ART6_1_E_PUBLIC_TASK',
  article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
  commonLawBasis: 'IMPLIED_CONSENT',
  consentStatus: 'IMPLIED',
  transferMethod: 'NHSMAIL',
  personInformed: true,
};

const [advice] = Object.values(AdviceSource);

/** Values of the right GraphQL type (so GraphQL would pass them on to class-validator), good and bad. */
const CASES: [string, Record<string, unknown>][] = [
  ['valid', {}],
  ['padded key (trimmed)', { clientKey: '  case-0002  ' }],
  ['empty key', { clientKey: '' }],
  ['blank key', { clientKey: '   ' }],
  ['long key', { clientKey: 'k'.repeat(201) }],
  ['200 emoji: 200 characters, 400 UTF-16 units', { clientKey: '🙂'.repeat(200) }],
  ['201 emoji', { clientKey: '🙂'.repeat(201) }],
  ['no agreement', { agreementId: null }],
  ['agreement not a UUID', { agreementId: 'agreement-1' }],
  ['flow not a UUID', { flowId: '12' }],
  ['requester not a UUID', { requestingOrganisationId: 'council' }],
  ['unknown purpose type', { purposeType: 'CURIOSITY' }],
  ['long purpose', { purpose: 'p'.repeat(501) }],
  ['blank purpose', { purpose: '   ' }],
  ['no purpose', { purpose: null }],
  ['unknown outcome', { outcome: 'MAYBE' }],
  ['unknown reason', { notSharedReason: 'FORGOT' }],
  ['repeated item', { dataItemsShared: ['NHS number', 'NHS number'] }],
  ['empty item', { dataItemsShared: [''] }],
  ['long item', { dataItemsWithheld: ['i'.repeat(301)] }],
  ['101 items', { dataItemsShared: Array.from({ length: 101 }, (_, i) => `item ${i}`) }],
  ['100 items', { dataItemsShared: Array.from({ length: 100 }, (_, i) => `item ${i}`) }],
  ['no records', { recordCount: 0 }],
  ['negative records', { recordCount: -1 }],
  ['too many records', { recordCount: 100_000_001 }],
  ['unknown basis', { article6Basis: 'ART6_1_Z' }],
  ['unknown condition', { article9Condition: 'ART9_2_Z' }],
  ['unknown common-law basis', { commonLawBasis: 'HUNCH' }],
  ['unknown consent', { consentStatus: 'MAYBE' }],
  ['unknown capacity', { capacityConsentBy: 'NEIGHBOUR' }],
  ['long authoriser', { overrideAuthorisedBy: 'a'.repeat(301) }],
  ['long override reason', { overrideReason: 'r'.repeat(5001) }],
  ['advice repeated', { adviceSought: [advice, advice] }],
  ['unknown advice', { adviceSought: ['ORACLE'] }],
  ['unknown method', { transferMethod: 'PIGEON' }],
  ['unknown not-informed reason', { notInformedReason: 'SHY' }],
  ['empty case reference', { caseReference: '' }],
  ['long case reference', { caseReference: 'c'.repeat(101) }],
  ['key question answered badly', { keyQuestions: { q1: 'PERHAPS' } }],
  ['key questions', { keyQuestions: { q1: 'YES', q2: 'YES', q3: 'NO', q6: 'YES', q7: null } }],
  ['several at once', { clientKey: '', outcome: 'MAYBE', recordCount: -5, dataItemsShared: ['x', 'x'] }],
];

/** What GraphQL and the ValidationPipe make of the same value: defaults, DateTime, then class-transformer and class-validator. */
function throughGraphql(given: Record<string, unknown>) {
  const plain = {
    dataItemsShared: [],
    dataItemsWithheld: [],
    includesSpecialCategory: false,
    recordCount: 1,
    publicInterestOverride: false,
    adviceSought: [],
    ...given,
    requestedAt: parseDateTime(given.requestedAt),
    decidedAt: parseDateTime(given.decidedAt),
  };
  const input = plainToInstance(SharingDecisionInput, plain);
  const problems = flattenValidationErrors(validateSync(input, { whitelist: true }));
  return { input, problems };
}

const byField = (problems: { field: string; rule: string }[]) => {
  const fields = new Map<string, Set<string>>();
  for (const p of problems) fields.set(p.field, (fields.get(p.field) ?? new Set()).add(p.rule));
  return fields;
};

describe('readDecisionInput, against the GraphQL input it stands in for', () => {
  it.each(CASES)('%s: the same fields refused, by rules class-validator names too, and the same input when valid', (_, change) => {
    const given = { ...VALID, ...change };
    const ours = readDecisionInput(JSON.parse(JSON.stringify(given)));
    const theirs = throughGraphql(given);

    const ourFields = byField(ours.problems);
    const theirFields = byField(theirs.problems);
    expect([...ourFields.keys()].sort()).toEqual([...theirFields.keys()].sort());
    for (const [field, rules] of ourFields) for (const rule of rules) expect(theirFields.get(field)).toContain(rule);

    if (theirs.problems.length === 0) {
      expect(ours.input).toBeInstanceOf(SharingDecisionInput);
      expect(ours.input).toEqual(theirs.input);
      if (theirs.input.keyQuestions) expect(ours.input?.keyQuestions).toBeInstanceOf(KeyQuestionsInput);
    } else {
      expect(ours.input).toBeNull();
    }
  });

  it('refuses what GraphQL refuses before validation: wrong types, missing required fields, unknown fields', () => {
    const rules = (value: unknown) => readDecisionInput(value).problems.map((p) => `${p.field}:${p.rule}`);
    expect(rules({ ...VALID, clientKey: 42, recordCount: '3', personInformed: 'yes', dataItemsShared: 'NHS number' })).toEqual([
      'clientKey:type',
      'dataItemsShared:type',
      'recordCount:isInt',
      'personInformed:isBoolean',
    ]);
    const { clientKey: _key, personInformed: _informed, decidedAt: _decided, ...missing } = VALID;
    expect(rules(missing)).toEqual(['clientKey:isString', 'decidedAt:isDate', 'personInformed:isBoolean']);
    expect(rules({ ...VALID, colour: 'blue', keyQuestions: { q8: 'YES' } })).toEqual(['colour:knownField', 'keyQuestions.q8:knownField']);
    expect(rules({ ...VALID, decidedAt: '2026-11-20' })).toEqual(['decidedAt:isDate']);
    expect(rules([VALID])).toEqual(['decision:type']);
    expect(rules(null)).toEqual(['decision:type']);
  });

  it('refuses field names every object inherits, as JSON.parse gives them', () => {
    const inherited = '"__proto__":{"clientKey":"x"},"constructor":"c","toString":"t","keyQuestions":{"q1":"YES","constructor":"YES"}';
    const line = JSON.stringify(VALID).replace(/}$/, `,${inherited}}`);
    const { input, problems } = readDecisionInput(JSON.parse(line));
    expect(input).toBeNull();
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual(['__proto__:knownField', 'constructor:knownField', 'toString:knownField', 'keyQuestions.constructor:knownField']);
  });

  it('refuses text PostgreSQL cannot store, wherever it is, as StorableTextPipe does', () => {
    const { problems } = readDecisionInput({ ...VALID, purpose: 'a\u0000b', dataItemsShared: ['ok', '\uD800'], ['bad\u0000key']: 1 });
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual([
      '(a field name that cannot be stored):knownField',
      'purpose:noNulCharacter',
      'dataItemsShared[1]:wellFormedUnicode',
    ]);
  });
});
