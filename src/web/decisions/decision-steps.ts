import { Article6Basis, Article9Condition, CommonLawBasis, INSECURE_TRANSFER_METHODS, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { KEY_QUESTIONS, type QuestionNumber } from '../../monitoring/ledger/key-questions.js';
import {
  AdviceSource,
  CapacityConsentBy,
  ConsentStatus,
  DecisionOutcome,
  KeyQuestionAnswer,
  NotInformedReason,
  NotSharedReason,
} from '../../monitoring/monitoring.enums.js';
import { choice, dateTimeValues, lines, readDateTime, text, texts, unique, type FieldError, type FieldSpec, type FormValues, type Option } from './decision-form.js';
import { questionNumberOf, type DecisionDraft, type DraftDetails, type StepId } from './decision-journey.js';
import { KEY_QUESTION_GUIDANCE, NOT_SURE_HINT } from './decision-guidance.js';
import {
  ADVICE_SOURCES,
  ARTICLE_6_CHOICES,
  ARTICLE_9_CHOICES,
  CAPACITY_CONSENT_BY,
  COMMON_LAW_CHOICES,
  CONSENT_CHOICES,
  KEY_ANSWERS,
  NOT_INFORMED_REASONS,
  NOT_SHARED_REASONS,
  OUTCOME_CHOICES,
  PURPOSE_CHOICES,
  TRANSFER_CHOICES,
} from './decision-words.js';

/** What some pages offer, read for the caller (see DecisionOptions): only ever their organisation's agreements. */
export interface StepOptions {
  now: Date;
  /** Agreements the caller's organisation is involved in. */
  agreements: { id: string; reference: string; title: string; status: string }[];
  /** The chosen agreement, if any. */
  agreement: { id: string; reference: string; title: string } | null;
  /** Every organisation but the caller's; the chosen agreement's parties first. */
  parties: { id: string; name: string }[];
  others: { id: string; name: string }[];
  /** The data items of the chosen agreement's flows from the caller's organisation. */
  dataItems: { name: string; specialCategory: boolean }[];
}

export interface StepPage {
  /** The page title; on a question page, the question (the legend of its one field, as the h1). */
  title: string;
  /** Whether the first field's legend or label is the page heading (the NHS question page). */
  question: boolean;
  intro?: string[];
  fields: FieldSpec[];
  /** Guidance from the seeds, in an NHS details component under the field. */
  guidance?: { summary: string; points: string[]; rule?: string };
}

export interface StepRead {
  errors: FieldError[];
  answers?: DecisionDraft['answers'];
  details?: DraftDetails;
}

export interface StepDefinition {
  id: StepId;
  /** What the page needs read for it. */
  needs: { agreements?: boolean; organisations?: boolean; dataItems?: boolean };
  page(draft: DecisionDraft, options: StepOptions): StepPage;
  /** The page filled in from the draft. */
  values(draft: DecisionDraft, options: StepOptions): FormValues;
  /** What a posted form says, or what is wrong with it (only its form: the ledger's rules are applied after). */
  read(values: FormValues, draft: DecisionDraft, options: StepOptions): StepRead;
}

const YES_NO: Option[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'yes' : 'no');
const fromYesNo = (value: string) => (value === 'yes' ? true : value === 'no' ? false : undefined);
const values = <T extends string>(enumeration: Record<string, T>): T[] => Object.values(enumeration);
const asOptions = (record: Record<string, string>): Option[] => Object.entries(record).map(([value, label]) => ({ value, label }));
const NONE = 'none';

function questionStepOf(n: QuestionNumber): StepDefinition {
  const question = KEY_QUESTIONS[n - 1];
  const guidance = KEY_QUESTION_GUIDANCE[n];
  return {
    id: `question-${n}`,
    needs: {},
    page: () => ({
      title: question.text,
      question: true,
      fields: [
        {
          kind: 'radios',
          name: 'answer',
          owns: [`keyQuestions.q${n}`],
          legend: question.text,
          caption: `Key question ${n} of 7`,
          hint: guidance.hint,
          options: [
            { value: KeyQuestionAnswer.YES, label: KEY_ANSWERS.YES },
            { value: KeyQuestionAnswer.NO, label: KEY_ANSWERS.NO },
            { value: KeyQuestionAnswer.NOT_SURE, label: KEY_ANSWERS.NOT_SURE, hint: NOT_SURE_HINT },
          ],
        },
      ],
      guidance: { summary: `Help with question ${n}`, points: guidance.points, rule: guidance.rule },
    }),
    values: (draft) => ({ answer: draft.answers[`q${n}`] ?? undefined }),
    read: (posted) => {
      const answer = choice(posted, 'answer', values(KeyQuestionAnswer));
      if (!answer) return { errors: [{ field: 'answer', message: 'Select yes, no or not sure' }] };
      return { errors: [], answers: { [`q${n}`]: answer } };
    },
  };
}

const agreementStep: StepDefinition = {
  id: 'agreement',
  needs: { agreements: true },
  page: (_draft, options) => ({
    title: 'Which agreement does this decision come under?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'agreementId',
        legend: 'Which agreement does this decision come under?',
        hint: options.agreements.length
          ? 'The information sharing agreements and protocols your organisation is involved in.'
          : 'Your organisation is not involved in any agreement yet.',
        options: [
          ...options.agreements.map((a) => ({ value: a.id, label: `${a.reference}: ${a.title}`, hint: a.status })),
          {
            value: NONE,
            label: 'No agreement',
            hint: 'The lack of an agreement must never be a reason for not sharing information that is needed: record the decision anyway.',
            dividerBefore: options.agreements.length ? 'or' : undefined,
          },
        ],
      },
    ],
  }),
  values: (draft) => ({ agreementId: draft.details.agreementId === null ? NONE : draft.details.agreementId }),
  read: (posted, _draft, options) => {
    const value = text(posted, 'agreementId');
    if (value === NONE) return { errors: [], details: { agreementId: null } };
    if (options.agreements.some((a) => a.id === value)) return { errors: [], details: { agreementId: value } };
    return { errors: [{ field: 'agreementId', message: 'Select the agreement, or no agreement' }] };
  },
};

