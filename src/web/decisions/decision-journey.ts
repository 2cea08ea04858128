import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import type { FieldProblem } from '../../common/errors/domain-error.js';
import { flattenValidationErrors } from '../../common/errors/validation-exception.factory.js';
import { KeyQuestionsInput, SharingDecisionInput } from '../../monitoring/dto/sharing-decision.input.js';
import { decisionProblems } from '../../monitoring/ledger/decision-rules.js';
import { impliedPath, type KeyQuestionAnswers, type QuestionNumber } from '../../monitoring/ledger/key-questions.js';
import {
  type AdviceSource,
  type CapacityConsentBy,
  ConsentStatus,
  DecisionOutcome,
  type NotInformedReason,
  type NotSharedReason,
} from '../../monitoring/monitoring.enums.js';

/**
 * The practitioner's journey to record a decision: the seven key questions one a page, in the
 * order the flowchart takes (key-questions.ts decides it), then the details of the decision, then
 * check your answers. Pure: the pages keep the draft in a signed cookie (decision-draft-seal.ts),
 * so nothing about it is held on the server until it is recorded.
 */

export const QUESTION_STEPS = ['question-1', 'question-2', 'question-3', 'question-4', 'question-5', 'question-6', 'question-7'] as const;
export const DETAIL_STEPS = [
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
] as const;
export type QuestionStep = (typeof QUESTION_STEPS)[number];
export type DetailStep = (typeof DETAIL_STEPS)[number];
export type StepId = QuestionStep | DetailStep;
/** Where a step goes next: another step, or the check-your-answers page. */
export type Destination = StepId | 'check';

export const STEP_IDS: readonly StepId[] = [...QUESTION_STEPS, ...DETAIL_STEPS];
export const isStepId = (value: string): value is StepId => (STEP_IDS as readonly string[]).includes(value);

export const questionStep = (n: QuestionNumber): QuestionStep => `question-${n}`;
export const questionNumberOf = (step: StepId): QuestionNumber | null => {
  const match = /^question-([1-7])$/.exec(step);
  return match ? (Number(match[1]) as QuestionNumber) : null;
};

/** The details of the decision as far as they have been given. */
export interface DraftDetails {
  /** null: recorded under no agreement. */
  agreementId?: string | null;
  requestingOrganisationId?: string;
  /** ISO instants. */
  requestedAt?: string;
  decidedAt?: string;
  purposeType?: PurposeType;
  purpose?: string | null;
  outcome?: DecisionOutcome;
  notSharedReason?: NotSharedReason | null;
  dataItemsShared?: string[];
  dataItemsWithheld?: string[];
  includesSpecialCategory?: boolean;
  recordCount?: number;
  consentStatus?: ConsentStatus;
  capacityConsentBy?: CapacityConsentBy | null;
  publicInterestOverride?: boolean;
  overrideAuthorisedBy?: string | null;
  overrideReason?: string | null;
  article6Basis?: Article6Basis | null;
  article9Condition?: Article9Condition | null;
  commonLawBasis?: CommonLawBasis | null;
  transferMethod?: TransferMethod | null;
  personInformed?: boolean;
  notInformedReason?: NotInformedReason | null;
  adviceSought?: AdviceSource[];
  /** Kept only in the browser's signed cookie until recorded; the service stores only its keyed hash. */
  caseReference?: string | null;
}

/** A problem the service found with a submitted decision, kept until the page it belongs to is saved again. */
export interface DraftProblem {
  /** The input field, e.g. `consentStatus` or `keyQuestions.q5`. */
  field: string;
  rule: string;
  message: string;
}

export interface DecisionDraft {
  /** Made when the journey starts: the service records one decision per key, however often it is submitted. */
  clientKey: string;
  startedAt: string;
  answers: KeyQuestionAnswers;
  details: DraftDetails;
  /** The steps saved at least once (since what they depend on last changed). */
  done: StepId[];
  /** Check your answers has been shown: from then on, each page returns to it. */
  reviewing: boolean;
  problems: DraftProblem[];
}

export function newDraft(clientKey: string, now: Date): DecisionDraft {
  return { clientKey, startedAt: now.toISOString(), answers: {}, details: {}, done: [], reviewing: false, problems: [] };
}

const NOT_SHARED = DecisionOutcome.NOT_SHARED;
/** With consent there is nothing to override. */
const CONSENTED: readonly (ConsentStatus | undefined)[] = [ConsentStatus.GIVEN, ConsentStatus.IMPLIED];

/**
 * The pages these answers lead through, in order: the key questions on the path the flowchart
 * takes for the answers so far (impliedPath), then the details. What was shared, how and on what
 * basis is asked only when something was shared, an override only when sharing without consent.
 */
