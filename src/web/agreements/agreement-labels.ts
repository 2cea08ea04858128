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
import { CODE_LABELS } from '../../common/labels/code-labels.js';

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

/** Choices with the one table's labels (code-labels.ts) and, where a person needs it, a hint. */
const choices = <T extends string>(labels: Record<T, string>, hints: Partial<Record<T, string>> = {}): Choice<T>[] =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value], ...(hints[value] ? { hint: hints[value] } : {}) }));

/** Choices whose form words are their own (a document's title is not a form's label). */
const ownChoices = <T extends string>(values: Record<T, { label: string; hint?: string }>): Choice<T>[] =>
  (Object.entries(values) as [T, { label: string; hint?: string }][]).map(([value, text]) => ({ value, ...text }));

export const KIND_CHOICES = ownChoices<AgreementKind>({
  [AgreementKind.PROTOCOL]: { label: 'Information sharing protocol', hint: 'The overarching commitment a whole partnership signs (tier 1). Agreements for particular purposes sit under it.' },
  [AgreementKind.ISP]: { label: 'Information sharing agreement', hint: 'Reciprocal sharing between partners for a stated purpose.' },
  [AgreementKind.DDA]: { label: 'Data disclosure agreement', hint: 'One-way disclosure from one organisation to another.' },
  [AgreementKind.JCA]: { label: 'Joint controller arrangement', hint: 'Two or more controllers decide together why and how information is used.' },
});

export const PURPOSE_CHOICES = choices<PurposeType>(CODE_LABELS.purpose, {
  [PurposeType.INDIVIDUAL_CARE]: 'Care of the person by staff with a legitimate relationship with them. Implied consent may apply.',
  [PurposeType.SAFEGUARDING]: 'Protecting children or adults at risk of abuse or neglect. Fears about sharing must not stand in the way of keeping people safe.',
  [PurposeType.SERVICE_PLANNING]: 'Use information that does not identify people where possible; the national data opt-out applies to identifiable data.',
  [PurposeType.RESEARCH]: 'Identifiable data normally needs explicit consent or section 251 support; the national data opt-out applies.',
  [PurposeType.COMMISSIONING]: 'Planning and buying services for a population.',
  [PurposeType.STATUTORY_RETURN]: 'A return the law requires, for example to a regulator or government department.',
});

export const ARTICLE_6_CHOICES = choices<Article6Basis>(CODE_LABELS.article6, {
  [Article6Basis.ART6_1_A_CONSENT]: 'Public authorities should rarely rely on consent, because of the imbalance of power between them and the people they serve.',
  [Article6Basis.ART6_1_B_CONTRACT]: 'Needed for a contract with the person, or for steps they asked for before entering one.',
  [Article6Basis.ART6_1_C_LEGAL_OBLIGATION]: 'Needed to comply with a duty in law, such as a statutory duty to share.',
  [Article6Basis.ART6_1_D_VITAL_INTERESTS]: "Needed to protect someone's life.",
  [Article6Basis.ART6_1_E_PUBLIC_TASK]: 'Needed for a task in the public interest or your official functions set out in law. Most health and social care sharing relies on this.',
  [Article6Basis.ART6_1_F_LEGITIMATE_INTERESTS]: 'Not available to public authorities for their public tasks.',
});

export const ARTICLE_9_CHOICES = choices<Article9Condition>(CODE_LABELS.article9, {
  [Article9Condition.ART9_2_A_EXPLICIT_CONSENT]: 'The person has explicitly agreed to this sharing.',
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: 'Needs DPA 2018 Schedule 1 Part 1 paragraph 1.',
  [Article9Condition.ART9_2_C_VITAL_INTERESTS]: "To protect someone's life where they cannot consent.",
  [Article9Condition.ART9_2_D_NOT_FOR_PROFIT_BODY]: 'A not-for-profit body, about its own members.',
  [Article9Condition.ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT]: 'Information the person has clearly made public themselves.',
  [Article9Condition.ART9_2_F_LEGAL_CLAIMS]: 'To establish, exercise or defend legal claims, or for courts.',
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: 'Needs a DPA 2018 Schedule 1 Part 2 condition, such as safeguarding of children and individuals at risk.',
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: 'Diagnosis, treatment, and the provision or management of health or social care. Needs Schedule 1 Part 1 paragraph 2.',
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: 'Needs Schedule 1 Part 1 paragraph 3.',
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: 'Needs Schedule 1 Part 1 paragraph 4.',
});

/** The Article 9(2) conditions that the law pairs with a DPA 2018 Schedule 1 condition: the page asks for one with these. */
export const ARTICLE_9_WITH_SCHEDULE_1: readonly Article9Condition[] = [
  Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION,
  Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST,
  Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE,
  Article9Condition.ART9_2_I_PUBLIC_HEALTH,
  Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS,
];

export const SCHEDULE_1_CHOICES = choices<Schedule1Condition>(CODE_LABELS.schedule1);

export const COMMON_LAW_CHOICES = choices<CommonLawBasis>(CODE_LABELS.commonLaw, {
  [CommonLawBasis.IMPLIED_CONSENT]: 'Only for individual care, shared with health and care staff who have a legitimate relationship with the person.',
  [CommonLawBasis.EXPLICIT_CONSENT]: 'Normally needed when confidential information is used for purposes beyond individual care.',
  [CommonLawBasis.PUBLIC_INTEREST]: 'Sharing without consent where the public interest, such as preventing serious harm, outweighs the duty of confidentiality.',
  [CommonLawBasis.LEGAL_REQUIREMENT]: 'The law or a court requires the disclosure.',
  [CommonLawBasis.S251_SUPPORT]: 'Approval under section 251 of the NHS Act 2006 to set aside the duty of confidentiality.',
  [CommonLawBasis.NOT_CONFIDENTIAL]: 'For example anonymised information: data protection law does not apply to anonymised data.',
});