const organisationStep: StepDefinition = {
  id: 'organisation',
  needs: { organisations: true },
  page: (_draft, options) => ({
    title: 'Which organisation asked for the information?',
    question: true,
    fields: [
      {
        kind: 'select',
        name: 'requestingOrganisationId',
        label: 'Which organisation asked for the information?',
        hint: 'If no one asked, the organisation you shared it with, or would have.',
        placeholder: 'Choose an organisation',
        groups: [
          ...(options.parties.length ? [{ label: `Parties to ${options.agreement?.reference ?? 'the agreement'}`, options: options.parties.map((o) => ({ value: o.id, label: o.name })) }] : []),
          { label: options.parties.length ? 'Other organisations' : undefined, options: options.others.map((o) => ({ value: o.id, label: o.name })) },
        ],
      },
    ],
  }),
  values: (draft) => ({ requestingOrganisationId: draft.details.requestingOrganisationId }),
  read: (posted, _draft, options) => {
    const value = text(posted, 'requestingOrganisationId');
    if ([...options.parties, ...options.others].some((o) => o.id === value)) return { errors: [], details: { requestingOrganisationId: value } };
    return { errors: [{ field: 'requestingOrganisationId', message: 'Select the organisation that asked for the information' }] };
  },
};

const timesStep: StepDefinition = {
  id: 'times',
  needs: {},
  page: () => ({
    title: 'When was the information asked for, and when did you decide?',
    question: false,
    intro: ['Use UK time and the 24-hour clock. How long a decision takes is part of what the partnership monitors.'],
    fields: [
      { kind: 'dateTime', name: 'requestedAt', legend: 'When was the information asked for?', hint: 'For example, 27 3 2026 and 09:15' },
      { kind: 'dateTime', name: 'decidedAt', legend: 'When did you decide?', hint: 'For example, 27 3 2026 and 14:30' },
    ],
  }),
  values: (draft, options) => ({
    ...dateTimeValues('requestedAt', draft.details.requestedAt),
    ...dateTimeValues('decidedAt', draft.details.decidedAt ?? options.now.toISOString()),
  }),
  read: (posted) => {
    const requested = readDateTime(posted, 'requestedAt', 'the information was asked for');
    const decided = readDateTime(posted, 'decidedAt', 'you decided');
    const errors = [requested.error, decided.error].filter((e): e is FieldError => Boolean(e));
    return errors.length ? { errors } : { errors, details: { requestedAt: requested.value, decidedAt: decided.value } };
  },
};

