import { ConsentStatus, DecisionOutcome, KeyQuestionAnswer } from '../../monitoring/monitoring.enums.js';
import {
  decisionInputOf,
  DETAIL_STEPS,
  firstToAnswer,
  firstWithProblem,
  nextAfter,
  newDraft,
  previousBefore,
  problemsOf,
  saveStep,
  sequence,
  stepOfField,
  stepProblems,
  withProblems,
  type DecisionDraft,
  type DraftDetails,
} from './decision-journey.js';
import { STEPS, type StepOptions } from './decision-steps.js';

const { YES, NO, NOT_SURE } = KeyQuestionAnswer;
const NOW = new Date('2026-03-27T14:30:00Z');
const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const draft = (answers: DecisionDraft['answers'] = {}, details: DraftDetails = {}): DecisionDraft => ({ ...newDraft('key-1', NOW), answers, details });
/** A draft with every page of its sequence answered, as when check your answers is reached. */
const answered = (answers: DecisionDraft['answers'], details: DraftDetails): DecisionDraft => {
  const d = draft(answers, details);
  return { ...d, done: sequence(d), reviewing: true };
};

const SHARED_DETAILS: DraftDetails = {
  agreementId: null,
  requestingOrganisationId: OTHER,
  requestedAt: '2026-03-27T10:00:00.000Z',
  decidedAt: '2026-03-27T12:00:00.000Z',
  purposeType: 'INDIVIDUAL_CARE' as DraftDetails['purposeType'],
  outcome: DecisionOutcome.SHARED,
  notSharedReason: null,
  dataItemsShared: ['NHS number'],
  dataItemsWithheld: [],
  includesSpecialCategory: false,
  recordCount: 1,
  consentStatus: ConsentStatus.GIVEN,
  article6Basis: 'ART6_1_E_PUBLIC_TASK' as DraftDetails['article6Basis'],
  article9Condition: null,
  commonLawBasis: 'EXPLICIT_CONSENT' as DraftDetails['commonLawBasis'],
  transferMethod: 'NHSMAIL' as DraftDetails['transferMethod'],
  personInformed: true,
  notInformedReason: null,
  adviceSought: [],
  caseReference: null,
};
const CONSENTED = { q1: YES, q2: YES, q3: YES, q4: YES, q6: YES, q7: YES };

describe('sequence', () => {
  it('asks every key question until the answers say otherwise, then the details', () => {
    expect(sequence(draft())).toEqual([
      'question-1',
      'question-2',
      'question-3',
      'question-4',
      'question-5',
      'question-6',
      'question-7',
      'agreement',
      'organisation',
      'times',
      'purpose',
      'outcome',
      'information',
      'consent',
      'override',
      'lawful-basis',
      'transfer',
      'informed',
      'advice',
      'case-reference',
    ]);
  });

  it('follows the flowchart the key questions module gives', () => {
    const questions = (answers: DecisionDraft['answers']) => sequence(draft(answers)).filter((s) => s.startsWith('question-'));
    expect(questions({ q1: NO })).toEqual(['question-1', 'question-7']);
    expect(questions({ q1: YES, q2: NO })).toEqual(['question-1', 'question-2', 'question-6', 'question-7']);
    expect(questions({ q1: YES, q2: YES, q3: YES, q4: YES })).toEqual(['question-1', 'question-2', 'question-3', 'question-4', 'question-6', 'question-7']);
    expect(questions({ q1: YES, q2: YES, q3: YES, q4: NO, q5: NO })).toEqual(['question-1', 'question-2', 'question-3', 'question-4', 'question-5', 'question-7']);
    // Not sure takes the cautious branch, which asks more.
    expect(questions({ q1: YES, q2: YES, q3: YES, q4: NOT_SURE })).toContain('question-5');
  });

  it('asks how and on what basis only when something was shared, and about an override only without consent', () => {
    const details = (d: DraftDetails) => sequence(draft({}, d)).filter((s) => (DETAIL_STEPS as readonly string[]).includes(s));
    expect(details({ outcome: DecisionOutcome.NOT_SHARED })).toEqual(['agreement', 'organisation', 'times', 'purpose', 'outcome', 'information', 'consent', 'informed', 'advice', 'case-reference']);
    expect(details({ outcome: DecisionOutcome.SHARED, consentStatus: ConsentStatus.GIVEN })).not.toContain('override');
    expect(details({ outcome: DecisionOutcome.SHARED, consentStatus: ConsentStatus.IMPLIED })).not.toContain('override');
    expect(details({ outcome: DecisionOutcome.PARTIALLY_SHARED, consentStatus: ConsentStatus.REFUSED })).toEqual(expect.arrayContaining(['override', 'lawful-basis', 'transfer']));
  });
});

