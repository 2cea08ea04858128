import { AgreementDisplayStatus, AgreementStatus, FindingSeverity, VariationStatus, VersionStatus } from '../../agreements/agreement.enums.js';
import type { Finding } from '../../agreements/compliance/compliance-input.js';
import type { FieldChangeEntry } from '../../agreements/versions/version-diff.js';
import type { FrozenAgreement } from '../../agreements/versions/frozen-agreement.js';
import { hrefOf, labelOfPath, placeOf, SECTION_PAGES, type DraftShape, type SectionSlug } from './agreement-field-paths.js';
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
  tag: Tag | null;
  statusText: string | null;
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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function sectionTasks(draft: DraftContext, findings: readonly FindingView[], rights: { canEdit: boolean; canLead: boolean }): TaskView[] {
  return SECTION_PAGES.map((page) => {
    const own = findings.filter((f) => f.slug === page.slug);
    const blockers = own.filter((f) => f.blocker).length;
    const warnings = own.length - blockers;
    const editable = page.leadOnly ? rights.canLead : rights.canEdit;
    // Anyone who reads the agreement may see its parties; the other pages are for editing.
    const href = editable || page.slug === 'parties' ? `/agreements/${draft.agreementId}/edit/${page.slug}` : null;
    let tag: Tag | null = null;
    let statusText: string | null = null;
    if (blockers > 0) tag = { text: plural(blockers, 'blocker', 'blockers'), colour: 'red' };
    else if (warnings > 0) tag = { text: plural(warnings, 'warning', 'warnings'), colour: 'yellow' };
    else if (isEmpty(draft, page.slug) && page.slug !== 'clauses') tag = { text: 'Not started', colour: 'grey' };
    else statusText = 'No problems found';
    const hint = page.slug === 'data-flows' ? plural(draft.content.dataFlows.length, 'flow', 'flows') : page.slug === 'parties' ? plural(draft.parties.length, 'party', 'parties') : null;
    return { title: page.title, href, slug: page.slug, hint, tag, statusText };
  });
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

export function changedSections(changedSectionKeys: readonly string[], changes: readonly FieldChangeEntry[], names: ReadonlyMap<string, string>): ChangedSection[] {
  return changedSectionKeys.map((section) => ({
    title: SECTION_TITLES[section] ?? section,
    changes: changes
      .filter((c) => c.section === section)
      .map((c) => ({ field: changeLabel(c.path, names), before: describeValue(c.before, names), after: describeValue(c.after, names) })),
  }));
}
