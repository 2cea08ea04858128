import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { impliedPath, KEY_QUESTIONS, type KeyQuestionAnswers, type QuestionNumber } from '../../monitoring/ledger/key-questions.js';
import { CapacityConsentBy, ConsentStatus, DecisionOutcome, KeyQuestionAnswer, NotInformedReason, NotSharedReason } from '../../monitoring/monitoring.enums.js';
import { choice, dateTimeValues, readDateTime, text, texts, type FieldError, type FieldSpec, type FormValues, type Option } from './decision-form.js';
import { CAPACITY_CONSENT_BY, CONSENT_CHOICES, KEY_ANSWERS, NOT_INFORMED_REASONS, NOT_SHARED_REASONS, OUTCOME_CHOICES, TRANSFER_CHOICES } from './decision-words.js';

/**
 * The short route for a routine share: one page for a decision under an agreement in force for
 * individual care, with the flow, its data items and its transfer method filled in from the
 * agreement. The seven key questions stay on the page, and must be answered whenever the decision
 * departs from the agreement (not everything shared, another method, an override) or consent was
 * refused or withdrawn. Pure: the page records through SharingDecisionsService.record, as every
 * decision is, so the ledger's rules and flags apply unchanged.
 */

/** A flow from the caller's organisation under an agreement in force for individual care, with what the agreement says of it. */
export interface RoutineFlow {
  agreementId: string;
  reference: string;
  title: string;
  flowId: string;
  flowName: string;
  toOrganisationId: string;
  toOrganisationName: string;
  dataItems: { name: string; specialCategory: boolean }[];
  transferMethod: TransferMethod | null;
  article6Basis: Article6Basis | null;
  article9Condition: Article9Condition | null;
  commonLawBasis: CommonLawBasis | null;
}

/** What the page's form says, read and checked for its shape. */
export interface RoutineAnswers {
  clientKey: string;
  requestedAt: string;
  decidedAt: string;
  outcome: DecisionOutcome;
  notSharedReason: NotSharedReason | null;
  dataItemsShared: string[];
  transferMethod: TransferMethod | null;
  consentStatus: ConsentStatus;
  capacityConsentBy: CapacityConsentBy | null;
  publicInterestOverride: boolean;
  overrideAuthorisedBy: string | null;
  overrideReason: string | null;
  personInformed: boolean;
  notInformedReason: NotInformedReason | null;
  caseReference: string | null;
  answers: KeyQuestionAnswers;
}

const QUESTION_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const asOptions = (record: Record<string, string>): Option[] => Object.entries(record).map(([value, label]) => ({ value, label }));
const questionField = (n: QuestionNumber) => `q${n}`;

/** Why this decision departs from the agreement, in words; none for a routine share. */
export function departuresOf(answers: Pick<RoutineAnswers, 'outcome' | 'transferMethod' | 'publicInterestOverride'>, flow: RoutineFlow): string[] {
  const departures: string[] = [];
  if (answers.outcome === DecisionOutcome.NOT_SHARED) departures.push('nothing was shared');
  if (answers.outcome === DecisionOutcome.PARTIALLY_SHARED) departures.push('not everything was shared');
  if (answers.outcome !== DecisionOutcome.NOT_SHARED && flow.transferMethod && answers.transferMethod !== flow.transferMethod) departures.push('it was sent another way than the agreement says');
  if (answers.publicInterestOverride) departures.push('consent was overridden in the public interest');
  return departures;
}

/** Whether the seven key questions must be answered: the decision departs from the agreement, or consent was refused or withdrawn. */
export function keyQuestionsRequired(answers: Pick<RoutineAnswers, 'outcome' | 'transferMethod' | 'publicInterestOverride' | 'consentStatus'>, flow: RoutineFlow): boolean {
  return departuresOf(answers, flow).length > 0 || answers.consentStatus === ConsentStatus.REFUSED || answers.consentStatus === ConsentStatus.WITHDRAWN;
}