export const PARTY_ROLE_CHOICES = choices<PartyRole>(CODE_LABELS.partyRole);

export const IDENTIFIABILITY_CHOICES = choices<Identifiability>(CODE_LABELS.identifiability, {
  [Identifiability.IDENTIFIABLE]: 'Identifies a person, such as a name, address or NHS number.',
  [Identifiability.PSEUDONYMISED]: 'Identifiers replaced by a code: still personal data.',
  [Identifiability.ANONYMISED]: 'Cannot identify anyone: data protection law does not apply.',
});

export const FREQUENCY_CHOICES = choices<FlowFrequency>(CODE_LABELS.frequency);

const METHOD_HINTS: Partial<Record<TransferMethod, string>> = {
  [TransferMethod.NHSMAIL]: 'Meets the DCB1596 secure email standard, and is free to social care.',
  [TransferMethod.DCB1596_SECURE_EMAIL]: 'For example a verified Office 365 account. Both ends must be accredited.',
  [TransferMethod.TRACKED_POST]: 'Trackable and traceable, such as Registered or Special Delivery.',
};

/** Insecure methods say so (golden rule 6, DCB1596): the list of which they are is the enums'. */
export const TRANSFER_METHOD_CHOICES: Choice<TransferMethod>[] = choices(CODE_LABELS.method, METHOD_HINTS).map((choice) =>
  INSECURE_TRANSFER_METHODS.includes(choice.value) ? { ...choice, hint: 'Not secure: not for identifiable or pseudonymised information.' } : choice,
);

export const SAFEGUARD_CHOICES = choices<InternationalTransferSafeguard>(CODE_LABELS.safeguard, {
  [InternationalTransferSafeguard.ADEQUACY_REGULATIONS]: 'The country is covered by UK adequacy regulations.',
});

export const DPIA_OUTCOME_CHOICES = choices<DpiaOutcome>(CODE_LABELS.dpia, {
  [DpiaOutcome.NOT_REQUIRED]: 'Screening found no DPIA is needed.',
});

export const STATUS_CHOICES = choices<AgreementStatus>(CODE_LABELS.agreementStatus);

/** A status as an NHS tag: its words and colour. */
export interface Tag {
  text: string;
  colour: 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';
}

/** Tags: the one table's words (code-labels.ts) in an NHS tag colour. */
const tags = <T extends string>(labels: Record<T, string>, colours: Record<T, Tag['colour']>): Record<T, Tag> =>
  Object.fromEntries((Object.keys(labels) as T[]).map((value) => [value, { text: labels[value], colour: colours[value] }])) as Record<T, Tag>;

export const DISPLAY_STATUS_TAGS = tags<AgreementDisplayStatus>(CODE_LABELS.displayStatus, {
  [AgreementDisplayStatus.DRAFT]: 'grey',
  [AgreementDisplayStatus.AWAITING_SIGNATURES]: 'blue',
  [AgreementDisplayStatus.ACTIVE]: 'green',
  [AgreementDisplayStatus.REVIEW_DUE]: 'orange',
  [AgreementDisplayStatus.SUSPENDED]: 'yellow',
  [AgreementDisplayStatus.TERMINATED]: 'red',
  [AgreementDisplayStatus.EXPIRED]: 'red',
});

export const VERSION_STATUS_TAGS = tags<VersionStatus>(CODE_LABELS.versionStatus, {
  [VersionStatus.AWAITING_SIGNATURES]: 'blue',
  [VersionStatus.ACTIVE]: 'green',
  [VersionStatus.SUPERSEDED]: 'grey',
  [VersionStatus.DECLINED]: 'red',
});

export const SIGNING_ROLE_LABELS: Record<SigningRole, string> = CODE_LABELS.signingRole;

const CONFIRMATION_TAGS = tags<ConfirmationStatus>(CODE_LABELS.confirmationStatus, {
  [ConfirmationStatus.AWAITING_CONFIRMATION]: 'blue',
  [ConfirmationStatus.CONFIRMED]: 'green',
  [ConfirmationStatus.DISPUTED]: 'red',
});

/** Where the other parties stand on a version recorded from a signed original. */
export const CONFIRMATION_STATUS_TAGS: Record<ConfirmationStatus, Tag & { hint: string }> = {
  [ConfirmationStatus.AWAITING_CONFIRMATION]: {
    ...CONFIRMATION_TAGS.AWAITING_CONFIRMATION,
    hint: 'Recorded from a signed original. Not every other party has confirmed the record is accurate yet, so decisions checked against it are flagged.',
  },
  [ConfirmationStatus.CONFIRMED]: { ...CONFIRMATION_TAGS.CONFIRMED, hint: 'Recorded from a signed original, and every other party has confirmed the record is accurate.' },
  [ConfirmationStatus.DISPUTED]: {
    ...CONFIRMATION_TAGS.DISPUTED,
    hint: 'Recorded from a signed original, and a party says the record is not accurate. The lead corrects it by a variation, or ends it.',
  },
};

export const ORIGINAL_ANSWER_LABELS: Record<OriginalAnswer, string> = CODE_LABELS.originalAnswer;

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
