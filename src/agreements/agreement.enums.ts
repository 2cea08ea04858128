import { registerEnumType } from '@nestjs/graphql';

/** DESIGN.md: a PROTOCOL is the tier-1 commitment; ISP, DDA and JCA may sit under one. */
export enum AgreementKind {
  PROTOCOL = 'PROTOCOL',
  ISP = 'ISP',
  DDA = 'DDA',
  JCA = 'JCA',
}

/** The agreement's lifecycle; REVIEW_DUE is computed from dates, never stored. */
export enum AgreementStatus {
  DRAFT = 'DRAFT',
  AWAITING_SIGNATURES = 'AWAITING_SIGNATURES',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
  EXPIRED = 'EXPIRED',
}

/** A variation of an ACTIVE agreement: being drafted, or awaiting signatures, while the current version stays in force. */
export enum VariationStatus {
  NONE = 'NONE',
  DRAFTING = 'DRAFTING',
  AWAITING_SIGNATURES = 'AWAITING_SIGNATURES',
}

export enum VersionStatus {
  AWAITING_SIGNATURES = 'AWAITING_SIGNATURES',
  ACTIVE = 'ACTIVE',
  SUPERSEDED = 'SUPERSEDED',
  DECLINED = 'DECLINED',
}

/** The status a person reads: the stored status, or REVIEW_DUE for an ACTIVE agreement due (or overdue) for review. */
export enum AgreementDisplayStatus {
  DRAFT = 'DRAFT',
  AWAITING_SIGNATURES = 'AWAITING_SIGNATURES',
  ACTIVE = 'ACTIVE',
  REVIEW_DUE = 'REVIEW_DUE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
  EXPIRED = 'EXPIRED',
}

export enum ReviewStatus {
  NO_REVIEW_DATE = 'NO_REVIEW_DATE',
  NOT_DUE = 'NOT_DUE',
  DUE = 'DUE',
  OVERDUE = 'OVERDUE',
}

export enum PartyRole {
  CONTROLLER = 'CONTROLLER',
  JOINT_CONTROLLER = 'JOINT_CONTROLLER',
  PROCESSOR = 'PROCESSOR',
  DISCLOSER = 'DISCLOSER',
  RECIPIENT = 'RECIPIENT',
}

export enum PurposeType {
  INDIVIDUAL_CARE = 'INDIVIDUAL_CARE',
  SAFEGUARDING = 'SAFEGUARDING',
  SERVICE_PLANNING = 'SERVICE_PLANNING',
  RESEARCH = 'RESEARCH',
  COMMISSIONING = 'COMMISSIONING',
  STATUTORY_RETURN = 'STATUTORY_RETURN',
}

/** UK GDPR Article 6(1). */
export enum Article6Basis {
  ART6_1_A_CONSENT = 'ART6_1_A_CONSENT',
  ART6_1_B_CONTRACT = 'ART6_1_B_CONTRACT',
  ART6_1_C_LEGAL_OBLIGATION = 'ART6_1_C_LEGAL_OBLIGATION',
  ART6_1_D_VITAL_INTERESTS = 'ART6_1_D_VITAL_INTERESTS',
  ART6_1_E_PUBLIC_TASK = 'ART6_1_E_PUBLIC_TASK',
  ART6_1_F_LEGITIMATE_INTERESTS = 'ART6_1_F_LEGITIMATE_INTERESTS',
}

/** UK GDPR Article 9(2). */
export enum Article9Condition {
  ART9_2_A_EXPLICIT_CONSENT = 'ART9_2_A_EXPLICIT_CONSENT',
  ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION = 'ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION',
  ART9_2_C_VITAL_INTERESTS = 'ART9_2_C_VITAL_INTERESTS',
  ART9_2_D_NOT_FOR_PROFIT_BODY = 'ART9_2_D_NOT_FOR_PROFIT_BODY',
  ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT = 'ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT',
  ART9_2_F_LEGAL_CLAIMS = 'ART9_2_F_LEGAL_CLAIMS',
  ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST = 'ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST',
  ART9_2_H_HEALTH_SOCIAL_CARE = 'ART9_2_H_HEALTH_SOCIAL_CARE',
  ART9_2_I_PUBLIC_HEALTH = 'ART9_2_I_PUBLIC_HEALTH',
  ART9_2_J_ARCHIVING_RESEARCH_STATISTICS = 'ART9_2_J_ARCHIVING_RESEARCH_STATISTICS',
}