/** The page's fields: the decision, then the seven key questions (shown in their own section). */
export function routineFields(flow: RoutineFlow): { decision: FieldSpec[]; questions: FieldSpec[] } {
  const methods = TRANSFER_CHOICES.map((c) => ({ value: c.value, label: c.value === flow.transferMethod ? `${c.label} (as the agreement says)` : c.label }));
  const decision: FieldSpec[] = [
    { kind: 'dateTime', name: 'requestedAt', legend: 'When was it asked for?', hint: 'UK time, for example 27 3 2026 and 14:30' },
    { kind: 'dateTime', name: 'decidedAt', legend: 'When did you decide?', hint: 'UK time, for example 27 3 2026 and 14:30' },
    { kind: 'radios', name: 'outcome', legend: 'What did you decide?', options: OUTCOME_CHOICES.map((c) => ({ value: c.value, label: c.label, hint: c.hint })) },
    {
      kind: 'select',
      name: 'notSharedReason',
      label: 'If you did not share everything, why not?',
      labelSize: 's',
      placeholder: 'Select a reason',
      groups: [{ options: Object.entries(NOT_SHARED_REASONS).map(([value, label]) => ({ value, label })) }],
    },
    {
      kind: 'checkboxes',
      name: 'dataItemsShared',
      owns: ['dataItemsShared', 'dataItemsWithheld', 'includesSpecialCategory'],
      legend: 'What did you share?',
      hint: `The information this agreement’s flow “${flow.flowName}” covers. Untick anything you withheld.`,
      options: flow.dataItems.map((item) => ({ value: item.name, label: item.name, hint: item.specialCategory ? 'Special category information' : undefined })),
    },
    { kind: 'select', name: 'transferMethod', label: 'How did you send it?', labelSize: 's', placeholder: 'Select how it was sent', groups: [{ options: methods }] },
    {
      kind: 'radios',
      name: 'consentStatus',
      legend: 'What is the position on consent?',
      options: CONSENT_CHOICES.filter((c) => c.value !== ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED).map((c) =>
        c.value === ConsentStatus.LACKS_CAPACITY
          ? { ...c, conditional: [{ kind: 'radios', name: 'capacityConsentBy', legend: 'If they lack capacity, who consented for them?', options: asOptions(CAPACITY_CONSENT_BY) }] }
          : { ...c },
      ),
    },
    {
      kind: 'radios',
      name: 'publicInterestOverride',
      legend: 'Did you share without consent because the public interest justified it?',
      inline: false,
      options: [
        {
          value: 'yes',
          label: 'Yes',
          conditional: [
            { kind: 'text', name: 'overrideAuthorisedBy', label: 'If so, who authorised it?', hint: 'Their name and role, for example "A Patel, Caldicott Guardian"', maxLength: 300 },
            { kind: 'textarea', name: 'overrideReason', label: 'Why did the public interest justify sharing?', hint: 'Without naming the person.', rows: 3, maxLength: 5000 },
          ],
        },
        { value: 'no', label: 'No' },
      ],
    },
    {
      kind: 'radios',
      name: 'personInformed',
      legend: 'Was the person told?',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No', conditional: [{ kind: 'radios', name: 'notInformedReason', legend: 'If not, why not?', options: asOptions(NOT_INFORMED_REASONS) }] },
      ],
    },
    { kind: 'text', name: 'caseReference', label: 'Your case reference (optional)', labelSize: 's', hint: 'Kept only as a keyed hash. Do not enter the person’s name.', width: 20, maxLength: 100 },
  ];
  const questions: FieldSpec[] = QUESTION_NUMBERS.map((n) => ({
    kind: 'radios',
    name: questionField(n),
    owns: [`keyQuestions.q${n}`],
    legend: `${n}. ${KEY_QUESTIONS[n - 1].text}`,
    inline: true,
    options: asOptions(KEY_ANSWERS),
  }));
  return { decision, questions };
}

/** The page as first shown: asked and decided now, everything in the flow shared the agreement's way. */
export function routineDefaults(flow: RoutineFlow, now: Date, clientKey: string): FormValues {
  return {
    clientKey,
    ...dateTimeValues('requestedAt', now.toISOString()),
    ...dateTimeValues('decidedAt', now.toISOString()),
    outcome: DecisionOutcome.SHARED,
    dataItemsShared: flow.dataItems.map((item) => item.name),
    transferMethod: flow.transferMethod ?? undefined,
    consentStatus: flow.commonLawBasis === CommonLawBasis.IMPLIED_CONSENT ? ConsentStatus.IMPLIED : undefined,
    publicInterestOverride: 'no',
  };
}

const values = <T extends string>(enumeration: Record<string, T>): T[] => Object.values(enumeration);

