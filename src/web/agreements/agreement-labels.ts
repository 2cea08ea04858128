import {
  AgreementDisplayStatus,
  AgreementKind,
  AgreementStatus,
  Article6Basis,
  Article9Condition,
  CommonLawBasis,
  DpiaOutcome,
  FlowFrequency,
  Identifiability,
  INSECURE_TRANSFER_METHODS,
  InternationalTransferSafeguard,
  PartyRole,
  PurposeType,
  Schedule1Condition,
  SigningRole,
  TransferMethod,
  VersionStatus,
} from '../../agreements/agreement.enums.js';
import { ConfirmationStatus, OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';

/**
 * What the pages call each value of the agreement vocabularies, with short help drawn from the
 * guidance the product encodes (shared/seeds, the ICO Data Sharing Code, the Caldicott
 * Principles, DCB1596). Words only: which values exist, and what they mean for compliance, stay in
 * agreement.enums.ts and the compliance rules.
 */
export interface Choice<T extends string = string> {
  value: T;
  label: string;
  hint?: string;
}

const choices = <T extends string>(values: Record<T, { label: string; hint?: string }>): Choice<T>[] =>
  (Object.entries(values) as [T, { label: string; hint?: string }][]).map(([value, text]) => ({ value, ...text }));

export const KIND_CHOICES = choices<AgreementKind>({
  [AgreementKind.PROTOCOL]: { label: 'Information sharing protocol', hint: 'The overarching commitment a whole partnership signs (tier 1). Agreements for particular purposes sit under it.' },
  [AgreementKind.ISP]: { label: 'Information sharing agreement', hint: 'Reciprocal sharing between partners for a stated purpose.' },
  [AgreementKind.DDA]: { label: 'Data disclosure agreement', hint: 'One-way disclosure from one organisation to another.' },
  [AgreementKind.JCA]: { label: 'Joint controller arrangement', hint: 'Two or more controllers decide together why and how information is used.' },
});

export const PURPOSE_CHOICES = choices<PurposeType>({
  [PurposeType.INDIVIDUAL_CARE]: {
    label: 'Individual care',
    hint: 'Care of the person by staff with a legitimate relationship with them. Implied consent may apply.',
  },
  [PurposeType.SAFEGUARDING]: {
    label: 'Safeguarding',
    hint: 'Protecting children or adults at risk of abuse or neglect. Fears about sharing must not stand in the way of keeping people safe.',
  },
  [PurposeType.SERVICE_PLANNING]: {
    label: 'Service planning',
    hint: 'Use information that does not identify people where possible; the national data opt-out applies to identifiable data.',
  },
  [PurposeType.RESEARCH]: {
    label: 'Research',
    hint: 'Identifiable data normally needs explicit consent or section 251 support; the national data opt-out applies.',
  },
  [PurposeType.COMMISSIONING]: { label: 'Commissioning', hint: 'Planning and buying services for a population.' },
  [PurposeType.STATUTORY_RETURN]: { label: 'Statutory return', hint: 'A return the law requires, for example to a regulator or government department.' },
});

export const ARTICLE_6_CHOICES = choices<Article6Basis>({
  [Article6Basis.ART6_1_A_CONSENT]: {
    label: 'Article 6(1)(a): consent',
    hint: 'Public authorities should rarely rely on consent, because of the imbalance of power between them and the people they serve.',
  },
  [Article6Basis.ART6_1_B_CONTRACT]: { label: 'Article 6(1)(b): contract', hint: 'Needed for a contract with the person, or for steps they asked for before entering one.' },
  [Article6Basis.ART6_1_C_LEGAL_OBLIGATION]: { label: 'Article 6(1)(c): legal obligation', hint: 'Needed to comply with a duty in law, such as a statutory duty to share.' },
  [Article6Basis.ART6_1_D_VITAL_INTERESTS]: { label: 'Article 6(1)(d): vital interests', hint: "Needed to protect someone's life." },
  [Article6Basis.ART6_1_E_PUBLIC_TASK]: {
    label: 'Article 6(1)(e): public task',
    hint: 'Needed for a task in the public interest or your official functions set out in law. Most health and social care sharing relies on this.',
  },
  [Article6Basis.ART6_1_F_LEGITIMATE_INTERESTS]: {
    label: 'Article 6(1)(f): legitimate interests',
    hint: 'Not available to public authorities for their public tasks.',
  },
});

export const ARTICLE_9_CHOICES = choices<Article9Condition>({
  [Article9Condition.ART9_2_A_EXPLICIT_CONSENT]: { label: 'Article 9(2)(a): explicit consent', hint: 'The person has explicitly agreed to this sharing.' },
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: {
    label: 'Article 9(2)(b): employment, social security and social protection',
    hint: 'Needs DPA 2018 Schedule 1 Part 1 paragraph 1.',
  },
  [Article9Condition.ART9_2_C_VITAL_INTERESTS]: { label: 'Article 9(2)(c): vital interests', hint: "To protect someone's life where they cannot consent." },
  [Article9Condition.ART9_2_D_NOT_FOR_PROFIT_BODY]: { label: 'Article 9(2)(d): not-for-profit bodies', hint: 'A not-for-profit body, about its own members.' },
  [Article9Condition.ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT]: { label: 'Article 9(2)(e): made public by the person', hint: 'Information the person has clearly made public themselves.' },
  [Article9Condition.ART9_2_F_LEGAL_CLAIMS]: { label: 'Article 9(2)(f): legal claims', hint: 'To establish, exercise or defend legal claims, or for courts.' },
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: {
    label: 'Article 9(2)(g): substantial public interest',
    hint: 'Needs a DPA 2018 Schedule 1 Part 2 condition, such as safeguarding of children and individuals at risk.',
  },
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: {
    label: 'Article 9(2)(h): health or social care',
    hint: 'Diagnosis, treatment, and the provision or management of health or social care. Needs Schedule 1 Part 1 paragraph 2.',
  },
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: { label: 'Article 9(2)(i): public health', hint: 'Needs Schedule 1 Part 1 paragraph 3.' },
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: {
    label: 'Article 9(2)(j): archiving, research and statistics',
    hint: 'Needs Schedule 1 Part 1 paragraph 4.',
  },
});

/** The Article 9(2) conditions that the law pairs with a DPA 2018 Schedule 1 condition: the page asks for one with these. */
export const ARTICLE_9_WITH_SCHEDULE_1: readonly Article9Condition[] = [
  Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION,
  Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST,
  Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE,
  Article9Condition.ART9_2_I_PUBLIC_HEALTH,
  Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS,
];

export const SCHEDULE_1_CHOICES = choices<Schedule1Condition>({
  [Schedule1Condition.SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: { label: 'Part 1, paragraph 1: employment, social security and social protection' },
  [Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE]: { label: 'Part 1, paragraph 2: health or social care purposes' },
  [Schedule1Condition.SCH1_P1_3_PUBLIC_HEALTH]: { label: 'Part 1, paragraph 3: public health' },
  [Schedule1Condition.SCH1_P1_4_RESEARCH]: { label: 'Part 1, paragraph 4: research' },
  [Schedule1Condition.SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES]: { label: 'Part 2, paragraph 6: statutory and government purposes' },
  [Schedule1Condition.SCH1_P2_8_EQUALITY_OF_OPPORTUNITY]: { label: 'Part 2, paragraph 8: equality of opportunity or treatment' },
  [Schedule1Condition.SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS]: { label: 'Part 2, paragraph 10: preventing or detecting unlawful acts' },
  [Schedule1Condition.SCH1_P2_11_PROTECTING_PUBLIC]: { label: 'Part 2, paragraph 11: protecting the public' },
  [Schedule1Condition.SCH1_P2_12_REGULATORY_REQUIREMENTS]: { label: 'Part 2, paragraph 12: regulatory requirements' },
  [Schedule1Condition.SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION]: { label: 'Part 2, paragraph 16: support for people with a disability or medical condition' },
  [Schedule1Condition.SCH1_P2_17_COUNSELLING]: { label: 'Part 2, paragraph 17: counselling' },
  [Schedule1Condition.SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK]: { label: 'Part 2, paragraph 18: safeguarding of children and individuals at risk' },
  [Schedule1Condition.SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING]: { label: 'Part 2, paragraph 19: safeguarding of economic well-being' },
});

export const COMMON_LAW_CHOICES = choices<CommonLawBasis>({
  [CommonLawBasis.IMPLIED_CONSENT]: {
    label: 'Implied consent',
    hint: 'Only for individual care, shared with health and care staff who have a legitimate relationship with the person.',
  },
  [CommonLawBasis.EXPLICIT_CONSENT]: { label: 'Explicit consent', hint: 'Normally needed when confidential information is used for purposes beyond individual care.' },
  [CommonLawBasis.PUBLIC_INTEREST]: {
    label: 'Overriding public interest',
    hint: 'Sharing without consent where the public interest, such as preventing serious harm, outweighs the duty of confidentiality.',
  },
  [CommonLawBasis.LEGAL_REQUIREMENT]: { label: 'Legal requirement or court order', hint: 'The law or a court requires the disclosure.' },
  [CommonLawBasis.S251_SUPPORT]: { label: 'Section 251 support', hint: 'Approval under section 251 of the NHS Act 2006 to set aside the duty of confidentiality.' },
  [CommonLawBasis.NOT_CONFIDENTIAL]: { label: 'Not confidential', hint: 'For example anonymised information: data protection law does not apply to anonymised data.' },
});

export const PARTY_ROLE_CHOICES = choices<PartyRole>({
  [PartyRole.CONTROLLER]: { label: 'Controller' },
  [PartyRole.JOINT_CONTROLLER]: { label: 'Joint controller' },
  [PartyRole.PROCESSOR]: { label: 'Processor' },
  [PartyRole.DISCLOSER]: { label: 'Discloser' },
  [PartyRole.RECIPIENT]: { label: 'Recipient' },
});

export const IDENTIFIABILITY_CHOICES = choices<Identifiability>({
  [Identifiability.IDENTIFIABLE]: { label: 'Identifiable', hint: 'Identifies a person, such as a name, address or NHS number.' },
  [Identifiability.PSEUDONYMISED]: { label: 'Pseudonymised', hint: 'Identifiers replaced by a code: still personal data.' },
  [Identifiability.ANONYMISED]: { label: 'Anonymised', hint: 'Cannot identify anyone: data protection law does not apply.' },
});

export const FREQUENCY_CHOICES = choices<FlowFrequency>({
  [FlowFrequency.ONE_OFF]: { label: 'One-off' },
  [FlowFrequency.AD_HOC]: { label: 'Ad hoc, case by case' },
  [FlowFrequency.REAL_TIME]: { label: 'Real time' },
  [FlowFrequency.DAILY]: { label: 'Daily' },
  [FlowFrequency.WEEKLY]: { label: 'Weekly' },
  [FlowFrequency.MONTHLY]: { label: 'Monthly' },
  [FlowFrequency.QUARTERLY]: { label: 'Quarterly' },
  [FlowFrequency.ANNUALLY]: { label: 'Annually' },
});

const METHOD_TEXT: Record<TransferMethod, { label: string; hint?: string }> = {
  [TransferMethod.NHSMAIL]: { label: 'NHSmail', hint: 'Meets the DCB1596 secure email standard, and is free to social care.' },
  [TransferMethod.DCB1596_SECURE_EMAIL]: { label: 'Other DCB1596-accredited secure email', hint: 'For example a verified Office 365 account. Both ends must be accredited.' },
  [TransferMethod.MESH]: { label: 'MESH (Message Exchange for Social Care and Health)' },
  [TransferMethod.SECURE_FILE_TRANSFER]: { label: 'Secure file transfer' },
  [TransferMethod.API_TLS]: { label: 'Encrypted system interface (TLS)' },
  [TransferMethod.SHARED_CARE_RECORD]: { label: 'Shared care record' },
  [TransferMethod.SECURE_PORTAL]: { label: 'Secure portal' },
  [TransferMethod.ENCRYPTED_REMOVABLE_MEDIA]: { label: 'Encrypted removable media' },
  [TransferMethod.TELEPHONE]: { label: 'Telephone' },
  [TransferMethod.IN_PERSON]: { label: 'In person' },
  [TransferMethod.TRACKED_POST]: { label: 'Tracked post or courier', hint: 'Trackable and traceable, such as Registered or Special Delivery.' },
  [TransferMethod.STANDARD_EMAIL]: { label: 'Ordinary email' },
  [TransferMethod.FAX]: { label: 'Fax' },
  [TransferMethod.UNENCRYPTED_REMOVABLE_MEDIA]: { label: 'Unencrypted removable media' },
  [TransferMethod.STANDARD_POST]: { label: 'Untracked post' },
};

/** Insecure methods say so (golden rule 6, DCB1596): the list of which they are is the enums'. */
export const TRANSFER_METHOD_CHOICES: Choice<TransferMethod>[] = choices(METHOD_TEXT).map((choice) =>
  INSECURE_TRANSFER_METHODS.includes(choice.value) ? { ...choice, hint: 'Not secure: not for identifiable or pseudonymised information.' } : choice,
);

export const SAFEGUARD_CHOICES = choices<InternationalTransferSafeguard>({
  [InternationalTransferSafeguard.ADEQUACY_REGULATIONS]: { label: 'UK adequacy regulations', hint: 'The country is covered by UK adequacy regulations.' },
  [InternationalTransferSafeguard.INTERNATIONAL_DATA_TRANSFER_AGREEMENT]: { label: 'International data transfer agreement' },
  [InternationalTransferSafeguard.BINDING_CORPORATE_RULES]: { label: 'Binding corporate rules' },
  [InternationalTransferSafeguard.NONE]: { label: 'None' },
});

export const DPIA_OUTCOME_CHOICES = choices<DpiaOutcome>({
  [DpiaOutcome.NOT_REQUIRED]: { label: 'Not required', hint: 'Screening found no DPIA is needed.' },
  [DpiaOutcome.NO_HIGH_RISK]: { label: 'No high risk found' },
  [DpiaOutcome.RISKS_MITIGATED]: { label: 'Risks identified and mitigated' },
  [DpiaOutcome.ICO_CONSULTED]: { label: 'High risk remained: the ICO was consulted' },
});

export const STATUS_CHOICES = choices<AgreementStatus>({
  [AgreementStatus.DRAFT]: { label: 'Draft' },
  [AgreementStatus.AWAITING_SIGNATURES]: { label: 'Awaiting signatures' },
  [AgreementStatus.ACTIVE]: { label: 'Active' },
  [AgreementStatus.SUSPENDED]: { label: 'Suspended' },
  [AgreementStatus.TERMINATED]: { label: 'Terminated' },
  [AgreementStatus.EXPIRED]: { label: 'Expired' },
});

/** A status as an NHS tag: its words and colour. */
export interface Tag {
  text: string;
  colour: 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';
}

export const DISPLAY_STATUS_TAGS: Record<AgreementDisplayStatus, Tag> = {
  [AgreementDisplayStatus.DRAFT]: { text: 'Draft', colour: 'grey' },
  [AgreementDisplayStatus.AWAITING_SIGNATURES]: { text: 'Awaiting signatures', colour: 'blue' },
  [AgreementDisplayStatus.ACTIVE]: { text: 'Active', colour: 'green' },
  [AgreementDisplayStatus.REVIEW_DUE]: { text: 'Review due', colour: 'orange' },
  [AgreementDisplayStatus.SUSPENDED]: { text: 'Suspended', colour: 'yellow' },
  [AgreementDisplayStatus.TERMINATED]: { text: 'Terminated', colour: 'red' },
  [AgreementDisplayStatus.EXPIRED]: { text: 'Expired', colour: 'red' },
};

export const VERSION_STATUS_TAGS: Record<VersionStatus, Tag> = {
  [VersionStatus.AWAITING_SIGNATURES]: { text: 'Awaiting signatures', colour: 'blue' },
  [VersionStatus.ACTIVE]: { text: 'In force', colour: 'green' },
  [VersionStatus.SUPERSEDED]: { text: 'Superseded', colour: 'grey' },
  [VersionStatus.DECLINED]: { text: 'Declined', colour: 'red' },
};

export const SIGNING_ROLE_LABELS: Record<SigningRole, string> = {
  [SigningRole.CALDICOTT_GUARDIAN]: 'Caldicott Guardian',
  [SigningRole.SIRO]: 'Senior Information Risk Owner',
  [SigningRole.SIGNATORY]: 'Authorised signatory',
};

/** Where the other parties stand on a version recorded from a signed original. */
export const CONFIRMATION_STATUS_TAGS: Record<ConfirmationStatus, Tag & { hint: string }> = {
  [ConfirmationStatus.AWAITING_CONFIRMATION]: {
    text: 'Awaiting confirmation',
    colour: 'blue',
    hint: 'Recorded from a signed original. Not every other party has confirmed the record is accurate yet, so decisions checked against it are flagged.',
  },
  [ConfirmationStatus.CONFIRMED]: { text: 'Confirmed', colour: 'green', hint: 'Recorded from a signed original, and every other party has confirmed the record is accurate.' },
  [ConfirmationStatus.DISPUTED]: {
    text: 'Disputed',
    colour: 'red',
    hint: 'Recorded from a signed original, and a party says the record is not accurate. The lead corrects it by a variation, or ends it.',
  },
};

export const ORIGINAL_ANSWER_LABELS: Record<OriginalAnswer, string> = {
  [OriginalAnswer.CONFIRMED]: 'Confirmed the record is accurate',
  [OriginalAnswer.DISPUTED]: 'Disputed the record',
};

/** The label of a value of any of the vocabularies above; the value itself when it is none of theirs. */
export function labelOf(value: string): string {
  return ALL_LABELS.get(value) ?? value;
}

const ALL_LABELS = new Map<string, string>(
  [
    KIND_CHOICES,
    PURPOSE_CHOICES,
    ARTICLE_6_CHOICES,
    ARTICLE_9_CHOICES,
    SCHEDULE_1_CHOICES,
    COMMON_LAW_CHOICES,
    PARTY_ROLE_CHOICES,
    IDENTIFIABILITY_CHOICES,
    FREQUENCY_CHOICES,
    TRANSFER_METHOD_CHOICES,
    SAFEGUARD_CHOICES,
    DPIA_OUTCOME_CHOICES,
  ].flatMap((list: Choice[]) => list.map((choice): [string, string] => [choice.value, choice.label])),
);
