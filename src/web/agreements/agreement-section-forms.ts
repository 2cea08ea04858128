import { Article9Condition, type AgreementKind } from '../../agreements/agreement.enums.js';
import type { AgreementContent, ContentSection } from '../../agreements/content/agreement-content.model.js';
import type { AgreementPartyView } from '../../agreements/dto/agreement-views.type.js';
import { idOf, type SectionSlug } from './agreement-field-paths.js';
import {
  fieldView,
  formValuesOf,
  readField,
  textOf,
  type FieldErrors,
  type FieldSpec,
  type FieldView,
  type FormState,
  type PathProblem,
} from './agreement-form.js';
import {
  ARTICLE_6_CHOICES,
  ARTICLE_9_CHOICES,
  ARTICLE_9_WITH_SCHEDULE_1,
  COMMON_LAW_CHOICES,
  DPIA_OUTCOME_CHOICES,
  FREQUENCY_CHOICES,
  IDENTIFIABILITY_CHOICES,
  PURPOSE_CHOICES,
  SAFEGUARD_CHOICES,
  SCHEDULE_1_CHOICES,
  TRANSFER_METHOD_CHOICES,
} from './agreement-labels.js';

/**
 * The form of each section of a draft: which fields it has (NHS components, with help from the
 * guidance), how the draft fills them in, and how a submitted form becomes the section values the
 * drafting service takes. Pure.
 */

/** A draft as its pages need it. */
export interface DraftContext {
  agreementId: string;
  reference: string;
  title: string;
  kind: AgreementKind;
  revision: number;
  leadOrganisationId: string;
  parentProtocolId: string | null;
  parties: AgreementPartyView[];
  content: AgreementContent;
}

export interface GroupRowView {
  legend: string;
  fields: FieldView[];
  remove?: { value: string; text: string };
}

export interface GroupView {
  heading: string;
  hint?: string;
  rowsName: string;
  rowsValue: number;
  rows: GroupRowView[];
}

export type Block = { field: FieldView } | { group: GroupView };

/** A section form read back: the values for the drafting service, problems in how it was filled in, and the form to show again. */
export interface ReadSection {
  values: Partial<Record<ContentSection, unknown>>;
  problems: PathProblem[];
  form: FormState;
}

export interface SectionForm {
  slug: SectionSlug;
  heading: string;
  intro?: string;
  /** The text of a second button that saves and comes back to add another row, for sections with rows. */
  addAnother?: string;
  toForm(draft: DraftContext): FormState;
  read(form: FormState, draft: DraftContext): ReadSection;
  blocks(form: FormState, errors: FieldErrors, draft: DraftContext): Block[];
}

// ---------------------------------------------------------------------------------------------
// Sections that are one object of fields.

interface PropertySpec {
  property: string;
  spec: Omit<FieldSpec, 'id' | 'conditional'>;
  /** Fields revealed under a choice of this one, by the choice's value. */
  reveals?: Record<string, PropertySpec[]>;
}

const specOf = (prefix: string, p: PropertySpec): FieldSpec => ({
  ...p.spec,
  id: idOf(`${prefix}.${p.property}`),
  conditional: p.reveals ? Object.fromEntries(Object.entries(p.reveals).map(([value, inner]) => [value, inner.map((q) => specOf(prefix, q))])) : undefined,
});

/** Every property of the object, conditional ones included, with whether its revealing choice is chosen. */
function flatten(prefix: string, properties: PropertySpec[], form: FormState): { property: PropertySpec; spec: FieldSpec; shown: boolean }[] {
  return properties.flatMap((p) => {
    const spec = specOf(prefix, p);
    const inner = Object.entries(p.reveals ?? {}).flatMap(([value, list]) => {
      const chosen = textOf(form, spec.name ?? spec.id) === value;
      return flatten(prefix, list, form).map((entry) => ({ ...entry, shown: entry.shown && chosen }));
    });
    return [{ property: p, spec, shown: true }, ...inner];
  });
}

