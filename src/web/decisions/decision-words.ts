import { Article6Basis, Article9Condition, CommonLawBasis, PurposeType, TransferMethod } from '../../agreements/agreement.enums.js';
import { ARTICLE_6, ARTICLE_9, COMMON_LAW, PURPOSE_TYPES, TRANSFER_METHODS } from '../../documents/document-labels.js';
import {
  AdviceSource,
  CapacityConsentBy,
  DecisionFlagKind,
  DecisionOutcome,
  KeyQuestionAnswer,
  NotInformedReason,
  NotSharedReason,
} from '../../monitoring/monitoring.enums.js';

import { CONSENT_STATUSES, FLAG_NAMES, OUTCOMES } from '../../common/labels/code-labels.js';

export { CONSENT_STATUSES, FLAG_NAMES, OUTCOMES };

/**
 * The words the decision pages use for each code, with short help where a practitioner has to
 * choose. Legal vocabularies keep the labels the documents use (document-labels.ts); the help is
 * drawn from the seeds (shared/seeds/) and the ICO code.
 */

export interface Choice<T extends string = string> {
  value: T;
  label: string;
  hint?: string;
}

const choices = <T extends string>(labels: Record<T, string>, hints: Partial<Record<T, string>> = {}): Choice<T>[] =>
  (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value], ...(hints[value] ? { hint: hints[value] } : {}) }));

export const KEY_ANSWERS: Record<KeyQuestionAnswer, string> = { YES: 'Yes', NO: 'No', NOT_SURE: 'Not sure' };

export const OUTCOME_CHOICES = choices(OUTCOMES, {
  SHARED: 'Everything that was asked for was shared',
  PARTIALLY_SHARED: 'Some was shared and some was withheld',
  NOT_SHARED: 'Nothing was shared: recording a decision not to share matters as much (golden rule 7)',
});
/** The NHS tag colour of each outcome. */
export const OUTCOME_TAGS: Record<DecisionOutcome, string> = { SHARED: 'green', PARTIALLY_SHARED: 'orange', NOT_SHARED: 'grey' };

export const NOT_SHARED_REASONS: Record<NotSharedReason, string> = {
  NO_LEGITIMATE_PURPOSE: 'No clear and legitimate purpose',
  NO_LAWFUL_BASIS: 'No lawful basis to share',
  CONSENT_REFUSED: 'Consent was refused or withdrawn',
  NOT_NECESSARY: 'Not necessary for the purpose',
  NOT_PROPORTIONATE: 'Not proportionate to the need or the risk',
  INSUFFICIENT_PUBLIC_INTEREST: 'Not enough public interest to share without consent',
  RISK_OF_HARM: 'Sharing would put someone at risk of harm',
  THIRD_PARTY_INFORMATION: 'It is information about someone else (a third party)',
  INFORMATION_NOT_HELD: 'Your organisation does not hold it',
  REQUEST_WITHDRAWN: 'The request was withdrawn',
  OTHER: 'Another reason',
};

export const PURPOSE_CHOICES = choices<PurposeType>(PURPOSE_TYPES, {
  INDIVIDUAL_CARE: 'The care of this person by the people caring for them; implied consent may apply',
  SAFEGUARDING: 'Protecting a child or an adult at risk from harm',
  SERVICE_PLANNING: 'Planning services: use information that does not identify people where you can',
  RESEARCH: 'Explicit consent, or other approval, is normally needed',
  COMMISSIONING: 'Commissioning and paying for services',
  STATUTORY_RETURN: 'A return the law requires your organisation to make',
});

export const ARTICLE_6_CHOICES = choices<Article6Basis>(ARTICLE_6, {
  ART6_1_A_CONSENT: 'The person gave clear, freely given consent. Public bodies rarely rely on it for their core tasks',
  ART6_1_B_CONTRACT: 'Needed for a contract with the person',
  ART6_1_C_LEGAL_OBLIGATION: 'The law requires you to share it, for example a statutory duty or a court order',
  ART6_1_D_VITAL_INTERESTS: "Needed to protect someone's life",
  ART6_1_E_PUBLIC_TASK: "Needed for your organisation's official functions: most NHS and council care and safeguarding",
  ART6_1_F_LEGITIMATE_INTERESTS: 'Not for public authorities doing their tasks: private and voluntary organisations only',
});

