import { DecisionFlagKind } from '../monitoring.enums.js';
import { metricsFromRollups, type IncidentCounts } from './metrics-report.js';
import type { MonthRow, RollupRow } from './metrics.queries.js';

const HOSPITAL = '11111111-1111-4111-8111-111111111111';
const COUNCIL = '22222222-2222-4222-8222-222222222222';
const COMMUNITY = '33333333-3333-4333-8333-333333333333';

const NAMES: Record<string, string> = {
  [HOSPITAL]: 'Acute Hospital Trust',
  [COUNCIL]: 'Borough Council',
  [COMMUNITY]: 'Community Health Trust',
};
const nameOf = (id: string) => NAMES[id] ?? 'Unknown organisation';

const HEAD = { scope: 'AGREEMENT', scopeId: 'agreement-1', scopeName: 'Hospital discharge ISA', fromMonth: '2026-01', toMonth: '2026-03' };
const TIMING: { median: number | null; p90: number | null } = { median: 45, p90: 180 };
const INCIDENTS: IncidentCounts = { total: 4, breaches: 3, nearMisses: 1, icoReportable: 2, icoDeadlinesMissed: 1, open: 2 };
const NO_INCIDENTS: IncidentCounts = { total: 0, breaches: 0, nearMisses: 0, icoReportable: 0, icoDeadlinesMissed: 0, open: 0 };

const row = (dimension: string, value: string, decisions: number, records = decisions): RollupRow => ({ dimension, value, decisions, records });
const monthRow = (month: string, dimension: string, value: string, decisions: number, records = decisions): MonthRow => ({ month, dimension, value, decisions, records });

/**
 * Ten decisions over the range, as decision-rollups.ts would count them:
 * 6 SHARED (40 records), 2 PARTIALLY_SHARED (5 records), 2 NOT_SHARED (7 records).
 */
const ROWS: RollupRow[] = [
  row('total', '', 10, 52),
  row('outcome', 'SHARED', 6, 40),
  row('outcome', 'PARTIALLY_SHARED', 2, 5),
  row('outcome', 'NOT_SHARED', 2, 7),
  row('consent', 'GIVEN', 5),
  row('consent', 'REFUSED', 3),
  row('consent', 'WITHDRAWN', 2),
  row('article6', 'ART6_1_E_PUBLIC_TASK', 5, 30),
  row('article6', 'NONE', 3, 15),
  row('commonLaw', 'PUBLIC_INTEREST', 4),
  row('commonLaw', 'EXPLICIT_CONSENT', 4),
  row('flow', `${COUNCIL}>${COMMUNITY}`, 3),
  row('flow', `${HOSPITAL}>${COUNCIL}`, 6),
  row('flow', `${COMMUNITY}>${HOSPITAL}`, 1),
  row('sharedFlow', `${HOSPITAL}>${COUNCIL}`, 5),
  row('sharedFlow', `${COUNCIL}>${COMMUNITY}`, 3),
  row('partialFlow', `${HOSPITAL}>${COUNCIL}`, 1),
  row('partialFlow', `${COUNCIL}>${COMMUNITY}`, 1),
  row('flaggedFlow', `${HOSPITAL}>${COUNCIL}`, 2),
  row('method', 'NHSMAIL', 6, 41),
  row('method', 'ENCRYPTED_REMOVABLE_MEDIA', 2, 4),
  row('approvedMethod', 'true', 6),
  row('approvedMethod', 'false', 2),
  row('specialCategory', 'true', 3),
  row('specialCategory', 'false', 5),
  row('consentRefused', 'true', 2),
  row('consentRefused', 'false', 3),
  row('override', 'true', 2),
  row('dataItem', 'Diagnosis', 3),
  row('dataItem', 'NHS number', 8, 45),
  row('dataItem', 'Address', 3),
  row('dataItem', 'Date of birth', 5),
  row('withheldItem', 'Diagnosis', 2, 5),
  row('withheldItem', 'Address', 1),
  row('flag', DecisionFlagKind.METHOD_NOT_ALLOWED, 2),
  row('flag', DecisionFlagKind.FLOW_NOT_IN_AGREEMENT, 1),
  row('flag', 'RETIRED_FLAG_KIND', 4),
  row('flagged', 'true', 3),
  row('flagged', 'false', 7),
];

const MONTHS: MonthRow[] = [
  monthRow('2026-01', 'total', '', 4),
  monthRow('2026-01', 'outcome', 'SHARED', 2),
  monthRow('2026-01', 'outcome', 'PARTIALLY_SHARED', 1),
  monthRow('2026-01', 'outcome', 'NOT_SHARED', 1),
  monthRow('2026-02', 'total', '', 5),
  monthRow('2026-02', 'outcome', 'SHARED', 4),
  monthRow('2026-02', 'outcome', 'NOT_SHARED', 1),
  monthRow('2026-03', 'total', '', 1),
  monthRow('2026-03', 'outcome', 'PARTIALLY_SHARED', 1),
];

