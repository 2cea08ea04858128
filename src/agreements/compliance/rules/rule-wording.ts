import {
  AgreementKind,
  Article9Condition,
  FlowFrequency,
  PurposeType,
  Schedule1Condition,
  TransferMethod,
} from '../../agreement.enums.js';
import type { DataFlow, DataItem, Purpose } from '../../content/agreement-content.model.js';

/** Plain-English labels and the small helpers that put names, dates and lists into finding messages. */

export const KIND_LABEL: Record<AgreementKind, string> = {
  [AgreementKind.PROTOCOL]: 'An information sharing protocol',
  [AgreementKind.ISP]: 'An information sharing agreement',
  [AgreementKind.DDA]: 'A data disclosure agreement',
  [AgreementKind.JCA]: 'A joint controller arrangement',
};

export const PURPOSE_LABEL: Record<PurposeType, string> = {
  [PurposeType.INDIVIDUAL_CARE]: 'individual care',
  [PurposeType.SAFEGUARDING]: 'safeguarding',
  [PurposeType.SERVICE_PLANNING]: 'service planning',
  [PurposeType.RESEARCH]: 'research',
  [PurposeType.COMMISSIONING]: 'commissioning',
  [PurposeType.STATUTORY_RETURN]: 'a statutory return',
};

export const METHOD_LABEL: Record<TransferMethod, string> = {
  [TransferMethod.NHSMAIL]: 'NHSmail',
  [TransferMethod.DCB1596_SECURE_EMAIL]: 'DCB1596 secure email',
  [TransferMethod.MESH]: 'MESH',
  [TransferMethod.SECURE_FILE_TRANSFER]: 'secure file transfer',
  [TransferMethod.API_TLS]: 'an encrypted (TLS) interface',
  [TransferMethod.SHARED_CARE_RECORD]: 'the shared care record',
  [TransferMethod.SECURE_PORTAL]: 'a secure portal',
  [TransferMethod.ENCRYPTED_REMOVABLE_MEDIA]: 'encrypted removable media',
  [TransferMethod.TELEPHONE]: 'telephone',
  [TransferMethod.IN_PERSON]: 'in person',
  [TransferMethod.TRACKED_POST]: 'tracked post',
  [TransferMethod.STANDARD_EMAIL]: 'ordinary email',
  [TransferMethod.FAX]: 'fax',
  [TransferMethod.UNENCRYPTED_REMOVABLE_MEDIA]: 'unencrypted removable media',
  [TransferMethod.STANDARD_POST]: 'untracked post',
};

export const FREQUENCY_LABEL: Record<FlowFrequency, string> = {
  [FlowFrequency.ONE_OFF]: 'one-off',
  [FlowFrequency.AD_HOC]: 'ad hoc',
  [FlowFrequency.REAL_TIME]: 'real time',
  [FlowFrequency.DAILY]: 'daily',
  [FlowFrequency.WEEKLY]: 'weekly',
  [FlowFrequency.MONTHLY]: 'monthly',
  [FlowFrequency.QUARTERLY]: 'quarterly',
  [FlowFrequency.ANNUALLY]: 'annually',
};

export const ARTICLE_9_LABEL: Record<Article9Condition, string> = {
  [Article9Condition.ART9_2_A_EXPLICIT_CONSENT]: 'Article 9(2)(a) (explicit consent)',
  [Article9Condition.ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: 'Article 9(2)(b) (employment, social security and social protection)',
  [Article9Condition.ART9_2_C_VITAL_INTERESTS]: 'Article 9(2)(c) (vital interests)',
  [Article9Condition.ART9_2_D_NOT_FOR_PROFIT_BODY]: 'Article 9(2)(d) (not-for-profit bodies)',
  [Article9Condition.ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT]: 'Article 9(2)(e) (made public by the person)',
  [Article9Condition.ART9_2_F_LEGAL_CLAIMS]: 'Article 9(2)(f) (legal claims)',
  [Article9Condition.ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST]: 'Article 9(2)(g) (substantial public interest)',
  [Article9Condition.ART9_2_H_HEALTH_SOCIAL_CARE]: 'Article 9(2)(h) (health or social care)',
  [Article9Condition.ART9_2_I_PUBLIC_HEALTH]: 'Article 9(2)(i) (public health)',
  [Article9Condition.ART9_2_J_ARCHIVING_RESEARCH_STATISTICS]: 'Article 9(2)(j) (archiving, research and statistics)',
};

export const SCHEDULE_1_LABEL: Record<Schedule1Condition, string> = {
  [Schedule1Condition.SCH1_P1_1_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION]: 'Part 1 paragraph 1 (employment, social security and social protection)',
  [Schedule1Condition.SCH1_P1_2_HEALTH_SOCIAL_CARE]: 'Part 1 paragraph 2 (health or social care purposes)',
  [Schedule1Condition.SCH1_P1_3_PUBLIC_HEALTH]: 'Part 1 paragraph 3 (public health)',
  [Schedule1Condition.SCH1_P1_4_RESEARCH]: 'Part 1 paragraph 4 (research)',
  [Schedule1Condition.SCH1_P2_6_STATUTORY_GOVERNMENT_PURPOSES]: 'Part 2 paragraph 6 (statutory and government purposes)',
  [Schedule1Condition.SCH1_P2_8_EQUALITY_OF_OPPORTUNITY]: 'Part 2 paragraph 8 (equality of opportunity or treatment)',
  [Schedule1Condition.SCH1_P2_10_PREVENTING_DETECTING_UNLAWFUL_ACTS]: 'Part 2 paragraph 10 (preventing or detecting unlawful acts)',
  [Schedule1Condition.SCH1_P2_11_PROTECTING_PUBLIC]: 'Part 2 paragraph 11 (protecting the public)',
  [Schedule1Condition.SCH1_P2_12_REGULATORY_REQUIREMENTS]: 'Part 2 paragraph 12 (regulatory requirements)',
  [Schedule1Condition.SCH1_P2_16_SUPPORT_DISABILITY_MEDICAL_CONDITION]: 'Part 2 paragraph 16 (support for people with a disability or medical condition)',
  [Schedule1Condition.SCH1_P2_17_COUNSELLING]: 'Part 2 paragraph 17 (counselling)',
  [Schedule1Condition.SCH1_P2_18_SAFEGUARDING_CHILDREN_INDIVIDUALS_AT_RISK]: 'Part 2 paragraph 18 (safeguarding of children and individuals at risk)',
  [Schedule1Condition.SCH1_P2_19_SAFEGUARDING_ECONOMIC_WELLBEING]: 'Part 2 paragraph 19 (safeguarding of economic well-being)',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2027-03-01` as `1 March 2027`. */
export function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return MONTHS[month - 1] ? `${day} ${MONTHS[month - 1]} ${year}` : date;
}

/** 4000 as `4,000`. */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function quote(text: string, max = 80): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}

/** "a", "a and b", "a, b and c", or "a, b, c and 3 more" (duplicates removed). */
export function listOf(texts: string[], max = 4): string {
  const unique = [...new Set(texts)];
  const shown = unique.length > max ? [...unique.slice(0, max - 1), `${unique.length - (max - 1)} more`] : unique;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const flowLabel = (flow: DataFlow) => `flow ${quote(flow.name)}`;
export const itemLabel = (item: DataItem, flow: DataFlow) => `${quote(item.name)} in ${flowLabel(flow)}`;
export const purposeLabel = (purpose: Purpose) => `${quote(purpose.description, 60)} (${PURPOSE_LABEL[purpose.purposeType]})`;
