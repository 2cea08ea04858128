import { AgreementDisplayStatus, AgreementStatus, FindingSeverity, VariationStatus, VersionStatus } from '../../agreements/agreement.enums.js';
import type { Finding } from '../../agreements/compliance/compliance-input.js';
import type { FieldChangeEntry } from '../../agreements/versions/version-diff.js';
import type { FrozenAgreement } from '../../agreements/versions/frozen-agreement.js';
import { countInWords } from '../../common/labels/count-in-words.js';
import { fieldRank, hrefOf, labelOfPath, pageOfField, placeOf, SECTION_PAGES, type DraftShape, type SectionSlug } from './agreement-field-paths.js';
import { DISPLAY_STATUS_TAGS, KIND_CHOICES, labelOf, SIGNING_ROLE_LABELS, VERSION_STATUS_TAGS, type Tag } from './agreement-labels.js';
import type { DraftContext } from './agreement-section-forms.js';

/** What the agreement pages show, from what the services return. Pure. */

export const kindLabel = (kind: string) => KIND_CHOICES.find((c) => c.value === kind)?.label ?? kind;

// ---------------------------------------------------------------------------------------------
// Compliance findings, each linking to the field at fault.

export interface FindingView {
  code: string;
  blocker: boolean;
  message: string;
  reference: string;
  href: string;
  slug: SectionSlug | 'overview';
  /** For a finding about one data flow: its position among the draft's flows. */
  flowIndex: number | null;
}

export function findingViews(findings: readonly Finding[], agreementId: string, draft: DraftShape): FindingView[] {
  return findings.map((finding) => {
    const place = placeOf(finding.field, draft);
    return {
      code: finding.code,
      blocker: finding.severity === FindingSeverity.BLOCKER,
      message: finding.message,
      reference: finding.reference,
      href: hrefOf(agreementId, place),
      slug: place.slug,
      flowIndex: place.flow?.index ?? null,
    };
  });
}

export interface FindingsPanel {
  blockers: FindingView[];
  warnings: FindingView[];
  any: boolean;
}

