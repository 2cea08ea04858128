import { compliantDraftAgreement, CREATE_AGREEMENT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { ledgerConsistency } from './support/consistency.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { buildPartnership } from './support/partnership-fixture.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const METRICS = `query ($agreementId: ID, $partnershipId: ID, $organisationId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, organisationId: $organisationId, fromMonth: $from, toMonth: $to) {
    scope scopeName decisions shared partiallyShared notShared recordsShared
    byMonth { month decisions shared partiallyShared notShared }
    byFlow { fromOrganisationName toOrganisationName decisions shared }
    byDataItem { value decisions }
    specialCategoryShare
    byArticle6Basis { value decisions } byCommonLawBasis { value decisions } byConsentStatus { value decisions }
    consentRefused consentRefusedOverridden
    byTransferMethod { value decisions } approvedMethodPercentage
    flagsByKind { value decisions } flaggedDecisions
    incidents { total breaches nearMisses icoReportable icoDeadlinesMissed open }
    medianMinutesToDecision p90MinutesToDecision
  }
}`;

const month = new Date().toISOString().slice(0, 7);

describe('sharing metrics from the rollups', () => {
  let t: TestApp;
  let icb: Partner;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let commissioner: { token: string };
  let otherCommissioner: { token: string };
  let protocolId: string;
  let ispA: string;
  let ispB: string;

  const metrics = async (variables: Record<string, unknown>, token = commissioner.token) =>
    ok(await t.gql(METRICS, { from: month, to: month, ...variables }, token)).sharingMetrics;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    ({ icb, hospital, council, care, commissioner, otherCommissioner, protocolId, ispA, ispB } = await buildPartnership(t));
  });
  afterAll(async () => t.close());

  it('gives exact figures for one agreement', async () => {
    const a = await metrics({ agreementId: ispA });
    expect(a).toMatchObject({
      scope: 'AGREEMENT',
      scopeName: 'Discharge ISP',
      decisions: 8,
      shared: 5,
      partiallyShared: 1,
      notShared: 2,
      recordsShared: 4 * 1 + 250 + 1, // four single records and a bulk 250 shared; one partially shared
      byMonth: [{ month, decisions: 8, shared: 5, partiallyShared: 1, notShared: 2 }],
      byFlow: [{ fromOrganisationName: hospital.name, toOrganisationName: council.name, decisions: 8, shared: 6 }],
      consentRefused: 2,
      consentRefusedOverridden: 1,
      flaggedDecisions: 2,
      incidents: { total: 1, breaches: 1, nearMisses: 0, icoReportable: 1, icoDeadlinesMissed: 0, open: 1 },
      medianMinutesToDecision: 40,
      p90MinutesToDecision: 75, // 80 minutes, in the 15-minute bucket from 75
    });
    expect(a.byDataItem).toEqual([
      { value: 'NHS number', decisions: 6 },
      { value: 'Discharge summary', decisions: 4 },
      { value: 'Full case file', decisions: 1 },
    ]);
    expect(a.specialCategoryShare).toBeCloseTo(5 / 6); // of the six that shared, only the partial one had no special category data
    expect(a.byArticle6Basis).toEqual([
      { value: 'ART6_1_E_PUBLIC_TASK', decisions: 5 },
      { value: 'ART6_1_C_LEGAL_OBLIGATION', decisions: 1 },
    ]);
    expect(a.byCommonLawBasis).toEqual([
      { value: 'IMPLIED_CONSENT', decisions: 3 },
      { value: 'EXPLICIT_CONSENT', decisions: 1 },
      { value: 'LEGAL_REQUIREMENT', decisions: 1 },
      { value: 'PUBLIC_INTEREST', decisions: 1 },
    ]);
    expect(a.byTransferMethod).toEqual([
      { value: 'NHSMAIL', decisions: 5 },
      { value: 'STANDARD_EMAIL', decisions: 1 },
    ]);
    expect(a.approvedMethodPercentage).toBeCloseTo((5 / 6) * 100, 1);
    expect(a.flagsByKind).toEqual([
      { value: 'DATA_ITEM_OUTSIDE_FLOW', decisions: 1 },
      { value: 'METHOD_NOT_ALLOWED', decisions: 1 },
      { value: 'METHOD_NOT_SECURE', decisions: 1 },
    ]);
  });

  it('adds up a partnership: the protocol and every agreement under it, not sharing outside it', async () => {
    const p = await metrics({ partnershipId: protocolId });
    expect(p).toMatchObject({ scope: 'PARTNERSHIP', decisions: 11, shared: 8, partiallyShared: 1, notShared: 2, medianMinutesToDecision: 60, p90MinutesToDecision: 90 }); // 100 minutes: the bucket from 90
    expect(p.incidents).toEqual({ total: 1, breaches: 1, nearMisses: 0, icoReportable: 1, icoDeadlinesMissed: 0, open: 1 }); // under ISP A
    expect(p.byFlow.map((f: any) => [f.fromOrganisationName, f.toOrganisationName, f.decisions])).toEqual([
      [hospital.name, council.name, 8],
      [council.name, care.name, 3],
    ]);
    expect(p.flagsByKind).toEqual(
      expect.arrayContaining([
        { value: 'IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', decisions: 1 },
        { value: 'METHOD_NOT_ALLOWED', decisions: 2 },
      ]),
    );
  });

  it('gives an organisation everything it disclosed, under any agreement or none', async () => {
    const c = await metrics({ organisationId: council.id }, council.igLead.token);
    expect(c).toMatchObject({ scope: 'ORGANISATION', decisions: 4, shared: 4 });
    expect(c.byFlow.map((f: any) => f.toOrganisationName).sort()).toEqual([care.name, hospital.name].sort());
    expect(c.incidents.total).toBe(0); // the council reported none
    const h = await metrics({ organisationId: hospital.id }, hospital.igLead.token);
    expect(h.incidents).toEqual({ total: 1, breaches: 1, nearMisses: 0, icoReportable: 1, icoDeadlinesMissed: 0, open: 1 });
    const b = await metrics({ agreementId: ispB });
    expect(b.incidents.total).toBe(0); // the incident is under ISP A
  });

  it('buckets time to decision by minutes_bucket: finer when quick, coarser when slow', async () => {
    const minutes = [0, 9, 10, 14, 59, 60, 74, 75, 239, 240, 299, 1439, 1440, 1799, 10079, 10080, 20000];
    const { rows } = await t.db.query('SELECT m, minutes_bucket(m) AS bucket FROM unnest($1::bigint[]) AS m', [minutes]);
    expect(Object.fromEntries(rows.map((r) => [r.m, Number(r.bucket)]))).toEqual({
      0: 0, 9: 9, 10: 10, 14: 10, 59: 55, 60: 60, 74: 60, 75: 75, 239: 225, 240: 240, 299: 240,
      1439: 1380, 1440: 1440, 1799: 1440, 10079: 9720, 10080: 10080, 20000: 18720,
    });
  });

  it('keeps rollups exact: every figure equals a direct count of the ledger', async () => {
    const ids = [protocolId, ispA, ispB];
    const direct = async (sql: string) => (await t.db.query(sql, [ids])).rows;
    const p = await metrics({ partnershipId: protocolId });
    const [totals] = await direct(`SELECT count(*)::int AS decisions,
        count(*) FILTER (WHERE outcome = 'SHARED')::int AS shared, count(*) FILTER (WHERE outcome = 'PARTIALLY_SHARED')::int AS partial,
        count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS not_shared,
        coalesce(sum(record_count) FILTER (WHERE outcome <> 'NOT_SHARED'), 0)::int AS records,
        count(*) FILTER (WHERE consent_status IN ('REFUSED', 'WITHDRAWN'))::int AS refused,
        count(*) FILTER (WHERE cardinality(flags) > 0)::int AS flagged,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes_bucket(floor(extract(epoch FROM decided_at - requested_at) / 60)::bigint))::int AS median,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY minutes_bucket(floor(extract(epoch FROM decided_at - requested_at) / 60)::bigint))::int AS p90
      FROM sharing_decision WHERE agreement_id = ANY($1)`);
    expect(p).toMatchObject({
      decisions: totals.decisions,
      shared: totals.shared,
      partiallyShared: totals.partial,
      notShared: totals.not_shared,
      recordsShared: totals.records,
      consentRefused: totals.refused,
      flaggedDecisions: totals.flagged,
      medianMinutesToDecision: totals.median,
      p90MinutesToDecision: totals.p90,
    });
    const items = await direct(`SELECT item AS value, count(*)::int AS decisions FROM sharing_decision, unnest(data_items_shared) AS item WHERE agreement_id = ANY($1) GROUP BY item`);
    expect([...p.byDataItem].sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual(items.sort((a, b) => a.value.localeCompare(b.value)));
    const flags = await direct(`SELECT flag AS value, count(*)::int AS decisions FROM sharing_decision, unnest(flags) AS flag WHERE agreement_id = ANY($1) GROUP BY flag`);
    expect([...p.flagsByKind].sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual(flags.sort((a, b) => a.value.localeCompare(b.value)));
    const methods = await direct(`SELECT transfer_method AS value, count(*)::int AS decisions FROM sharing_decision WHERE agreement_id = ANY($1) AND outcome <> 'NOT_SHARED' GROUP BY 1`);
    expect([...p.byTransferMethod].sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual(methods.sort((a, b) => a.value.localeCompare(b.value)));
  });

  it('lets commissioners see their own partnership only, and never individual decisions', async () => {
    const refused = failure(await t.gql(METRICS, { partnershipId: protocolId, from: month, to: month }, otherCommissioner.token));
    expect(refused.extensions.code).toBe('FORBIDDEN');
    const agreementRefused = failure(await t.gql(METRICS, { agreementId: ispA, from: month, to: month }, otherCommissioner.token));
    expect(agreementRefused.extensions.code).toBe('FORBIDDEN');
    // Through the partnership, the commissioner may see an agreement the ICB is not itself a party to.
    expect((await metrics({ agreementId: ispB })).decisions).toBe(3);
    expect(failure(await t.gql('{ sharingDecisions { totalCount } }', {}, commissioner.token)).extensions.code).toBe('FORBIDDEN');
    expect(failure(await t.gql(METRICS, { organisationId: hospital.id, from: month, to: month }, commissioner.token)).extensions.code).toBe('FORBIDDEN');
  });

  it('judges agreement health on a date: green, amber as reviews come due, red when overdue', async () => {
    const HEALTH = `query ($p: ID!, $asOf: LocalDate) { agreementHealth(partnershipId: $p, asOf: $asOf) {
      asOf status reasons activeAgreements awaitingSignatures signatureCompleteness reviewsOverdue reviewsDueWithin30Days reviewsDueWithin90Days
      partiesBelowDsptMet { name dsptStatus } accreditationsExpiringWithin90Days { name }
      agreements { reference status nextReviewDate daysToReview } } }`;
    const today = new Date().toISOString().slice(0, 10);
    const now = ok(await t.gql(HEALTH, { p: protocolId, asOf: today }, commissioner.token)).agreementHealth;
    expect(now).toMatchObject({ status: 'GREEN', reasons: [], activeAgreements: 2, awaitingSignatures: 0, signatureCompleteness: null, reviewsOverdue: 0, partiesBelowDsptMet: [] });
    expect(now.agreements.map((a: any) => a.status).sort()).toEqual(['ACTIVE', 'ACTIVE', 'DRAFT']);
    // An organisation's own: the agreements it is involved in, whatever its part.
    const OWN = `query ($o: ID!) { agreementHealth(organisationId: $o) { activeAgreements agreements { reference status } } }`;
    const icbOwn = ok(await t.gql(OWN, { o: icb.id }, commissioner.token)).agreementHealth;
    expect(icbOwn).toEqual({ activeAgreements: 0, agreements: [{ reference: now.agreements.find((a: any) => a.status === 'DRAFT').reference, status: 'DRAFT' }] });
    const hospitalOwn = ok(await t.gql(OWN, { o: hospital.id }, hospital.igLead.token)).agreementHealth;
    expect(hospitalOwn).toEqual({ activeAgreements: 2, agreements: now.agreements.map((a: any) => ({ reference: a.reference, status: a.status })) });
    const nextReview = now.agreements.find((a: any) => a.status === 'ACTIVE').nextReviewDate;
    const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    const dueSoon = ok(await t.gql(HEALTH, { p: protocolId, asOf: shift(nextReview, -20) }, commissioner.token)).agreementHealth;
    expect(dueSoon).toMatchObject({ status: 'AMBER', reviewsDueWithin30Days: 2, reviewsDueWithin90Days: 2, reviewsOverdue: 0 });
    expect(dueSoon.reasons[0]).toMatch(/2 agreement\(s\) due for review within 90 days/);
    const overdue = ok(await t.gql(HEALTH, { p: protocolId, asOf: shift(nextReview, 1) }, commissioner.token)).agreementHealth;
    expect(overdue).toMatchObject({ status: 'RED', reviewsOverdue: 2 });

    // A party slips below DSPT Standards Met and its accreditation runs short: amber, with both reasons.
    // A new DSPT status comes with its new publication date (today).
    ok(await t.gql(`mutation ($id: ID!, $d: LocalDate, $e: LocalDate) { updateOrganisation(id: $id, input: { dsptStatus: APPROACHING_STANDARDS, dsptStatusDate: $d, secureEmailMethod: DCB1596_SELF_ACCREDITED, secureEmailAccreditationExpiry: $e }) { id } }`, { id: care.id, d: today, e: shift(today, 60) }, await t.adminToken()));
    const slipping = ok(await t.gql(HEALTH, { p: protocolId, asOf: today }, commissioner.token)).agreementHealth;
    expect(slipping.status).toBe('AMBER');
    expect(slipping.partiesBelowDsptMet).toEqual([{ name: care.name, dsptStatus: 'APPROACHING_STANDARDS' }]);
    expect(slipping.accreditationsExpiringWithin90Days).toEqual([{ name: care.name }]);
    expect(slipping.reasons).toEqual([expect.stringContaining('DSPT below Standards Met'), expect.stringContaining('expires within 90 days')]);
    // ...and a commissioner elsewhere may not look.
    expect(failure(await t.gql(HEALTH, { p: protocolId }, otherCommissioner.token)).extensions.code).toBe('FORBIDDEN');
  });

  it('names a bad scope or month range', async () => {
    const none = failure(await t.gql(METRICS, { from: month, to: month }, commissioner.token));
    expect(none.extensions.fields?.[0]).toMatchObject({ field: 'scope', rule: 'exactlyOne' });
    const backwards = failure(await t.gql(METRICS, { partnershipId: protocolId, from: '2026-12', to: '2026-01' }, commissioner.token));
    expect(backwards.extensions.fields?.[0]).toMatchObject({ field: 'toMonth', rule: 'afterFrom' });
    const badMonth = failure(await t.gql(METRICS, { partnershipId: protocolId, from: '2026-13', to: '2026-12' }, commissioner.token));
    expect(badMonth.extensions.fields?.[0]).toMatchObject({ field: 'fromMonth' });
    const notProtocol = failure(await t.gql(METRICS, { partnershipId: ispA, from: month, to: month }, commissioner.token));
    expect(notProtocol.extensions.fields?.[0]).toMatchObject({ field: 'partnershipId', rule: 'isProtocol' });
  });
  it('reads every figure of an answer from one snapshot: the months add up to the total while decisions are being recorded', async () => {
    const writes = Array.from({ length: 12 }, () =>
      t.gql(RECORD_DECISIONS, { decisions: [decisionInput(council.id, care.id, { dataItemsShared: ['Name and address'] })] }, council.practitioner.token),
    );
    const reads = Array.from({ length: 12 }, () => metrics({ partnershipId: protocolId }));
    const [written, answers] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    for (const w of written) ok(w);
    for (const a of answers) {
      expect(a.byMonth.reduce((sum: number, m: any) => sum + m.decisions, 0)).toBe(a.decisions);
      expect(a.shared + a.partiallyShared + a.notShared).toBe(a.decisions);
    }
  });

  it("moves a draft's decisions to the partnership it is put under, and out of the one it leaves", async () => {
    // Every partnership's figures against a direct count of the ledger, by the agreement's protocol now.
    const expectPartnershipsExact = async () => {
      const { rows } = await t.db.query(
        `SELECT CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END AS protocol_id, count(*)::int AS decisions,
                count(*) FILTER (WHERE d.outcome = 'SHARED')::int AS shared
         FROM sharing_decision d JOIN agreement a ON a.id = d.agreement_id
         WHERE (a.kind = 'PROTOCOL' OR a.parent_protocol_id IS NOT NULL) AND d.decided_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY 1`,
      );
      const direct = new Map(rows.map((r) => [r.protocol_id, { decisions: r.decisions, shared: r.shared }]));
      for (const id of [protocolId, hospitalProtocol]) {
        const figures = await metrics({ partnershipId: id }, await t.adminToken());
        expect({ id, decisions: figures.decisions, shared: figures.shared }).toEqual({ id, ...(direct.get(id) ?? { decisions: 0, shared: 0 }) });
      }
      expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
    };
    const hospitalProtocol = ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'PROTOCOL', title: 'Hospital group protocol' } }, hospital.igLead.token)).createAgreement.id;
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Draft moved between partnerships');
    const under = async (parentProtocolId: string | null, revision: number) =>
      ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId: draft.id, expectedRevision: revision, parentProtocolId } }, hospital.igLead.token)).updateAgreementStructure
        .draftRevision as number;
    let revision = await under(protocolId, draft.revision);
    const before = await metrics({ partnershipId: protocolId });
    ok(await t.gql(RECORD_DECISIONS, { decisions: [decisionInput(hospital.id, council.id, { agreementId: draft.id }), decisionInput(hospital.id, council.id, { agreementId: draft.id, outcome: 'NOT_SHARED', notSharedReason: 'RISK_OF_HARM', dataItemsShared: [], transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 })] }, hospital.practitioner.token));
    expect(await metrics({ partnershipId: protocolId })).toMatchObject({ decisions: before.decisions + 2, shared: before.shared + 1 });
    await expectPartnershipsExact();

    revision = await under(hospitalProtocol, revision);
    expect(await metrics({ partnershipId: protocolId })).toMatchObject({ decisions: before.decisions, shared: before.shared });
    expect(await metrics({ partnershipId: hospitalProtocol }, hospital.igLead.token)).toMatchObject({ decisions: 2, shared: 1, notShared: 1 });
    await expectPartnershipsExact();

    // Moved back while decisions are being recorded under it: each lands in the partnership the draft is in when it commits.
    const [moved, ...recorded] = await Promise.all([
      under(protocolId, revision),
      ...Array.from({ length: 10 }, () => t.gql(RECORD_DECISIONS, { decisions: [decisionInput(hospital.id, council.id, { agreementId: draft.id })] }, hospital.practitioner.token)),
    ]);
    for (const r of recorded) ok(r);
    expect(await metrics({ partnershipId: protocolId })).toMatchObject({ decisions: before.decisions + 12 });
    await expectPartnershipsExact();

    await under(null, moved);
    expect(await metrics({ partnershipId: protocolId })).toMatchObject({ decisions: before.decisions, shared: before.shared });
    expect(await metrics({ partnershipId: hospitalProtocol }, hospital.igLead.token)).toMatchObject({ decisions: 0, shared: 0 });
    expect(await t.db.query('SELECT 1 FROM partnership_rollup WHERE protocol_id = $1', [hospitalProtocol])).toMatchObject({ rowCount: 0 });
    await expectPartnershipsExact();
  });
});