export function sequence(draft: DecisionDraft): StepId[] {
  const { outcome, consentStatus } = draft.details;
  const shared = outcome !== NOT_SHARED;
  return [
    ...impliedPath(draft.answers).map(questionStep),
    'agreement',
    'organisation',
    'times',
    'purpose',
    'outcome',
    'information',
    'consent',
    ...(shared && !CONSENTED.includes(consentStatus) ? (['override'] as const) : []),
    ...(shared ? (['lawful-basis', 'transfer'] as const) : []),
    'informed',
    'advice',
    'case-reference',
  ];
}

/** The first page of the sequence still to be answered, or check your answers. */
export function firstToAnswer(draft: DecisionDraft): Destination {
  return sequence(draft).find((step) => !draft.done.includes(step)) ?? 'check';
}

/**
 * Where a page goes once saved: on the first pass, the next page of the sequence; once the answers
 * have been checked, the next page with a problem, or a page the change has newly brought in, or
 * back to check your answers.
 */
export function nextAfter(draft: DecisionDraft, current: StepId): Destination {
  const steps = sequence(draft);
  if (draft.reviewing) return steps.find((step) => problemsOf(draft, step).length > 0) ?? firstToAnswer(draft);
  const index = steps.indexOf(current);
  if (index < 0) return firstToAnswer(draft);
  return steps[index + 1] ?? 'check';
}

/** Where a page's Back link goes: the page before it, or check your answers once reviewing; null for the first page (the start). */
export function previousBefore(draft: DecisionDraft, current: StepId): Destination | null {
  if (draft.reviewing) return 'check';
  const steps = sequence(draft);
  const index = steps.indexOf(current);
  return index > 0 ? steps[index - 1] : null;
}

/** Pages whose answers depend on another page's: changing that page's answers asks them again. */
const DEPENDENTS: Partial<Record<StepId, StepId[]>> = {
  agreement: ['organisation', 'information'],
  organisation: ['information'],
  outcome: ['information', 'override', 'lawful-basis', 'transfer', 'informed'],
  consent: ['override', 'lawful-basis'],
  override: ['lawful-basis'],
};

/** The draft with a page's answers saved: marked done, its problems cleared, and pages depending on changed answers asked again. */
export function saveStep(draft: DecisionDraft, step: StepId, change: { answers?: KeyQuestionAnswers; details?: DraftDetails }): DecisionDraft {
  const answers = { ...draft.answers, ...change.answers };
  const details = { ...draft.details, ...change.details };
  const changed =
    Object.entries(change.answers ?? {}).some(([key, value]) => draft.answers[key as keyof KeyQuestionAnswers] !== value) ||
    Object.entries(change.details ?? {}).some(([key, value]) => JSON.stringify(draft.details[key as keyof DraftDetails]) !== JSON.stringify(value));
  const reset = changed ? (DEPENDENTS[step] ?? []) : [];
  const done = [...draft.done.filter((s) => s !== step && !reset.includes(s)), step];
  return { ...draft, answers, details, done, problems: draft.problems.filter((p) => stepOfField(p.field) !== step) };
}

/** Which page asks for each field of SharingDecisionInput. */
const FIELD_STEPS: Record<string, DetailStep> = {
  agreementId: 'agreement',
  flowId: 'agreement',
  requestingOrganisationId: 'organisation',
  requestedAt: 'times',
  decidedAt: 'times',
  purposeType: 'purpose',
  purpose: 'purpose',
  outcome: 'outcome',
  notSharedReason: 'outcome',
  dataItemsShared: 'information',
  dataItemsWithheld: 'information',
  includesSpecialCategory: 'information',
  recordCount: 'information',
  consentStatus: 'consent',
  capacityConsentBy: 'consent',
  publicInterestOverride: 'override',
  overrideAuthorisedBy: 'override',
  overrideReason: 'override',
  article6Basis: 'lawful-basis',
  article9Condition: 'lawful-basis',
  commonLawBasis: 'lawful-basis',
  transferMethod: 'transfer',
  personInformed: 'informed',
  notInformedReason: 'informed',
  adviceSought: 'advice',
  caseReference: 'case-reference',
};

/** A problem's field as the pages name it: `input.keyQuestions.q5` (from the service) reads `keyQuestions.q5`. */
export function fieldOf(path: string): string {
  return path.replace(/^input\./, '');
}

/** The page that asks for a field; null for one no page asks for (the client key, the disclosing organisation). */
export function stepOfField(field: string): StepId | null {
  const question = /^keyQuestions\.q([1-7])$/.exec(field);
  if (question) return questionStep(Number(question[1]) as QuestionNumber);
  return FIELD_STEPS[field] ?? null;
}

export function problemsOf(draft: DecisionDraft, step: StepId | 'check'): DraftProblem[] {
  if (step === 'check') {
    const steps = sequence(draft);
    return draft.problems.filter((p) => {
      const owner = stepOfField(p.field);
      return owner === null || !steps.includes(owner);
    });
  }
  return draft.problems.filter((p) => stepOfField(p.field) === step);
}