/** Data Protection Act 2018 Schedule 1 conditions (Part 1 and Part 2 paragraph numbers). */
export enum Schedule1Condition {
  SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION = 'SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION',
  SCH1_P1_2_HEALTH_SOCIAL_CARE = 'SCH1_P1_2_HEALTH_SOCIAL_CARE',
  SCH1_P1_3_PUBLIC_HEALTH = 'SCH1_P1_3_PUBLIC_HEALTH',
  SCH1_P1_4_RESEARCH = 'SCH1_P1_4_RESEARCH',
  SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES = 'SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES',
  SCH1_P2_8_EQUALITY_OF_OPPORTUNITY = 'SCH1_P2_8_EQUALITY_OF_OPPORTUNITY',
  SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS = 'SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS',
  SCH1_P2_11_PROTECTING_PUBLIC = 'SCH1_P2_11_PROTECTING_PUBLIC',
  SCH1_P2_12_REGULATORY_REQUIREMENTS = 'SCH1_P2_12_REGULATORY_REQUIREMENTS',
  SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION = 'SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION',
  SCH1_P2_17_COUNSELLING = 'SCH1_P2_17_COUNSELLING',
  SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK = 'SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK',
  SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING = 'SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING',
}

/** The common-law duty of confidentiality: what makes disclosure of confidential information lawful. */
export enum CommonLawBasis {
  IMPLIED_CONSENT = 'IMPLIED_CONSENT',
  EXPLICIT_CONSENT = 'EXPLICIT_CONSENT',
  PUBLIC_INTEREST = 'PUBLIC_INTEREST',
  LEGAL_REQUIREMENT = 'LEGAL_REQUIREMENT',
  S251_SUPPORT = 'S251_SUPPORT',
  NOT_CONFIDENTIAL = 'NOT_CONFIDENTIAL',
}

export enum Identifiability {
  IDENTIFIABLE = 'IDENTIFIABLE',
  PSEUDONYMISED = 'PSEUDONYMISED',
  ANONYMISED = 'ANONYMISED',
}

export enum FlowFrequency {
  ONE_OFF = 'ONE_OFF',
  AD_HOC = 'AD_HOC',
  REAL_TIME = 'REAL_TIME',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  ANNUALLY = 'ANNUALLY',
}

/** How information moves: the DCB1596 secure email routes and the other methods partners use. */
export enum TransferMethod {
  NHSMAIL = 'NHSMAIL',
  DCB1596_SECURE_EMAIL = 'DCB1596_SECURE_EMAIL',
  MESH = 'MESH',
  SECURE_FILE_TRANSFER = 'SECURE_FILE_TRANSFER',
  API_TLS = 'API_TLS',
  SHARED_CARE_RECORD = 'SHARED_CARE_RECORD',
  SECURE_PORTAL = 'SECURE_PORTAL',
  ENCRYPTED_REMOVABLE_MEDIA = 'ENCRYPTED_REMOVABLE_MEDIA',
  TELEPHONE = 'TELEPHONE',
  IN_PERSON = 'IN_PERSON',
  TRACKED_POST = 'TRACKED_POST',
  STANDARD_EMAIL = 'STANDARD_EMAIL',
  FAX = 'FAX',
  UNENCRYPTED_REMOVABLE_MEDIA = 'UNENCRYPTED_REMOVABLE_MEDIA',
  STANDARD_POST = 'STANDARD_POST',
}

/** Methods that are not secure for identifiable information (golden rule 6, DCB1596). */
export const INSECURE_TRANSFER_METHODS: readonly TransferMethod[] = [
  TransferMethod.STANDARD_EMAIL,
  TransferMethod.FAX,
  TransferMethod.UNENCRYPTED_REMOVABLE_MEDIA,
  TransferMethod.STANDARD_POST,
];

/** Methods that rely on both ends having DCB1596-accredited secure email. */
export const SECURE_EMAIL_TRANSFER_METHODS: readonly TransferMethod[] = [TransferMethod.NHSMAIL, TransferMethod.DCB1596_SECURE_EMAIL];

/** Safeguards for a transfer outside the UK (UK GDPR Chapter V). */
export enum InternationalTransferSafeguard {
  ADEQUACY_REGULATIONS = 'ADEQUACY_REGULATIONS',
  INTERNATIONAL_DATA_TRANSFER_AGREEMENT = 'INTERNATIONAL_DATA_TRANSFER_AGREEMENT',
  BINDING_CORPORATE_RULES = 'BINDING_CORPORATE_RULES',
  NONE = 'NONE',
}

export enum DpiaOutcome {
  NOT_REQUIRED = 'NOT_REQUIRED',
  NO_HIGH_RISK = 'NO_HIGH_RISK',
  RISKS_MITIGATED = 'RISKS_MITIGATED',
  ICO_CONSULTED = 'ICO_CONSULTED',
}

export enum FindingSeverity {
  BLOCKER = 'BLOCKER',
  WARNING = 'WARNING',
}

/** Roles that may sign for their organisation. */
export enum SigningRole {
  CALDICOTT_GUARDIAN = 'CALDICOTT_GUARDIAN',
  SIRO = 'SIRO',
  SIGNATORY = 'SIGNATORY',
}

const described = <T extends object>(enumRef: T, name: string, description: string, values?: Partial<Record<keyof T, string>>) =>
  registerEnumType(enumRef, {
    name,
    description,
    valuesMap: values
      ? (Object.fromEntries(Object.entries(values).map(([key, text]) => [key, { description: text as string }])) as Partial<
          Record<keyof T, { description: string }>
        >)
      : undefined,
  });