/** What the form says, or what is wrong with its shape; the ledger's own rules are the service's. */
export function readRoutine(posted: FormValues, flow: RoutineFlow): { errors: FieldError[]; answers?: RoutineAnswers; keyQuestionsReason?: string } {
  const errors: FieldError[] = [];
  const clientKey = text(posted, 'clientKey');
  const requested = readDateTime(posted, 'requestedAt', 'it was asked for');
  const decided = readDateTime(posted, 'decidedAt', 'you decided');
  for (const found of [requested.error, decided.error]) if (found) errors.push(found);
  const outcome = choice(posted, 'outcome', values(DecisionOutcome));
  if (!outcome) errors.push({ field: 'outcome', message: 'Select what you decided' });
  const offered = new Set(flow.dataItems.map((item) => item.name));
  const shared = texts(posted, 'dataItemsShared').filter((item) => offered.has(item));
  const transferMethod = choice(posted, 'transferMethod', values(TransferMethod)) ?? null;
  const consentStatus = choice(posted, 'consentStatus', values(ConsentStatus));
  if (!consentStatus) errors.push({ field: 'consentStatus', message: 'Select the position on consent' });
  const override = choice(posted, 'publicInterestOverride', ['yes', 'no'] as const);
  if (!override) errors.push({ field: 'publicInterestOverride', message: 'Select yes if you shared without consent because the public interest justified it' });
  const informed = choice(posted, 'personInformed', ['yes', 'no'] as const);
  if (!informed) errors.push({ field: 'personInformed', message: 'Select yes if the person was told' });
  const answers: KeyQuestionAnswers = Object.fromEntries(
    QUESTION_NUMBERS.flatMap((n) => {
      const answer = choice(posted, questionField(n), values(KeyQuestionAnswer));
      return answer ? [[`q${n}`, answer]] : [];
    }),
  );
  if (!outcome || !consentStatus || !override || !informed || errors.length > 0) return { errors };

  const read: RoutineAnswers = {
    clientKey: UUID.test(clientKey) ? clientKey : '',
    requestedAt: requested.value!,
    decidedAt: decided.value!,
    outcome,
    notSharedReason: choice(posted, 'notSharedReason', values(NotSharedReason)) ?? null,
    dataItemsShared: outcome === DecisionOutcome.NOT_SHARED ? [] : shared,
    transferMethod,
    consentStatus,
    capacityConsentBy: consentStatus === ConsentStatus.LACKS_CAPACITY ? (choice(posted, 'capacityConsentBy', values(CapacityConsentBy)) ?? null) : null,
    publicInterestOverride: override === 'yes',
    overrideAuthorisedBy: override === 'yes' ? text(posted, 'overrideAuthorisedBy').trim() || null : null,
    overrideReason: override === 'yes' ? text(posted, 'overrideReason').trim() || null : null,
    personInformed: informed === 'yes',
    notInformedReason: informed === 'no' ? (choice(posted, 'notInformedReason', values(NotInformedReason)) ?? null) : null,
    caseReference: text(posted, 'caseReference').trim() || null,
    answers,
  };
  const required = keyQuestionsRequired(read, flow);
  if (required) {
    for (const n of impliedPath(answers)) {
      const optional = n === 6 && outcome === DecisionOutcome.NOT_SHARED;
      if (!answers[`q${n}`] && !optional) errors.push({ field: questionField(n), message: `Select yes, no or not sure for key question ${n}` });
    }
  }
  const keyQuestionsReason = required ? keyQuestionReason(read, flow) : undefined;
  return errors.length > 0 ? { errors, keyQuestionsReason } : { errors: [], answers: read, keyQuestionsReason };
}

/** Why the key questions are asked of this decision, in words. */
export function keyQuestionReason(answers: Pick<RoutineAnswers, 'outcome' | 'transferMethod' | 'publicInterestOverride' | 'consentStatus'>, flow: RoutineFlow): string {
  const reasons = [...departuresOf(answers, flow)];
  if (answers.consentStatus === ConsentStatus.REFUSED) reasons.push('consent was refused');
  if (answers.consentStatus === ConsentStatus.WITHDRAWN) reasons.push('consent was withdrawn');
  return reasons.length ? `You need to answer the key questions because ${reasons.join(', and ')}.` : '';
}