export const ARTICLE_9_CHOICES = choices<Article9Condition>(ARTICLE_9, {
  ART9_2_A_EXPLICIT_CONSENT: 'The person gave explicit consent to sharing this information',
  ART9_2_B_EMPLOYMENT_SOCIAL_SECURITY_PROTECTION: 'Needs a DPA 2018 Schedule 1 Part 1 condition as well',
  ART9_2_C_VITAL_INTERESTS: "To protect someone's life where they cannot consent",
  ART9_2_D_NOT_FOR_PROFIT_BODY: 'About the members of a not-for-profit body',
  ART9_2_E_MADE_PUBLIC_BY_DATA_SUBJECT: 'The person made the information public themselves',
  ART9_2_F_LEGAL_CLAIMS: 'Establishing, making or defending legal claims',
  ART9_2_G_SUBSTANTIAL_PUBLIC_INTEREST: 'For example safeguarding; needs a DPA 2018 Schedule 1 Part 2 condition as well',
  ART9_2_H_HEALTH_SOCIAL_CARE: 'Care, treatment, or managing health and care services (DPA 2018 Schedule 1 Part 1 paragraph 2)',
  ART9_2_I_PUBLIC_HEALTH: 'DPA 2018 Schedule 1 Part 1 paragraph 3',
  ART9_2_J_ARCHIVING_RESEARCH_STATISTICS: 'DPA 2018 Schedule 1 Part 1 paragraph 4',
});

export const COMMON_LAW_CHOICES = choices<CommonLawBasis>(COMMON_LAW, {
  IMPLIED_CONSENT: 'Only for individual care, by people with a legitimate relationship with the person',
  EXPLICIT_CONSENT: 'The person agreed, in words or in writing, to this sharing',
  PUBLIC_INTEREST: 'The public interest in sharing outweighs the duty of confidence, for example to prevent serious harm',
  LEGAL_REQUIREMENT: 'A law or a court order requires it',
  S251_SUPPORT: 'Approved under section 251 of the NHS Act 2006',
  NOT_CONFIDENTIAL: 'The information is not confidential, for example it is anonymised',
});

export const CONSENT_CHOICES = choices(CONSENT_STATUSES, {
  GIVEN: 'The person agreed, knowing what would be shared, with whom and why',
  IMPLIED: 'For individual care only, by people with a legitimate relationship with the person',
  WITHDRAWN: 'The person agreed, then withdrew their consent',
  NOT_SOUGHT_UNSAFE: 'Seeking it would put a child or an adult at increased risk of harm, prejudice the prevention, detection or prosecution of a serious crime, or cause unjustified delay',
  NOT_SOUGHT_NOT_REQUIRED: 'For example the law requires the sharing, or the information is not confidential',
  NOT_SOUGHT_REQUEST_REFUSED: 'Only when nothing was shared: for example the request had no legitimate purpose or lawful basis',
});

export const CAPACITY_CONSENT_BY: Record<CapacityConsentBy, string> = {
  LASTING_POWER_OF_ATTORNEY: 'Someone with a health and welfare lasting power of attorney',
  COURT_APPOINTED_DEPUTY: 'A welfare deputy registered with the Court of Protection',
  BEST_INTERESTS_DECISION: 'A best interests decision by the person with senior care or clinical responsibility',
};

export const TRANSFER_CHOICES = choices<TransferMethod>(TRANSFER_METHODS);

export const NOT_INFORMED_REASONS: Record<NotInformedReason, string> = {
  WOULD_INCREASE_RISK_OF_HARM: 'Telling them would put a child or an adult at increased risk of harm',
  WOULD_PREJUDICE_CRIME_INVESTIGATION: 'Telling them would hamper the prevention or investigation of a serious crime',
  ALREADY_INFORMED_AT_OUTSET: 'They were told at the outset that it could be shared like this',
  NOT_PRACTICABLE: 'It was not practicable to tell them',
  NOT_SHARED: 'Nothing was shared',
};

export const ADVICE_SOURCES: Record<AdviceSource, string> = {
  CALDICOTT_GUARDIAN: 'Caldicott Guardian',
  IG_LEAD: 'Information governance lead',
  DPO: 'Data protection officer',
  LINE_MANAGER: 'Line manager or supervisor',
  SAFEGUARDING_LEAD: 'Safeguarding lead',
  LEGAL_ADVISER: 'Legal adviser',
};

