import type { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { ARTICLE_6, ARTICLE_9, COMMON_LAW, PURPOSE_TYPES, TRANSFER_METHODS } from '../../documents/document-labels.js';
import { impliedPath, KEY_QUESTIONS, type KeyQuestionAnswers } from '../../monitoring/ledger/key-questions.js';
import type { DecisionRecheck } from '../../monitoring/ledger/decision-recheck.entity.js';
import type { SharingDecision } from '../../monitoring/ledger/sharing-decision.entity.js';
import {
  type AdviceSource,
  type CapacityConsentBy,
  type ConsentStatus,
  type DecisionFlagKind,
  DecisionOutcome,
  type KeyQuestionAnswer,
  type NotInformedReason,
  type NotSharedReason,
} from '../../monitoring/monitoring.enums.js';
import type { FieldError, FieldSpec, FormValues, Option } from './decision-form.js';
import { questionStep, sequence, type DecisionDraft, type DraftProblem, type StepId } from './decision-journey.js';
import type { StepPage } from './decision-steps.js';
import {
  ADVICE_SOURCES,
  CAPACITY_CONSENT_BY,
  CONSENT_STATUSES,
  FLAG_DESCRIPTIONS,
  FLAG_NAMES,
  KEY_ANSWERS,
  NOT_INFORMED_REASONS,
  NOT_SHARED_REASONS,
  OUTCOME_TAGS,
  OUTCOMES,
  PROBLEM_WORDS,
} from './decision-words.js';

/** Turns the decision pages' data into what the templates place: nothing is decided in a template. Pure. */

export const JOURNEY_PATH = '/decisions/new';
export const stepHref = (step: StepId | 'check') => `${JOURNEY_PATH}/${step}`;

/** Names of what a draft or decision refers to, read for the caller. */
export interface Names {
  agreement: (id: string) => string;
  organisation: (id: string) => string;
}

export interface SummaryRow {
  key: string;
  /** Each line of the value (text, escaped by the template). */
  lines: string[];
  changeHref?: string;
  /** What "Change" changes, for screen readers. */
  changeWhat?: string;
}

export interface ErrorLink {
  href: string | null;
  text: string;
}

/** Fallback words for fields when a rule has no plain words of its own (PROBLEM_WORDS). */
const FIELD_WORDS: Record<string, string> = {
  purpose: 'The purpose',
  overrideAuthorisedBy: 'Who authorised the override',
  overrideReason: 'The reason for the override',
  caseReference: 'The case reference',
  dataItemsShared: 'What you shared',
  dataItemsWithheld: 'What you withheld',
  recordCount: 'The number of records',
  clientKey: 'This decision',
};

/** A problem from the ledger's rules or the input's checks, in plain words. */
export function problemWords(problem: Pick<DraftProblem, 'field' | 'rule' | 'message'>): string {
  const words = PROBLEM_WORDS[`${problem.field}:${problem.rule}`] ?? (/^keyQuestions\.q\d$/.test(problem.field) ? PROBLEM_WORDS[`keyQuestion:${problem.rule}`] : undefined);
  if (words) return words;
  let message = problem.message.replace(/^input: /, '');
  if (message.startsWith(`${problem.field} `)) message = `${FIELD_WORDS[problem.field] ?? problem.field} ${message.slice(problem.field.length + 1)}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

interface Placed {
  spec: FieldSpec;
  visible: boolean;
}

/** Every field of a page, nested ones included, in document order, with whether it shows (a revealed field shows when its option is chosen). */
function placed(specs: FieldSpec[], values: FormValues, visible = true): Placed[] {
  return specs.flatMap((spec) => {
    const own: Placed = { spec, visible };
    if (spec.kind !== 'radios' && spec.kind !== 'checkboxes') return [own];
    const chosen = new Set(selected(values, spec.name));
    return [own, ...spec.options.flatMap((o) => (o.conditional ? placed(o.conditional, values, visible && chosen.has(o.value)) : []))];
  });
}

const selected = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};
const owns = (spec: FieldSpec, field: string) => spec.name === field || (spec.owns ?? []).includes(field);

/** The id the error summary links to for a field. */
function anchorOf(spec: FieldSpec, error: FieldError): string {
  if (spec.kind === 'dateTime') return `${spec.name}-${!error.part || error.part === 'date' ? 'day' : error.part}`;
  return spec.name;
}

/**
 * A step page: its fields filled in with the values, each error beside the field it is about
 * (the first one that shows, of those that own it) and in the error summary linking to it.
 */
export function stepView(page: StepPage, values: FormValues, errors: FieldError[]) {
  const all = placed(page.fields, values);
  const messages = new Map<FieldSpec, FieldError>();
  const summary: ErrorLink[] = [];
  for (const error of errors) {
    const owners = all.filter((p) => owns(p.spec, error.field));
    const owner = owners.find((p) => p.visible) ?? owners[0];
    if (owner && !messages.has(owner.spec)) messages.set(owner.spec, error);
    summary.push({ href: owner ? `#${anchorOf(owner.spec, error)}` : null, text: error.message });
  }
  const view = (spec: FieldSpec, heading: boolean, nested = false): object => fieldView(spec, values, messages, heading, nested, view);
  return {
    title: page.title,
    question: page.question,
    intro: page.intro ?? [],
    fields: page.fields.map((spec, i) => view(spec, page.question && i === 0)),
    guidance: page.guidance,
    errors: summary,
  };
}

