import { FlaggedFlows1798000000000 } from '../migrations/1798000000000-flagged-flows.js';
import { compliantDraftAgreement, CREATE_AGREEMENT, readyPartner, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { ledgerConsistency } from './support/consistency.js';
import { decisionInput, RECORD_DECISIONS } from './support/decision-fixtures.js';
import { buildPartnership } from './support/partnership-fixture.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const METRICS = `query ($agreementId: ID, $partnershipId: ID, $organisationId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, organisationId: $organisationId, fromMonth: $from, toMonth: $to) {
    scope scopeName decisions shared partiallyShared notShared recordsShared recordsPartiallyShared recordsNotShared
    outsideAnyAgreement { decisions shared partiallyShared notShared }
    byMonth { month decisions shared partiallyShared notShared }
    byFlow { fromOrganisationName toOrganisationName decisions shared partiallyShared notShared flagged }
    byDataItem { value decisions } byWithheldItem { value decisions records }
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
      recordsShared: 4 * 1 + 250, // four single records and a bulk 250
      recordsPartiallyShared: 1,
      recordsNotShared: 0,
      outsideAnyAgreement: { decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 },
      byMonth: [{ month, decisions: 8, shared: 5, partiallyShared: 1, notShared: 2 }],
      byFlow: [{ fromOrganisationName: hospital.name, toOrganisationName: council.name, decisions: 8, shared: 5, partiallyShared: 1, notShared: 2, flagged: 2 }],
      byWithheldItem: [{ value: 'Discharge summary', decisions: 1, records: 1 }],
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

  it("adds up a partnership: the protocol, every agreement under it, and its members' decisions outside any agreement", async () => {
    const p = await metrics({ partnershipId: protocolId });
    // The council's decision under no agreement counts: the council is a party to ISP A and ISP B, both in force.
    expect(p).toMatchObject({
      scope: 'PARTNERSHIP',
      decisions: 12,
      shared: 9,
      partiallyShared: 1,
      notShared: 2,
      outsideAnyAgreement: { decisions: 1, shared: 1, partiallyShared: 0, notShared: 0 },
      medianMinutesToDecision: 50, // buckets 5, 10, 20 ... 50 (the sixth of twelve), 60, 60, 75, 90, 90, 105
      p90MinutesToDecision: 90, // 100 minutes: the bucket from 90
    });
    expect(p.incidents).toEqual({ total: 1, breaches: 1, nearMisses: 0, icoReportable: 1, icoDeadlinesMissed: 0, open: 1 }); // under ISP A
    expect(p.byFlow.map((f: any) => [f.fromOrganisationName, f.toOrganisationName, f.decisions, f.shared, f.partiallyShared, f.notShared])).toEqual([
      [hospital.name, council.name, 8, 5, 1, 2],
      [council.name, care.name, 3, 3, 0, 0],
      [council.name, hospital.name, 1, 1, 0, 0],
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
    const members = [hospital.id, council.id, care.id]; // the parties to ISP A and ISP B; the ICB is a party to the draft protocol only
    const direct = async (sql: string) => (await t.db.query(sql.replaceAll('agreement_id = ANY($1)', '(agreement_id = ANY($1) OR (agreement_id IS NULL AND disclosing_organisation_id = ANY($2)))'), [ids, members])).rows;
    const p = await metrics({ partnershipId: protocolId });
    const [totals] = await direct(`SELECT count(*)::int AS decisions,
        count(*) FILTER (WHERE outcome = 'SHARED')::int AS shared, count(*) FILTER (WHERE outcome = 'PARTIALLY_SHARED')::int AS partial,
        count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS not_shared,
        coalesce(sum(record_count) FILTER (WHERE outcome = 'SHARED'), 0)::int AS records,
        coalesce(sum(record_count) FILTER (WHERE outcome = 'PARTIALLY_SHARED'), 0)::int AS partial_records,
        count(*) FILTER (WHERE agreement_id IS NULL)::int AS outside,
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
      recordsPartiallyShared: totals.partial_records,
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
    expect(p.outsideAnyAgreement.decisions).toBe(totals.outside);
    const withheld = await direct(
      `SELECT item AS value, count(*)::int AS decisions, sum(record_count)::int AS records FROM sharing_decision, unnest(data_items_withheld) AS item WHERE agreement_id = ANY($1) AND outcome = 'PARTIALLY_SHARED' GROUP BY item`,
    );
    expect([...p.byWithheldItem].sort((a: any, b: any) => a.value.localeCompare(b.value))).toEqual(withheld.sort((a, b) => a.value.localeCompare(b.value)));
    const flows = await direct(
      `SELECT o_from.name AS "fromOrganisationName", o_to.name AS "toOrganisationName", count(*)::int AS decisions, count(*) FILTER (WHERE outcome = 'SHARED')::int AS shared,
              count(*) FILTER (WHERE outcome = 'PARTIALLY_SHARED')::int AS "partiallyShared", count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS "notShared",
              count(*) FILTER (WHERE cardinality(flags) > 0)::int AS flagged
       FROM sharing_decision JOIN organisation o_from ON o_from.id = disclosing_organisation_id JOIN organisation o_to ON o_to.id = requesting_organisation_id
       WHERE agreement_id = ANY($1) GROUP BY 1, 2`,
    );
    const byName = (a: any, b: any) => `${a.fromOrganisationName}>${a.toOrganisationName}`.localeCompare(`${b.fromOrganisationName}>${b.toOrganisationName}`);
    expect([...p.byFlow].sort(byName)).toEqual(flows.sort(byName));
    expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
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
    expect(now).toMatchObject({ status: 'GREEN', reasons: [], activeAgreements: 3, awaitingSignatures: 0, signatureCompleteness: null, reviewsOverdue: 0, partiesBelowDsptMet: [] });
    expect(now.agreements.map((a: any) => a.status).sort()).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    // An organisation's own: the agreements it is involved in, whatever its part.
    const OWN = `query ($o: ID!) { agreementHealth(organisationId: $o) { activeAgreements agreements { reference status } } }`;
    const icbOwn = ok(await t.gql(OWN, { o: icb.id }, commissioner.token)).agreementHealth;
    const protocolReference = now.agreements.find((a: any) => a.reference.startsWith('PROTOCOL')).reference;
    expect(icbOwn).toEqual({ activeAgreements: 1, agreements: [{ reference: protocolReference, status: 'ACTIVE' }] });
    const hospitalOwn = ok(await t.gql(OWN, { o: hospital.id }, hospital.igLead.token)).agreementHealth;
    expect(hospitalOwn).toEqual({ activeAgreements: 3, agreements: now.agreements.map((a: any) => ({ reference: a.reference, status: a.status })) });
    const nextReview = now.agreements.find((a: any) => a.status === 'ACTIVE').nextReviewDate;
    const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    const dueSoon = ok(await t.gql(HEALTH, { p: protocolId, asOf: shift(nextReview, -20) }, commissioner.token)).agreementHealth;
    expect(dueSoon).toMatchObject({ status: 'AMBER', reviewsDueWithin30Days: 3, reviewsDueWithin90Days: 3, reviewsOverdue: 0 });
    expect(dueSoon.reasons[0]).toMatch(/3 agreements due for review within 90 days/);
    const overdue = ok(await t.gql(HEALTH, { p: protocolId, asOf: shift(nextReview, 1) }, commissioner.token)).agreementHealth;
    expect(overdue).toMatchObject({ status: 'RED', reviewsOverdue: 3 });

    // A party slips below DSPT Standards Met and its accreditation runs short: amber, with both reasons.
    // A new DSPT status comes with its new publication date (today).
    ok(await t.gql(`mutation ($id: ID!, $d: LocalDate, $e: LocalDate) { updateOrganisation(id: $id, input: { dsptStatus: APPROACHING_STANDARDS, dsptStatusDate: $d, secureEmailMethod: DCB1596_SELF_ACCREDITED, secureEmailAccreditationExpiry: $e }) { id } }`, { id: care.id, d: today, e: shift(today, 60) }, await t.adminToken()));
    const slipping = ok(await t.gql(HEALTH, { p: protocolId, asOf: today }, commissioner.token)).agreementHealth;
    expect(slipping.status).toBe('AMBER');
    expect(slipping.partiesBelowDsptMet).toEqual([{ name: care.name, dsptStatus: 'APPROACHING_STANDARDS' }]);
    expect(slipping.accreditationsExpiringWithin90Days).toEqual([{ name: care.name }]);
    expect(slipping.reasons).toEqual([`${care.name}'s DSPT is Approaching Standards`, expect.stringContaining('expires within 90 days')]);
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
    // Every partnership's figures against a direct count of the ledger, by the agreement's protocol now, and
    // its members' decisions outside any agreement: the Northshire ISPs' parties; the hospital's protocol has none in force.
    const members = new Map([[protocolId, [hospital.id, council.id, care.id]]]);
    const expectPartnershipsExact = async () => {
      const { rows } = await t.db.query(
        `SELECT p.protocol_id, count(*)::int AS decisions, count(*) FILTER (WHERE d.outcome = 'SHARED')::int AS shared
         FROM sharing_decision d LEFT JOIN agreement a ON a.id = d.agreement_id
         JOIN (SELECT unnest($1::uuid[]) AS protocol_id) p
           ON CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END = p.protocol_id
           OR (d.agreement_id IS NULL AND p.protocol_id = $2 AND d.disclosing_organisation_id = ANY($3))
         WHERE d.decided_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY 1`,
        [[protocolId, hospitalProtocol], protocolId, members.get(protocolId)],
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
  it("counts full, partial and no shares apart, withheld items by item, and members' decisions outside any agreement", async () => {
    // A month of their own (two months back), so the figures are this test's alone.
    const back = new Date();
    back.setUTCDate(1);
    back.setUTCMonth(back.getUTCMonth() - 2);
    const past = back.toISOString().slice(0, 7);
    const endedMinutesAgo = Math.ceil((Date.now() - Date.parse(`${past}-15T12:00:00Z`)) / 60_000);
    // Outside any agreement, a member's decisions count only for months it belonged: the protocol has been in force since before then.
    await t.db.query(`UPDATE agreement_version SET effective_date = $2 WHERE agreement_id = $1`, [protocolId, `${past}-01`]);
    const hospice = await readyPartner(t, 'Eastshire Hospice', 'hospice', { sector: 'VOLUNTARY_CHARITY' });
    const at = (from: Partner, to: Partner, overrides: Record<string, unknown>) => decisionInput(from.id, to.id, overrides, { endedMinutesAgo });
    const partial = (withheld: string[], overrides: Record<string, unknown> = {}) => ({ outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY', dataItemsWithheld: withheld, ...overrides });
    const notShared = { outcome: 'NOT_SHARED', dataItemsShared: [], transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 };
    const record = async (by: Partner, decisions: unknown[]) => ok(await t.gql(RECORD_DECISIONS, { decisions }, by.practitioner.token));
    await record(hospital, [
      // Under ISP A: two shared in full, two in part, one not.
      at(hospital, council, { agreementId: ispA }),
      at(hospital, council, { agreementId: ispA, recordCount: 40 }),
      at(hospital, council, { agreementId: ispA, ...partial(['Discharge summary']) }),
      at(hospital, council, { agreementId: ispA, ...partial(['Discharge summary', 'Medication list'], { recordCount: 3 }) }),
      at(hospital, council, { agreementId: ispA, ...notShared, notSharedReason: 'RISK_OF_HARM' }),
      // Outside any agreement: one shared in full, one in part.
      at(hospital, council, {}),
      at(hospital, council, partial(['Medication list'])),
    ]);
    // The council turns a request down before consent arises, under no agreement.
    await record(council, [at(council, hospital, { ...notShared, notSharedReason: 'NO_LEGITIMATE_PURPOSE', consentStatus: 'NOT_SOUGHT_REQUEST_REFUSED', personInformed: false, notInformedReason: 'NOT_SHARED' })]);
    // The ICB's counts in the partnership (it signed the protocol in force); the hospice's does not: a party to a draft under the protocol is no member.
    const hospiceParties = [hospital, hospice].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' }));
    ok(await t.gql(CREATE_AGREEMENT, { input: { kind: 'ISP', title: 'Hospice referrals (draft)', parentProtocolId: protocolId, parties: hospiceParties } }, hospital.igLead.token));
    await record(hospice, [at(hospice, hospital, {})]);
    await record(icb, [at(icb, hospital, {})]);

    const range = { from: past, to: past };
    const p = await metrics({ partnershipId: protocolId, ...range });
    expect(p).toMatchObject({
      decisions: 9,
      shared: 4,
      partiallyShared: 3,
      notShared: 2,
      outsideAnyAgreement: { decisions: 4, shared: 2, partiallyShared: 1, notShared: 1 },
      recordsShared: 1 + 40 + 1 + 1,
      recordsPartiallyShared: 1 + 3 + 1,
      recordsNotShared: 0,
      byMonth: [{ month: past, decisions: 9, shared: 4, partiallyShared: 3, notShared: 2 }],
      byFlow: [
        { fromOrganisationName: hospital.name, toOrganisationName: council.name, decisions: 7, shared: 3, partiallyShared: 3, notShared: 1 },
        { fromOrganisationName: council.name, toOrganisationName: hospital.name, decisions: 1, shared: 0, partiallyShared: 0, notShared: 1 },
        { fromOrganisationName: icb.name, toOrganisationName: hospital.name, decisions: 1, shared: 1, partiallyShared: 0, notShared: 0 },
      ],
      byWithheldItem: [
        { value: 'Discharge summary', decisions: 2, records: 4 },
        { value: 'Medication list', decisions: 2, records: 4 },
      ],
    });
    expect(p.byConsentStatus).toEqual(expect.arrayContaining([{ value: 'NOT_SOUGHT_REQUEST_REFUSED', decisions: 1 }]));

    // The agreement alone: nothing outside it.
    expect(await metrics({ agreementId: ispA, ...range })).toMatchObject({
      decisions: 5,
      shared: 2,
      partiallyShared: 2,
      notShared: 1,
      outsideAnyAgreement: { decisions: 0, shared: 0, partiallyShared: 0, notShared: 0 },
      byFlow: [{ fromOrganisationName: hospital.name, toOrganisationName: council.name, decisions: 5, shared: 2, partiallyShared: 2, notShared: 1 }],
      byWithheldItem: [
        { value: 'Discharge summary', decisions: 2, records: 4 },
        { value: 'Medication list', decisions: 1, records: 3 },
      ],
    });
    // Each organisation: all it disclosed, its own outside line beside.
    expect(await metrics({ organisationId: hospital.id, ...range }, hospital.igLead.token)).toMatchObject({
      decisions: 7,
      shared: 3,
      partiallyShared: 3,
      notShared: 1,
      outsideAnyAgreement: { decisions: 2, shared: 1, partiallyShared: 1, notShared: 0 },
    });
    expect(await metrics({ organisationId: icb.id, ...range }, icb.igLead.token)).toMatchObject({ decisions: 1, shared: 1, outsideAnyAgreement: { decisions: 1, shared: 1, partiallyShared: 0, notShared: 0 } });
    expect(await metrics({ organisationId: hospice.id, ...range }, hospice.igLead.token)).toMatchObject({ decisions: 1, outsideAnyAgreement: { decisions: 1, shared: 1, partiallyShared: 0, notShared: 0 } });

    // A full share said to have been refused before consent arose is refused, naming the field and the rule.
    const refused = failure(await t.gql(RECORD_DECISIONS, { decisions: [at(hospital, council, { consentStatus: 'NOT_SOUGHT_REQUEST_REFUSED' })] }, hospital.practitioner.token));
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/consentStatus$/), rule: 'requestRefusedOnlyWhenNotShared' })]));
    expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
  });

  it("has a migration that fills each flow's flagged decisions from the ledger, and takes them out again", async () => {
    const before = (await metrics({ partnershipId: protocolId })).byFlow;
    expect(before.some((f: { flagged: number }) => f.flagged > 0)).toBe(true);
    const runner = t.owner.createQueryRunner();
    try {
      await new FlaggedFlows1798000000000().down(runner);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM decision_rollup WHERE dimension = 'flaggedFlow'`);
      expect(rows[0].n).toBe(0);
      expect((await metrics({ partnershipId: protocolId })).byFlow.every((f: { flagged: number }) => f.flagged === 0)).toBe(true);
      // Migrations run in a transaction (the up locks the pending rows).
      await runner.startTransaction();
      await new FlaggedFlows1798000000000().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect((await metrics({ partnershipId: protocolId })).byFlow).toEqual(before);
    expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
  });
});