const purposeStep: StepDefinition = {
  id: 'purpose',
  needs: {},
  page: () => ({
    title: 'What was the information wanted for?',
    question: false,
    intro: ['The purpose decides which rules apply: the rules for individual care are different from those for planning or research.'],
    fields: [
      { kind: 'radios', name: 'purposeType', legend: 'Type of purpose', options: PURPOSE_CHOICES },
      {
        kind: 'textarea',
        name: 'purpose',
        label: 'Describe the purpose (optional)',
        hint: 'In a few words, without naming the person or anyone else. For example, "planning a safe discharge home".',
        rows: 3,
        maxLength: 500,
      },
    ],
  }),
  values: (draft) => ({ purposeType: draft.details.purposeType, purpose: draft.details.purpose ?? undefined }),
  read: (posted) => {
    const purposeType = choice(posted, 'purposeType', values(PurposeType));
    if (!purposeType) return { errors: [{ field: 'purposeType', message: 'Select the type of purpose' }] };
    return { errors: [], details: { purposeType, purpose: text(posted, 'purpose') || null } };
  },
};

const outcomeStep: StepDefinition = {
  id: 'outcome',
  needs: {},
  page: () => ({
    title: 'What did you decide?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'outcome',
        legend: 'What did you decide?',
        hint: 'There can be significant consequences to not sharing information as there can be to sharing it.',
        options: OUTCOME_CHOICES,
      },
      {
        kind: 'select',
        name: 'notSharedReason',
        label: 'If you withheld anything, why?',
        hint: 'Leave this if everything was shared.',
        placeholder: 'Choose a reason',
        groups: [{ options: asOptions(NOT_SHARED_REASONS) }],
      },
    ],
  }),
  values: (draft) => ({ outcome: draft.details.outcome, notSharedReason: draft.details.notSharedReason ?? undefined }),
  read: (posted) => {
    const outcome = choice(posted, 'outcome', values(DecisionOutcome));
    if (!outcome) return { errors: [{ field: 'outcome', message: 'Select whether you shared the information' }] };
    return { errors: [], details: { outcome, notSharedReason: choice(posted, 'notSharedReason', values(NotSharedReason)) ?? null } };
  },
};

/** The items of a list that the agreement's flows offer as checkboxes, and the rest (typed, one a line). */
function splitItems(items: string[] | undefined, offered: { name: string }[]): { checked: string[]; other: string } {
  const names = new Set(offered.map((i) => i.name.toLowerCase()));
  const list = items ?? [];
  return { checked: list.filter((i) => names.has(i.toLowerCase())), other: list.filter((i) => !names.has(i.toLowerCase())).join('\n') };
}

function itemFields(name: 'dataItemsShared' | 'dataItemsWithheld', options: StepOptions, legend: string): FieldSpec[] {
  const otherName = name === 'dataItemsShared' ? 'otherShared' : 'otherWithheld';
  const example = 'Name the kinds of information, not the information itself: for example "NHS number" or "discharge summary". One on each line.';
  if (options.dataItems.length === 0) return [{ kind: 'textarea', name: otherName, owns: [name], label: legend, hint: example, rows: 4 }];
  return [
    {
      kind: 'checkboxes',
      name,
      legend,
      hint: `The data items of ${options.agreement?.reference ?? 'the agreement'}'s flows from your organisation. Select all that apply.`,
      options: options.dataItems.map((item) => ({ value: item.name, label: item.name, hint: item.specialCategory ? 'Special category information' : undefined })),
    },
    {
      kind: 'textarea',
      name: otherName,
      owns: [],
      label: 'Anything else (optional)',
      labelSize: 's',
      hint: name === 'dataItemsShared' ? `${example} Items that are not in the agreement are flagged for monitoring.` : example,
      rows: 3,
    },
  ];
}

