import {
  AgreementKind,
  AgreementStatus,
  Article6Basis,
  Article9Condition,
  CommonLawBasis,
  DpiaOutcome,
  FlowFrequency,
  Identifiability,
  InternationalTransferSafeguard,
  PartyRole,
  PurposeType,
  Schedule1Condition,
  SigningRole,
  TransferMethod,
} from '../agreements/agreement.enums.js';
import type { DsptStatus, SecureEmailMethod } from '../organisations/organisation.enums.js';

/** The words a document uses for each code, as an IG lead would read them in a WASPI or ICO template. */

export const KIND_TITLES: Record<AgreementKind, string> = {
  PROTOCOL: 'Information Sharing Protocol',
  ISP: 'Information Sharing Agreement',
  DDA: 'Data Disclosure Agreement',
  JCA: 'Joint Controller Arrangement',
};

export const AGREEMENT_STATUSES: Record<AgreementStatus, string> = {
  DRAFT: 'Draft',
  AWAITING_SIGNATURES: 'Awaiting signatures',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  TERMINATED: 'Terminated',
  EXPIRED: 'Expired',
};

export const PARTY_ROLES: Record<PartyRole, string> = {
  CONTROLLER: 'Controller',
  JOINT_CONTROLLER: 'Joint controller',
  PROCESSOR: 'Processor',
  DISCLOSER: 'Disclosing party',
  RECIPIENT: 'Receiving party',
};

export const PURPOSE_TYPES: Record<PurposeType, string> = {
  INDIVIDUAL_CARE: 'Individual care',
  SAFEGUARDING: 'Safeguarding',
  SERVICE_PLANNING: 'Service planning',
  RESEARCH: 'Research',
  COMMISSIONING: 'Commissioning',
  STATUTORY_RETURN: 'Statutory return',
};

export const ARTICLE_6: Record<Article6Basis, string> = {
  ART6_1_A_CONSENT: 'Article 6(1)(a): consent',
  ART6_1_B_CONTRACT: 'Article 6(1)(b): contract',
  ART6_1_C_LEGAL_OBLIGATION: 'Article 6(1)(c): legal obligation',
  ART6_1_D_VITAL_INTERESTS: 'Article 6(1)(d): vital interests',
  ART6_1_E_PUBLIC_TASK: 'Article 6(1)(e): public task',
  ART6_1_F_LEGITIMATE_INTERESTS: 'Article 6(1)(f): legitimate interests',
};

export const ARTICLE_9: Record<Article9Condition, string> = {
  ART9_2_A_EXPLICIT_CONSENT: 'Article 9(2)(a): explicit consent',
  ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION: 'Article 9(2)(b): employment, social security and social protection',
  ART9_2_C_VITAL_INTERESTS: 'Article 9(2)(c): vital interests',
  ART9_2_D_NOT_FOR_PROFIT_BODY: 'Article 9(2)(d): not-for-profit bodies',
  ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT: 'Article 9(2)(e): made public by the data subject',
  ART9_2_F_LEGAL_CLAIMS: 'Article 9(2)(f): legal claims and judicial acts',
  ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST: 'Article 9(2)(g): substantial public interest',
  ART9_2_H_HEALTH_SOCIAL_CARE: 'Article 9(2)(h): health or social care',
  ART9_2_I_PUBLIC_HEALTH: 'Article 9(2)(i): public health',
  ART9_2_J_ARCHIVING_RESEARCH_STATISTICS: 'Article 9(2)(j): archiving, research and statistics',
};

export const SCHEDULE_1: Record<Schedule1Condition, string> = {
  SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION: 'DPA 2018 Sch 1 Part 1 para 1: employment, social security and social protection',
  SCH1_P1_2_HEALTH_SOCIAL_CARE: 'DPA 2018 Sch 1 Part 1 para 2: health or social care purposes',
  SCH1_P1_3_PUBLIC_HEALTH: 'DPA 2018 Sch 1 Part 1 para 3: public health',
  SCH1_P1_4_RESEARCH: 'DPA 2018 Sch 1 Part 1 para 4: research',
  SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES: 'DPA 2018 Sch 1 Part 2 para 6: statutory and government purposes',
  SCH1_P2_8_EQUALITY_OF_OPPORTUNITY: 'DPA 2018 Sch 1 Part 2 para 8: equality of opportunity or treatment',
  SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS: 'DPA 2018 Sch 1 Part 2 para 10: preventing or detecting unlawful acts',
  SCH1_P2_11_PROTECTING_PUBLIC: 'DPA 2018 Sch 1 Part 2 para 11: protecting the public',
  SCH1_P2_12_REGULATORY_REQUIREMENTS: 'DPA 2018 Sch 1 Part 2 para 12: regulatory requirements',
  SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION: 'DPA 2018 Sch 1 Part 2 para 16: support for individuals with a disability or medical condition',
  SCH1_P2_17_COUNSELLING: 'DPA 2018 Sch 1 Part 2 para 17: counselling',
  SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK: 'DPA 2018 Sch 1 Part 2 para 18: safeguarding of children and individuals at risk',
  SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING: 'DPA 2018 Sch 1 Part 2 para 19: safeguarding of economic well-being',
};

