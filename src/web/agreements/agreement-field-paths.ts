import type { AgreementContent } from '../../agreements/content/agreement-content.model.js';

/**
 * Where each field of an agreement lives in the pages. A field is named by its path into the
 * draft, as the compliance findings and the services' validation errors name it
 * (`dataFlows[0].dataItems[2].justification`); the page that edits it, and the id of its input on
 * that page, follow from the path alone, so every finding and error links to the field at fault.
 * Pure.
 */

/** The editing pages of a draft, in the order of the document. */
export const SECTION_PAGES = [
  { slug: 'details', title: 'Title and protocol', leadOnly: true },
  { slug: 'parties', title: 'Parties', leadOnly: true },
  { slug: 'purposes', title: 'Scope, purposes and benefits', leadOnly: false },
  { slug: 'data-subjects', title: 'Data subjects', leadOnly: false },
  { slug: 'legal-basis', title: 'Legal basis', leadOnly: false },
  { slug: 'data-flows', title: 'Data flows', leadOnly: false },
  { slug: 'consent', title: 'Consent and transparency', leadOnly: false },
  { slug: 'security', title: 'Security', leadOnly: false },
  { slug: 'retention', title: 'Retention and disposal', leadOnly: false },
  { slug: 'rights', title: 'Data subject rights', leadOnly: false },
  { slug: 'breaches', title: 'Breaches and escalation', leadOnly: false },
  { slug: 'dpia', title: 'Data protection impact assessment', leadOnly: false },
  { slug: 'review', title: 'Monitoring and review', leadOnly: false },
  { slug: 'termination', title: 'Termination', leadOnly: false },
  { slug: 'clauses', title: 'Other clauses', leadOnly: false },
] as const;

export type SectionSlug = (typeof SECTION_PAGES)[number]['slug'];

/** The page of each top-level field of the draft. */
const PAGE_OF_FIELD: Record<string, SectionSlug> = {
  title: 'details',
  parentProtocolId: 'details',
  kind: 'details',
  parties: 'parties',
  scope: 'purposes',
  purposes: 'purposes',
  benefits: 'purposes',
  dataSubjects: 'data-subjects',
  legalBasis: 'legal-basis',
  dataFlows: 'data-flows',
  consentAndTransparency: 'consent',
  security: 'security',
  retention: 'retention',
  rights: 'rights',
  breaches: 'breaches',
  dpia: 'dpia',
  review: 'review',
  termination: 'termination',
  clauses: 'clauses',
};

/** The page of a top-level field of the draft (`title`, `consentAndTransparency`, ...). */
export const pageOfField = (field: string): SectionSlug | undefined => PAGE_OF_FIELD[field];

/** Date fields are three inputs (day, month, year); a link to one goes to its day. */
export const DATE_FIELDS: ReadonlySet<string> = new Set(['dpia.completedOn', 'review.nextReviewDate', 'termination.endDate']);