const informationStep: StepDefinition = {
  id: 'information',
  needs: { dataItems: true },
  page: (draft, options) => {
    const outcome = draft.details.outcome;
    const fields: FieldSpec[] = [];
    if (outcome !== DecisionOutcome.NOT_SHARED) fields.push(...itemFields('dataItemsShared', options, 'What did you share?'));
    if (outcome === DecisionOutcome.PARTIALLY_SHARED) fields.push(...itemFields('dataItemsWithheld', options, 'What did you withhold?'));
    if (outcome === DecisionOutcome.NOT_SHARED) fields.push(...itemFields('dataItemsWithheld', options, 'What was asked for? (optional)'));
    if (outcome !== DecisionOutcome.NOT_SHARED) {
      fields.push(
        {
          kind: 'radios',
          name: 'includesSpecialCategory',
          legend: 'Did what you shared include special category information?',
          hint: 'Information about health, racial or ethnic origin, religion, sexual orientation, genetics or biometrics, among others (UK GDPR Article 9).',
          inline: true,
          options: YES_NO,
        },
        {
          kind: 'text',
          name: 'recordCount',
          label: "How many people's records did you share?",
          hint: 'Enter 1 for one person; more for a bulk flow.',
          width: 5,
          numeric: true,
        },
      );
    }
    const title =
      outcome === DecisionOutcome.NOT_SHARED
        ? 'What information was asked for?'
        : outcome === DecisionOutcome.PARTIALLY_SHARED
          ? 'What did you share, and what did you withhold?'
          : 'What information did you share?';
    return {
      title,
      question: false,
      intro: ['Share only what is necessary for the purpose: not the whole case file (golden rule 6). Never enter anything about the person themselves here.'],
      fields,
    };
  },
  values: (draft, options) => {
    const shared = splitItems(draft.details.dataItemsShared, options.dataItems);
    const withheld = splitItems(draft.details.dataItemsWithheld, options.dataItems);
    return {
      dataItemsShared: shared.checked,
      otherShared: shared.other,
      dataItemsWithheld: withheld.checked,
      otherWithheld: withheld.other,
      includesSpecialCategory: yesNo(draft.details.includesSpecialCategory),
      recordCount: draft.details.recordCount === undefined ? '1' : String(draft.details.recordCount),
    };
  },
  read: (posted, draft, options) => {
    const offered = new Map(options.dataItems.map((i) => [i.name.toLowerCase(), i.name]));
    const items = (name: string, other: string) =>
      unique([...texts(posted, name).flatMap((v) => offered.get(v.toLowerCase()) ?? []), ...lines(typeof posted[other] === 'string' ? (posted[other] as string) : '')]);
    const outcome = draft.details.outcome;
    const errors: FieldError[] = [];
    const details: DraftDetails = { dataItemsShared: items('dataItemsShared', 'otherShared'), dataItemsWithheld: items('dataItemsWithheld', 'otherWithheld') };
    if (outcome !== DecisionOutcome.NOT_SHARED) {
      details.includesSpecialCategory = fromYesNo(text(posted, 'includesSpecialCategory'));
      if (details.includesSpecialCategory === undefined) errors.push({ field: 'includesSpecialCategory', message: 'Select yes if what you shared included special category information' });
      const count = text(posted, 'recordCount');
      if (!/^\d{1,9}$/.test(count)) errors.push({ field: 'recordCount', message: 'Enter how many records you shared as a whole number, for example 1' });
      else details.recordCount = Number(count);
    }
    return { errors, details };
  },
};

const consentStep: StepDefinition = {
  id: 'consent',
  needs: {},
  page: (draft) => ({
    title: 'What is the position on consent?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'consentStatus',
        legend: 'What is the position on consent?',
        hint: 'Seek consent where possible and respect the wishes of those who do not consent. You do not always need consent to share.',
        // A request refused before consent arose is a position only when nothing was shared.
        options: CONSENT_CHOICES.filter((o) => o.value !== ConsentStatus.NOT_SOUGHT_REQUEST_REFUSED || draft.details.outcome === DecisionOutcome.NOT_SHARED).map((o) =>
          o.value === ConsentStatus.LACKS_CAPACITY
            ? {
                ...o,
                hint: 'Capacity can fluctuate: assess it for this decision, at the time it is needed',
                conditional: [{ kind: 'radios', name: 'capacityConsentBy', legend: 'If they lack capacity, who consented for them?', options: asOptions(CAPACITY_CONSENT_BY) }],
              }
            : o,
        ),
      },
    ],
  }),
  values: (draft) => ({ consentStatus: draft.details.consentStatus, capacityConsentBy: draft.details.capacityConsentBy ?? undefined }),
  read: (posted) => {
    const consentStatus = choice(posted, 'consentStatus', values(ConsentStatus));
    if (!consentStatus) return { errors: [{ field: 'consentStatus', message: 'Select the position on consent' }] };
    const capacityConsentBy = consentStatus === ConsentStatus.LACKS_CAPACITY ? (choice(posted, 'capacityConsentBy', values(CapacityConsentBy)) ?? null) : null;
    return { errors: [], details: { consentStatus, capacityConsentBy } };
  },
};