export function findingsPanel(findings: readonly FindingView[]): FindingsPanel {
  const blockers = findings.filter((f) => f.blocker);
  const warnings = findings.filter((f) => !f.blocker);
  return { blockers, warnings, any: findings.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// The draft's sections as an NHS task list.

export interface TaskView {
  title: string;
  href: string | null;
  slug: string;
  hint: string | null;
  /** NHS task list status: a tag while there is something to do, plain text once completed. */
  tag: Tag | null;
  statusText: string | null;
  /** In a variation: changed since the version in force. */
  changed: boolean;
}

export enum TaskStatus {
  NOT_STARTED = 'Not started',
  IN_PROGRESS = 'In progress',
  COMPLETED = 'Completed',
}

const isEmpty = (draft: DraftContext, slug: SectionSlug): boolean => {
  const c = draft.content;
  switch (slug) {
    case 'details':
      return false;
    case 'parties':
      return draft.parties.length < 2;
    case 'purposes':
      return !c.scope && c.purposes.length === 0 && c.benefits.length === 0;
    case 'data-flows':
      return c.dataFlows.length === 0;
    case 'clauses':
      return c.clauses.length === 0;
    default: {
      const section = { 'data-subjects': c.dataSubjects, 'legal-basis': c.legalBasis, consent: c.consentAndTransparency, security: c.security, retention: c.retention, rights: c.rights, breaches: c.breaches, dpia: c.dpia, review: c.review, termination: c.termination }[slug];
      return section === null || section === undefined;
    }
  }
};

/**
 * A section is Not started while nothing in it is filled in; In progress while a blocking finding
 * points into it (a required answer missing or not allowed); Completed otherwise. Warnings do not
 * hold a section back: the task's hint counts them.
 */
export function taskStatus(empty: boolean, blockers: number): TaskStatus {
  if (empty) return TaskStatus.NOT_STARTED;
  return blockers > 0 ? TaskStatus.IN_PROGRESS : TaskStatus.COMPLETED;
}

const STATUS_TAGS: Record<TaskStatus, Tag | null> = {
  [TaskStatus.NOT_STARTED]: { text: TaskStatus.NOT_STARTED, colour: 'grey' },
  [TaskStatus.IN_PROGRESS]: { text: TaskStatus.IN_PROGRESS, colour: 'blue' },
  [TaskStatus.COMPLETED]: null,
};

export function sectionTasks(
  draft: DraftContext,
  findings: readonly FindingView[],
  rights: { canEdit: boolean; canLead: boolean },
  changedSlugs: ReadonlySet<SectionSlug> = new Set(),
): TaskView[] {
  return SECTION_PAGES.map((page) => {
    const own = findings.filter((f) => f.slug === page.slug);
    const blockers = own.filter((f) => f.blocker).length;
    const warnings = own.length - blockers;
    const editable = page.leadOnly ? rights.canLead : rights.canEdit;
    // Anyone who reads the agreement may see its parties; the other pages are for editing.
    const href = editable || page.slug === 'parties' ? `/agreements/${draft.agreementId}/edit/${page.slug}` : null;
    const empty = isEmpty(draft, page.slug);
    const status = taskStatus(empty, blockers);
    const counts = [
      page.slug === 'data-flows' ? countInWords(draft.content.dataFlows.length, 'flow', 'flows') : null,
      page.slug === 'parties' ? countInWords(draft.parties.length, 'party', 'parties') : null,
      page.slug === 'clauses' && empty ? 'Optional' : null,
      blockers > 0 ? `${countInWords(blockers, 'blocker', 'blockers')} to fix` : null,
      warnings > 0 ? countInWords(warnings, 'warning', 'warnings') : null,
    ].filter((part) => part !== null);
    return {
      title: page.title,
      href,
      slug: page.slug,
      hint: counts.length > 0 ? counts.join(', ') : null,
      tag: STATUS_TAGS[status],
      statusText: status === TaskStatus.COMPLETED ? status : null,
      changed: changedSlugs.has(page.slug),
    };
  });
}

/** The draft of a variation as a version would freeze it, for comparing with the version in force. */
export function draftAsFrozen(inForce: FrozenAgreement, draft: DraftContext): FrozenAgreement {
  return {
    ...inForce,
    title: draft.title,
    kind: draft.kind,
    parentProtocolId: draft.parentProtocolId,
    parties: draft.parties.map((p) => ({ organisationId: p.organisationId, organisationName: p.organisationName, odsCode: p.odsCode, role: p.role })),
    content: draft.content,
  };
}

/** The draft's pages holding a change since the version in force. */
export function changedPages(changedSectionKeys: readonly string[]): Set<SectionSlug> {
  return new Set(changedSectionKeys.map(pageOfField).filter((slug) => slug !== undefined));
}

// ---------------------------------------------------------------------------------------------
// The agreements list.

export interface ListRowInput {
  id: string;
  reference: string;
  title: string;
  kind: string;
  status: AgreementStatus;
  variationStatus: VariationStatus;
  leadName: string;
  displayStatus: AgreementDisplayStatus;
  nextReviewDate: string | null;
  daysUntilReview: number | null;
}

export interface ListRow {
  href: string;
  reference: string;
  title: string;
  kind: string;
  leadName: string;
  tags: Tag[];
  nextReviewDate: string | null;
  /** Review due or overdue, or signatures awaited: the row is highlighted. */
  highlighted: boolean;
}

export function listRow(input: ListRowInput): ListRow {
  const tags: Tag[] = [];
  if (input.displayStatus === AgreementDisplayStatus.REVIEW_DUE) {
    tags.push(input.daysUntilReview !== null && input.daysUntilReview < 0 ? { text: 'Review overdue', colour: 'red' } : DISPLAY_STATUS_TAGS.REVIEW_DUE);
  } else {
    tags.push(DISPLAY_STATUS_TAGS[input.displayStatus]);
  }
  if (input.variationStatus === VariationStatus.AWAITING_SIGNATURES) tags.push({ text: 'Variation awaiting signatures', colour: 'blue' });
  if (input.variationStatus === VariationStatus.DRAFTING) tags.push({ text: 'Variation being drafted', colour: 'white' });
  const highlighted =
    input.displayStatus === AgreementDisplayStatus.REVIEW_DUE ||
    input.status === AgreementStatus.AWAITING_SIGNATURES ||
    input.variationStatus === VariationStatus.AWAITING_SIGNATURES;
  return {
    href: `/agreements/${input.id}`,
    reference: input.reference,
    title: input.title,
    kind: kindLabel(input.kind),
    leadName: input.leadName,
    tags,
    nextReviewDate: input.nextReviewDate,
    highlighted,
  };
}

// ---------------------------------------------------------------------------------------------
// A version and who has signed it.

export interface SignatureInput {
  organisationId: string;
  signerName: string;
  signerJobTitle: string | null;
  signedAs: string;
  signedAt: Date;
}

export interface VersionPartyRow {
  organisationName: string;
  role: string;
  signed: boolean;
  signerName: string | null;
  signedAs: string | null;
  signedAt: string | null;
}

export function versionParties(frozen: FrozenAgreement, signatures: readonly SignatureInput[]): VersionPartyRow[] {
  return frozen.parties.map((party) => {
    const signature = signatures.find((s) => s.organisationId === party.organisationId);
    return {
      organisationName: party.organisationName,
      role: labelOf(party.role),
      signed: signature !== undefined,
      signerName: signature ? [signature.signerName, signature.signerJobTitle].filter(Boolean).join(', ') : null,
      signedAs: signature ? (SIGNING_ROLE_LABELS[signature.signedAs as keyof typeof SIGNING_ROLE_LABELS] ?? signature.signedAs) : null,
      signedAt: signature ? signature.signedAt.toISOString() : null,
    };
  });
}

export const versionTag = (status: VersionStatus): Tag => VERSION_STATUS_TAGS[status];

// ---------------------------------------------------------------------------------------------
// The differences between two versions, in words.

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
  /** For a whole row added or removed (a flow, a data item, a party): each of its fields. */
  beforeFields: FieldLine[] | null;
  afterFields: FieldLine[] | null;
}

export interface FieldLine {
  label: string;
  value: string;
}

export interface ChangedSection {
  title: string;
  changes: ChangeRow[];
}

const SECTION_TITLES: Record<string, string> = {
  title: 'Title',
  kind: 'Kind',
  parentProtocolId: 'Protocol it sits under',
  parties: 'Parties',
  scope: 'Scope',
  purposes: 'Purposes',
  benefits: 'Benefits',
  dataSubjects: 'Data subjects',
  legalBasis: 'Legal basis',
  dataFlows: 'Data flows',
  consentAndTransparency: 'Consent and transparency',
  security: 'Security',
  retention: 'Retention and disposal',
  rights: 'Data subject rights',
  breaches: 'Breaches and escalation',
  dpia: 'Data protection impact assessment',
  review: 'Monitoring and review',
  termination: 'Termination',
  clauses: 'Other clauses',
};

/** Names for the ids a diff path or value holds: organisations and data flows, from both versions. */
export function namesOf(...versions: FrozenAgreement[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const version of versions) {
    for (const party of version.parties) names.set(party.organisationId, party.organisationName);
    for (const flow of version.content.dataFlows) if (flow.id) names.set(flow.id, flow.name);
  }
  return names;
}

/** `dataFlows.<id>.dataItems[0].name` as `Data flow “Discharge notification”: Name of the data item 1`. */
export function changeLabel(path: string, names: ReadonlyMap<string, string>): string {
  const keyed = /^(dataFlows|parties)\.([0-9a-f-]{36})(.*)$/i.exec(path);
  if (keyed) {
    const [, section, id, rest] = keyed;
    const owner = `${section === 'dataFlows' ? 'Data flow' : 'Party'} “${names.get(id) ?? id}”`;
    if (rest === '') return owner;
    return `${owner}: ${rowLabel(`${section}[0]${rest}`)}`;
  }
  return rowLabel(path);
}

/** A field's label, with the number of each row it is in (`purposes[1].description` as `Description of the purpose 2`). */
function rowLabel(path: string): string {
  const rows = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
  const label = labelOfPath(path);
  const own = path.startsWith('dataFlows[0]') || path.startsWith('parties[0]') ? rows.slice(1) : rows;
  return own.length > 0 ? `${label} ${own.join('.')}` : label;
}

/** A value from a version, in words: labels for the vocabularies, names for ids, a summary for a row. */
export function describeValue(value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined || value === '') return 'Not stated';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return names.get(value) ?? labelOf(value);
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map((v) => describeValue(v, names)).join('; ');
  const row = value as Record<string, unknown>;
  if (typeof row.organisationName === 'string') return `${row.organisationName} (${labelOf(String(row.role))})`;
  if (typeof row.condition === 'string') return [labelOf(row.condition), row.schedule1Condition ? labelOf(String(row.schedule1Condition)) : null].filter(Boolean).join(', ');
  if (typeof row.name === 'string') return row.name;
  if (typeof row.description === 'string') return row.description;
  if (typeof row.heading === 'string') return row.heading;
  return Object.entries(row)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${labelOfPath(k) === k ? k : labelOfPath(k)}: ${describeValue(v, names)}`)
    .join(', ');
}

const isRow = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every field of a row, labelled as its form labels it (`path` is where the row is, e.g.
 * `dataFlows.<id>.dataItems[2]`); rows within it (a flow's data items) one line each, in full.
 */
export function rowFields(path: string, row: Record<string, unknown>, names: ReadonlyMap<string, string>): FieldLine[] {
  const at = path.replace(/^(dataFlows|parties)\.[0-9a-f-]{36}/i, '$1[0]');
  // Stored rows come back with their keys in any order: listed in the order of the form.
  return Object.entries(row)
    .filter(([key]) => key !== 'id')
    .sort(([a], [b]) => fieldRank(`${at}.${a}`) - fieldRank(`${at}.${b}`))
    .map(([key, value]) => {
      const label = labelOfPath(`${at}.${key}`);
      if (Array.isArray(value) && value.some(isRow)) {
        const rows = value.map((inner, i) => (isRow(inner) ? rowFields(`${at}.${key}[${i}]`, inner, names).map((f) => `${f.label}: ${f.value}`).join('; ') : describeValue(inner, names)));
        return { label, value: rows.length === 0 ? 'None' : rows.join('\n') };
      }
      return { label, value: describeValue(value, names) };
    });
}

export function changedSections(changedSectionKeys: readonly string[], changes: readonly FieldChangeEntry[], names: ReadonlyMap<string, string>): ChangedSection[] {
  return changedSectionKeys.map((section) => ({
    title: SECTION_TITLES[section] ?? section,
    changes: changes
      .filter((c) => c.section === section)
      .map((c) => {
        // A row added or removed is shown whole; a row changed in place shows each field changed.
        const whole = (value: unknown, other: unknown) => (isRow(value) && !isRow(other) ? rowFields(c.path, value, names) : null);
        const beforeFields = whole(c.before, c.after);
        const afterFields = whole(c.after, c.before);
        // The side without the row says so in words, not as a value struck out or inserted.
        const absent = (value: unknown, otherFields: FieldLine[] | null) => (otherFields && (value === null || value === undefined) ? '' : describeValue(value, names));
        return { field: changeLabel(c.path, names), before: absent(c.before, afterFields), after: absent(c.after, beforeFields), beforeFields, afterFields };
      }),
  }));
}
