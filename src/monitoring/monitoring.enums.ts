import { registerEnumType } from '@nestjs/graphql';

export enum DecisionOutcome {
  SHARED = 'SHARED',
  PARTIALLY_SHARED = 'PARTIALLY_SHARED',
  NOT_SHARED = 'NOT_SHARED',
}

/** Why information (or some of it) was not shared. */
export enum NotSharedReason {
  NO_LEGITIMATE_PURPOSE = 'NO_LEGITIMATE_PURPOSE',
  NO_LAWFUL_BASIS = 'NO_LAWFUL_BASIS',
  CONSENT_REFUSED = 'CONSENT_REFUSED',
  NOT_NECESSARY = 'NOT_NECESSARY',
  NOT_PROPORTIONATE = 'NOT_PROPORTIONATE',
  INSUFFICIENT_PUBLIC_INTEREST = 'INSUFFICIENT_PUBLIC_INTEREST',
  RISK_OF_HARM = 'RISK_OF_HARM',
  THIRD_PARTY_INFORMATION = 'THIRD_PARTY_INFORMATION',
  INFORMATION_NOT_HELD = 'INFORMATION_NOT_HELD',
  REQUEST_WITHDRAWN = 'REQUEST_WITHDRAWN',
  OTHER = 'OTHER',
}

/**
 * DESIGN.md: given, implied, refused, withdrawn, not sought because unsafe, lacks capacity (with who
 * consented); and none sought or given because the request was refused before consent arose
 * (decision-rules.ts: only when nothing was shared).
 */
export enum ConsentStatus {
  GIVEN = 'GIVEN',
  IMPLIED = 'IMPLIED',
  REFUSED = 'REFUSED',
  WITHDRAWN = 'WITHDRAWN',
  NOT_SOUGHT_UNSAFE = 'NOT_SOUGHT_UNSAFE',
  NOT_SOUGHT_NOT_REQUIRED = 'NOT_SOUGHT_NOT_REQUIRED',
  NOT_SOUGHT_REQUEST_REFUSED = 'NOT_SOUGHT_REQUEST_REFUSED',
  LACKS_CAPACITY = 'LACKS_CAPACITY',
}

/** Who gave consent for a person who lacks capacity (seed 003). */
export enum CapacityConsentBy {
  LASTING_POWER_OF_ATTORNEY = 'LASTING_POWER_OF_ATTORNEY',
  COURT_APPOINTED_DEPUTY = 'COURT_APPOINTED_DEPUTY',
  BEST_INTERESTS_DECISION = 'BEST_INTERESTS_DECISION',
}

/** Whose advice was sought before deciding (golden rule 3). */
export enum AdviceSource {
  CALDICOTT_GUARDIAN = 'CALDICOTT_GUARDIAN',
  IG_LEAD = 'IG_LEAD',
  DPO = 'DPO',
  LINE_MANAGER = 'LINE_MANAGER',
  SAFEGUARDING_LEAD = 'SAFEGUARDING_LEAD',
  LEGAL_ADVISER = 'LEGAL_ADVISER',
}

/** Why the person was not told their information was shared (seed 001, question 2). */
export enum NotInformedReason {
  WOULD_INCREASE_RISK_OF_HARM = 'WOULD_INCREASE_RISK_OF_HARM',
  WOULD_PREJUDICE_CRIME_INVESTIGATION = 'WOULD_PREJUDICE_CRIME_INVESTIGATION',
  ALREADY_INFORMED_AT_OUTSET = 'ALREADY_INFORMED_AT_OUTSET',
  NOT_PRACTICABLE = 'NOT_PRACTICABLE',
  NOT_SHARED = 'NOT_SHARED',
}

/** An answer to one of the seven key questions; NOT_SURE means advice must be sought. */
export enum KeyQuestionAnswer {
  YES = 'YES',
  NO = 'NO',
  NOT_SURE = 'NOT_SURE',
}

/** What a decision is checked for against the agreement version in force on its date. Flags never stop recording. */
export enum DecisionFlagKind {
  AGREEMENT_NOT_ACTIVE = 'AGREEMENT_NOT_ACTIVE',
  DISCLOSER_NOT_SIGNED_PARTY = 'DISCLOSER_NOT_SIGNED_PARTY',
  RECIPIENT_NOT_SIGNED_PARTY = 'RECIPIENT_NOT_SIGNED_PARTY',
  FLOW_NOT_IN_AGREEMENT = 'FLOW_NOT_IN_AGREEMENT',
  DATA_ITEM_OUTSIDE_FLOW = 'DATA_ITEM_OUTSIDE_FLOW',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  METHOD_NOT_SECURE = 'METHOD_NOT_SECURE',
  IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE = 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE',
  SPECIAL_CATEGORY_WITHOUT_ARTICLE_9 = 'SPECIAL_CATEGORY_WITHOUT_ARTICLE_9',
  /** Sent by secure email after the sender's or receiver's DCB1596 accreditation had expired. */
  ACCREDITATION_LAPSED = 'ACCREDITATION_LAPSED',
  /** The version in force was recorded from a signed original that not every party had confirmed when the decision was recorded. */
  AGREEMENT_AWAITING_CONFIRMATION = 'AGREEMENT_AWAITING_CONFIRMATION',
  /** The version in force was recorded from a signed original that a party disputed when the decision was recorded. */
  AGREEMENT_RECORD_DISPUTED = 'AGREEMENT_RECORD_DISPUTED',
}

export enum IncidentKind {
  BREACH = 'BREACH',
  NEAR_MISS = 'NEAR_MISS',
}

export enum IncidentSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum IncidentStatus {
  OPEN = 'OPEN',
  INVESTIGATING = 'INVESTIGATING',
  REPORTED_TO_ICO = 'REPORTED_TO_ICO',
  CLOSED = 'CLOSED',
}

/** The order an organisation's decisions are listed in, newest first. */
export enum DecisionListOrder {
  RECORDED_AT = 'RECORDED_AT',
  DECIDED_AT = 'DECIDED_AT',
}

registerEnumType(DecisionOutcome, { name: 'DecisionOutcome' });
registerEnumType(NotSharedReason, { name: 'NotSharedReason', description: 'Why information, or some of it, was not shared.' });
registerEnumType(ConsentStatus, {
  name: 'ConsentStatus',
  valuesMap: { NOT_SOUGHT_REQUEST_REFUSED: { description: 'None sought or given: the request was refused before consent arose. Only with outcome NOT_SHARED.' } },
});
registerEnumType(CapacityConsentBy, { name: 'CapacityConsentBy', description: 'Who consented for a person who lacks capacity.' });
registerEnumType(AdviceSource, { name: 'AdviceSource', description: 'Whose advice was sought (golden rule 3).' });
registerEnumType(NotInformedReason, { name: 'NotInformedReason' });
registerEnumType(KeyQuestionAnswer, { name: 'KeyQuestionAnswer' });
registerEnumType(DecisionFlagKind, { name: 'DecisionFlagKind', description: 'A way a decision departs from the agreement in force on its date.' });
registerEnumType(IncidentKind, { name: 'IncidentKind' });
registerEnumType(IncidentSeverity, { name: 'IncidentSeverity' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(DecisionListOrder, {
  name: 'DecisionListOrder',
  description: 'Newest first by when the decision was recorded, or by when it was made.',
});
