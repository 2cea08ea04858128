import { randomUUID } from 'node:crypto';

/** A fully shared, consented, secure decision, decided `minutesToDecide` after the request, ending `endedMinutesAgo` ago. */
export function decisionInput(
  discloser: string,
  requester: string,
  overrides: Record<string, unknown> = {},
  timing: { minutesToDecide?: number; endedMinutesAgo?: number } = {},
) {
  const decidedAt = new Date(Date.now() - (timing.endedMinutesAgo ?? 0) * 60_000);
  const requestedAt = new Date(decidedAt.getTime() - (timing.minutesToDecide ?? 30) * 60_000);
  return {
    clientKey: randomUUID(),
    requestingOrganisationId: requester,
    disclosingOrganisationId: discloser,
    requestedAt: requestedAt.toISOString(),
    decidedAt: decidedAt.toISOString(),
    purposeType: 'INDIVIDUAL_CARE',
    outcome: 'SHARED',
    dataItemsShared: ['NHS number'],
    includesSpecialCategory: false,
    recordCount: 1,
    article6Basis: 'ART6_1_E_PUBLIC_TASK',
    commonLawBasis: 'IMPLIED_CONSENT',
    consentStatus: 'IMPLIED',
    transferMethod: 'NHSMAIL',
    personInformed: true,
    ...overrides,
  };
}

export const RECORD_DECISIONS = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created decisions { id flags } } }`;