/** Reads an object's fields: a field under a choice not chosen is left empty. */
function readObject(prefix: string, properties: PropertySpec[], form: FormState): { value: Record<string, unknown>; problems: PathProblem[] } {
  const value: Record<string, unknown> = {};
  const problems: PathProblem[] = [];
  for (const { property, spec, shown } of flatten(prefix, properties, form)) {
    if (!shown) {
      value[property.property] = property.spec.kind === 'lines' || property.spec.kind === 'checkboxes' ? [] : null;
      continue;
    }
    const read = readField(spec, form, `${prefix}.${property.property}`);
    value[property.property] = read.value;
    if (read.problem) problems.push({ path: `${prefix}.${property.property}`, message: read.problem });
  }
  return { value, problems };
}

function objectForm(prefix: string, properties: PropertySpec[], object: Record<string, unknown> | null): FormState {
  return Object.assign({}, ...flatten(prefix, properties, {}).map(({ property, spec }) => formValuesOf(spec, object?.[property.property] ?? null)));
}

function objectSection(slug: SectionSlug, section: ContentSection, heading: string, intro: string | undefined, properties: PropertySpec[]): SectionForm {
  return {
    slug,
    heading,
    intro,
    toForm: (draft) => objectForm(section, properties, draft.content[section] as Record<string, unknown> | null),
    read: (form) => {
      const { value, problems } = readObject(section, properties, form);
      return { values: { [section]: value }, problems, form };
    },
    blocks: (form, errors) => properties.map((p) => ({ field: fieldView(specOf(section, p), form, errors) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows: purposes, clauses, a flow's data items. Each form shows the rows there are and one empty
// row to add another; an empty row is left out, and a row's Remove button leaves that row out.

interface GroupSpec {
  /** The id prefix of its inputs, e.g. `purposes` or `dataFlows-0-dataItems`. */
  key: string;
  /** Its path in the draft, e.g. `purposes` or `dataFlows[0].dataItems`. */
  path: string;
  heading: string;
  hint?: string;
  noun: string;
  properties: PropertySpec[];
}

const MAX_ROWS = 200;
/** A field's own name, and a date's three. */
const DATE_PARTS = ['', '-day', '-month', '-year'];
const rowPrefix = (group: GroupSpec, index: number) => `${group.path}[${index}]`;

function readGroup(group: GroupSpec, form: FormState): { rows: Record<string, unknown>[]; problems: PathProblem[]; form: FormState } {
  const count = Math.min(Number(textOf(form, `${group.key}-rows`)) || 0, MAX_ROWS + 1);
  const removed = textOf(form, 'remove');
  const rows: Record<string, unknown>[] = [];
  const problems: PathProblem[] = [];
  const normal: FormState = {};
  for (let i = 0; i < count; i++) {
    if (removed === `${group.key}-${i}`) continue;
    const from = flatten(rowPrefix(group, i), group.properties, form);
    const blank = from.every(({ spec }) => DATE_PARTS.every((part) => textOf(form, `${spec.name ?? spec.id}${part}`).trim() === ''));
    if (blank) continue;
    const at = rows.length;
    const { value, problems: own } = readObject(rowPrefix(group, i), group.properties, form);
    rows.push(value);
    problems.push(...own.map((p) => ({ ...p, path: p.path.replace(rowPrefix(group, i), rowPrefix(group, at)) })));
    const to = flatten(rowPrefix(group, at), group.properties, {});
    from.forEach(({ spec }, k) => {
      for (const part of DATE_PARTS) {
        const value = form[`${spec.name ?? spec.id}${part}`];
        if (value !== undefined) normal[`${to[k].spec.name ?? to[k].spec.id}${part}`] = value;
      }
    });
  }
  normal[`${group.key}-rows`] = String(rows.length);
  return { rows, problems, form: normal };
}

function groupForm(group: GroupSpec, rows: readonly object[]): FormState {
  return Object.assign(
    { [`${group.key}-rows`]: String(rows.length) },
    ...rows.map((row, i) => objectForm(rowPrefix(group, i), group.properties, row as Record<string, unknown>)),
  );
}

function groupBlock(group: GroupSpec, form: FormState, errors: FieldErrors): Block {
  const count = Math.min(Number(textOf(form, `${group.key}-rows`)) || 0, MAX_ROWS);
  const rows: GroupRowView[] = Array.from({ length: count + 1 }, (_, i) => ({
    legend: i < count ? `${capitalise(group.noun)} ${i + 1}` : `Add ${count === 0 ? 'a' : 'another'} ${group.noun}`,
    fields: group.properties.map((p) => fieldView(specOf(rowPrefix(group, i), p), form, errors)),
    remove: i < count ? { value: `${group.key}-${i}`, text: `Remove ${group.noun} ${i + 1}` } : undefined,
  }));
  return { group: { heading: group.heading, hint: group.hint, rowsName: `${group.key}-rows`, rowsValue: count + 1, rows } };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// ---------------------------------------------------------------------------------------------
// The sections.

const PURPOSES: GroupSpec = {
  key: 'purposes',
  path: 'purposes',
  heading: 'Purposes',
  hint: 'Why the information is shared. The purpose decides which rules apply: sharing for individual care is different from sharing for research or planning.',
  noun: 'purpose',
  properties: [
    { property: 'description', spec: { kind: 'textarea', label: 'What is the information shared for?', rows: 3 } },
    { property: 'purposeType', spec: { kind: 'radios', label: 'Type of purpose', choices: PURPOSE_CHOICES, small: true } },
  ],
};

const SCOPE: FieldSpec = {
  id: 'scope',
  kind: 'textarea',
  label: 'Scope',
  hint: 'Who and what the agreement covers, for example the service, the area and the people.',
};
const BENEFITS: FieldSpec = {
  id: 'benefits',
  kind: 'lines',
  label: 'Benefits',
  hint: 'What the sharing is expected to achieve for people and services, one a line, so it can be judged at review.',
};

const purposes: SectionForm = {
  slug: 'purposes',
  heading: 'Scope, purposes and benefits',
  intro: 'Caldicott Principle 1: justify the purpose of every use of confidential information.',
  addAnother: 'Save and add another purpose',
  toForm: (draft) => ({
    ...formValuesOf(SCOPE, draft.content.scope),
    ...groupForm(PURPOSES, draft.content.purposes),
    ...formValuesOf(BENEFITS, draft.content.benefits),
  }),
  read: (form) => {
    const rows = readGroup(PURPOSES, form);
    return {
      values: { scope: readField(SCOPE, form).value, purposes: rows.rows, benefits: readField(BENEFITS, form).value },
      problems: rows.problems,
      form: { ...form, ...rows.form },
    };
  },
  blocks: (form, errors) => [{ field: fieldView(SCOPE, form, errors) }, groupBlock(PURPOSES, form, errors), { field: fieldView(BENEFITS, form, errors) }],
};

const CLAUSES: GroupSpec = {
  key: 'clauses',
  path: 'clauses',
  heading: 'Clauses',
  hint: 'Anything the partners agree that the other sections do not cover.',
  noun: 'clause',
  properties: [
    { property: 'heading', spec: { kind: 'text', label: 'Heading' } },
    { property: 'text', spec: { kind: 'textarea', label: 'Text', rows: 4 } },
  ],
};

const clauses: SectionForm = {
  slug: 'clauses',
  heading: 'Other clauses',
  addAnother: 'Save and add another clause',
  toForm: (draft) => groupForm(CLAUSES, draft.content.clauses),
  read: (form) => {
    const rows = readGroup(CLAUSES, form);
    return { values: { clauses: rows.rows.map((row) => ({ ...row, text: row.text ?? '' })) }, problems: rows.problems, form: rows.form };
  },
  blocks: (form, errors) => [groupBlock(CLAUSES, form, errors)],
};

// Legal basis: Article 6 and common-law bases as checkboxes; each Article 9 condition as a
// checkbox revealing its DPA 2018 Schedule 1 condition where the law pairs it with one.

const ARTICLE_6: FieldSpec = {
  id: 'legalBasis-article6',
  kind: 'checkboxes',
  label: 'UK GDPR Article 6 lawful basis',
  hint: 'Every sharing of personal data needs at least one. Select all that apply.',
  choices: ARTICLE_6_CHOICES,
};
const COMMON_LAW: FieldSpec = {
  id: 'legalBasis-commonLawBases',
  kind: 'checkboxes',
  label: 'Common-law duty of confidentiality',
  hint: 'What allows confidential information to be shared. Select all that apply.',
  choices: COMMON_LAW_CHOICES,
};
const STATUTORY_POWERS: FieldSpec = {
  id: 'legalBasis-statutoryPowers',
  kind: 'lines',
  label: 'Statutory powers and duties (optional)',
  hint: 'One a line, for example Care Act 2014 section 42.',
};
const ARTICLE_9_NAME = 'legalBasis-article9';
const ARTICLE_9_ORDER = `${ARTICLE_9_NAME}-order`;
const schedule1Name = (condition: Article9Condition) => `${ARTICLE_9_NAME}-${condition}-schedule1Condition`;

/** The Article 9 field; each Schedule 1 select's id is its condition's position in the draft, as findings name it. */
function article9Spec(order: readonly string[]): FieldSpec {
  return {
    id: ARTICLE_9_NAME,
    kind: 'checkboxes',
    label: 'UK GDPR Article 9 condition',
    hint: 'Needed when special category information (such as health, ethnicity or sexual life) is shared. Select all that apply.',
    choices: ARTICLE_9_CHOICES,
    conditional: Object.fromEntries(
      ARTICLE_9_WITH_SCHEDULE_1.map((condition) => {
        const index = order.indexOf(condition);
        return [
          condition,
          [
            {
              id: index >= 0 ? `${ARTICLE_9_NAME}-${index}-schedule1Condition` : schedule1Name(condition),
              name: schedule1Name(condition),
              kind: 'select',
              label: 'DPA 2018 Schedule 1 condition',
              emptyChoice: 'Choose a condition',
              choices: SCHEDULE_1_CHOICES,
            } satisfies FieldSpec,
          ],
        ];
      }),
    ),
  };
}

const legalBasis: SectionForm = {
  slug: 'legal-basis',
  heading: 'Legal basis',
  intro: 'Caldicott Principle 6: comply with the law. Sharing needs a lawful basis under UK GDPR and, for confidential information, a basis under the common-law duty of confidentiality.',
  toForm: (draft) => {
    const basis = draft.content.legalBasis;
    const article9 = basis?.article9 ?? [];
    return {
      ...formValuesOf(ARTICLE_6, basis?.article6 ?? []),
      [ARTICLE_9_NAME]: article9.map((a) => a.condition),
      [ARTICLE_9_ORDER]: article9.map((a) => a.condition),
      ...Object.fromEntries(article9.map((a) => [schedule1Name(a.condition), a.schedule1Condition ?? ''])),
      ...formValuesOf(COMMON_LAW, basis?.commonLawBases ?? []),
      ...formValuesOf(STATUTORY_POWERS, basis?.statutoryPowers ?? []),
    };
  },
  read: (form) => {
    const chosen = readField(article9Spec([]), form).value as string[];
    const order = ARTICLE_9_CHOICES.map((c) => c.value).filter((condition) => chosen.includes(condition));
    const article9 = order.map((condition) => ({
      condition,
      schedule1Condition: ARTICLE_9_WITH_SCHEDULE_1.includes(condition) ? textOf(form, schedule1Name(condition)) || null : null,
    }));
    return {
      values: {
        legalBasis: {
          article6: readField(ARTICLE_6, form).value,
          article9,
          commonLawBases: readField(COMMON_LAW, form).value,
          statutoryPowers: readField(STATUTORY_POWERS, form).value,
        },
      },
      problems: [],
      form: { ...form, [ARTICLE_9_ORDER]: order },
    };
  },
  blocks: (form, errors) => {
    const order = Array.isArray(form[ARTICLE_9_ORDER]) ? form[ARTICLE_9_ORDER] : [];
    return [ARTICLE_6, article9Spec(order), COMMON_LAW, STATUTORY_POWERS].map((spec) => ({ field: fieldView(spec, form, errors) }));
  },
};

const dataSubjects = objectSection('data-subjects', 'dataSubjects', 'Data subjects', undefined, [
  {
    property: 'categories',
    spec: { kind: 'lines', label: 'Who is the information about?', hint: 'One group a line, for example adults receiving reablement at home.' },
  },
  {
    property: 'includesChildren',
    spec: { kind: 'yesNo', label: 'Are children (under 18) in scope?', required: 'Select yes if children are in scope' },
    reveals: {
      yes: [
        {
          property: 'childrenHighPrivacyDefault',
          spec: {
            kind: 'textarea',
            label: "How is children's information protected by default?",
            hint: "Describe the high-privacy default: children's information is protected unless there is a compelling reason to share it.",
          },
        },
      ],
    },
  },
]);

const consent = objectSection(
  'consent',
  'consentAndTransparency',
  'Consent and transparency',
  'Caldicott Principle 8: inform people about how their confidential information is used. Be open about why, what, how and with whom information is shared.',
  [
    {
      property: 'howIndividualsAreInformed',
      spec: {
        kind: 'textarea',
        label: 'How are people told about the sharing?',
        hint: 'For example privacy notices, notice boards, websites, leaflets or the welcome pack of a new service.',
      },
    },
    { property: 'privacyNoticeUrl', spec: { kind: 'url', label: 'Privacy notice web address (optional)', hint: 'The full address, starting https://' } },
    {
      property: 'consentAndObjections',
      spec: {
        kind: 'textarea',
        label: 'How is consent sought, and how are objections handled?',
        hint: "If a person objects, discuss it with them and record it. Respect their wishes unless not sharing may put them or others at risk of harm. Where someone lacks capacity, say who may consent for them.",
      },
    },
    {
      property: 'nationalDataOptOutApplied',
      spec: {
        kind: 'yesNo',
        label: 'Is the national data opt-out applied before identifiable information is shared for research or planning?',
        hint: 'People may opt out of their confidential information being used for purposes beyond their individual care.',
        required: 'Select yes if the national data opt-out is applied',
      },
    },
  ],
);

const security = objectSection('security', 'security', 'Security', 'Golden rule 6: share information securely.', [
  {
    property: 'measures',
    spec: {
      kind: 'textarea',
      label: 'What security measures does each party keep?',
      hint: 'For example its Data Security and Protection Toolkit standard, encryption, and secure email that meets DCB1596.',
    },
  },
  {
    property: 'accessControls',
    spec: { kind: 'textarea', label: 'Who may access the information?', hint: 'Caldicott Principle 4: access on a strict need-to-know basis.' },
  },
]);

const retention = objectSection('retention', 'retention', 'Retention and disposal', undefined, [
  {
    property: 'period',
    spec: { kind: 'text', label: 'How long is shared information kept?', hint: 'For example 8 years after the last contact. Personal data must not be kept for longer than needed.' },
  },
  { property: 'disposal', spec: { kind: 'textarea', label: 'How is it securely disposed of?' } },
]);

const rights = objectSection('rights', 'rights', 'Data subject rights', undefined, [
  {
    property: 'process',
    spec: {
      kind: 'textarea',
      label: 'How are requests from people handled between the parties?',
      hint: 'Subject access requests, corrections and objections: who answers them, and how the parties help each other.',
    },
  },
]);

const breaches = objectSection('breaches', 'breaches', 'Breaches and escalation', undefined, [
  {
    property: 'notifyPartiesWithinHours',
    spec: {
      kind: 'integer',
      label: 'Within how many hours does a party tell the others of a breach?',
      hint: 'A reportable breach must be reported to the ICO within 72 hours of becoming aware of it.',
      width: 3,
      suffix: 'hours',
    },
  },
  { property: 'process', spec: { kind: 'textarea', label: 'How are breaches and near misses reported and escalated?' } },
]);

const dpia = objectSection('dpia', 'dpia', 'Data protection impact assessment', 'A DPIA is required where special category information is shared at scale.', [
  { property: 'reference', spec: { kind: 'text', label: 'DPIA reference', width: 20 } },
  { property: 'outcome', spec: { kind: 'radios', label: 'What was the outcome?', choices: DPIA_OUTCOME_CHOICES } },
  { property: 'completedOn', spec: { kind: 'date', label: 'When was it completed?', hint: 'For example, 15 1 2026' } },
]);

const review = objectSection('review', 'review', 'Monitoring and review', 'Agreements are reviewed regularly: at least every three years.', [
  {
    property: 'cycleMonths',
    spec: { kind: 'integer', label: 'How often is the agreement reviewed?', hint: 'In months: at most 36.', width: 3, suffix: 'months' },
  },
  { property: 'nextReviewDate', spec: { kind: 'date', label: 'Next review date', hint: 'Within three years of today. For example, 31 3 2027' } },
]);

const termination = objectSection('termination', 'termination', 'Termination', undefined, [
  { property: 'noticeDays', spec: { kind: 'integer', label: "How many days' notice does a party give to leave?", width: 4, suffix: 'days' } },
  {
    property: 'endDate',
    spec: { kind: 'date', label: 'When does the agreement end? (optional)', hint: 'It expires after this date. Leave it empty if it has no end date.' },
  },
  { property: 'onTermination', spec: { kind: 'textarea', label: 'What happens to shared information when the agreement ends?' } },
]);

/** The section forms that edit the draft's content (parties, details and data flows have pages of their own). */
export const SECTION_FORMS: ReadonlyMap<string, SectionForm> = new Map(
  [purposes, dataSubjects, legalBasis, consent, security, retention, rights, breaches, dpia, review, termination, clauses].map((form) => [form.slug, form]),
);

// ---------------------------------------------------------------------------------------------
// A data flow: one row of the information reference table, with its data items.

const flowProperties = (parties: readonly AgreementPartyView[]): PropertySpec[] => {
  const organisations = parties.map((p) => ({ value: p.organisationId, label: p.organisationName }));
  return [
    { property: 'name', spec: { kind: 'text', label: 'Name of the flow', hint: 'For example, Hospital discharge notification' } },
    { property: 'fromOrganisationId', spec: { kind: 'select', label: 'Which party sends it?', choices: organisations, emptyChoice: 'Choose a party' } },
    { property: 'toOrganisationId', spec: { kind: 'select', label: 'Which party receives it?', choices: organisations, emptyChoice: 'Choose a party' } },
    { property: 'frequency', spec: { kind: 'select', label: 'How often?', choices: FREQUENCY_CHOICES, emptyChoice: 'Choose how often' } },
    {
      property: 'transferMethod',
      spec: {
        kind: 'radios',
        label: 'How is it sent?',
        hint: 'Use email that meets the secure email standard (DCB1596), such as NHSmail, or another secure method.',
        choices: TRANSFER_METHOD_CHOICES,
        small: true,
      },
    },
    {
      property: 'estimatedRecordsPerYear',
      spec: { kind: 'integer', label: 'About how many records a year? (optional)', hint: 'For bulk flows.', width: 10 },
    },
    {
      property: 'recipientRetention',
      spec: { kind: 'text', label: 'How long does the recipient keep it?', hint: 'For example, 8 years after the last contact' },
    },
    {
      property: 'transferOutsideUk',
      spec: { kind: 'yesNo', label: 'Does the information leave the UK?', required: 'Select yes if the information leaves the UK' },
      reveals: {
        yes: [{ property: 'outsideUkSafeguard', spec: { kind: 'radios', label: 'What safeguard protects it outside the UK?', choices: SAFEGUARD_CHOICES, small: true } }],
      },
    },
  ];
};

const itemsGroup = (flowIndex: number): GroupSpec => ({
  key: `dataFlows-${flowIndex}-dataItems`,
  path: `dataFlows[${flowIndex}].dataItems`,
  heading: 'Data items',
  hint: 'Exactly which items of information the flow carries: only the minimum necessary (Caldicott Principle 3).',
  noun: 'data item',
  properties: [
    { property: 'name', spec: { kind: 'text', label: 'Data item', hint: 'For example, NHS number or discharge summary' } },
    { property: 'identifiability', spec: { kind: 'radios', label: 'Does it identify people?', choices: IDENTIFIABILITY_CHOICES, small: true } },
    {
      property: 'specialCategory',
      spec: {
        kind: 'yesNo',
        label: 'Is it special category information?',
        hint: 'Such as health, ethnicity, religion, sexual life or orientation, genetic or biometric data.',
        small: true,
        required: 'Select yes if the data item is special category information',
      },
    },
    {
      property: 'justification',
      spec: { kind: 'textarea', label: 'Why is this item needed?', hint: 'Identifiable and pseudonymised items must be justified as the minimum necessary.', rows: 2 },
    },
  ],
});

export interface FlowForm {
  index: number;
  toForm(draft: DraftContext): FormState;
  /** The flow as the drafting service takes it (its id kept), and problems in how it was filled in. */
  read(form: FormState, draft: DraftContext): { flow: Record<string, unknown>; problems: PathProblem[]; form: FormState };
  blocks(form: FormState, errors: FieldErrors, draft: DraftContext): Block[];
}

/** The form of the flow at `index` (the draft's number of flows for a new one). */
export function flowForm(index: number): FlowForm {
  const prefix = `dataFlows[${index}]`;
  const items = itemsGroup(index);
  return {
    index,
    toForm: (draft) => {
      const flow = draft.content.dataFlows[index];
      return { ...objectForm(prefix, flowProperties(draft.parties), (flow as unknown as Record<string, unknown>) ?? null), ...groupForm(items, flow?.dataItems ?? []) };
    },
    read: (form, draft) => {
      const { value, problems } = readObject(prefix, flowProperties(draft.parties), form);
      const rows = readGroup(items, form);
      const flow = { ...value, transferOutsideUk: value.transferOutsideUk ?? false, id: draft.content.dataFlows[index]?.id ?? null, dataItems: rows.rows };
      return { flow, problems: [...problems, ...rows.problems], form: { ...form, ...rows.form } };
    },
    blocks: (form, errors, draft) => [
      ...flowProperties(draft.parties).map((p) => ({ field: fieldView(specOf(prefix, p), form, errors) })),
      groupBlock(items, form, errors),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Title and protocol: the agreement's structure, which only the lead organisation changes.

export const TITLE: FieldSpec = { id: 'title', kind: 'text', label: 'Title', hint: 'For example, Hospital discharge information sharing agreement' };

export function parentProtocolSpec(protocols: readonly { id: string; label: string }[]): FieldSpec {
  return {
    id: 'parentProtocolId',
    kind: 'select',
    label: 'Protocol it sits under (optional)',
    hint: "The partnership's information sharing protocol this agreement sits under.",
    choices: protocols.map((p) => ({ value: p.id, label: p.label })),
    emptyChoice: 'None',
  };
}