/** `dataFlows.0.name` (class-validator's form) and `input.dataFlows[0].name` both as `dataFlows[0].name`. */
export function normalisePath(path: string): string {
  return path.replace(/^input\./, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** The id of an element from a path: `dataFlows[0].dataItems[2].name` is `dataFlows-0-dataItems-2-name`. */
export function idOf(path: string): string {
  return normalisePath(path).replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

/** A path with its list positions blanked, to look up what applies to every row: `purposes[].description`. */
export function patternOf(path: string): string {
  return normalisePath(path).replace(/\[\d+\]/g, '[]');
}

/** Where a field is edited: the page (a data flow's fields are on that flow's page) and the id of its input there. */
export interface FieldPlace {
  slug: SectionSlug | 'overview';
  /** For a flow's fields: its index in the draft's flows, and its id (null for a flow not yet saved). */
  flow?: { index: number; id: string | null };
  inputId: string | null;
}

export interface DraftShape {
  content: Pick<AgreementContent, 'dataFlows' | 'purposes' | 'clauses' | 'legalBasis'>;
  partyCount: number;
}

/** The page and input of a field path (findings' and errors' alike). */
export function placeOf(rawPath: string | null, draft: DraftShape): FieldPlace {
  if (!rawPath || rawPath === 'draft') return { slug: 'overview', inputId: null };
  const path = normalisePath(rawPath);
  const top = path.split(/[.[]/)[0];
  const slug = PAGE_OF_FIELD[top];
  if (!slug) return { slug: 'overview', inputId: null };
  const flow = /^dataFlows\[(\d+)\](.*)$/.exec(path);
  if (flow) {
    const index = Number(flow[1]);
    return { slug, flow: { index, id: draft.content.dataFlows[index]?.id ?? null }, inputId: flowInputId(index, flow[2], draft) };
  }
  return { slug, inputId: inputIdOf(path, draft) };
}

function flowInputId(index: number, rest: string, draft: DraftShape): string {
  const items = draft.content.dataFlows[index]?.dataItems.length ?? 0;
  if (rest === '' || rest === '.id') return `dataFlows-${index}-name`;
  // No items (or too many): the row for a new item.
  if (rest === '.dataItems') return `dataFlows-${index}-dataItems-${items}-name`;
  if (/^\.dataItems\[\d+\]$/.test(rest)) return `${idOf(`dataFlows[${index}]${rest}`)}-name`;
  return idOf(`dataFlows[${index}]${rest}`);
}

function inputIdOf(path: string, draft: DraftShape): string {
  if (DATE_FIELDS.has(path)) return `${idOf(path)}-day`;
  switch (path) {
    // Too few parties: the organisation to add; otherwise (roles that do not fit the kind) the first party's role.
    case 'parties':
      return draft.partyCount >= 2 ? 'parties-0-role' : 'parties';
    // None yet: the first field of the row for a new one.
    case 'purposes':
      return `purposes-${draft.content.purposes.length}-description`;
    case 'clauses':
      return `clauses-${draft.content.clauses.length}-heading`;
    case 'dataFlows':
      return 'dataFlows';
    default:
      break;
  }
  const party = /^parties\[(\d+)\](\.\w+)?$/.exec(path);
  if (party) return `parties-${party[1]}-role`;
  const purpose = /^(purposes|clauses)\[(\d+)\]$/.exec(path);
  if (purpose) return `${purpose[1]}-${purpose[2]}-${purpose[1] === 'purposes' ? 'description' : 'heading'}`;
  // An Article 9 condition without its field: its Schedule 1 condition, where it has one to choose.
  if (/^legalBasis\.article9\[\d+\]\.condition$/.test(path)) return 'legalBasis-article9';
  const article9 = /^legalBasis\.article9\[(\d+)\]$/.exec(path);
  if (article9) return `legalBasis-article9-${article9[1]}-schedule1Condition`;
  return idOf(path);
}

/** The address of a field: its page and, after `#`, its input. */
export function hrefOf(agreementId: string, place: FieldPlace): string {
  const anchor = place.inputId ? `#${place.inputId}` : '';
  if (place.slug === 'overview') return `/agreements/${agreementId}${anchor || '#findings'}`;
  const flowPage = place.flow ? `/${place.flow.id ?? 'new'}` : '';
  return `/agreements/${agreementId}/edit/${place.slug}${flowPage}${anchor}`;
}

/**
 * What each field is called on the pages: in error messages ("Enter a description") and in the
 * differences between versions. Keyed by path pattern.
 */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  kind: 'Kind',
  parentProtocolId: 'Protocol it sits under',
  parties: 'Parties',
  'parties[].organisationId': 'Organisation',
  'parties[].role': 'Role',
  'parties[].organisationName': 'Organisation name',
  'parties[].odsCode': 'ODS code',
  scope: 'Scope',
  purposes: 'Purposes',
  'purposes[].description': 'Description of the purpose',
  'purposes[].purposeType': 'Type of purpose',
  benefits: 'Benefits',
  'dataSubjects.categories': 'Who the information is about',
  'dataSubjects.includesChildren': 'Whether children are in scope',
  'dataSubjects.childrenHighPrivacyDefault': "How children's information is protected by default",
  'legalBasis.article6': 'UK GDPR Article 6 lawful basis',
  'legalBasis.article9': 'UK GDPR Article 9 condition',
  'legalBasis.article9[].condition': 'Article 9 condition',
  'legalBasis.article9[].schedule1Condition': 'DPA 2018 Schedule 1 condition',
  'legalBasis.commonLawBases': 'Common-law basis',
  'legalBasis.statutoryPowers': 'Statutory powers and duties',
  dataFlows: 'Data flows',
  'dataFlows[].id': 'Data flow',
  'dataFlows[].name': 'Name of the flow',
  'dataFlows[].fromOrganisationId': 'Organisation it comes from',
  'dataFlows[].toOrganisationId': 'Organisation it goes to',
  'dataFlows[].dataItems': 'Data items',
  'dataFlows[].dataItems[]': 'Data item',
  'dataFlows[].dataItems[].name': 'Name of the data item',
  'dataFlows[].dataItems[].identifiability': 'Whether it identifies people',
  'dataFlows[].dataItems[].specialCategory': 'Whether it is special category data',
  'dataFlows[].dataItems[].justification': 'Why this item is needed',
  'dataFlows[].frequency': 'How often',
  'dataFlows[].transferMethod': 'Transfer method',
  'dataFlows[].estimatedRecordsPerYear': 'Records a year',
  'dataFlows[].recipientRetention': 'How long the recipient keeps it',
  'dataFlows[].transferOutsideUk': 'Whether it leaves the UK',
  'dataFlows[].outsideUkSafeguard': 'Safeguard for the transfer outside the UK',
  'consentAndTransparency.howIndividualsAreInformed': 'How people are told about the sharing',
  'consentAndTransparency.privacyNoticeUrl': 'Privacy notice web address',
  'consentAndTransparency.consentAndObjections': 'How consent is sought and objections handled',
  'consentAndTransparency.nationalDataOptOutApplied': 'Whether the national data opt-out is applied',
  'security.measures': 'Security measures',
  'security.accessControls': 'Who may access the information',
  'retention.period': 'Retention period',
  'retention.disposal': 'How information is disposed of',
  'rights.process': 'How requests from people are handled',
  'breaches.notifyPartiesWithinHours': 'Hours to tell the other parties of a breach',
  'breaches.process': 'How breaches are reported and escalated',
  'dpia.reference': 'DPIA reference',
  'dpia.outcome': 'DPIA outcome',
  'dpia.completedOn': 'Date the DPIA was completed',
  'review.cycleMonths': 'Months between reviews',
  'review.nextReviewDate': 'Next review date',
  'termination.noticeDays': 'Days of notice to leave',
  'termination.endDate': 'End date',
  'termination.onTermination': 'What happens to shared information at the end',
  clauses: 'Other clauses',
  'clauses[].heading': 'Clause heading',
  'clauses[].text': 'Clause text',
};

/** Where a field comes in its form, for listing a row's fields in that order (unnamed fields last). */
export function fieldRank(path: string): number {
  const order = Object.keys(FIELD_LABELS);
  const rank = order.indexOf(patternOf(path));
  return rank < 0 ? order.length : rank;
}

/** What a field is called; its path when it has no name of its own. */
export function labelOfPath(path: string): string {
  const pattern = patternOf(path);
  // An entry of a list of words (`benefits[1]`) is called what the list is.
  return FIELD_LABELS[pattern] ?? FIELD_LABELS[pattern.replace(/\[\]$/, '')] ?? normalisePath(path);
}
