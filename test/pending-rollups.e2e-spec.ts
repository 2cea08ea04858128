import { PendingRollups1796700000000 } from '../migrations/1796700000000-pending-rollups.js';
import { CountingOneThing1797200000000 } from '../migrations/1797200000000-counting-one-thing.js';
import { ledgerConsistency, waitFor } from './support/consistency.js';
import { decisionInput } from './support/decision-fixtures.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const RECORD = `mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id } }`;
const RECORD_BATCH = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created } }`;
const METRICS = `query ($agreementId: ID, $partnershipId: ID, $from: String!, $to: String!) {
  sharingMetrics(agreementId: $agreementId, partnershipId: $partnershipId, fromMonth: $from, toMonth: $to) { decisions shared notShared recordsShared }
}`;

const month = new Date().toISOString().slice(0, 7);

async function pendingCount(t: TestApp): Promise<number> {
  return (await t.db.query('SELECT count(*)::int AS n FROM decision_rollup_pending')).rows[0].n as number;
}

/** The rollups' own total for an agreement this month, read straight from decision_rollup (no fold). */
async function rolledTotal(t: TestApp, agreementId: string): Promise<number> {
  const { rows } = await t.db.query(
    `SELECT coalesce(sum(decisions), 0)::int AS n FROM decision_rollup
     WHERE agreement_key = $1 AND dimension = 'total' AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date`,
    [agreementId],
  );
  return rows[0].n as number;
}

describe('decisions recorded singly wait to be folded into the rollups', () => {
  let t: TestApp;
  let p: Partnership;
  const metrics = async (scope: Record<string, string>, token = p.commissioner.token) =>
    ok(await t.gql(METRICS, { ...scope, from: month, to: month }, token)).sharingMetrics as { decisions: number; shared: number; notShared: number; recordsShared: number };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', ROLLUP_FOLD_SECONDS: '0' });
    p = await buildPartnership(t);
  });
  afterAll(async () => t.close());

  it('keeps a single decision out of the rollups until a metrics read folds it in, and that read counts it', async () => {
    const before = await metrics({ agreementId: p.ispA });
    expect(await pendingCount(t)).toBe(0);
    const rolled = await rolledTotal(t, p.ispA);
    expect(rolled).toBe(before.decisions);

    ok(await t.gql(RECORD, { input: decisionInput(p.hospital.id, p.council.id, { agreementId: p.ispA, recordCount: 7 }) }, p.hospital.practitioner.token));
    expect(await pendingCount(t)).toBe(1);
    expect(await rolledTotal(t, p.ispA)).toBe(rolled);

    expect(await metrics({ agreementId: p.ispA })).toEqual({ ...before, decisions: before.decisions + 1, shared: before.shared + 1, recordsShared: before.recordsShared + 7 });
    expect(await pendingCount(t)).toBe(0);
    expect(await rolledTotal(t, p.ispA)).toBe(rolled + 1);
  });

  it("folds pending decisions into an organisation's metrics too", async () => {
    const ORGANISATION_METRICS = `query ($organisationId: ID, $from: String!, $to: String!) {
      sharingMetrics(organisationId: $organisationId, fromMonth: $from, toMonth: $to) { decisions shared }
    }`;
    const read = async () =>
      ok(await t.gql(ORGANISATION_METRICS, { organisationId: p.care.id, from: month, to: month }, p.care.practitioner.token)).sharingMetrics as { decisions: number; shared: number };
    const before = await read();
    expect(await pendingCount(t)).toBe(0);

    ok(await t.gql(RECORD, { input: decisionInput(p.care.id, p.council.id) }, p.care.practitioner.token));
    expect(await pendingCount(t)).toBe(1);
    expect(await read()).toEqual({ decisions: before.decisions + 1, shared: before.shared + 1 });
    expect(await pendingCount(t)).toBe(0);
  });

  it('leaves nothing pending for a batch of 100 or more, which is counted as it is recorded', async () => {
    const rolled = await rolledTotal(t, p.ispB);
    const decisions = Array.from({ length: 100 }, () => decisionInput(p.council.id, p.hospital.id, { agreementId: p.ispB }));
    expect(ok(await t.gql(RECORD_BATCH, { decisions }, p.council.practitioner.token)).recordSharingDecisions.created).toBe(100);
    expect(await pendingCount(t)).toBe(0);
    expect(await rolledTotal(t, p.ispB)).toBe(rolled + 100);
  });

  it('counts each decision once when recordings and folds run at once', async () => {
    const before = await metrics({ partnershipId: p.protocolId });
    const recordings = Array.from({ length: 40 }, (_, i) =>
      t.gql(RECORD, { input: decisionInput(p.hospital.id, p.council.id, { agreementId: i % 2 === 0 ? p.ispA : p.ispB }) }, p.hospital.practitioner.token),
    );
    const reads = Array.from({ length: 8 }, () => metrics({ partnershipId: p.protocolId }));
    for (const r of await Promise.all(recordings)) ok(r);
    for (const read of await Promise.all(reads)) expect(read.decisions).toBeGreaterThanOrEqual(before.decisions);

    expect((await metrics({ partnershipId: p.protocolId })).decisions).toBe(before.decisions + 40);
    const ledger = await ledgerConsistency(t.db);
    expect(ledger.rollupMismatches).toEqual([]);
    expect(ledger.rollupTotal).toBe(ledger.decisions);
  });

  it('fills the partial shares by flow and the withheld items from the ledger, exactly, with a partial share still pending', async () => {
    const partial = (withheld: string[]) =>
      decisionInput(p.hospital.id, p.council.id, { agreementId: p.ispA, outcome: 'PARTIALLY_SHARED', notSharedReason: 'NOT_NECESSARY', dataItemsWithheld: withheld, recordCount: 2 });
    ok(await t.gql(RECORD, { input: partial(['Discharge summary']) }, p.hospital.practitioner.token));
    await metrics({ agreementId: p.ispA }); // folded
    ok(await t.gql(RECORD, { input: partial(['Medication list', 'Discharge summary']) }, p.hospital.practitioner.token));
    ok(await t.gql(RECORD, { input: { ...partial(['Medication list']), agreementId: null } }, p.hospital.practitioner.token));
    expect(await pendingCount(t)).toBe(2);
    const newRows = async () => (await t.db.query(`SELECT count(*)::int AS n FROM decision_rollup WHERE dimension IN ('partialFlow', 'withheldItem')`)).rows[0].n as number;

    // As a database from before the migration: no such rows, and pending rows that do not keep their withheld items.
    const migration = new CountingOneThing1797200000000();
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await runner.commitTransaction();
      expect(await newRows()).toBe(0);
      expect(await pendingCount(t)).toBe(2);
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await newRows()).toBeGreaterThan(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM decision_rollup_pending WHERE data_items_withheld IS NULL')).rows[0].n).toBe(2);
    const ledger = await ledgerConsistency(t.db); // folds the two pending decisions first, as a read does
    expect(await pendingCount(t)).toBe(0);
    expect(ledger.rollupMismatches).toEqual([]);
    const WITHHELD = `query ($a: ID!, $m: String!) { sharingMetrics(agreementId: $a, fromMonth: $m, toMonth: $m) { partiallyShared byWithheldItem { value decisions records } byFlow { partiallyShared } } }`;
    const after = ok(await t.gql(WITHHELD, { a: p.ispA, m: month }, p.commissioner.token)).sharingMetrics;
    // The fixture's partial share withheld the discharge summary too.
    expect(after).toEqual({
      partiallyShared: 3,
      byWithheldItem: [
        { value: 'Discharge summary', decisions: 3, records: 1 + 2 + 2 },
        { value: 'Medication list', decisions: 1, records: 2 },
      ],
      byFlow: [{ partiallyShared: 3 }],
    });
  });

  it('is not reverted while decisions are pending, whose counts would be lost', async () => {
    ok(await t.gql(RECORD, { input: decisionInput(p.hospital.id, p.council.id, { agreementId: p.ispA }) }, p.hospital.practitioner.token));
    const runner = t.owner.createQueryRunner();
    try {
      await expect(new PendingRollups1796700000000().down(runner)).rejects.toThrow('1 decisions are not yet in the rollups');
    } finally {
      await runner.release();
    }
    expect(await pendingCount(t)).toBe(1);
  });
});

describe('the pending rollup folder', () => {
  let t: TestApp;
  let p: Partnership;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', ROLLUP_FOLD_SECONDS: '1' });
    p = await buildPartnership(t);
  });
  afterAll(async () => t.close());

  it('folds single decisions in every ROLLUP_FOLD_SECONDS with no metrics read', async () => {
    await waitFor(async () => (await pendingCount(t)) === 0, 10_000, 'the partnership fixture folded');
    const rolled = await rolledTotal(t, p.ispA);
    for (let i = 0; i < 3; i += 1) ok(await t.gql(RECORD, { input: decisionInput(p.hospital.id, p.council.id, { agreementId: p.ispA }) }, p.hospital.practitioner.token));
    await waitFor(async () => (await rolledTotal(t, p.ispA)) === rolled + 3, 10_000, 'three decisions folded by the job');
    expect(await pendingCount(t)).toBe(0);
    expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
  });
});