/** The draft with the problems a submission met: each goes back to the page that asks for its field. */
export function withProblems(draft: DecisionDraft, problems: FieldProblem[]): DecisionDraft {
  return { ...draft, reviewing: true, problems: problems.map((p) => ({ field: fieldOf(p.field), rule: p.rule, message: p.message })) };
}

/** The first page (in order) with a problem to put right, else check your answers. */
export function firstWithProblem(draft: DecisionDraft): Destination {
  return sequence(draft).find((step) => problemsOf(draft, step).length > 0) ?? 'check';
}

/**
 * The decision to record, as the GraphQL mutation takes it (plain values). Answers and details of
 * pages the answers no longer lead through are left out, as are fields revealed only by another
 * choice (a reason for withholding, when everything was shared).
 */
export function decisionInputOf(draft: DecisionDraft, disclosingOrganisationId: string): Record<string, unknown> {
  const d = draft.details;
  const steps = sequence(draft);
  const asked = (step: StepId) => steps.includes(step);
  const outcome = d.outcome;
  const shared = outcome !== NOT_SHARED;
  const override = asked('override') && d.publicInterestOverride === true;
  const keyQuestions = Object.fromEntries(impliedPath(draft.answers).map((n) => [`q${n}`, draft.answers[`q${n}`] ?? null]));
  return {
    clientKey: draft.clientKey,
    agreementId: d.agreementId ?? null,
    flowId: null,
    requestingOrganisationId: d.requestingOrganisationId,
    disclosingOrganisationId,
    requestedAt: d.requestedAt,
    decidedAt: d.decidedAt,
    purposeType: d.purposeType,
    purpose: d.purpose || null,
    outcome,
    notSharedReason: outcome === DecisionOutcome.SHARED ? null : (d.notSharedReason ?? null),
    dataItemsShared: shared ? (d.dataItemsShared ?? []) : [],
    dataItemsWithheld: outcome === DecisionOutcome.SHARED ? [] : (d.dataItemsWithheld ?? []),
    includesSpecialCategory: shared ? (d.includesSpecialCategory ?? false) : false,
    recordCount: shared ? (d.recordCount ?? 1) : 0,
    article6Basis: asked('lawful-basis') ? (d.article6Basis ?? null) : null,
    article9Condition: asked('lawful-basis') ? (d.article9Condition ?? null) : null,
    commonLawBasis: asked('lawful-basis') ? (d.commonLawBasis ?? null) : null,
    consentStatus: d.consentStatus,
    capacityConsentBy: d.consentStatus === ConsentStatus.LACKS_CAPACITY ? (d.capacityConsentBy ?? null) : null,
    publicInterestOverride: override,
    overrideAuthorisedBy: override ? (d.overrideAuthorisedBy ?? null) : null,
    overrideReason: override ? (d.overrideReason ?? null) : null,
    adviceSought: d.adviceSought ?? [],
    transferMethod: asked('transfer') ? (d.transferMethod ?? null) : null,
    personInformed: d.personInformed,
    notInformedReason: d.personInformed === false ? (d.notInformedReason ?? null) : null,
    caseReference: d.caseReference || null,
    keyQuestions,
  };
}

/** The input as the service takes it: the same class, transformed and checked as the GraphQL ValidationPipe does. */
export function checkedInput(plain: Record<string, unknown>): { input: SharingDecisionInput; problems: FieldProblem[] } {
  const input = plainToInstance(SharingDecisionInput, plain);
  if (input.keyQuestions) input.keyQuestions = plainToInstance(KeyQuestionsInput, input.keyQuestions);
  const problems = flattenValidationErrors(validateSync(input, { whitelist: true, forbidUnknownValues: false }));
  return { input, problems };
}

/**
 * What the ledger's rules (decision-rules.ts) say about one page's fields as soon as it is saved,
 * so a problem shows on its page at once rather than after check your answers. The pages come in
 * an order where every rule about a page's fields depends only on that page and earlier ones; the
 * details not yet given stand in as neutral values and any problem they cause is about later
 * pages, so is left out. The key questions' own rules wait for the submission: they depend on the
 * outcome, asked later. The service checks everything again when the decision is submitted.
 */
export function stepProblems(draft: DecisionDraft, step: DetailStep, disclosingOrganisationId: string, now: Date): FieldProblem[] {
  const plain = decisionInputOf(draft, disclosingOrganisationId);
  const standIns: Record<string, unknown> = {
    requestingOrganisationId: '00000000-0000-4000-8000-000000000000',
    requestedAt: now.toISOString(),
    decidedAt: now.toISOString(),
    purposeType: 'INDIVIDUAL_CARE',
    outcome: DecisionOutcome.NOT_SHARED,
    consentStatus: ConsentStatus.GIVEN,
    personInformed: true,
  };
  for (const [field, value] of Object.entries(standIns)) if (plain[field] === undefined) plain[field] = value;
  const { input, problems } = checkedInput(plain);
  const ruled = problems.length === 0 ? decisionProblems(input, now) : [];
  return [...problems, ...ruled].filter((p) => stepOfField(p.field) === step);
}
