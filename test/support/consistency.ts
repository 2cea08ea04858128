import type pg from 'pg';
import { FOLD_PENDING, NO_AGREEMENT } from '../../src/monitoring/metrics/decision-rollups.js';

/** The audit log's append lock (src/audit/audit.service.ts): every write takes it, in its transaction, last. */
export const AUDIT_APPEND_LOCK_KEY = 0x61756469;

export const VERIFY_AUDIT_CHAIN = `{ auditChainVerification { valid entriesChecked firstBrokenSequence reason } }`;

type Queryable = Pick<pg.Client, 'query'>;

/** The dimensions checked against the ledger: outcomes, partial shares by flow, withheld items. */
const CHECKED_DIMENSIONS = `('outcome', 'partialFlow', 'withheldItem')`;

/** One row per count CHECKED_DIMENSIONS make of the ledger, keyed as decision_rollup is. */
const COUNTED_FROM_LEDGER = `
  SELECT coalesce(d.agreement_id, '00000000-0000-0000-0000-000000000000'::uuid) AS agreement_key,
         date_trunc('month', d.decided_at AT TIME ZONE 'UTC')::date AS month, x.dimension, x.value, d.disclosing_organisation_id AS organisation_id
  FROM sharing_decision d CROSS JOIN LATERAL (
    SELECT 'outcome', d.outcome
    UNION ALL SELECT 'partialFlow', d.disclosing_organisation_id || '>' || d.requesting_organisation_id WHERE d.outcome = 'PARTIALLY_SHARED'
    UNION ALL SELECT 'withheldItem', item FROM unnest(d.data_items_withheld) AS item WHERE d.outcome = 'PARTIALLY_SHARED'
  ) AS x(dimension, value)`;

/**
 * The ledger checked against itself: how many decisions there are, whether any client key is
 * stored twice, and every (agreement, month, dimension, value, organisation) count of
 * CHECKED_DIMENSIONS in the rollups next to a direct count of the ledger, listing those that
 * differ. Decisions pending for the rollups are folded in first, as a metrics read does.
 */
export async function ledgerConsistency(db: Queryable): Promise<{ decisions: number; duplicateKeys: number; rollupTotal: number; rollupMismatches: unknown[] }> {
  await db.query(FOLD_PENDING, [NO_AGREEMENT]);
  const [{ decisions, duplicate_keys }] = (
    await db.query(
      `SELECT count(*)::int AS decisions,
              (count(*) - count(DISTINCT (recorded_by_organisation_id, client_key)))::int AS duplicate_keys
       FROM sharing_decision`,
    )
  ).rows;
  const [{ total }] = (await db.query(`SELECT coalesce(sum(decisions), 0)::int AS total FROM decision_rollup WHERE dimension = 'total'`)).rows;
  const mismatches = (
    await db.query(
      `WITH counted AS (${COUNTED_FROM_LEDGER}),
       direct AS (SELECT agreement_key, month, dimension, value, organisation_id, count(*)::int AS n FROM counted GROUP BY 1, 2, 3, 4, 5),
       rolled AS (
         SELECT agreement_key, month, dimension, value, organisation_id, sum(decisions)::int AS n
         FROM decision_rollup WHERE dimension IN ${CHECKED_DIMENSIONS} GROUP BY 1, 2, 3, 4, 5
       )
       SELECT * FROM direct FULL JOIN rolled USING (agreement_key, month, dimension, value, organisation_id)
       WHERE direct.n IS DISTINCT FROM rolled.n`,
    )
  ).rows;
  // The partnerships' rollups against the same count, by the protocol each agreement is under now.
  const partnershipMismatches = (
    await db.query(
      `WITH counted AS (${COUNTED_FROM_LEDGER}),
       direct AS (
         SELECT CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END AS protocol_id, c.month, c.dimension, c.value, count(*)::int AS n
         FROM counted c JOIN agreement a ON a.id = c.agreement_key
         WHERE a.kind = 'PROTOCOL' OR a.parent_protocol_id IS NOT NULL GROUP BY 1, 2, 3, 4
       ),
       rolled AS (
         SELECT protocol_id, month, dimension, value, sum(decisions)::int AS n FROM partnership_rollup
         WHERE dimension IN ${CHECKED_DIMENSIONS} AND decisions > 0 GROUP BY 1, 2, 3, 4
       )
       SELECT 'partnership_rollup' AS rollup, * FROM direct FULL JOIN rolled USING (protocol_id, month, dimension, value)
       WHERE direct.n IS DISTINCT FROM rolled.n`,
    )
  ).rows;
  return { decisions, duplicateKeys: duplicate_keys, rollupTotal: total, rollupMismatches: [...mismatches, ...partnershipMismatches] };
}

/**
 * Holds the audit append lock from a session of its own, so every write that reaches its audit
 * entry waits, in flight, inside its transaction, until `release()`.
 */
export async function holdAuditLock(client: pg.Client): Promise<{ release(): Promise<void> }> {
  await client.query('SELECT pg_advisory_lock($1)', [AUDIT_APPEND_LOCK_KEY]);
  return { release: async () => void (await client.query('SELECT pg_advisory_unlock($1)', [AUDIT_APPEND_LOCK_KEY])) };
}

/**
 * Sessions of the app waiting for a lock: writes in flight, held by holdAuditLock (the first for
 * the audit lock, others behind it for the rollup or agreement rows it has changed).
 */
export async function writesWaiting(db: Queryable): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'accordant' AND wait_event_type = 'Lock'`);
  return rows[0].n;
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
