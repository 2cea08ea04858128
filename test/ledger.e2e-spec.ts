import { randomUUID } from 'node:crypto';
import { acceptInvitations, compliantDraftAgreement, readyPartner, SIGN, SUBMIT, UPDATE_STRUCTURE, type Partner } from './support/agreement-fixtures.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const DECISION_FIELDS = 'id clientKey outcome consentStatus publicInterestOverride flags agreementId agreementVersionId caseReferenceHash keyQuestions recordCount';
const RECORD = `mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { ${DECISION_FIELDS} } }`;
const RECORD_MANY = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created alreadyRecorded decisions { id clientKey flags } } }`;
const IMPORT = `mutation ($csv: String!) { importSharingDecisionsCsv(csv: $csv) { created alreadyRecorded decisions { id clientKey outcome flags } } }`;
const HOUR = 3_600_000;

describe('the sharing-decision ledger', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let newcomer: Partner;
  let outsider: Partner;
  let agreementId: string;
  let draftAgreementId: string;
  let flowIds: string[];
  let activatedAt: number;

  /** A fully shared, consented, secure decision by the hospital to the council under the agreement, on its first flow. */
  const base = (overrides: Record<string, unknown> = {}) => ({
    clientKey: randomUUID(),
    agreementId,
    flowId: flowIds[0],
    requestingOrganisationId: council.id,
    disclosingOrganisationId: hospital.id,
    requestedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
    // Decided now: the agreement came into force moments ago, in beforeAll.
    decidedAt: new Date().toISOString(),
    purposeType: 'INDIVIDUAL_CARE',
    purpose: 'Arrange care on discharge',
    outcome: 'SHARED',
    dataItemsShared: ['NHS number', 'Discharge summary'],
    includesSpecialCategory: true,
    recordCount: 1,
    article6Basis: 'ART6_1_E_PUBLIC_TASK',
    article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
    commonLawBasis: 'IMPLIED_CONSENT',
    consentStatus: 'IMPLIED',
    transferMethod: 'NHSMAIL',
    personInformed: true,
    ...overrides,
  });
  const record = async (input: Record<string, unknown>, token = hospital.practitioner.token) =>
    ok(await t.gql(RECORD, { input }, token)).recordSharingDecision;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    newcomer = await readyPartner(t, 'Newcomer Housing Association', 'newcomer', { sector: 'HOUSING' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });

    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Discharge ISP');
    agreementId = draft.id;
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    for (const party of [hospital, council, care]) {
      ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
    }
    activatedAt = Date.now();
    const active = ok(await t.gql(`query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows { id } } } } }`, { id: agreementId }, hospital.igLead.token));
    flowIds = active.agreement.currentVersion.content.dataFlows.map((f: any) => f.id);

    // A variation adds the newcomer as a party, which accepts: involved in the agreement, but it has signed nothing.
    const variation = ok(await t.gql(`mutation ($id: ID!) { startVariation(agreementId: $id) { draftRevision draft { parties { organisationId role } } } }`, { id: agreementId }, hospital.igLead.token))
      .startVariation;
    const parties = [...variation.draft.parties.map((p: any) => ({ organisationId: p.organisationId, role: p.role })), { organisationId: newcomer.id, role: 'RECIPIENT' }];
    ok(await t.gql(UPDATE_STRUCTURE, { input: { agreementId, expectedRevision: variation.draftRevision, parties } }, hospital.igLead.token));
    await acceptInvitations(t, agreementId, [newcomer]);

    // A second agreement still in draft: nothing is in force under it.
    draftAgreementId = (await compliantDraftAgreement(t, hospital, hospital, council, care, 'Draft-only ISP')).id;
  });
  afterAll(async () => t.close());

  describe('recording', () => {
    it('records a decision checked against the version in force, with no flags when it keeps to it', async () => {
      const decision = await record(base({ caseReference: 'CASE-2026-00042' }));
      expect(decision).toMatchObject({ outcome: 'SHARED', flags: [], agreementId, recordCount: 1 });
      expect(decision.agreementVersionId).toEqual(expect.any(String));
      // The case reference is kept only as a keyed hash.
      expect(decision.caseReferenceHash).toMatch(/^[0-9a-f]{64}$/);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE row_to_json(sharing_decision)::text LIKE '%CASE-2026-00042%'`);
      expect(rows[0].n).toBe(0);
      const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE after::text LIKE '%CASE-2026-00042%'`);
      expect(audit.rows[0].n).toBe(0);
      // The same case gets the same hash.
      const again = await record(base({ caseReference: 'CASE-2026-00042' }));
      expect(again.caseReferenceHash).toBe(decision.caseReferenceHash);
    });

    it('answers with the decision exactly as it is stored: the same fields a later read gives', async () => {
      const ALL = `id recordedByOrganisationId clientKey agreementId agreementVersionId flowId requestingOrganisationId disclosingOrganisationId
        requestedAt decidedAt purposeType purpose outcome notSharedReason dataItemsShared dataItemsWithheld includesSpecialCategory recordCount
        article6Basis article9Condition commonLawBasis consentStatus capacityConsentBy publicInterestOverride overrideAuthorisedBy overrideReason
        adviceSought transferMethod personInformed notInformedReason decidedByUserId caseReferenceHash keyQuestions flags recordedAt`;
      const answer = ok(
        await t.gql(`mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { ${ALL} } }`, { input: base({ caseReference: 'CASE-READ-BACK', transferMethod: 'STANDARD_EMAIL' }) }, hospital.practitioner.token),
      ).recordSharingDecision;
      const stored = ok(await t.gql(`query ($id: ID!) { sharingDecision(id: $id) { ${ALL} } }`, { id: answer.id }, hospital.practitioner.token)).sharingDecision;
      expect(answer.flags.length).toBeGreaterThan(0);
      expect(answer).toEqual(stored);
    });

    it('records every outcome and consent status, under an agreement and under none', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['shared, consent given', { consentStatus: 'GIVEN', commonLawBasis: 'EXPLICIT_CONSENT' }],
        ['partially shared', { outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY', dataItemsShared: ['NHS number'], dataItemsWithheld: ['Discharge summary'], includesSpecialCategory: false, article9Condition: null }],
        ['not shared', { outcome: 'NOT_SHARED', notSharedReason: 'NO_LEGITIMATE_PURPOSE', dataItemsShared: [], transferMethod: null, article6Basis: null, commonLawBasis: null, personInformed: false, notInformedReason: 'NOT_SHARED', recordCount: 0 }],
        ['consent refused, shared on a public-interest override', { consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST', purposeType: 'SAFEGUARDING', publicInterestOverride: true, overrideAuthorisedBy: 'Dr A Patel, Caldicott Guardian', overrideReason: 'Risk of serious harm to a child', adviceSought: ['CALDICOTT_GUARDIAN'], personInformed: false, notInformedReason: 'WOULD_INCREASE_RISK_OF_HARM' }],
        ['consent withdrawn, not shared', { consentStatus: 'WITHDRAWN', outcome: 'NOT_SHARED', notSharedReason: 'CONSENT_REFUSED', dataItemsShared: [], transferMethod: null, article6Basis: null, commonLawBasis: null, recordCount: 0 }],
        ['not sought because unsafe', { consentStatus: 'NOT_SOUGHT_UNSAFE', commonLawBasis: 'PUBLIC_INTEREST', purposeType: 'SAFEGUARDING', personInformed: false, notInformedReason: 'WOULD_PREJUDICE_CRIME_INVESTIGATION' }],
        ['not needed: not confidential', { consentStatus: 'NOT_SOUGHT_NOT_REQUIRED', commonLawBasis: 'NOT_CONFIDENTIAL' }],
        ['lacks capacity, a deputy consented', { consentStatus: 'LACKS_CAPACITY', capacityConsentBy: 'COURT_APPOINTED_DEPUTY', commonLawBasis: 'EXPLICIT_CONSENT' }],
        ['legal requirement, under no agreement', { agreementId: null, flowId: null, commonLawBasis: 'LEGAL_REQUIREMENT', article6Basis: 'ART6_1_C_LEGAL_OBLIGATION', consentStatus: 'NOT_SOUGHT_NOT_REQUIRED' }],
        ['s251, under no agreement', { agreementId: null, flowId: null, commonLawBasis: 'S251_SUPPORT', purposeType: 'RESEARCH', consentStatus: 'NOT_SOUGHT_NOT_REQUIRED', recordCount: 1200 }],
      ];
      for (const [name, overrides] of cases) {
        const decision = await record(base(overrides));
        expect({ name, flags: decision.flags }).toEqual({ name, flags: [] });
      }
      const { rows } = await t.db.query(`SELECT outcome, count(*)::int AS n FROM sharing_decision GROUP BY outcome ORDER BY outcome`);
      expect(rows.map((r) => r.outcome)).toEqual(['NOT_SHARED', 'PARTIALLY_SHARED', 'SHARED']);
    });

    it.each([
      ['AGREEMENT_NOT_ACTIVE', () => base({ agreementId: draftAgreementId, flowId: null })],
      ['AGREEMENT_NOT_ACTIVE', () => base({ requestedAt: new Date(activatedAt - 3 * HOUR).toISOString(), decidedAt: new Date(activatedAt - 2 * HOUR).toISOString() })],
      ['RECIPIENT_NOT_SIGNED_PARTY', () => base({ requestingOrganisationId: newcomer.id, flowId: null })],
      ['FLOW_NOT_IN_AGREEMENT', () => base({ flowId: randomUUID() })],
      ['DATA_ITEM_OUTSIDE_FLOW', () => base({ dataItemsShared: ['NHS number', 'Full case file'] })],
      ['METHOD_NOT_ALLOWED', () => base({ transferMethod: 'MESH' })],
      ['METHOD_NOT_SECURE', () => base({ transferMethod: 'STANDARD_EMAIL' })],
      ['IMPLIED_CONSENT_OUTSIDE_INDIVIDUAL_CARE', () => base({ purposeType: 'SERVICE_PLANNING' })],
      ['SPECIAL_CATEGORY_WITHOUT_ARTICLE_9', () => base({ article9Condition: null, includesSpecialCategory: false })],
    ])('flags %s, and still records the decision', async (kind, input) => {
      const decision = await record(input());
      expect(decision.flags).toContain(kind);
      expect((await t.db.query('SELECT flags FROM sharing_decision WHERE id = $1', [decision.id])).rows[0].flags).toContain(kind);
    });

    it('flags DISCLOSER_NOT_SIGNED_PARTY for a party that has not signed the version in force', async () => {
      const input = base({ disclosingOrganisationId: newcomer.id, requestingOrganisationId: hospital.id, flowId: null });
      const decision = await record(input, newcomer.practitioner.token);
      expect(decision.flags).toEqual(expect.arrayContaining(['DISCLOSER_NOT_SIGNED_PARTY', 'FLOW_NOT_IN_AGREEMENT']));
    });

    it('takes the seven key questions in order, checks the path they imply, and stores them', async () => {
      const notConfidential = await record(base({ keyQuestions: { q1: 'YES', q2: 'YES', q3: 'NO', q6: 'YES', q7: 'YES' }, consentStatus: 'NOT_SOUGHT_NOT_REQUIRED', commonLawBasis: 'NOT_CONFIDENTIAL' }));
      expect(notConfidential.keyQuestions).toEqual({ q1: 'YES', q2: 'YES', q3: 'NO', q6: 'YES', q7: 'YES' });
      // Not confidential leads straight to question 6: answering 4 is off the path.
      const offPath = failure(await t.gql(RECORD, { input: base({ keyQuestions: { q1: 'YES', q2: 'YES', q3: 'NO', q4: 'YES', q6: 'YES', q7: 'YES' } }) }, hospital.practitioner.token));
      expect(offPath.extensions.fields).toEqual([expect.objectContaining({ field: 'input.keyQuestions.q4', rule: 'skippedOnPath' })]);
      // No consent and no public interest: the flowchart says do not share.
      const noInterest = failure(
        await t.gql(RECORD, { input: base({ keyQuestions: { q1: 'YES', q2: 'YES', q3: 'YES', q4: 'NO', q5: 'NO', q7: 'YES' } }) }, hospital.practitioner.token),
      );
      expect(noInterest.extensions.fields?.map((f) => f.rule)).toContain('publicInterestBeforeSharing');
      // "Not sure" needs advice.
      const unsure = failure(await t.gql(RECORD, { input: base({ keyQuestions: { q1: 'NOT_SURE', q2: 'YES', q3: 'YES', q4: 'YES', q6: 'YES', q7: 'YES' } }) }, hospital.practitioner.token));
      expect(unsure.extensions.fields?.map((f) => f.rule)).toEqual(['adviceWhenNotSure']);
    });
  });

  describe('refusals', () => {
    it('refuses sharing after consent was refused without a public-interest override, naming the field, writing nothing', async () => {
      const before = (await t.db.query('SELECT count(*)::int AS n FROM sharing_decision')).rows[0].n;
      const error = failure(await t.gql(RECORD, { input: base({ consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST' }) }, hospital.practitioner.token));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.publicInterestOverride', rule: 'requiredWhenConsentRefused' }] });
      const noReason = failure(
        await t.gql(RECORD, { input: base({ consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST', publicInterestOverride: true, overrideAuthorisedBy: 'Head of safeguarding' }) }, hospital.practitioner.token),
      );
      expect(noReason.extensions.fields).toEqual([expect.objectContaining({ field: 'input.overrideReason', rule: 'requiredWithOverride' })]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM sharing_decision')).rows[0].n).toBe(before);
    });

    it('names each field and rule that joins fields together', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY' }, 'dataItemsWithheld', 'requiredWhenPartial'],
        [{ outcome: 'NOT_SHARED', transferMethod: null }, 'notSharedReason', 'requiredWhenWithheld'],
        [{ transferMethod: null }, 'transferMethod', 'requiredWhenShared'],
        [{ consentStatus: 'LACKS_CAPACITY' }, 'capacityConsentBy', 'requiredWhenLacksCapacity'],
        [{ personInformed: false }, 'notInformedReason', 'requiredWhenNotInformed'],
        [{ decidedAt: new Date(Date.now() - 3 * HOUR).toISOString() }, 'decidedAt', 'afterRequest'],
        [{ requestingOrganisationId: hospital.id }, 'requestingOrganisationId', 'differentOrganisation'],
        [{ agreementId: randomUUID(), flowId: null }, 'agreementId', 'exists'],
      ];
      for (const [overrides, field, rule] of cases) {
        const error = failure(await t.gql(RECORD, { input: base(overrides) }, hospital.practitioner.token));
        expect({ field, fields: error.extensions.fields }).toEqual({ field, fields: expect.arrayContaining([expect.objectContaining({ field: `input.${field}`, rule })]) });
      }
      const badEnum = failure(await t.gql(RECORD, { input: base({ consentStatus: 'MAYBE' }) }, hospital.practitioner.token));
      expect(badEnum.extensions.code).toBe('BAD_USER_INPUT');
    });

    it("refuses practitioners recording for another organisation, and roles that do not record decisions", async () => {
      const foreign = failure(await t.gql(RECORD, { input: base() }, council.practitioner.token));
      expect(foreign.extensions.code).toBe('FORBIDDEN');
      const signatory = failure(await t.gql(RECORD, { input: base() }, hospital.signatory.token));
      expect(signatory.extensions.code).toBe('FORBIDDEN');
      const uninvolved = failure(await t.gql(RECORD, { input: base({ disclosingOrganisationId: outsider.id }) }, outsider.practitioner.token));
      expect(uninvolved.extensions.fields?.[0]).toMatchObject({ field: 'input.agreementId', rule: 'involved' });
    });

    it("lets an organisation read only its own decisions", async () => {
      const mine = ok(await t.gql('{ sharingDecisions(first: 100) { totalCount edges { node { disclosingOrganisationId } } } }', {}, hospital.practitioner.token)).sharingDecisions;
      expect(mine.totalCount).toBeGreaterThan(10);
      expect(mine.edges.every((e: any) => e.node.disclosingOrganisationId === hospital.id)).toBe(true);
      // Newest first, page by page.
      const PAGE = 'query ($after: String) { sharingDecisions(first: 5, after: $after) { edges { node { recordedAt id } } pageInfo { endCursor } } }';
      const page1 = ok(await t.gql(PAGE, {}, hospital.practitioner.token)).sharingDecisions;
      const page2 = ok(await t.gql(PAGE, { after: page1.pageInfo.endCursor }, hospital.practitioner.token)).sharingDecisions;
      const times = [...page1.edges, ...page2.edges].map((e: any) => e.node.recordedAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(new Set([...page1.edges, ...page2.edges].map((e: any) => e.node.id)).size).toBe(10);
      const theirs = ok(await t.gql('{ sharingDecisions { totalCount } }', {}, council.practitioner.token)).sharingDecisions;
      expect(theirs.totalCount).toBe(0);
      const one = mine.edges[0].node;
      void one;
      const id = (await t.db.query('SELECT id FROM sharing_decision WHERE recorded_by_organisation_id = $1 LIMIT 1', [hospital.id])).rows[0].id;
      expect(failure(await t.gql('query ($id: ID!) { sharingDecision(id: $id) { id } }', { id }, council.practitioner.token)).extensions.code).toBe('FORBIDDEN');
      expect(ok(await t.gql('query ($id: ID!) { sharingDecision(id: $id) { id } }', { id }, hospital.igLead.token)).sharingDecision.id).toBe(id);
    });

    it('keeps a case reference hash to 64 lower-case hex digits in the database itself', async () => {
      const { id, caseReferenceHash } = ok(await t.gql(RECORD, { input: base({ caseReference: 'CASE-2026-00077' }) }, hospital.practitioner.token)).recordSharingDecision;
      const store = (hash: string | null) => t.db.query('UPDATE sharing_decision SET case_reference_hash = $1 WHERE id = $2', [hash, id]);
      for (const bad of ['A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), `${'a'.repeat(63)}g`, `${'a'.repeat(62)}é`, '']) {
        await expect(store(bad)).rejects.toMatchObject({ code: '23514', constraint: 'ck_sharing_decision_case_hash' });
      }
      for (const good of ['0123456789abcdef'.repeat(4), null, caseReferenceHash]) await store(good);
      expect((await t.db.query('SELECT case_reference_hash FROM sharing_decision WHERE id = $1', [id])).rows[0].case_reference_hash).toBe(caseReferenceHash);
    });
  });

  describe('partitioned by month', () => {
    const monthsAgo = (months: number) => {
      const at = new Date();
      at.setUTCMonth(at.getUTCMonth() - months, 15);
      return at;
    };
    const dated = (at: Date, clientKey: string) =>
      base({ clientKey, agreementId: null, flowId: null, requestedAt: new Date(at.getTime() - 60_000).toISOString(), decidedAt: at.toISOString() });
    const partitionOf = async (id: string) => (await t.db.query(`SELECT tableoid::regclass::text AS p FROM sharing_decision WHERE id = $1`, [id])).rows[0].p;

    it('files each decision in its month, and anything older than the kept months in the default partition', async () => {
      const recent = monthsAgo(3);
      const ancient = monthsAgo(40);
      const { recordSharingDecisions: r } = ok(await t.gql(RECORD_MANY, { decisions: [dated(recent, 'part-recent'), dated(ancient, 'part-ancient')] }, hospital.practitioner.token));
      const month = `${recent.getUTCFullYear()}m${String(recent.getUTCMonth() + 1).padStart(2, '0')}`;
      expect(await partitionOf(r.decisions[0].id)).toBe(`sharing_decision_y${month}`);
      expect(await partitionOf(r.decisions[1].id)).toBe('sharing_decision_default');
    });

    it('keeps a year of months ready ahead, and creating them again creates nothing', async () => {
      const ahead = new Date();
      ahead.setUTCMonth(ahead.getUTCMonth() + 12, 1);
      const name = `sharing_decision_y${ahead.getUTCFullYear()}m${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
      expect((await t.db.query('SELECT to_regclass($1) AS p', [name])).rows[0].p).toBe(name);
      const again = await t.db.query(`SELECT ensure_sharing_decision_partitions(now()::date, (now() + interval '12 months')::date) AS created`);
      expect(again.rows[0].created).toBe(0);
    });

    it('lets a month be detached and archived: metrics keep their figures, and a retried key is still recognised', async () => {
      const at = monthsAgo(6);
      const decisions = [dated(at, 'archive-1'), dated(at, 'archive-2')];
      const recorded = ok(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)).recordSharingDecisions;
      const partition = await partitionOf(recorded.decisions[0].id);
      const month = at.toISOString().slice(0, 7);
      const METRICS = `query ($id: ID!, $m: String!) { sharingMetrics(organisationId: $id, fromMonth: $m, toMonth: $m) { decisions } }`;
      const before = ok(await t.gql(METRICS, { id: hospital.id, m: month }, hospital.igLead.token)).sharingMetrics.decisions;
      expect(before).toBeGreaterThanOrEqual(2);

      await t.db.query(`ALTER TABLE sharing_decision DETACH PARTITION ${partition}`);
      try {
        expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'archive-%'`)).rows[0].n).toBe(0);
        expect(ok(await t.gql(METRICS, { id: hospital.id, m: month }, hospital.igLead.token)).sharingMetrics.decisions).toBe(before);
        // The key was claimed for good: a retry records nothing twice, even with its month archived.
        const retry = ok(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)).recordSharingDecisions;
        expect(retry).toMatchObject({ created: 0, alreadyRecorded: 2 });
        expect(retry.decisions.map((d: any) => d.id)).toEqual(recorded.decisions.map((d: any) => d.id));
        const clash = failure(await t.gql(RECORD_MANY, { decisions: [{ ...decisions[0], recordCount: 7 }] }, hospital.practitioner.token));
        expect(clash.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'decisions[0].clientKey', rule: 'sameRequest' }] });
      } finally {
        await t.db.query(`ALTER TABLE sharing_decision ATTACH PARTITION ${partition} FOR VALUES FROM ('${month}-01 00:00Z') TO ('${month}-01 00:00Z'::timestamptz + interval '1 month')`);
      }
    });
  });

  describe('bulk and CSV, idempotently', () => {
    it('a retried bulk call creates no duplicates; a reused key with other content is a CONFLICT', async () => {
      const decisions = Array.from({ length: 25 }, (_, i) => base({ clientKey: `bulk-${i}`, recordCount: 10 + i, flowId: null }));
      const first = ok(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)).recordSharingDecisions;
      expect(first).toMatchObject({ created: 25, alreadyRecorded: 0 });
      const retry = ok(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)).recordSharingDecisions;
      expect(retry).toMatchObject({ created: 0, alreadyRecorded: 25 });
      expect(retry.decisions.map((d: any) => d.id)).toEqual(first.decisions.map((d: any) => d.id));
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'bulk-%'`);
      expect(rows[0].n).toBe(25);
      const clash = failure(await t.gql(RECORD_MANY, { decisions: [{ ...decisions[3], recordCount: 999 }] }, hospital.practitioner.token));
      expect(clash.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'decisions[0].clientKey', rule: 'sameRequest' }] });
    });

    it('the same batch sent several times at once is recorded once, audited once, and every answer names the same decisions', async () => {
      const decisions = Array.from({ length: 20 }, (_, i) => base({ clientKey: `race-${i}`, flowId: null }));
      const auditBefore = (await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'sharingDecision.recordBatch'`)).rows[0].n;
      const answers = await Promise.all(Array.from({ length: 5 }, () => t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)));
      const results = answers.map((a) => ok(a).recordSharingDecisions);
      expect(results.reduce((sum: number, r: any) => sum + r.created, 0)).toBe(20);
      for (const r of results) expect(r.decisions.map((d: any) => d.id)).toEqual(results[0].decisions.map((d: any) => d.id));
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'race-%'`);
      expect(rows[0].n).toBe(20);
      const auditAfter = (await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'sharingDecision.recordBatch'`)).rows[0].n;
      expect(auditAfter - auditBefore).toBe(1);
    });

    it('a bad decision in a batch is named by index and nothing of the batch is written', async () => {
      const decisions = [base({ clientKey: 'batch-ok-1' }), base({ clientKey: 'batch-bad', consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST' }), base({ clientKey: 'batch-ok-2' })];
      const error = failure(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token));
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'decisions[1].publicInterestOverride' })]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'batch-%'`)).rows[0].n).toBe(0);
    });

    const csvOf = (rows: Record<string, string>[]) => {
      const columns = Object.keys(rows[0]);
      const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
      return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c] ?? '')).join(','))].join('\n');
    };
    const csvRow = (key: string, overrides: Record<string, string> = {}) => ({
      clientKey: key,
      agreementId,
      requestingOrganisationId: council.id,
      disclosingOrganisationId: hospital.id,
      requestedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      decidedAt: new Date().toISOString(),
      purposeType: 'INDIVIDUAL_CARE',
      outcome: 'SHARED',
      notSharedReason: '',
      dataItemsShared: 'NHS number|Discharge summary',
      includesSpecialCategory: 'yes',
      recordCount: '3',
      article6Basis: 'ART6_1_E_PUBLIC_TASK',
      article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
      commonLawBasis: 'IMPLIED_CONSENT',
      consentStatus: 'IMPLIED',
      transferMethod: 'NHSMAIL',
      personInformed: 'yes',
      q1: '',
      ...overrides,
    });

    it('imports a CSV; re-importing it creates no duplicates', async () => {
      const csv = csvOf([csvRow('csv-1'), csvRow('csv-2', { outcome: 'NOT_SHARED', notSharedReason: 'RISK_OF_HARM', dataItemsShared: '', transferMethod: '', recordCount: '0' }), csvRow('csv-3', { transferMethod: 'FAX' })]);
      const first = ok(await t.gql(IMPORT, { csv }, hospital.practitioner.token)).importSharingDecisionsCsv;
      expect(first.created).toBe(3);
      expect(first.decisions.map((d: any) => [d.clientKey, d.outcome])).toEqual([
        ['csv-1', 'SHARED'],
        ['csv-2', 'NOT_SHARED'],
        ['csv-3', 'SHARED'],
      ]);
      expect(first.decisions[2].flags).toEqual(expect.arrayContaining(['METHOD_NOT_SECURE', 'METHOD_NOT_ALLOWED']));
      const again = ok(await t.gql(IMPORT, { csv }, hospital.practitioner.token)).importSharingDecisionsCsv;
      expect(again).toMatchObject({ created: 0, alreadyRecorded: 3 });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'csv-%'`)).rows[0].n).toBe(3);
    });

    it('rejects a bad CSV row by row number and field, writing nothing of the file', async () => {
      const csv = csvOf([csvRow('csvbad-1'), csvRow('csvbad-2', { consentStatus: 'SORT_OF' }), csvRow('csvbad-3', { personInformed: 'no' })]);
      const error = failure(await t.gql(IMPORT, { csv }, hospital.practitioner.token));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'row 2.consentStatus', rule: 'isEnum' })]);
      expect(error.message).toContain('row 2, consentStatus');
      const crossField = failure(await t.gql(IMPORT, { csv: csvOf([csvRow('csvbad-4'), csvRow('csvbad-5', { personInformed: 'no' })]) }, hospital.practitioner.token));
      expect(crossField.extensions.fields).toEqual([expect.objectContaining({ field: 'row 2.notInformedReason', rule: 'requiredWhenNotInformed' })]);
      const unknownColumn = failure(await t.gql(IMPORT, { csv: 'clientKey,patientName\nx,John Smith' }, hospital.practitioner.token));
      expect(unknownColumn.message).toContain('unknown columns patientName');
      expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'csvbad-%'`)).rows[0].n).toBe(0);
    });

    it('refuses a CSV with a __proto__ column (which a parsed row drops), writing nothing of it', async () => {
      const csv = csvOf([{ ...csvRow('csvproto-1'), ['__proto__']: 'x' }]);
      const error = failure(await t.gql(IMPORT, { csv }, hospital.practitioner.token));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([{ field: 'csv', rule: 'knownColumns', message: 'csv: unknown columns __proto__' }]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE 'csvproto-%'`)).rows[0].n).toBe(0);
    });
  });

  describe('incidents', () => {
    const REPORT = `mutation ($input: ReportIncidentInput!) { reportIncident(input: $input) { id status icoReportable icoDeadline hoursUntilIcoDeadline icoDeadlineMissed } }`;

    it('records a reportable breach with its 72-hour ICO deadline, and follows it to the ICO', async () => {
      const discoveredAt = new Date(Date.now() - 10 * HOUR);
      const incident = ok(
        await t.gql(
          REPORT,
          { input: { agreementId, kind: 'BREACH', severity: 'HIGH', summary: 'Discharge summary emailed to the wrong care provider', occurredAt: new Date(discoveredAt.getTime() - HOUR).toISOString(), discoveredAt: discoveredAt.toISOString(), icoReportable: true } },
          council.igLead.token,
        ),
      ).reportIncident;
      expect(incident).toMatchObject({ status: 'OPEN', icoReportable: true, icoDeadlineMissed: false });
      expect(new Date(incident.icoDeadline).getTime()).toBe(discoveredAt.getTime() + 72 * HOUR);
      expect(incident.hoursUntilIcoDeadline).toBeCloseTo(62, 0);

      const UPDATE = `mutation ($input: UpdateIncidentInput!) { updateIncident(input: $input) { status reportedToIcoAt icoDeadlineMissed hoursUntilIcoDeadline } }`;
      const missingDate = failure(await t.gql(UPDATE, { input: { incidentId: incident.id, status: 'REPORTED_TO_ICO' } }, council.igLead.token));
      expect(missingDate.extensions.fields?.[0]).toMatchObject({ field: 'reportedToIcoAt' });
      const reported = ok(await t.gql(UPDATE, { input: { incidentId: incident.id, status: 'REPORTED_TO_ICO', reportedToIcoAt: new Date().toISOString() } }, council.igLead.token))
        .updateIncident;
      expect(reported).toMatchObject({ status: 'REPORTED_TO_ICO', icoDeadlineMissed: false, hoursUntilIcoDeadline: null });
      expect(failure(await t.gql(UPDATE, { input: { incidentId: incident.id, status: 'CLOSED' } }, outsider.igLead.token)).extensions.code).toBe('FORBIDDEN');
    });

    it('marks a missed deadline, refuses a reportable near miss, and refuses organisations not involved', async () => {
      const discoveredAt = new Date(Date.now() - 80 * HOUR);
      const late = ok(
        await t.gql(REPORT, { input: { agreementId, kind: 'BREACH', severity: 'MEDIUM', summary: 'Late report', occurredAt: discoveredAt.toISOString(), discoveredAt: discoveredAt.toISOString(), icoReportable: true } }, hospital.practitioner.token),
      ).reportIncident;
      expect(late.icoDeadlineMissed).toBe(true);
      expect(late.hoursUntilIcoDeadline).toBeLessThan(0);
      const nearMiss = failure(
        await t.gql(REPORT, { input: { agreementId, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Nearly sent to the wrong address', occurredAt: discoveredAt.toISOString(), discoveredAt: discoveredAt.toISOString(), icoReportable: true } }, hospital.practitioner.token),
      );
      expect(nearMiss.extensions.fields?.[0]).toMatchObject({ field: 'icoReportable', rule: 'breachOnly' });
      const outside = failure(
        await t.gql(REPORT, { input: { agreementId, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Not ours', occurredAt: discoveredAt.toISOString(), discoveredAt: discoveredAt.toISOString(), icoReportable: false } }, outsider.practitioner.token),
      );
      expect(outside.extensions.code).toBe('FORBIDDEN');
      const listed = ok(await t.gql('query ($id: ID!) { incidents(agreementId: $id) { id kind } }', { id: agreementId }, care.practitioner.token)).incidents;
      expect(listed).toHaveLength(2);
    });
  });
});