described(AgreementKind, 'AgreementKind', 'What kind of document an agreement is.', {
  PROTOCOL: 'Information sharing protocol: the overarching commitment a partnership signs (tier 1)',
  ISP: 'Information sharing agreement: reciprocal sharing for a purpose',
  DDA: 'Data disclosure agreement: one-way disclosure',
  JCA: 'Joint controller arrangement',
});
described(AgreementStatus, 'AgreementStatus', 'Where an agreement is in its lifecycle.');
described(AgreementDisplayStatus, 'AgreementDisplayStatus', 'The status as people read it: REVIEW_DUE is an ACTIVE agreement due within 90 days or overdue for review.');
described(VariationStatus, 'VariationStatus', 'Whether a variation of an ACTIVE agreement is under way.');
described(VersionStatus, 'VersionStatus', 'The status of one frozen version.');
described(ReviewStatus, 'ReviewStatus', 'Whether the agreement is due for review: DUE within 90 days, OVERDUE after the date.');
described(PartyRole, 'PartyRole', "A party's role under the agreement.");
described(PurposeType, 'PurposeType', 'What the sharing is for; it decides which rules apply.', {
  INDIVIDUAL_CARE: 'Direct care of the individual; implied consent may apply',
  SAFEGUARDING: 'Safeguarding children or adults at risk',
});
described(Article6Basis, 'Article6Basis', 'UK GDPR Article 6(1) lawful basis.', {
  ART6_1_A_CONSENT: '(a) consent',
  ART6_1_B_CONTRACT: '(b) contract',
  ART6_1_C_LEGAL_OBLIGATION: '(c) legal obligation',
  ART6_1_D_VITAL_INTERESTS: '(d) vital interests',
  ART6_1_E_PUBLIC_TASK: '(e) public task',
  ART6_1_F_LEGITIMATE_INTERESTS: '(f) legitimate interests (not for public authorities performing their tasks)',
});
described(Article9Condition, 'Article9Condition', 'UK GDPR Article 9(2) condition for special category data.', {
  ART9_2_A_EXPLICIT_CONSENT: '(a) explicit consent',
  ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION: '(b) employment, social security and social protection (needs DPA 2018 Sch 1 Part 1)',
  ART9_2_C_VITAL_INTERESTS: '(c) vital interests, where the person cannot consent',
  ART9_2_D_NOT_FOR_PROFIT_BODY: '(d) not-for-profit bodies',
  ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT: '(e) made public by the data subject',
  ART9_2_F_LEGAL_CLAIMS: '(f) legal claims or judicial acts',
  ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST: '(g) substantial public interest (needs DPA 2018 Sch 1 Part 2)',
  ART9_2_H_HEALTH_SOCIAL_CARE: '(h) health or social care (needs DPA 2018 Sch 1 Part 1 para 2)',
  ART9_2_I_PUBLIC_HEALTH: '(i) public health (needs DPA 2018 Sch 1 Part 1 para 3)',
  ART9_2_J_ARCHIVING_RESEARCH_STATISTICS: '(j) archiving, research and statistics (needs DPA 2018 Sch 1 Part 1 para 4)',
});
described(Schedule1Condition, 'Schedule1Condition', 'Data Protection Act 2018 Schedule 1 condition.');
described(CommonLawBasis, 'CommonLawBasis', 'Common-law duty of confidentiality basis.', {
  IMPLIED_CONSENT: 'Implied consent: only for individual care by people with a legitimate relationship',
  EXPLICIT_CONSENT: 'Explicit consent',
  PUBLIC_INTEREST: 'Overriding public interest',
  LEGAL_REQUIREMENT: 'A legal requirement or court order',
  S251_SUPPORT: 'Section 251 (NHS Act 2006) support',
  NOT_CONFIDENTIAL: 'The information is not confidential (e.g. anonymised)',
});
described(Identifiability, 'Identifiability', 'Whether a data item identifies a living person.');
described(FlowFrequency, 'FlowFrequency', 'How often a data flow happens.');
described(TransferMethod, 'TransferMethod', 'How information moves between parties.', {
  NHSMAIL: 'NHSmail (DCB1596 accredited)',
  DCB1596_SECURE_EMAIL: 'Another DCB1596-accredited secure email service',
  MESH: 'NHS Message Exchange for Social Care and Health',
  STANDARD_EMAIL: 'Ordinary email: not secure',
  FAX: 'Fax: not secure',
  UNENCRYPTED_REMOVABLE_MEDIA: 'Unencrypted removable media: not secure',
  STANDARD_POST: 'Untracked post: not secure',
});
described(InternationalTransferSafeguard, 'InternationalTransferSafeguard', 'UK GDPR Chapter V safeguard for a transfer outside the UK.');
described(DpiaOutcome, 'DpiaOutcome', 'Outcome of the data protection impact assessment.');
described(FindingSeverity, 'FindingSeverity', 'A BLOCKER stops submission for signature; a WARNING does not.');
described(SigningRole, 'SigningRole', 'The role someone signs in.');
