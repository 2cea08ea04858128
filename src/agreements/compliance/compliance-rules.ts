import type { ComplianceInput, Finding } from './compliance-input.js';
import { anonymisedFlowWithRetention, anonymisedItemMarkedSpecialCategory } from './rules/anonymised-data.rules.js';
import { flowPartyNotAParty, flowToItself, flowWithoutItems, noDataFlows } from './rules/data-flows.rules.js';
import {
  article9NeedsSchedule1,
  consentAsArticle6Basis,
  impliedConsentOutsideIndividualCare,
  noArticle6Basis,
  noCommonLawBasis,
  specialCategoryWithoutArticle9,
} from './rules/legal-basis.rules.js';
import {
  identifiableItemWithoutJustification,
  insecureTransferMethod,
  noTransferMethod,
  secureEmailWithoutAccreditation,
} from './rules/minimum-necessary-and-transfer.rules.js';
import {
  parentProtocolNotInForce,
  partyDsptApproaching,
  partyDsptNotMet,
  partyDsptNotPublished,
  partyNotReady,
  partyRolesInconsistent,
  secureEmailAccreditationExpiresBeforeReview,
  tooFewParties,
} from './rules/parties.rules.js';
import { noBenefits, noPurpose } from './rules/purposes.rules.js';
import { noRetention, noReviewDate, reviewCycleTooLong, reviewDatePassed } from './rules/retention-and-review.rules.js';
import type { ComplianceRule } from './rules/rule-builder.js';
import {
  childrenWithoutHighPrivacyDefault,
  nationalDataOptOutNotApplied,
  noDpiaForLargeScaleSpecialCategory,
  transferOutsideUkWithoutSafeguard,
} from './rules/safeguards.rules.js';
import { noBreachProcess, noSecurityMeasures, noTransparency } from './rules/transparency-and-security.rules.js';

export type { ComplianceRule } from './rules/rule-builder.js';

/**
 * The compliance rules: each checks one thing about a draft agreement against the guidance
 * (Caldicott principles, the seven golden rules, the ICO Data Sharing Code, DCB1596, the law)
 * and returns findings. Pure: no framework, no database, no clock (dates come from input.asAt).
 * A BLOCKER stops the draft being submitted for signature; a WARNING does not.
 * The rules live in rules/, one file per topic; this is the index.
 */

/** Every rule, in the order their findings are reported. */
export const RULES: ReadonlyArray<ComplianceRule> = [
  // purposes.rules.ts
  noPurpose,
  noBenefits,
  // parties.rules.ts
  tooFewParties,
  parentProtocolNotInForce,
  partyRolesInconsistent,
  partyNotReady,
  partyDsptNotMet,
  partyDsptApproaching,
  partyDsptNotPublished,
  secureEmailAccreditationExpiresBeforeReview,
  // data-flows.rules.ts
  noDataFlows,
  flowPartyNotAParty,
  flowToItself,
  flowWithoutItems,
  // legal-basis.rules.ts
  noArticle6Basis,
  specialCategoryWithoutArticle9,
  article9NeedsSchedule1,
  impliedConsentOutsideIndividualCare,
  noCommonLawBasis,
  // minimum-necessary-and-transfer.rules.ts
  identifiableItemWithoutJustification,
  insecureTransferMethod,
  noTransferMethod,
  secureEmailWithoutAccreditation,
  // retention-and-review.rules.ts
  noRetention,
  noReviewDate,
  reviewCycleTooLong,
  reviewDatePassed,
  // safeguards.rules.ts
  transferOutsideUkWithoutSafeguard,
  noDpiaForLargeScaleSpecialCategory,
  childrenWithoutHighPrivacyDefault,
  nationalDataOptOutNotApplied,
  // anonymised-data.rules.ts
  anonymisedItemMarkedSpecialCategory,
  anonymisedFlowWithRetention,
  // transparency-and-security.rules.ts
  noTransparency,
  noSecurityMeasures,
  noBreachProcess,
  // legal-basis.rules.ts (a warning, reported last as before)
  consentAsArticle6Basis,
];

/** Checks a draft against every rule; an empty list means nothing to fix. */
export function checkCompliance(input: ComplianceInput): Finding[] {
  return RULES.flatMap((each) => each.check(input));
}