/** The decision as SharingDecisionInput takes it (plain values, checked by decision-journey's checkedInput). */
export function routineInputOf(answers: RoutineAnswers, flow: RoutineFlow, disclosingOrganisationId: string): Record<string, unknown> {
  const shared = answers.outcome !== DecisionOutcome.NOT_SHARED;
  const sharedItems = new Set(answers.dataItemsShared);
  const answered = Object.values(answers.answers).some(Boolean);
  const special = flow.dataItems.some((item) => item.specialCategory && sharedItems.has(item.name));
  return {
    clientKey: answers.clientKey,
    agreementId: flow.agreementId,
    flowId: flow.flowId,
    requestingOrganisationId: flow.toOrganisationId,
    disclosingOrganisationId,
    requestedAt: answers.requestedAt,
    decidedAt: answers.decidedAt,
    purposeType: PurposeType.INDIVIDUAL_CARE,
    purpose: null,
    outcome: answers.outcome,
    notSharedReason: answers.outcome === DecisionOutcome.SHARED ? null : answers.notSharedReason,
    dataItemsShared: answers.dataItemsShared,
    dataItemsWithheld: answers.outcome === DecisionOutcome.SHARED ? [] : flow.dataItems.map((item) => item.name).filter((name) => !sharedItems.has(name)),
    includesSpecialCategory: shared && special,
    recordCount: shared ? 1 : 0,
    article6Basis: shared ? flow.article6Basis : null,
    article9Condition: shared && special ? flow.article9Condition : null,
    commonLawBasis: shared ? (answers.publicInterestOverride ? CommonLawBasis.PUBLIC_INTEREST : flow.commonLawBasis) : null,
    consentStatus: answers.consentStatus,
    capacityConsentBy: answers.capacityConsentBy,
    publicInterestOverride: answers.publicInterestOverride,
    overrideAuthorisedBy: answers.overrideAuthorisedBy,
    overrideReason: answers.overrideReason,
    adviceSought: [],
    transferMethod: shared ? answers.transferMethod : null,
    personInformed: answers.personInformed,
    notInformedReason: answers.notInformedReason,
    caseReference: answers.caseReference,
    // The flowchart's path for the answers given; none when none were given for a routine share.
    keyQuestions: answered ? Object.fromEntries(impliedPath(answers.answers).map((n) => [`q${n}`, answers.answers[`q${n}`] ?? null])) : null,
  };
}

/** A service problem's field as the page names it: `keyQuestions.q5` is the form's `q5`. */
export const routineFieldOf = (field: string): string => field.replace(/^input\./, '').replace(/^keyQuestions\.(q[1-7])$/, '$1');

/** What of a version in force the short route reads. */
export interface FrozenForRoutine {
  parties: readonly { organisationId: string; organisationName: string }[];
  content: {
    purposes: readonly { purposeType: PurposeType }[];
    legalBasis: { article6: Article6Basis[]; article9: { condition: Article9Condition }[]; commonLawBases: CommonLawBasis[] } | null;
    dataFlows: readonly {
      id?: string | null;
      name: string;
      fromOrganisationId: string;
      toOrganisationId: string;
      dataItems: readonly { name: string; specialCategory: boolean }[];
      transferMethod?: TransferMethod | null;
    }[];
  };
}

/** The flows from the caller's organisation of an agreement in force for individual care; none when it is for anything else. */
export function routineFlowsOf(agreement: { id: string; reference: string; title: string }, frozen: FrozenForRoutine, organisationId: string): RoutineFlow[] {
  if (!frozen.content.purposes.some((p) => p.purposeType === PurposeType.INDIVIDUAL_CARE)) return [];
  const basis = frozen.content.legalBasis;
  const nameOf = (id: string) => frozen.parties.find((p) => p.organisationId === id)?.organisationName;
  return frozen.content.dataFlows.flatMap((flow) => {
    const to = nameOf(flow.toOrganisationId);
    if (!flow.id || flow.fromOrganisationId !== organisationId || flow.toOrganisationId === organisationId || !to) return [];
    return [
      {
        agreementId: agreement.id,
        reference: agreement.reference,
        title: agreement.title,
        flowId: flow.id,
        flowName: flow.name,
        toOrganisationId: flow.toOrganisationId,
        toOrganisationName: to,
        dataItems: flow.dataItems.map((item) => ({ name: item.name, specialCategory: item.specialCategory })),
        transferMethod: flow.transferMethod ?? null,
        article6Basis: basis?.article6[0] ?? null,
        article9Condition: basis?.article9[0]?.condition ?? null,
        commonLawBasis: basis?.commonLawBases[0] ?? null,
      },
    ];
  });
}
