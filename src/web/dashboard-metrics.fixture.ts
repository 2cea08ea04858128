import { RagStatus, type AgreementHealth } from '../monitoring/health/agreement-health.js';
import type { SharingMetrics, ValueCount } from '../monitoring/metrics/metrics-report.js';

/** Figures and health for the dashboard's unit tests. */
export const vc = (value: string, decisions: number, records = decisions): ValueCount => ({ value, decisions, records });

export const METRICS: SharingMetrics = {
  scope: 'PARTNERSHIP',
  scopeId: 'p1',
  scopeName: 'North Locality Partnership',
  fromMonth: '2026-01',
  toMonth: '2026-03',
  decisions: 20,
  shared: 12,
  partiallyShared: 3,
  notShared: 5,
  outsideAnyAgreement: { decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
  recordsShared: 140,
  recordsPartiallyShared: 6,
  recordsNotShared: 0,
  byMonth: [
    { month: '2026-01', decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
    { month: '2026-02', decisions: 10, shared: 6, partiallyShared: 2, notShared: 2 },
    { month: '2026-03', decisions: 6, shared: 4, partiallyShared: 0, notShared: 2 },
  ],
  byFlow: [
    { fromOrganisationId: 'o1', fromOrganisationName: 'Acute Hospital Trust', toOrganisationId: 'o2', toOrganisationName: 'Borough Council', decisions: 12, shared: 8, partiallyShared: 2, notShared: 2, flagged: 2 },
    { fromOrganisationId: 'o2', fromOrganisationName: 'Borough Council', toOrganisationId: 'o1', toOrganisationName: 'Acute Hospital Trust', decisions: 8, shared: 4, partiallyShared: 1, notShared: 3, flagged: 0 },
  ],
  byDataItem: [vc('NHS number', 15, 120), vc('Date of birth', 9), vc('Address', 6)],
  byWithheldItem: [vc('Diagnosis', 3)],
  specialCategoryShare: 0.375,
  byArticle6Basis: [vc('ART6_1_E_PUBLIC_TASK', 10), vc('ART6_1_A_CONSENT', 5)],
  byCommonLawBasis: [vc('EXPLICIT_CONSENT', 9), vc('PUBLIC_INTEREST', 6)],
  byConsentStatus: [vc('GIVEN', 14), vc('REFUSED', 4), vc('NOT_SOUGHT_REQUEST_REFUSED', 2)],
  consentRefused: 6,
  consentRefusedOverridden: 2,
  byTransferMethod: [vc('NHSMAIL', 13), vc('SECURE_PORTAL', 2)],
  approvedMethodPercentage: 86.7,
  flagsByKind: [vc('METHOD_NOT_ALLOWED', 2)],
  flaggedDecisions: 3,
  incidents: { total: 4, breaches: 3, nearMisses: 1, icoReportable: 2, icoDeadlinesMissed: 1, open: 2 },
  rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
  medianMinutesToDecision: 45,
  p90MinutesToDecision: 150,
};

export const EMPTY: SharingMetrics = {
  ...METRICS,
  decisions: 0,
  shared: 0,
  partiallyShared: 0,
  notShared: 0,
  outsideAnyAgreement: { decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 },
  recordsShared: 0,
  recordsPartiallyShared: 0,
  recordsNotShared: 0,
  byMonth: [],
  byFlow: [],
  byDataItem: [],
  byWithheldItem: [],
  specialCategoryShare: null,
  byArticle6Basis: [],
  byCommonLawBasis: [],
  byConsentStatus: [],
  consentRefused: 0,
  consentRefusedOverridden: 0,
  byTransferMethod: [],
  approvedMethodPercentage: null,
  flagsByKind: [],
  flaggedDecisions: 0,
  incidents: { total: 0, breaches: 0, nearMisses: 0, icoReportable: 0, icoDeadlinesMissed: 0, open: 0 },
  rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
  medianMinutesToDecision: null,
  p90MinutesToDecision: null,
};

export const HEALTH: AgreementHealth = {
  asOf: '2026-06-01',
  status: RagStatus.RED,
  reasons: ['1 agreement overdue for review: ISA-002', '2 agreements due for review within 90 days: ISA-001, ISA-003'],
  activeAgreements: 3,
  awaitingSignatures: 0,
  signatureCompleteness: null,
  reviewsOverdue: 1,
  reviewsDueWithin30Days: 1,
  reviewsDueWithin90Days: 2,
  partiesBelowDsptMet: [],
  accreditationsExpiringWithin90Days: [],
  assuranceLapses: [],
  agreements: [],
};


/** Parses RFC 4180 CSV (CRLF rows, "" escapes) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}