describe('nextAfter and previousBefore', () => {
  it('go page by page on the first pass, from the start page to check your answers', () => {
    const d = draft({ q1: YES, q2: YES, q3: YES, q4: NO });
    expect(nextAfter(d, 'question-1')).toBe('question-2');
    expect(nextAfter(d, 'question-4')).toBe('question-5');
    expect(nextAfter(draft({ q1: NO }), 'question-1')).toBe('question-7');
    expect(nextAfter(draft({ q1: NO }), 'question-7')).toBe('agreement');
    expect(nextAfter(d, 'case-reference')).toBe('check');
    expect(previousBefore(d, 'question-1')).toBeNull();
    expect(previousBefore(d, 'question-5')).toBe('question-4');
    expect(previousBefore(draft({ q1: NO }), 'question-7')).toBe('question-1');
  });

  it('once reviewing, return to check your answers unless a change brings in a page not yet answered', () => {
    const reviewing = answered(CONSENTED, SHARED_DETAILS);
    expect(firstToAnswer(reviewing)).toBe('check');
    expect(nextAfter(reviewing, 'transfer')).toBe('check');
    expect(previousBefore(reviewing, 'transfer')).toBe('check');
    // No consent after all: the flowchart now asks about the public interest.
    const changed = saveStep(reviewing, 'question-4', { answers: { q4: NO } });
    expect(nextAfter(changed, 'question-4')).toBe('question-5');
    const thenAnswered = saveStep(changed, 'question-5', { answers: { q5: YES } });
    expect(nextAfter(thenAnswered, 'question-5')).toBe('check');
  });

  it('once reviewing, go to the next page with a problem first', () => {
    const returned = withProblems(answered(CONSENTED, SHARED_DETAILS), [
      { field: 'input.transferMethod', rule: 'requiredWhenShared', message: 'say how it was shared' },
      { field: 'input.keyQuestions.q6', rule: 'shareSecurely', message: '...' },
    ]);
    expect(firstWithProblem(returned)).toBe('question-6');
    expect(nextAfter(saveStep(returned, 'question-6', { answers: { q6: YES } }), 'question-6')).toBe('transfer');
  });
});

describe('saveStep', () => {
  it('marks the page done, clears its problems, and asks again the pages that depend on a changed answer', () => {
    const start = withProblems(answered(CONSENTED, SHARED_DETAILS), [
      { field: 'input.outcome', rule: 'x', message: 'x' },
      { field: 'input.adviceSought', rule: 'y', message: 'y' },
    ]);
    const same = saveStep(start, 'outcome', { details: { outcome: DecisionOutcome.SHARED, notSharedReason: null } });
    expect(same.done).toEqual(expect.arrayContaining(['information', 'lawful-basis', 'transfer', 'informed']));
    expect(same.problems.map((p) => p.field)).toEqual(['adviceSought']);
    const changed = saveStep(start, 'outcome', { details: { outcome: DecisionOutcome.PARTIALLY_SHARED, notSharedReason: 'NOT_NECESSARY' as DraftDetails['notSharedReason'] } });
    for (const step of ['information', 'lawful-basis', 'transfer', 'informed'] as const) expect(changed.done).not.toContain(step);
    expect(changed.done).toContain('outcome');
    expect(firstToAnswer(changed)).toBe('information');
  });
});