const overrideStep: StepDefinition = {
  id: 'override',
  needs: {},
  page: () => ({
    title: 'Did you share without consent because the public interest justified it?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'publicInterestOverride',
        legend: 'Did you share without consent because the public interest justified it?',
        hint: 'You may share without consent if, in your judgement on the facts of the case, the lack of consent can be overridden in the public interest (golden rule 4).',
        options: [
          {
            value: 'yes',
            label: 'Yes',
            conditional: [
              { kind: 'text', name: 'overrideAuthorisedBy', label: 'If so, who authorised it?', hint: 'Their name and role, for example "A Patel, Caldicott Guardian"', maxLength: 300 },
              {
                kind: 'textarea',
                name: 'overrideReason',
                label: 'Why did the public interest justify sharing?',
                hint: 'Without naming the person. Weigh what might happen if it is shared against what might happen if it is not.',
                rows: 4,
                maxLength: 5000,
              },
            ],
          },
          { value: 'no', label: 'No' },
        ],
      },
    ],
  }),
  values: (draft) => ({
    publicInterestOverride: yesNo(draft.details.publicInterestOverride),
    overrideAuthorisedBy: draft.details.overrideAuthorisedBy ?? undefined,
    overrideReason: draft.details.overrideReason ?? undefined,
  }),
  read: (posted) => {
    const override = fromYesNo(text(posted, 'publicInterestOverride'));
    if (override === undefined) return { errors: [{ field: 'publicInterestOverride', message: 'Select yes if you shared without consent in the public interest' }] };
    return {
      errors: [],
      details: {
        publicInterestOverride: override,
        overrideAuthorisedBy: override ? text(posted, 'overrideAuthorisedBy') || null : null,
        overrideReason: override ? text(posted, 'overrideReason') || null : null,
      },
    };
  },
};

const lawfulBasisStep: StepDefinition = {
  id: 'lawful-basis',
  needs: {},
  page: () => ({
    title: 'What was the lawful basis for sharing?',
    question: false,
    intro: ['Data protection law is not a barrier to sharing: it is a framework for sharing appropriately. If you are not sure, ask your information governance lead.'],
    fields: [
      { kind: 'radios', name: 'article6Basis', legend: 'UK GDPR Article 6 lawful basis', hint: 'Every sharing of personal information needs one.', options: ARTICLE_6_CHOICES },
      {
        kind: 'radios',
        name: 'article9Condition',
        legend: 'UK GDPR Article 9 condition',
        hint: 'Needed as well when you shared special category information.',
        options: [...ARTICLE_9_CHOICES, { value: NONE, label: 'None: no special category information was shared', dividerBefore: 'or' }],
      },
      {
        kind: 'radios',
        name: 'commonLawBasis',
        legend: 'Common-law duty of confidentiality',
        hint: 'What makes it lawful to share confidential information.',
        options: COMMON_LAW_CHOICES,
      },
    ],
  }),
  values: (draft) => ({
    article6Basis: draft.details.article6Basis ?? undefined,
    article9Condition: draft.details.article9Condition === null ? NONE : draft.details.article9Condition,
    commonLawBasis: draft.details.commonLawBasis ?? undefined,
  }),
  read: (posted) => {
    const article9 = text(posted, 'article9Condition');
    return {
      errors: [],
      details: {
        article6Basis: choice(posted, 'article6Basis', values(Article6Basis)) ?? null,
        article9Condition: article9 === NONE ? null : (choice(posted, 'article9Condition', values(Article9Condition)) ?? undefined),
        commonLawBasis: choice(posted, 'commonLawBasis', values(CommonLawBasis)) ?? null,
      },
    };
  },
};

const transferStep: StepDefinition = {
  id: 'transfer',
  needs: {},
  page: () => ({
    title: 'How was the information sent?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'transferMethod',
        legend: 'How was the information sent?',
        hint: 'Use secure email that meets the secure email standard (DCB1596), such as NHSmail, or another secure route your organisation approves.',
        options: TRANSFER_CHOICES.map((o) =>
          o.value === INSECURE_TRANSFER_METHODS[0] ? { ...o, dividerBefore: 'Not secure for personal information' } : o,
        ),
      },
    ],
  }),
  values: (draft) => ({ transferMethod: draft.details.transferMethod ?? undefined }),
  read: (posted) => ({ errors: [], details: { transferMethod: choice(posted, 'transferMethod', values(TransferMethod)) ?? null } }),
};