/** Three of the ten under no agreement: 1 shared, 1 partially, 1 not shared. */
const OUTSIDE: RollupRow[] = [row('total', '', 3), row('outcome', 'SHARED', 1), row('outcome', 'PARTIALLY_SHARED', 1), row('outcome', 'NOT_SHARED', 1)];

const build = (months: MonthRow[] = MONTHS, rows: RollupRow[] = ROWS, timing = TIMING, incidents = INCIDENTS, outside = OUTSIDE) =>
  metricsFromRollups(HEAD, months, rows, outside, timing, incidents, nameOf);

describe('metricsFromRollups', () => {
  it('keeps the head of the report', () => {
    const m = build();
    expect(m.scope).toBe('AGREEMENT');
    expect(m.scopeId).toBe('agreement-1');
    expect(m.scopeName).toBe('Hospital discharge ISA');
    expect(m.fromMonth).toBe('2026-01');
    expect(m.toMonth).toBe('2026-03');
  });

  it('counts decisions and outcomes', () => {
    const m = build();
    expect(m.decisions).toBe(10);
    expect(m.shared).toBe(6);
    expect(m.partiallyShared).toBe(2);
    expect(m.notShared).toBe(2);
  });

  it('counts records by outcome: shared in full, partially shared, not shared', () => {
    expect(build()).toMatchObject({ recordsShared: 40, recordsPartiallyShared: 5, recordsNotShared: 7 });
  });

  it('gives the decisions outside any agreement their own line', () => {
    expect(build().outsideAnyAgreement).toEqual({ decisions: 3, shared: 1, partiallyShared: 1, notShared: 1 });
    expect(build(MONTHS, ROWS, TIMING, INCIDENTS, []).outsideAnyAgreement).toEqual({ decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 });
  });

  it('counts the items withheld from partial shares, by item', () => {
    expect(build().byWithheldItem).toEqual([
      { value: 'Diagnosis', decisions: 2, records: 5 },
      { value: 'Address', decisions: 1, records: 1 },
    ]);
  });

  it('counts each month, in the order the months come', () => {
    expect(build().byMonth).toEqual([
      { month: '2026-01', decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
      { month: '2026-02', decisions: 5, shared: 4, partiallyShared: 0, notShared: 1 },
      { month: '2026-03', decisions: 1, shared: 0, partiallyShared: 1, notShared: 0 },
    ]);
  });

  it('names both ends of each flow, with its decisions shared in full, in part and not, and flagged, most decisions first', () => {
    expect(build().byFlow).toEqual([
      { fromOrganisationId: HOSPITAL, fromOrganisationName: 'Acute Hospital Trust', toOrganisationId: COUNCIL, toOrganisationName: 'Borough Council', decisions: 6, shared: 4, partiallyShared: 1, notShared: 1, flagged: 2 },
      { fromOrganisationId: COUNCIL, fromOrganisationName: 'Borough Council', toOrganisationId: COMMUNITY, toOrganisationName: 'Community Health Trust', decisions: 3, shared: 2, partiallyShared: 1, notShared: 0, flagged: 0 },
      { fromOrganisationId: COMMUNITY, fromOrganisationName: 'Community Health Trust', toOrganisationId: HOSPITAL, toOrganisationName: 'Acute Hospital Trust', decisions: 1, shared: 0, partiallyShared: 0, notShared: 1, flagged: 0 },
    ]);
  });

  it('asks nameOf for every organisation of a flow, and orders tied flows by the discloser name', () => {
    const asked: string[] = [];
    const m = metricsFromRollups(
      HEAD,
      [],
      [row('flow', `${COMMUNITY}>${COUNCIL}`, 2), row('flow', `${COUNCIL}>${HOSPITAL}`, 2), row('flow', `unknown-org>${HOSPITAL}`, 1)],
      [],
      TIMING,
      INCIDENTS,
      (id) => {
        asked.push(id);
        return nameOf(id);
      },
    );
    expect(m.byFlow.map((f) => [f.fromOrganisationName, f.toOrganisationName, f.decisions])).toEqual([
      ['Borough Council', 'Acute Hospital Trust', 2],
      ['Community Health Trust', 'Borough Council', 2],
      ['Unknown organisation', 'Acute Hospital Trust', 1],
    ]);
    expect(new Set(asked)).toEqual(new Set([COMMUNITY, COUNCIL, HOSPITAL, 'unknown-org']));
  });

  it('orders flows tied on decisions and discloser by the recipient name, whatever order the rows come in', () => {
    const flows = [row('flow', `${COUNCIL}>${HOSPITAL}`, 1), row('flow', `${COUNCIL}>${COMMUNITY}`, 1), row('flow', `${HOSPITAL}>${COUNCIL}`, 1)];
    for (const rows of [flows, [...flows].reverse()]) {
      expect(metricsFromRollups(HEAD, [], rows, [], TIMING, INCIDENTS, nameOf).byFlow.map((f) => [f.fromOrganisationName, f.toOrganisationName])).toEqual([
        ['Acute Hospital Trust', 'Borough Council'],
        ['Borough Council', 'Acute Hospital Trust'],
        ['Borough Council', 'Community Health Trust'],
      ]);
    }
  });

  it('ranks data items by decisions, ties alphabetically, with their records', () => {
    expect(build().byDataItem).toEqual([
      { value: 'NHS number', decisions: 8, records: 45 },
      { value: 'Date of birth', decisions: 5, records: 5 },
      { value: 'Address', decisions: 3, records: 3 },
      { value: 'Diagnosis', decisions: 3, records: 3 },
    ]);
  });

  it('ranks the other breakdowns the same way', () => {
    const m = build();
    expect(m.byArticle6Basis).toEqual([
      { value: 'ART6_1_E_PUBLIC_TASK', decisions: 5, records: 30 },
      { value: 'NONE', decisions: 3, records: 15 },
    ]);
    expect(m.byCommonLawBasis.map((c) => c.value)).toEqual(['EXPLICIT_CONSENT', 'PUBLIC_INTEREST']);
    expect(m.byConsentStatus.map((c) => [c.value, c.decisions])).toEqual([
      ['GIVEN', 5],
      ['REFUSED', 3],
      ['WITHDRAWN', 2],
    ]);
    expect(m.byTransferMethod).toEqual([
      { value: 'NHSMAIL', decisions: 6, records: 41 },
      { value: 'ENCRYPTED_REMOVABLE_MEDIA', decisions: 2, records: 4 },
    ]);
  });

  it('gives the share of shared decisions with special category data, 0-1', () => {
    expect(build().specialCategoryShare).toBe(3 / 8);
  });

  it('gives the percentage shared by an approved method, to one decimal place', () => {
    expect(build().approvedMethodPercentage).toBe(75);
    const rows = [row('total', '', 3), row('outcome', 'SHARED', 3), row('approvedMethod', 'true', 2), row('approvedMethod', 'false', 1)];
    expect(build([], rows).approvedMethodPercentage).toBe(66.7);
  });

  it('gives 100% and 0 special category when every shared decision was approved and none special', () => {
    const rows = [row('total', '', 2), row('outcome', 'PARTIALLY_SHARED', 2), row('approvedMethod', 'true', 2), row('specialCategory', 'false', 2)];
    const m = build([], rows);
    expect(m.approvedMethodPercentage).toBe(100);
    expect(m.specialCategoryShare).toBe(0);
  });

  it('gives null shares when nothing was shared', () => {
    const rows = [
      row('total', '', 3, 9),
      row('outcome', 'NOT_SHARED', 3, 9),
      row('consent', 'REFUSED', 3),
      row('consentRefused', 'false', 3),
      row('flow', `${HOSPITAL}>${COUNCIL}`, 3),
      row('flagged', 'false', 3),
    ];
    const m = build([], rows);
    expect(m.specialCategoryShare).toBeNull();
    expect(m.approvedMethodPercentage).toBeNull();
    expect(m.recordsShared).toBe(0);
    expect(m.notShared).toBe(3);
    expect(m.byFlow).toEqual([expect.objectContaining({ decisions: 3, shared: 0 })]);
  });

  it('counts consent refused or withdrawn, and those overridden', () => {
    const m = build();
    expect(m.consentRefused).toBe(5);
    expect(m.consentRefusedOverridden).toBe(2);
  });

  it('lists only real flag kinds, most frequent first, and counts flagged decisions', () => {
    const m = build();
    expect(m.flagsByKind).toEqual([
      { value: DecisionFlagKind.METHOD_NOT_ALLOWED, decisions: 2, records: 2 },
      { value: DecisionFlagKind.FLOW_NOT_IN_AGREEMENT, decisions: 1, records: 1 },
    ]);
    expect(m.flaggedDecisions).toBe(3);
  });

  it('passes timing and incidents through', () => {
    const m = build();
    expect(m.medianMinutesToDecision).toBe(45);
    expect(m.p90MinutesToDecision).toBe(180);
    expect(m.incidents).toEqual(INCIDENTS);
    const none = build(MONTHS, ROWS, { median: null, p90: null });
    expect(none.medianMinutesToDecision).toBeNull();
    expect(none.p90MinutesToDecision).toBeNull();
  });

  it('gives zeros, empty lists and nulls for no rows', () => {
    expect(metricsFromRollups(HEAD, [], [], [], { median: null, p90: null }, NO_INCIDENTS, nameOf)).toEqual({
      ...HEAD,
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
      incidents: NO_INCIDENTS,
      rechecks: { decisions: 0, flaggedAsRecorded: 0, flaggedAfterRecheck: 0 },
      medianMinutesToDecision: null,
      p90MinutesToDecision: null,
    });
  });

  it('is pure: the same rows give the same figures and are not changed', () => {
    const rows = structuredClone(ROWS);
    const months = structuredClone(MONTHS);
    expect(build(months, rows)).toEqual(build());
    expect(rows).toEqual(ROWS);
    expect(months).toEqual(MONTHS);
  });
});