describe('decisionInputOf', () => {
  it('is the mutation input: the key questions on the path, the disclosing organisation the caller’s', () => {
    const input = decisionInputOf(answered(CONSENTED, SHARED_DETAILS), ORG);
    expect(input).toMatchObject({
      clientKey: 'key-1',
      disclosingOrganisationId: ORG,
      requestingOrganisationId: OTHER,
      outcome: 'SHARED',
      keyQuestions: { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' },
      transferMethod: 'NHSMAIL',
      publicInterestOverride: false,
    });
  });

  it('leaves out answers the path no longer takes and details of pages not asked', () => {
    // Question 5 was answered, then question 4 changed to yes: the flowchart skips 5.
    const d = answered({ ...CONSENTED, q5: NO }, { ...SHARED_DETAILS, outcome: DecisionOutcome.NOT_SHARED, notSharedReason: 'RISK_OF_HARM' as DraftDetails['notSharedReason'], overrideReason: 'x', publicInterestOverride: true });
    const input = decisionInputOf(d, ORG);
    expect(input.keyQuestions).not.toHaveProperty('q5');
    expect(input).toMatchObject({
      dataItemsShared: [],
      recordCount: 0,
      article6Basis: null,
      commonLawBasis: null,
      transferMethod: null,
      publicInterestOverride: false,
      overrideReason: null,
      notSharedReason: 'RISK_OF_HARM',
    });
    // Everything shared: no reason for withholding, whatever was chosen before.
    expect(decisionInputOf(answered(CONSENTED, { ...SHARED_DETAILS, notSharedReason: 'RISK_OF_HARM' as DraftDetails['notSharedReason'] }), ORG).notSharedReason).toBeNull();
  });

  it('keeps who consented only when the person lacks capacity, and why they were not told only when they were not', () => {
    const base = { ...SHARED_DETAILS, capacityConsentBy: 'LASTING_POWER_OF_ATTORNEY' as DraftDetails['capacityConsentBy'], notInformedReason: 'NOT_PRACTICABLE' as DraftDetails['notInformedReason'] };
    expect(decisionInputOf(answered(CONSENTED, base), ORG)).toMatchObject({ capacityConsentBy: null, notInformedReason: null });
    const input = decisionInputOf(answered(CONSENTED, { ...base, consentStatus: ConsentStatus.LACKS_CAPACITY, personInformed: false }), ORG);
    expect(input).toMatchObject({ capacityConsentBy: 'LASTING_POWER_OF_ATTORNEY', notInformedReason: 'NOT_PRACTICABLE' });
  });
});

describe('stepProblems', () => {
  const rules = (d: DecisionDraft, step: Parameters<typeof stepProblems>[1]) => stepProblems(d, step, ORG, NOW).map((p) => `${p.field}:${p.rule}`);

  it('applies the ledger’s rules about a page’s fields as soon as it is saved', () => {
    const override = draft(CONSENTED, { ...SHARED_DETAILS, consentStatus: ConsentStatus.REFUSED, publicInterestOverride: true, commonLawBasis: undefined });
    expect(rules(override, 'override')).toEqual(['overrideAuthorisedBy:requiredWithOverride', 'overrideReason:requiredWithOverride']);
    const refused = draft(CONSENTED, { ...SHARED_DETAILS, consentStatus: ConsentStatus.REFUSED, publicInterestOverride: false });
    expect(rules(refused, 'override')).toEqual(['publicInterestOverride:requiredWhenConsentRefused']);
    expect(rules(draft({}, { ...SHARED_DETAILS, decidedAt: '2026-03-27T09:00:00.000Z' }), 'times')).toEqual(['decidedAt:afterRequest']);
    expect(rules(draft({}, { ...SHARED_DETAILS, decidedAt: '2026-03-28T09:00:00.000Z' }), 'times')).toEqual(['decidedAt:notInFuture']);
    expect(rules(draft({}, { ...SHARED_DETAILS, dataItemsShared: [] }), 'information')).toEqual(['dataItemsShared:requiredWhenShared']);
    expect(rules(draft({ q1: NOT_SURE }, { ...SHARED_DETAILS, adviceSought: [] }), 'advice')).toEqual(['adviceSought:adviceWhenNotSure']);
    expect(rules(draft({}, { ...SHARED_DETAILS, purpose: 'x'.repeat(501) }), 'purpose')).toEqual(['purpose:maxLength']);
  });

  it('says nothing about pages not yet reached, whose details stand in as neutral values', () => {
    const early = draft({ q1: YES }, { agreementId: null, requestingOrganisationId: OTHER });
    for (const step of ['agreement', 'organisation'] as const) expect(rules(early, step)).toEqual([]);
    expect(rules(draft({ q1: YES }, { agreementId: null, requestingOrganisationId: ORG }), 'organisation')).toEqual(['requestingOrganisationId:differentOrganisation']);
  });
});

describe('problems', () => {
  it('go to the page that asks for their field; the rest to check your answers', () => {
    expect(stepOfField('keyQuestions.q5')).toBe('question-5');
    expect(stepOfField('consentStatus')).toBe('consent');
    expect(stepOfField('clientKey')).toBeNull();
    const returned = withProblems(answered(CONSENTED, SHARED_DETAILS), [
      { field: 'input.clientKey', rule: 'sameRequest', message: 'clash' },
      { field: 'input.consentStatus', rule: 'x', message: 'x' },
      { field: 'input.overrideReason', rule: 'x', message: 'not asked with consent given' },
    ]);
    expect(problemsOf(returned, 'consent').map((p) => p.field)).toEqual(['consentStatus']);
    expect(problemsOf(returned, 'check').map((p) => p.field)).toEqual(['clientKey', 'overrideReason']);
    expect(firstWithProblem(returned)).toBe('consent');
  });
});

describe('the consent page', () => {
  const consentOptions = (outcome: DecisionOutcome) => {
    const [field] = STEPS.consent.page(draft({}, { outcome }), {} as StepOptions).fields;
    return field.kind === 'radios' ? field.options.map((o) => o.value) : [];
  };

  it('offers "none sought or given: the request was refused" only when nothing was shared', () => {
    expect(consentOptions(DecisionOutcome.NOT_SHARED)).toContain(ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED);
    expect(consentOptions(DecisionOutcome.SHARED)).not.toContain(ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED);
    expect(consentOptions(DecisionOutcome.PARTIALLY_SHARED)).not.toContain(ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED);
    expect(consentOptions(DecisionOutcome.SHARED)).toHaveLength(Object.keys(ConsentStatus).length - 1);
  });
});