export const COMMON_LAW: Record<CommonLawBasis, string> = {
  IMPLIED_CONSENT: 'Implied consent (individual care)',
  EXPLICIT_CONSENT: 'Explicit consent',
  PUBLIC_INTEREST: 'Overriding public interest',
  LEGAL_REQUIREMENT: 'Legal requirement or court order',
  S251_SUPPORT: 'Section 251 support (NHS Act 2006)',
  NOT_CONFIDENTIAL: 'Not confidential (anonymised)',
};

export const IDENTIFIABILITY: Record<Identifiability, string> = {
  IDENTIFIABLE: 'Identifiable',
  PSEUDONYMISED: 'Pseudonymised',
  ANONYMISED: 'Anonymised',
};

export const FREQUENCIES: Record<FlowFrequency, string> = {
  ONE_OFF: 'One-off',
  AD_HOC: 'As needed',
  REAL_TIME: 'Real time',
  DAILY: 'Daily',
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  ANNUALLY: 'Annually',
};

export const TRANSFER_METHODS: Record<TransferMethod, string> = {
  NHSMAIL: 'NHSmail',
  DCB1596_SECURE_EMAIL: 'DCB1596 secure email',
  MESH: 'MESH (Message Exchange for Social Care and Health)',
  SECURE_FILE_TRANSFER: 'Secure file transfer',
  API_TLS: 'System interface over TLS',
  SHARED_CARE_RECORD: 'Shared care record',
  SECURE_PORTAL: 'Secure portal',
  ENCRYPTED_REMOVABLE_MEDIA: 'Encrypted removable media',
  TELEPHONE: 'Telephone',
  IN_PERSON: 'In person',
  TRACKED_POST: 'Tracked post',
  STANDARD_EMAIL: 'Ordinary email (not secure)',
  FAX: 'Fax (not secure)',
  UNENCRYPTED_REMOVABLE_MEDIA: 'Unencrypted removable media (not secure)',
  STANDARD_POST: 'Untracked post (not secure)',
};

export const TRANSFER_SAFEGUARDS: Record<InternationalTransferSafeguard, string> = {
  ADEQUACY_REGULATIONS: 'UK adequacy regulations',
  INTERNATIONAL_DATA_TRANSFER_AGREEMENT: 'International data transfer agreement',
  BINDING_CORPORATE_RULES: 'Binding corporate rules',
  NONE: 'None',
};

export const DPIA_OUTCOMES: Record<DpiaOutcome, string> = {
  NOT_REQUIRED: 'Not required',
  NO_HIGH_RISK: 'No high risk identified',
  RISKS_MITIGATED: 'Risks identified and mitigated',
  ICO_CONSULTED: 'ICO consulted (prior consultation)',
};

export const SIGNING_ROLES: Record<SigningRole, string> = {
  CALDICOTT_GUARDIAN: 'Caldicott Guardian',
  SIRO: 'Senior Information Risk Owner',
  SIGNATORY: 'Authorised signatory',
};

export const DSPT_STATUSES: Record<DsptStatus, string> = {
  STANDARDS_EXCEEDED: 'Standards Exceeded',
  STANDARDS_MET: 'Standards Met',
  APPROACHING_STANDARDS: 'Approaching Standards',
  STANDARDS_NOT_MET: 'Standards Not Met',
  NOT_PUBLISHED: 'No assessment published',
};

export const SECURE_EMAIL_METHODS: Record<SecureEmailMethod, string> = {
  NHSMAIL: 'NHSmail (accredited to DCB1596 centrally)',
  DCB1596_ACCREDITED_OFFICE365: 'Office 365 accredited to DCB1596',
  DCB1596_SELF_ACCREDITED: 'Self-accredited to DCB1596',
  NONE: 'None accredited to DCB1596',
};

/** The terms a reader meets in every document. */
export const GLOSSARY: { term: string; meaning: string }[] = [
  { term: 'Anonymised information', meaning: 'Information from which no living person can be identified; data protection law does not apply to it.' },
  { term: 'Caldicott Guardian', meaning: 'A senior person responsible for protecting the confidentiality of people’s health and care information and enabling appropriate sharing.' },
  { term: 'Common law duty of confidentiality', meaning: 'The duty not to disclose information given in confidence without consent or another lawful basis such as an overriding public interest.' },
  { term: 'Controller', meaning: 'An organisation that decides why and how personal data is processed (UK GDPR Art 4(7)); joint controllers decide together (Art 26).' },
  { term: 'DCB1596', meaning: 'The secure email standard for sending sensitive information by email in health and care.' },
  { term: 'DPIA', meaning: 'Data protection impact assessment (UK GDPR Art 35).' },
  { term: 'DSPT', meaning: 'The Data Security and Protection Toolkit, the annual self-assessment of data security for organisations with access to NHS data.' },
  { term: 'National data opt-out', meaning: 'A person’s choice that their confidential information is not used for research or planning.' },
  { term: 'Processor', meaning: 'An organisation that processes personal data on a controller’s behalf and instructions.' },
  { term: 'Pseudonymised information', meaning: 'Personal data that can no longer identify a person without additional information kept separately; it is still personal data.' },
  { term: 'SIRO', meaning: 'Senior Information Risk Owner: the board-level owner of information risk.' },
  { term: 'Special category data', meaning: 'Personal data about health, ethnicity, religion, sexual life or orientation, genetics, biometrics, politics or trade union membership (UK GDPR Art 9).' },
];