/** What each flag means, in plain words, for the person who just recorded the decision. */
export const FLAG_DESCRIPTIONS: Record<DecisionFlagKind, string> = {
  AGREEMENT_NOT_ACTIVE: 'The agreement was not in force on the date of the decision.',
  DISCLOSER_NOT_SIGNED_PARTY: 'Your organisation had not signed the version of the agreement in force.',
  RECIPIENT_NOT_SIGNED_PARTY: 'The organisation that received the information had not signed the version of the agreement in force.',
  FLOW_NOT_IN_AGREEMENT: 'The agreement has no data flow from your organisation to the one that received the information.',
  DATA_ITEM_OUTSIDE_FLOW: 'Some of what was shared is not in the data flow the agreement sets out.',
  METHOD_NOT_ALLOWED: 'It was sent by a method the agreement does not set out for this data flow.',
  METHOD_NOT_SECURE: 'It was sent by a method that is not secure for personal information.',
  IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE: 'Implied consent covers individual care only, not the purpose recorded.',
  SPECIAL_CATEGORY_WITHOUT_ARTICLE_9: 'Special category information was shared with no Article 9 condition recorded.',
  ACCREDITATION_LAPSED: 'It was sent by secure email after the DCB1596 accreditation of the sender or the receiver had expired.',
  AGREEMENT_AWAITING_CONFIRMATION: 'The agreement in force was recorded from a signed original that not every party had confirmed yet.',
  AGREEMENT_RECORD_DISPUTED: 'The agreement in force was recorded from a signed original that a party says is not accurate.',
};


/**
 * Plain words for what the ledger's rules (decision-rules.ts, key-questions.ts) say, by field and
 * rule. Only the words are here: whether a rule is broken is always the service's answer. A rule
 * not listed shows the service's own message.
 */
export const PROBLEM_WORDS: Record<string, string> = {
  'decidedAt:afterRequest': 'The time you decided must be after the time the information was asked for',
  'decidedAt:notInFuture': 'The time you decided must not be in the future',
  'requestingOrganisationId:differentOrganisation': 'Choose the organisation that asked for the information, not your own',
  'requestingOrganisationId:exists': 'Choose the organisation that asked for the information from the list',
  'agreementId:exists': 'Choose an agreement from the list, or no agreement',
  'agreementId:involved': 'Choose an agreement your organisation is involved in, or no agreement',
  'notSharedReason:requiredWhenWithheld': 'Select why information was not shared',
  'notSharedReason:onlyWhenWithheld': 'A reason for not sharing applies only when something was withheld',
  'dataItemsShared:requiredWhenShared': 'Select or enter what you shared',
  'dataItemsShared:emptyWhenNotShared': 'Nothing is shared when the decision is not to share',
  'dataItemsWithheld:requiredWhenPartial': 'Select or enter what you withheld',
  'recordCount:atLeastOneWhenShared': 'Enter how many records were shared: at least 1',
  'transferMethod:requiredWhenShared': 'Select how the information was sent',
  'article6Basis:requiredWhenShared': 'Select the UK GDPR Article 6 lawful basis',
  'commonLawBasis:requiredWhenShared': 'Select the common-law basis for sharing confidential information',
  'commonLawBasis:publicInterestWithOverride': 'Sharing on a public-interest override relies on the common-law basis "Overriding public interest"',
  'capacityConsentBy:requiredWhenLacksCapacity': 'Select who consented for the person',
  'capacityConsentBy:onlyWhenLacksCapacity': 'Who consented for the person applies only when they lack capacity',
  'consentStatus:requestRefusedOnlyWhenNotShared': '"None sought or given: the request was refused" applies only when nothing was shared',
  'publicInterestOverride:requiredWhenConsentRefused': 'Consent was refused or withdrawn: sharing anyway needs a public-interest override, with who authorised it and why',
  'overrideAuthorisedBy:requiredWithOverride': 'Enter who authorised the public-interest override',
  'overrideReason:requiredWithOverride': 'Enter why the public interest justified sharing',
  'notInformedReason:requiredWhenNotInformed': 'Select why the person was not told',
  'notInformedReason:notSharedOnlyWhenNotShared': '"Nothing was shared" is not the reason when something was shared',
  'keyQuestion:answeredOnPath': 'Answer this question: your answers so far lead to it',
  'keyQuestion:skippedOnPath': 'Your answers to the earlier questions skip this one',
  'keyQuestions.q1:purposeBeforeSharing': 'With no clear and legitimate purpose the flowchart leads to not sharing: change this answer, or record the decision as not shared',
  'keyQuestions.q5:publicInterestBeforeSharing':
    'Without consent or sufficient public interest the flowchart leads to not sharing: change this answer, or record the decision as not shared',
  'keyQuestions.q6:shareSecurely': 'Information was shared although it was not shared appropriately and securely: change this answer, or record the decision as not shared',
  'keyQuestions.q7:recorded': 'You are recording the decision now: answer yes',
  'clientKey:sameRequest': 'This decision was recorded before with different answers: start a new decision to record another one',
  'adviceSought:adviceWhenNotSure': 'You answered "not sure" to a key question: select whose advice you sought',
};
