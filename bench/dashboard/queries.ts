// The GraphQL the dashboard benches send: every field of SharingMetrics the dashboard shows, and its health.
export const METRICS_QUERY = `query ($agreementId: ID, $partnershipId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, fromMonth: $from, toMonth: $to) {
    scope scopeName decisions shared partiallyShared notShared recordsShared recordsPartiallyShared recordsNotShared
    outsideAnyAgreement { decisions shared partiallyShared notShared }
    byMonth { month decisions shared partiallyShared notShared }
    byFlow { fromOrganisationName toOrganisationName decisions shared partiallyShared notShared }
    byDataItem { value decisions } byWithheldItem { value decisions }
    specialCategoryShare
    byArticle6Basis { value decisions } byCommonLawBasis { value decisions } byConsentStatus { value decisions }
    consentRefused consentRefusedOverridden
    byTransferMethod { value decisions } approvedMethodPercentage
    flagsByKind { value decisions } flaggedDecisions
    incidents { total breaches nearMisses icoReportable icoDeadlinesMissed open }
    medianMinutesToDecision p90MinutesToDecision
  }
}`;

export const HEALTH_QUERY = `query ($p: ID!) { agreementHealth(partnershipId: $p) {
  asOf status reasons activeAgreements awaitingSignatures signatureCompleteness reviewsOverdue reviewsDueWithin30Days reviewsDueWithin90Days
  partiesBelowDsptMet { name dsptStatus } accreditationsExpiringWithin90Days { name }
  agreements { reference status nextReviewDate daysToReview } } }`;
