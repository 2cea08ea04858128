import { AgreementKind } from '../agreements/agreement.enums.js';
import type { AgreementExport } from './agreement-export.js';
import {
  ARTICLE_6,
  ARTICLE_9,
  COMMON_LAW,
  DPIA_OUTCOMES,
  DSPT_STATUSES,
  FREQUENCIES,
  GLOSSARY,
  IDENTIFIABILITY,
  KIND_TITLES,
  PARTY_ROLES,
  PURPOSE_TYPES,
  SCHEDULE_1,
  SECURE_EMAIL_METHODS,
  SIGNING_ROLES,
  TRANSFER_METHODS,
  TRANSFER_SAFEGUARDS,
} from './document-labels.js';

export interface SectionHeading {
  id: string;
  number: number;
  title: string;
}

/** Section ids in document order, and their titles for each kind. */
const SECTIONS: { id: string; title: string | Partial<Record<AgreementKind, string>> & { default: string } }[] = [
  { id: 'scope', title: { default: 'Introduction and scope' } },
  { id: 'purposes', title: { default: 'Purposes and benefits' } },
  { id: 'parties', title: { default: 'Parties', PROTOCOL: 'Partner organisations', DDA: 'Disclosing and receiving parties', JCA: 'Joint controllers' } },
  { id: 'data-subjects', title: { default: 'Whose information is shared' } },
  { id: 'legal-basis', title: { default: 'Legal basis for sharing' } },
  { id: 'data-flows', title: { default: 'Information reference table', DDA: 'Information to be disclosed', PROTOCOL: 'Information shared under this protocol' } },
  { id: 'consent', title: { default: 'Consent and transparency' } },
  { id: 'security', title: { default: 'Security' } },
  { id: 'retention', title: { default: 'Retention and disposal' } },
  { id: 'rights', title: { default: 'Individuals’ rights' } },
  { id: 'breaches', title: { default: 'Breaches and escalation' } },
  { id: 'dpia', title: { default: 'Data protection impact assessment' } },
  { id: 'review', title: { default: 'Monitoring and review' } },
  { id: 'termination', title: { default: 'Termination' } },
  { id: 'clauses', title: { default: 'Further provisions', JCA: 'Joint controller responsibilities (UK GDPR Art 26)' } },
  { id: 'glossary', title: { default: 'Glossary' } },
  { id: 'signatures', title: { default: 'Signatures' } },
];

const INTRODUCTIONS: Record<AgreementKind, string> = {
  PROTOCOL:
    'This protocol is the overarching commitment of the partner organisations to share information lawfully, safely and only where necessary. Agreements for particular purposes sit under it.',
  ISP: 'This agreement sets out how the parties share information with each other for the purposes below, what is shared, on what legal basis and how it is protected.',
  DDA: 'This agreement sets out the one-way disclosure of information from the disclosing party to the receiving party, for the purposes below.',
  JCA: 'This arrangement sets out how the joint controllers decide together why and how the information is processed, and who is responsible for what (UK GDPR Art 26).',
};

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDate = (isoDate: string) => LONG_DATE.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));

/**
 * The document's status line: where its signing stands, never what happened to the agreement
 * since (a later version, a suspension), so a signed version's document stays the same.
 */
export function statusLabel(version: AgreementExport['version']): string {
  if (!version) return 'Draft';
  switch (version.signingState) {
    case 'AWAITING_SIGNATURES':
      return 'Awaiting signatures: not in force';
    case 'SIGNED':
      return version.recordedFromOriginal
        ? `Signed on paper by all parties; in force from ${longDate(version.effectiveDate!)}`
        : `Signed by all parties; in force from ${longDate(version.effectiveDate!)}`;
    case 'DECLINED':
      return version.declined
        ? `Declined by ${version.declined.organisationName} on ${longDate(version.declined.declinedAt)}: never in force`
        : 'Declined by a party: never in force';
  }
}

const label = <K extends string>(labels: Record<K, string>, code: K | null | undefined) => (code ? labels[code] : null);

/** Everything the templates show, with codes turned into the words an IG lead expects. Pure. */
export function documentView(agreement: AgreementExport, options: { protectiveMarking: string; generatedAt: Date }) {
  const { content } = agreement;
  const sections: SectionHeading[] = SECTIONS.map((section, i) => ({
    id: section.id,
    number: i + 1,
    title: typeof section.title === 'string' ? section.title : (section.title[agreement.kind] ?? section.title.default),
  }));
  const partyName = (id: string) => agreement.parties.find((p) => p.organisationId === id)?.organisationName ?? 'An organisation that is not a party';
  return {
    ...agreement,
    isDraft: agreement.version === null,
    kindTitle: KIND_TITLES[agreement.kind],
    introduction: INTRODUCTIONS[agreement.kind],
    statusLabel: statusLabel(agreement.version),
    factsRecordedOn: agreement.version?.factsRecordedAt ? longDate(agreement.version.factsRecordedAt) : null,
    versionLabel: agreement.version ? `Version ${agreement.version.number}` : `Draft, revision ${agreement.draftRevision}`,
    protectiveMarking: options.protectiveMarking,
    generatedAt: options.generatedAt.toISOString(),
    sections,
    heading: Object.fromEntries(sections.map((s) => [s.id, s])),
    parties: agreement.parties.map((p) => ({
      ...p,
      roleLabel: PARTY_ROLES[p.role],
      dsptLabel: DSPT_STATUSES[p.dsptStatus],
      secureEmailLabel: SECURE_EMAIL_METHODS[p.secureEmailMethod],
      addressLines: p.registeredAddress ? p.registeredAddress.split(/\r?\n/).map((line) => line.trim()).filter(Boolean) : [],
    })),
    purposes: content.purposes.map((p) => ({ ...p, typeLabel: PURPOSE_TYPES[p.purposeType] })),
    legalBasis: content.legalBasis && {
      article6: content.legalBasis.article6.map((code) => ARTICLE_6[code]),
      article9: content.legalBasis.article9.map((a) => ({ condition: ARTICLE_9[a.condition], schedule1: label(SCHEDULE_1, a.schedule1Condition) })),
      commonLaw: content.legalBasis.commonLawBases.map((code) => COMMON_LAW[code]),
      statutoryPowers: content.legalBasis.statutoryPowers,
    },
    dataFlows: content.dataFlows.map((flow, i) => ({
      ...flow,
      number: i + 1,
      from: partyName(flow.fromOrganisationId),
      to: partyName(flow.toOrganisationId),
      frequencyLabel: label(FREQUENCIES, flow.frequency),
      methodLabel: label(TRANSFER_METHODS, flow.transferMethod),
      safeguardLabel: label(TRANSFER_SAFEGUARDS, flow.outsideUkSafeguard),
      dataItems: flow.dataItems.map((item) => ({ ...item, identifiabilityLabel: IDENTIFIABILITY[item.identifiability] })),
    })),
    dpiaOutcome: label(DPIA_OUTCOMES, content.dpia?.outcome),
    signatures: agreement.signatures.map((s) => ({ ...s, roleLabel: label(SIGNING_ROLES, s.signedAs) })),
    allSigned: agreement.signatures.length > 0 && agreement.signatures.every((s) => s.signed),
    glossary: GLOSSARY,
  };
}

export type DocumentView = ReturnType<typeof documentView>;