function fieldView(
  spec: FieldSpec,
  values: FormValues,
  messages: Map<FieldSpec, FieldError>,
  heading: boolean,
  nested: boolean,
  view: (spec: FieldSpec, heading: boolean, nested: boolean) => object,
): object {
  const error = messages.get(spec);
  const hintId = spec.hint ? `${spec.name}-hint` : undefined;
  const errorId = error ? `${spec.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = { name: spec.name, id: spec.name, hint: spec.hint, hintId, error: error?.message, errorId, describedBy, heading };
  // The page's question is large; the other questions of a page medium; a revealed question, or a minor one, small.
  const legendClass = heading ? 'nhsuk-fieldset__legend--l' : nested ? 'nhsuk-fieldset__legend--s' : 'nhsuk-fieldset__legend--m';
  const labelClass = heading ? 'nhsuk-label--l' : nested ? '' : `nhsuk-label--${'labelSize' in spec && spec.labelSize ? spec.labelSize : 'm'}`;
  switch (spec.kind) {
    case 'radios':
    case 'checkboxes': {
      const chosen = new Set(selected(values, spec.name));
      let index = 0;
      const items = spec.options.map((option: Option) => {
        const id = index++ === 0 ? spec.name : `${spec.name}-${index}`;
        const checked = chosen.has(option.value);
        return {
          id,
          value: option.value,
          label: option.label,
          hint: option.hint,
          hintId: option.hint ? `${id}-item-hint` : undefined,
          checked,
          dividerBefore: option.dividerBefore ?? (option.exclusive ? 'or' : undefined),
          exclusive: option.exclusive ?? false,
          conditionalId: option.conditional ? `conditional-${id}` : undefined,
          conditional: option.conditional?.map((c) => view(c, false, true)) ?? [],
        };
      });
      return {
        ...common,
        [spec.kind]: true,
        legend: spec.legend,
        caption: spec.kind === 'radios' ? spec.caption : undefined,
        legendClass,
        inline: spec.kind === 'radios' && spec.inline,
        items,
      };
    }
    case 'text':
      return {
        ...common,
        text: true,
        label: spec.label,
        labelClass,
        value: first(values[spec.name]),
        widthClass: spec.width ? `nhsuk-input--width-${spec.width}` : '',
        numeric: spec.numeric ?? false,
        maxLength: spec.maxLength,
      };
    case 'textarea':
      return { ...common, textarea: true, label: spec.label, labelClass, value: first(values[spec.name]), rows: spec.rows ?? 5 };
    case 'select': {
      const value = first(values[spec.name]);
      return {
        ...common,
        select: true,
        label: spec.label,
        labelClass,
        placeholder: spec.placeholder,
        groups: spec.groups.map((g) => ({ label: g.label, options: g.options.map((o) => ({ ...o, selected: o.value === value })) })),
      };
    }
    case 'dateTime': {
      const part = (key: 'day' | 'month' | 'year' | 'time', label: string, width: number) => ({
        id: `${spec.name}-${key}`,
        name: `${spec.name}-${key}`,
        label,
        value: first(values[`${spec.name}-${key}`]),
        widthClass: `nhsuk-input--width-${width}`,
        error: Boolean(error && (!error.part || error.part === key || (error.part === 'date' && key !== 'time'))),
      });
      return {
        ...common,
        dateTime: true,
        legend: spec.legend,
        legendClass: nested ? 'nhsuk-fieldset__legend--s' : 'nhsuk-fieldset__legend--m',
        parts: [part('day', 'Day', 2), part('month', 'Month', 2), part('year', 'Year', 4)],
        time: part('time', 'Time', 5),
      };
    }
  }
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

const list = (items: string[] | undefined) => (items?.length ? items : ['None']);

const UK_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London', timeZoneName: 'short' });
/** An instant as UK time, for people: "27 March 2026 at 14:30 GMT". */
export const ukTime = (iso: string | Date) => UK_TIME.format(new Date(iso));
const timeWords = (iso: string | undefined) => (iso ? [ukTime(iso)] : ['Not given']);
const yesNo = (value: boolean | undefined) => (value === undefined ? 'Not given' : value ? 'Yes' : 'No');

/** What a decision (a draft's details, or a recorded one) says, row by row. */
interface DecisionFacts {
  agreementId: string | null | undefined;
  requestingOrganisationId: string | undefined;
  requestedAt: string | undefined;
  decidedAt: string | undefined;
  purposeType: PurposeType | undefined;
  purpose: string | null | undefined;
  outcome: DecisionOutcome | undefined;
  notSharedReason: NotSharedReason | null | undefined;
  dataItemsShared: string[] | undefined;
  dataItemsWithheld: string[] | undefined;
  includesSpecialCategory: boolean | undefined;
  recordCount: number | undefined;
  consentStatus: ConsentStatus | undefined;
  capacityConsentBy: CapacityConsentBy | null | undefined;
  publicInterestOverride: boolean | undefined;
  overrideAuthorisedBy: string | null | undefined;
  overrideReason: string | null | undefined;
  article6Basis: Article6Basis | null | undefined;
  article9Condition: Article9Condition | null | undefined;
  commonLawBasis: CommonLawBasis | null | undefined;
  transferMethod: TransferMethod | null | undefined;
  personInformed: boolean | undefined;
  notInformedReason: NotInformedReason | null | undefined;
  adviceSought: AdviceSource[] | undefined;
}

/** The rows of a decision, each with the step that asks for it; only the steps in `asked`. */
function decisionRows(facts: DecisionFacts, names: Names, asked: (step: StepId) => boolean): (SummaryRow & { step: StepId })[] {
  const rows: (SummaryRow & { step: StepId })[] = [];
  const row = (step: StepId, key: string, lines: string[], changeWhat: string) => {
    if (asked(step)) rows.push({ step, key, lines, changeWhat });
  };
  const outcome = facts.outcome;
  row('agreement', 'Agreement', [facts.agreementId ? names.agreement(facts.agreementId) : facts.agreementId === null ? 'No agreement' : 'Not given'], 'the agreement');
  row('organisation', 'Organisation that asked', [facts.requestingOrganisationId ? names.organisation(facts.requestingOrganisationId) : 'Not given'], 'the organisation that asked');
  row('times', 'Asked for', timeWords(facts.requestedAt), 'when it was asked for');
  row('times', 'Decided', timeWords(facts.decidedAt), 'when you decided');
  row('purpose', 'Purpose', [facts.purposeType ? PURPOSE_TYPES[facts.purposeType] : 'Not given', ...(facts.purpose ? [facts.purpose] : [])], 'the purpose');
  row('outcome', 'Decision', [outcome ? OUTCOMES[outcome] : 'Not given', ...(facts.notSharedReason && outcome !== DecisionOutcome.SHARED ? [NOT_SHARED_REASONS[facts.notSharedReason]] : [])], 'the decision');
  if (outcome !== DecisionOutcome.NOT_SHARED) {
    row('information', 'Shared', list(facts.dataItemsShared), 'what was shared');
  }
  if (outcome !== DecisionOutcome.SHARED) {
    // "Asked for" is the time asked, above: what was asked for and not given is the information asked for.
    row('information', outcome === DecisionOutcome.NOT_SHARED ? 'Information asked for' : 'Withheld', list(facts.dataItemsWithheld), outcome === DecisionOutcome.NOT_SHARED ? 'the information asked for' : 'what was withheld');
  }
  if (outcome !== DecisionOutcome.NOT_SHARED) {
    row('information', 'Special category information', [yesNo(facts.includesSpecialCategory)], 'whether it included special category information');
    row('information', 'Records shared', [facts.recordCount === undefined ? 'Not given' : String(facts.recordCount)], 'how many records');
  }
  row('consent', 'Consent', [facts.consentStatus ? CONSENT_STATUSES[facts.consentStatus] : 'Not given', ...(facts.capacityConsentBy ? [`Consented for them: ${CAPACITY_CONSENT_BY[facts.capacityConsentBy]}`] : [])], 'the position on consent');
  row(
    'override',
    'Public-interest override',
    facts.publicInterestOverride
      ? ['Yes', `Authorised by ${facts.overrideAuthorisedBy ?? 'no one given'}`, ...(facts.overrideReason ? [facts.overrideReason] : [])]
      : [yesNo(facts.publicInterestOverride)],
    'the public-interest override',
  );
  row(
    'lawful-basis',
    'Lawful basis',
    [
      facts.article6Basis ? ARTICLE_6[facts.article6Basis] : 'Article 6: not given',
      facts.article9Condition ? ARTICLE_9[facts.article9Condition] : 'Article 9: none',
      facts.commonLawBasis ? `Common law: ${COMMON_LAW[facts.commonLawBasis]}` : 'Common law: not given',
    ],
    'the lawful basis',
  );
  row('transfer', 'Sent by', [facts.transferMethod ? TRANSFER_METHODS[facts.transferMethod] : 'Not given'], 'how it was sent');
  row('informed', 'Person told', [yesNo(facts.personInformed), ...(facts.personInformed === false && facts.notInformedReason ? [NOT_INFORMED_REASONS[facts.notInformedReason]] : [])], 'whether the person was told');
  row('advice', 'Advice sought', facts.adviceSought === undefined ? ['Not given'] : facts.adviceSought.length ? facts.adviceSought.map((a) => ADVICE_SOURCES[a]) : ['None needed'], 'whose advice you sought');
  return rows;
}

const keyQuestionRows = (answers: KeyQuestionAnswers, asked: (n: number) => boolean) =>
  KEY_QUESTIONS.filter((q) => asked(q.number)).map((q) => ({
    number: q.number,
    key: `${q.number}. ${q.text}`,
    lines: [answers[`q${q.number}`] ? KEY_ANSWERS[answers[`q${q.number}`] as KeyQuestionAnswer] : 'Not answered'],
    changeWhat: `your answer to key question ${q.number}`,
  }));

/** Check your answers: the key questions on the path and the details asked, each with a Change link to its page. */
export function checkAnswersView(draft: DecisionDraft, names: Names) {
  const steps = sequence(draft);
  const path = impliedPath(draft.answers);
  const withHref = <T extends { changeWhat?: string }>(row: T, step: StepId) => ({ ...row, changeHref: stepHref(step) });
  const questions = keyQuestionRows(draft.answers, (n) => path.includes(n as 1)).map((r) => withHref(r, questionStep(r.number as 1)));
  const details = decisionRows({ ...emptyFacts(), ...draft.details }, names, (step) => steps.includes(step)).map((r) => withHref(r, r.step));
  if (steps.includes('case-reference')) {
    details.push(
      withHref(
        {
          step: 'case-reference' as const,
          key: 'Case reference',
          lines: draft.details.caseReference ? [draft.details.caseReference, 'Only a keyed hash of it will be stored'] : ['None'],
          changeWhat: 'the case reference',
        },
        'case-reference',
      ),
    );
  }
  return { questions, details };
}

function emptyFacts(): DecisionFacts {
  return {
    agreementId: undefined,
    requestingOrganisationId: undefined,
    requestedAt: undefined,
    decidedAt: undefined,
    purposeType: undefined,
    purpose: undefined,
    outcome: undefined,
    notSharedReason: undefined,
    dataItemsShared: undefined,
    dataItemsWithheld: undefined,
    includesSpecialCategory: undefined,
    recordCount: undefined,
    consentStatus: undefined,
    capacityConsentBy: undefined,
    publicInterestOverride: undefined,
    overrideAuthorisedBy: undefined,
    overrideReason: undefined,
    article6Basis: undefined,
    article9Condition: undefined,
    commonLawBasis: undefined,
    transferMethod: undefined,
    personInformed: undefined,
    notInformedReason: undefined,
    adviceSought: undefined,
  };
}

export const flagViews = (flags: DecisionFlagKind[]) => flags.map((kind) => ({ kind, name: FLAG_NAMES[kind] ?? kind, description: FLAG_DESCRIPTIONS[kind] ?? kind }));

/** A recorded decision, as its page and the confirmation show it: no change links, nothing about the person (none is stored). */
export function recordedView(decision: SharingDecision, names: Names, rechecks: readonly Pick<DecisionRecheck, 'flags' | 'checkedAt'>[] = []) {
  const answers = (decision.keyQuestions ?? {}) as KeyQuestionAnswers;
  const shared = decision.outcome !== DecisionOutcome.NOT_SHARED;
  const facts: DecisionFacts = {
    ...decision,
    requestedAt: decision.requestedAt.toISOString(),
    decidedAt: decision.decidedAt.toISOString(),
  };
  const asked = (step: StepId) => !(['lawful-basis', 'transfer', 'override'] as StepId[]).includes(step) || shared;
  return {
    id: decision.id,
    outcome: OUTCOMES[decision.outcome],
    outcomeTag: OUTCOME_TAGS[decision.outcome],
    shared,
    questions: keyQuestionRows(answers, (n) => Boolean(answers[`q${n as 1}`])),
    details: [
      ...decisionRows(facts, names, asked),
      { key: 'Case reference', lines: [decision.caseReferenceHash ? 'Given: stored only as a keyed hash' : 'None'] },
      { key: 'Recorded', lines: [ukTime(decision.recordedAt)] },
    ],
    flags: flagViews(decision.flags as DecisionFlagKind[]),
    // Later checks against an agreement recorded from its signed original: beside the flags as recorded, never instead of them.
    rechecks: rechecks.map((r) => ({ checkedAt: ukTime(r.checkedAt), flags: flagViews(r.flags) })),
  };
}

/** A row of the recent decisions list. */
export function listRow(decision: SharingDecision, names: Names) {
  return {
    id: decision.id,
    href: `/decisions/${decision.id}`,
    decidedAt: ukTime(decision.decidedAt),
    outcome: OUTCOMES[decision.outcome],
    outcomeTag: OUTCOME_TAGS[decision.outcome],
    agreement: decision.agreementId ? names.agreement(decision.agreementId) : 'No agreement',
    organisation: names.organisation(decision.requestingOrganisationId),
    flags: flagViews(decision.flags as DecisionFlagKind[]),
  };
}