const informedStep: StepDefinition = {
  id: 'informed',
  needs: {},
  page: () => ({
    title: 'Was the person told about this decision?',
    question: true,
    fields: [
      {
        kind: 'radios',
        name: 'personInformed',
        legend: 'Was the person told about this decision?',
        hint: 'Be open and honest with the person about what will be shared and why, unless that is unsafe or inappropriate (golden rule 2).',
        options: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No', conditional: [{ kind: 'radios', name: 'notInformedReason', legend: 'If not, why not?', options: asOptions(NOT_INFORMED_REASONS) }] },
        ],
      },
    ],
  }),
  values: (draft) => ({ personInformed: yesNo(draft.details.personInformed), notInformedReason: draft.details.notInformedReason ?? undefined }),
  read: (posted) => {
    const personInformed = fromYesNo(text(posted, 'personInformed'));
    if (personInformed === undefined) return { errors: [{ field: 'personInformed', message: 'Select yes if the person was told' }] };
    const notInformedReason = personInformed ? null : (choice(posted, 'notInformedReason', values(NotInformedReason)) ?? null);
    return { errors: [], details: { personInformed, notInformedReason } };
  },
};

const adviceStep: StepDefinition = {
  id: 'advice',
  needs: {},
  page: () => ({
    title: 'Whose advice did you seek?',
    question: true,
    fields: [
      {
        kind: 'checkboxes',
        name: 'adviceSought',
        legend: 'Whose advice did you seek?',
        hint: 'Seek advice if you are in any doubt, without disclosing the identity of the person where possible (golden rule 3). Select all that apply.',
        options: [...asOptions(ADVICE_SOURCES), { value: NONE, label: 'I did not need advice', exclusive: true }],
      },
    ],
  }),
  values: (draft) => ({ adviceSought: draft.details.adviceSought === undefined ? [] : draft.details.adviceSought.length ? draft.details.adviceSought : [NONE] }),
  read: (posted) => {
    const chosen = texts(posted, 'adviceSought');
    const sources = chosen.filter((v): v is AdviceSource => (values(AdviceSource) as string[]).includes(v));
    if (chosen.length === 0 || (chosen.includes(NONE) && sources.length > 0)) {
      return { errors: [{ field: 'adviceSought', message: 'Select whose advice you sought, or that you did not need advice' }] };
    }
    return { errors: [], details: { adviceSought: sources } };
  },
};

const caseReferenceStep: StepDefinition = {
  id: 'case-reference',
  needs: {},
  page: () => ({
    title: 'What is your case reference? (optional)',
    question: true,
    fields: [
      {
        kind: 'text',
        name: 'caseReference',
        label: 'What is your case reference? (optional)',
        hint: "Your own case or referral number, so your organisation can find this decision again. Accordant keeps only a keyed hash of it: the reference itself is never stored and cannot be read back. Do not enter the person's name or NHS number.",
        width: 20,
        maxLength: 100,
      },
    ],
  }),
  values: (draft) => ({ caseReference: draft.details.caseReference ?? undefined }),
  read: (posted) => ({ errors: [], details: { caseReference: text(posted, 'caseReference') || null } }),
};

export const STEPS: Record<StepId, StepDefinition> = {
  'question-1': questionStepOf(1),
  'question-2': questionStepOf(2),
  'question-3': questionStepOf(3),
  'question-4': questionStepOf(4),
  'question-5': questionStepOf(5),
  'question-6': questionStepOf(6),
  'question-7': questionStepOf(7),
  agreement: agreementStep,
  organisation: organisationStep,
  times: timesStep,
  purpose: purposeStep,
  outcome: outcomeStep,
  information: informationStep,
  consent: consentStep,
  override: overrideStep,
  'lawful-basis': lawfulBasisStep,
  transfer: transferStep,
  informed: informedStep,
  advice: adviceStep,
  'case-reference': caseReferenceStep,
};

export const isQuestionStep = (step: StepId) => questionNumberOf(step) !== null;
