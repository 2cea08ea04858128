import {
  AGREEMENT_STATUSES,
  ARTICLE_6,
  ARTICLE_9,
  COMMON_LAW,
  DPIA_OUTCOMES,
  DSPT_STATUSES,
  FREQUENCIES,
  IDENTIFIABILITY,
  KIND_TITLES,
  PARTY_ROLES,
  PURPOSE_TYPES,
  SCHEDULE_1,
  SECURE_EMAIL_METHODS,
  SIGNING_ROLES,
  TRANSFER_METHODS,
  TRANSFER_SAFEGUARDS,
} from '../../documents/document-labels.js';
import { AgreementDisplayStatus, VersionStatus } from '../../agreements/agreement.enums.js';
import { ConfirmationStatus, OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';
import { RagStatus } from '../../monitoring/health/agreement-health.js';
import type { ConsentStatus, DecisionFlagKind, DecisionOutcome } from '../../monitoring/monitoring.enums.js';
import { NotificationDelivery, NotificationKind, OutboxStatus } from '../../notifications/notification.enums.js';

export const OUTCOMES: Record<DecisionOutcome, string> = {
  SHARED: 'Shared',
  PARTIALLY_SHARED: 'Partly shared',
  NOT_SHARED: 'Not shared',
};

export const CONSENT_STATUSES: Record<ConsentStatus, string> = {
  GIVEN: 'Given',
  IMPLIED: 'Implied',
  REFUSED: 'Refused',
  WITHDRAWN: 'Withdrawn',
  NOT_SOUGHT_UNSAFE: 'Not sought, because it would be unsafe or inappropriate',
  NOT_SOUGHT_NOT_REQUIRED: 'Not sought, because it is not needed',
  NOT_SOUGHT_REQUEST_REFUSED: 'None sought or given: the request was refused before consent arose',
  LACKS_CAPACITY: 'The person lacks capacity to consent',
};

/** A short name for each flag, for tags in lists and the dashboard's rows. */
export const FLAG_NAMES: Record<DecisionFlagKind, string> = {
  AGREEMENT_NOT_ACTIVE: 'Agreement not in force',
  DISCLOSER_NOT_SIGNED_PARTY: 'Not signed by the sender',
  RECIPIENT_NOT_SIGNED_PARTY: 'Not signed by the recipient',
  FLOW_NOT_IN_AGREEMENT: 'No agreed flow',
  DATA_ITEM_OUTSIDE_FLOW: 'Items outside the flow',
  METHOD_NOT_ALLOWED: 'Method not agreed',
  METHOD_NOT_SECURE: 'Method not secure',
  IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE: 'Implied consent outside care',
  SPECIAL_CATEGORY_WITHOUT_ARTICLE_9: 'No Article 9 condition',
  ACCREDITATION_LAPSED: 'Accreditation lapsed',
  AGREEMENT_AWAITING_CONFIRMATION: 'Agreement awaiting confirmation',
  AGREEMENT_RECORD_DISPUTED: 'Agreement record disputed',
};

export const RAG_LABELS: Record<RagStatus, string> = { [RagStatus.RED]: 'Red', [RagStatus.AMBER]: 'Amber', [RagStatus.GREEN]: 'Green' };

export const METRICS_SCOPES: Record<'AGREEMENT' | 'PARTNERSHIP' | 'ORGANISATION', string> = {
  AGREEMENT: 'Agreement',
  PARTNERSHIP: 'Partnership',
  ORGANISATION: 'Organisation',
};

export const DISPLAY_STATUSES: Record<AgreementDisplayStatus, string> = {
  [AgreementDisplayStatus.DRAFT]: 'Draft',
  [AgreementDisplayStatus.AWAITING_SIGNATURES]: 'Awaiting signatures',
  [AgreementDisplayStatus.ACTIVE]: 'Active',
  [AgreementDisplayStatus.REVIEW_DUE]: 'Review due',
  [AgreementDisplayStatus.SUSPENDED]: 'Suspended',
  [AgreementDisplayStatus.TERMINATED]: 'Terminated',
  [AgreementDisplayStatus.EXPIRED]: 'Expired',
};

export const VERSION_STATUSES: Record<VersionStatus, string> = {
  [VersionStatus.AWAITING_SIGNATURES]: 'Awaiting signatures',
  [VersionStatus.ACTIVE]: 'In force',
  [VersionStatus.SUPERSEDED]: 'Superseded',
  [VersionStatus.DECLINED]: 'Declined',
};

export const CONFIRMATION_STATUSES: Record<ConfirmationStatus, string> = {
  [ConfirmationStatus.AWAITING_CONFIRMATION]: 'Awaiting confirmation',
  [ConfirmationStatus.CONFIRMED]: 'Confirmed',
  [ConfirmationStatus.DISPUTED]: 'Disputed',
};

export const ORIGINAL_ANSWERS: Record<OriginalAnswer, string> = {
  [OriginalAnswer.CONFIRMED]: 'Confirmed the record is accurate',
  [OriginalAnswer.DISPUTED]: 'Disputed the record',
};

export const NOTIFICATION_KINDS: Record<NotificationKind, string> = {
  [NotificationKind.SIGNATURE_REQUESTED]: 'An agreement is waiting for your signature',
  [NotificationKind.PARTY_DECLINED]: 'A party declined to sign',
  [NotificationKind.AGREEMENT_IN_FORCE]: 'An agreement is in force',
  [NotificationKind.PARTNERSHIP_INVITED]: 'Your organisation is invited to be a party',
  [NotificationKind.INVITATION_ACCEPTED]: 'An organisation accepted an invitation to be a party',
  [NotificationKind.INVITATION_REFUSED]: 'An organisation refused an invitation to be a party',
  [NotificationKind.REVIEW_DUE_90]: 'A review is due in 90 days',
  [NotificationKind.REVIEW_DUE_30]: 'A review is due in 30 days',
  [NotificationKind.REVIEW_OVERDUE]: 'A review is overdue',
  [NotificationKind.ASSURANCE_LAPSING]: "A party's DSPT or secure email accreditation needs attention",
  [NotificationKind.INCIDENT_RECORDED]: 'An incident was recorded',
  [NotificationKind.INCIDENT_ICO_DEADLINE]: 'An incident must be reported to the ICO within 12 hours',
  [NotificationKind.USER_INVITED]: 'Invitation to join Accordant',
  [NotificationKind.PASSWORD_RESET]: 'Reset your password',
};

export const NOTIFICATION_DELIVERIES: Record<NotificationDelivery, string> = {
  [NotificationDelivery.IMMEDIATE]: 'Email me straight away',
  [NotificationDelivery.DAILY_DIGEST]: 'Email me once a day with a summary',
};

export const OUTBOX_STATUSES: Record<OutboxStatus, string> = {
  [OutboxStatus.PENDING]: 'Waiting to be sent',
  [OutboxStatus.SENDING]: 'Being sent',
  [OutboxStatus.SENT]: 'Sent',
  [OutboxStatus.FAILED]: 'Not sent: gave up after repeated failures',
  [OutboxStatus.UNKNOWN]: 'Not known if delivered: sending was interrupted',
};

/**
 * The one table of plain-English labels for the codes a person may meet, by vocabulary: the forms,
 * the dashboard, its CSV and both PDFs read their words here (the legal vocabularies keep the
 * words the documents use, from document-labels.ts).
 */
export const CODE_LABELS = {
  agreementKind: KIND_TITLES,
  agreementStatus: AGREEMENT_STATUSES,
  displayStatus: DISPLAY_STATUSES,
  versionStatus: VERSION_STATUSES,
  confirmationStatus: CONFIRMATION_STATUSES,
  originalAnswer: ORIGINAL_ANSWERS,
  signingRole: SIGNING_ROLES,
  partyRole: PARTY_ROLES,
  purpose: PURPOSE_TYPES,
  identifiability: IDENTIFIABILITY,
  frequency: FREQUENCIES,
  safeguard: TRANSFER_SAFEGUARDS,
  dpia: DPIA_OUTCOMES,
  article6: ARTICLE_6,
  article9: ARTICLE_9,
  schedule1: SCHEDULE_1,
  commonLaw: COMMON_LAW,
  method: TRANSFER_METHODS,
  secureEmail: SECURE_EMAIL_METHODS,
  dspt: DSPT_STATUSES,
  consent: CONSENT_STATUSES,
  outcome: OUTCOMES,
  flag: FLAG_NAMES,
  rag: RAG_LABELS,
  scope: METRICS_SCOPES,
  notificationKind: NOTIFICATION_KINDS,
  notificationDelivery: NOTIFICATION_DELIVERIES,
  outboxStatus: OUTBOX_STATUSES,
} satisfies Record<string, Record<string, string>>;

export type CodeVocabulary = keyof typeof CODE_LABELS;

/** A code's label; a code not in the table (a value written before its vocabulary grew) reads as words, never as the code. */
export function labelOf(vocabulary: CodeVocabulary, code: string): string {
  const labels: Record<string, string> = CODE_LABELS[vocabulary];
  return labels[code] ?? code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
}
