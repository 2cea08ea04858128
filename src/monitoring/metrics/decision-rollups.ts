import type { DataSource, EntityManager } from 'typeorm';
import { pooledPreparedQuery, preparedQuery } from '../../database/prepared-query.js';

/** The agreement key of decisions recorded under no agreement. */
export const NO_AGREEMENT = '00000000-0000-0000-0000-000000000000';

/**
 * Every dimension the rollups count, besides the minutes histogram. 'sharedFlow' counts a flow's
 * decisions that shared anything (in full or in part), 'partialFlow' those that shared in part, so
 * a flow's full shares are the one less the other; 'withheldItem' counts the items withheld from
 * partial shares (migration CountingOneThing1797200000000 filled both from the ledger);
 * 'flaggedFlow' a flow's decisions with any flag (migration FlaggedFlows1798000000000).
 */
export const COUNTED_DIMENSIONS = [
  'total', 'outcome', 'consent', 'article6', 'commonLaw', 'flow', 'sharedFlow', 'partialFlow', 'method', 'approvedMethod',
  'specialCategory', 'consentRefused', 'override', 'dataItem', 'withheldItem', 'flag', 'flagged', 'flaggedFlow',
] as const;

/** The ledger columns the rollups read: what a relation given to rollupUpsert must have. */
export const ROLLUP_INPUT_COLUMNS = [
  'agreement_id', 'decided_at', 'requested_at', 'outcome', 'disclosing_organisation_id', 'requesting_organisation_id', 'consent_status',
  'article6_basis', 'common_law_basis', 'transfer_method', 'flags', 'includes_special_category', 'public_interest_override',
  'data_items_shared', 'data_items_withheld', 'record_count',
] as const;

/**
 * The rollup upserts over `source` (a relation of ledger rows with ROLLUP_INPUT_COLUMNS: a CTE's
 * name or a subquery), as CTEs, and `done`, a query to read FROM that only answers once both have
 * run; `noAgreement` is the parameter holding NO_AGREEMENT: the batch grouped once
 * (rollupGroupsSql), then written (rollupWrites).
 */
export function rollupUpsert(source: string, noAgreement: string): { ctes: string; done: string } {
  const writes = rollupWrites('grouped');
  return { ctes: `${rollupGroupsSql(source, noAgreement)},\n     ${writes.ctes}`, done: writes.done };
}

/**
 * CTEs ending in `grouped`: the rollup counts of `source`'s rows (ROLLUP_INPUT_COLUMNS), one row
 * per key of decision_rollup (ROLLUP_GROUP_COLUMNS). Every dimension a metric reads is counted
 * here, and time to decision as a histogram in the database's `minutes_bucket` (single minutes
 * under 10, then 5 and 15 minutes, hours, 6 hours beyond a day, days beyond a week), so medians
 * are exact to that resolution. rollupGroups (rollup-groups.ts) counts the same in the app, for
 * bulk batches; a test holds the two to the same groups.
 */
export function rollupGroupsSql(source: string, noAgreement: string): string {
  return `d AS (
       SELECT *, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
              floor(extract(epoch FROM decided_at - requested_at) / 60)::bigint AS minutes,
              outcome <> 'NOT_SHARED' AS shared
       FROM ${source}
     ),
     counted AS (
       SELECT coalesce(d.agreement_id, ${noAgreement}::uuid) AS agreement_key, d.month, x.dimension, x.value,
              d.disclosing_organisation_id AS organisation_id, d.record_count
       FROM d CROSS JOIN LATERAL (
         SELECT 'total', ''
         UNION ALL SELECT 'outcome', d.outcome
         UNION ALL SELECT 'consent', d.consent_status
         UNION ALL SELECT 'article6', coalesce(d.article6_basis, 'NONE') WHERE d.shared
         UNION ALL SELECT 'commonLaw', coalesce(d.common_law_basis, 'NONE') WHERE d.shared
         UNION ALL SELECT 'flow', d.disclosing_organisation_id || '>' || d.requesting_organisation_id
         UNION ALL SELECT 'sharedFlow', d.disclosing_organisation_id || '>' || d.requesting_organisation_id WHERE d.shared
         UNION ALL SELECT 'partialFlow', d.disclosing_organisation_id || '>' || d.requesting_organisation_id WHERE d.outcome = 'PARTIALLY_SHARED'
         UNION ALL SELECT 'method', d.transfer_method WHERE d.shared
         UNION ALL SELECT 'approvedMethod', (NOT d.flags && ARRAY['METHOD_NOT_ALLOWED', 'METHOD_NOT_SECURE'])::text WHERE d.shared
         UNION ALL SELECT 'specialCategory', d.includes_special_category::text WHERE d.shared
         UNION ALL SELECT 'consentRefused', d.public_interest_override::text WHERE d.consent_status IN ('REFUSED', 'WITHDRAWN')
         UNION ALL SELECT 'override', 'true' WHERE d.public_interest_override
         UNION ALL SELECT 'dataItem', item FROM unnest(d.data_items_shared) AS item
         UNION ALL SELECT 'withheldItem', item FROM unnest(d.data_items_withheld) AS item WHERE d.outcome = 'PARTIALLY_SHARED'
         UNION ALL SELECT 'flag', flag FROM unnest(d.flags) AS flag
         UNION ALL SELECT 'flagged', (cardinality(d.flags) > 0)::text
         UNION ALL SELECT 'flaggedFlow', d.disclosing_organisation_id || '>' || d.requesting_organisation_id WHERE cardinality(d.flags) > 0
         UNION ALL SELECT 'minutesToDecision', minutes_bucket(d.minutes)::text
       ) AS x(dimension, value)
     ),
     grouped AS (
       SELECT agreement_key, month, dimension, value, organisation_id, count(*) AS decisions, sum(record_count) AS records
       FROM counted GROUP BY 1, 2, 3, 4, 5
     )`;
}

/** decision_rollup's key and counts, with their types: a batch's groups as rollupWrites reads them. */
export const ROLLUP_GROUP_COLUMNS = 'agreement_key uuid, month date, dimension text, value text, organisation_id uuid, decisions bigint, records bigint';

/**
 * Adds `grouped` (a relation of ROLLUP_GROUP_COLUMNS, one row per key) to the rollups, as CTEs, and
 * `done`, a query to read FROM that only answers once both have run. Two tables: decision_rollup,
 * by agreement and disclosing organisation, then partnership_rollup, those groups summed over each
 * partnership (the PROTOCOL an agreement sits under, or the protocol itself). The agreements are
 * read FOR KEY SHARE, after waiting for a change in progress (`lockAgreement` takes FOR UPDATE; a
 * change of protocol moves the rollups under it): the counts go to the partnership the agreement
 * is in when they commit. Rows are written in key order, one table after the other, so concurrent
 * batches lock them in the same order and cannot deadlock.
 */
export function rollupWrites(grouped: string): { ctes: string; done: string } {
  return {
    ctes: `rolled AS (
       INSERT INTO decision_rollup (agreement_key, month, dimension, value, organisation_id, decisions, records)
       SELECT agreement_key, month, dimension, value, organisation_id, decisions, records
       FROM ${grouped} ORDER BY agreement_key, dimension, month, value, organisation_id
       ON CONFLICT (agreement_key, month, dimension, value, organisation_id)
       DO UPDATE SET decisions = decision_rollup.decisions + EXCLUDED.decisions, records = decision_rollup.records + EXCLUDED.records
       RETURNING 1
     ),
     partnerships AS (
       SELECT a.id AS agreement_id, CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END AS protocol_id
       FROM agreement a WHERE a.id IN (SELECT agreement_key FROM ${grouped}) AND (SELECT count(*) FROM rolled) >= 0
       ORDER BY a.id FOR KEY SHARE
     ),
     partnership_rolled AS (
       INSERT INTO partnership_rollup (protocol_id, dimension, month, value, decisions, records)
       SELECT p.protocol_id, g.dimension, g.month, g.value, sum(g.decisions), sum(g.records)
       FROM ${grouped} g JOIN partnerships p ON p.agreement_id = g.agreement_key WHERE p.protocol_id IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (protocol_id, dimension, month, value)
       DO UPDATE SET decisions = partnership_rollup.decisions + EXCLUDED.decisions, records = partnership_rollup.records + EXCLUDED.records
       RETURNING 1
     )`,
    // An aggregate, so PostgreSQL can neither flatten it away nor put it off: reading it runs both upserts.
    done: `SELECT count(*) FROM partnership_rolled`,
  };
}

/**
 * Moves an agreement's counts from one partnership's rollups to another's (either may be none),
 * in the caller's transaction, which must hold the agreement's row (`lockAgreement`): rollup
 * writes under it (bulk recordings, folds of pending decisions) wait, then count into the new
 * partnership. One statement: the agreement's sums, the rows they touch locked in key order (as
 * rollupWrites locks them), then subtracted (or deleted when
 * nothing would be left), and added to the other partnership.
 */
export async function movePartnershipRollups(em: EntityManager, agreementId: string, from: string | null, to: string | null): Promise<void> {
  if (from === to) return;
  await em.query(
    `WITH sums AS (
       SELECT dimension, month, value, sum(decisions) AS decisions, sum(records) AS records
       FROM decision_rollup WHERE agreement_key = $1 GROUP BY 1, 2, 3
     ),
     locked AS (
       SELECT p.protocol_id, p.dimension, p.month, p.value FROM partnership_rollup p
       WHERE p.protocol_id = $2 AND (p.dimension, p.month, p.value) IN (SELECT dimension, month, value FROM sums)
       ORDER BY p.dimension, p.month, p.value FOR UPDATE
     ),
     -- Rows the agreement's counts leave empty are deleted, the others reduced: two sets, so no row is changed twice.
     subtracted AS (
       UPDATE partnership_rollup p SET decisions = p.decisions - s.decisions, records = p.records - s.records
       FROM sums s JOIN locked l USING (dimension, month, value)
       WHERE p.protocol_id = l.protocol_id AND p.dimension = l.dimension AND p.month = l.month AND p.value = l.value AND p.decisions > s.decisions
     ),
     emptied AS (
       DELETE FROM partnership_rollup p USING sums s JOIN locked l USING (dimension, month, value)
       WHERE p.protocol_id = l.protocol_id AND p.dimension = l.dimension AND p.month = l.month AND p.value = l.value AND p.decisions <= s.decisions
     )
     INSERT INTO partnership_rollup (protocol_id, dimension, month, value, decisions, records)
     SELECT $3::uuid, dimension, month, value, decisions, records FROM sums WHERE $3::uuid IS NOT NULL ORDER BY 2, 3, 4
     ON CONFLICT (protocol_id, dimension, month, value)
     DO UPDATE SET decisions = partnership_rollup.decisions + EXCLUDED.decisions, records = partnership_rollup.records + EXCLUDED.records`,
    [agreementId, from, to],
  );
}

/**
 * Counts the decisions waiting in decision_rollup_pending (written there by a recording of fewer
 * than COPIED_FROM decisions, migration PendingRollups1796700000000) into the rollups, deleting
 * them in the same statement: each pending row is taken by exactly one fold, and a fold that meets
 * rows another is taking waits for it to commit, then passes them by. So once a fold returns,
 * every decision committed before it began is in the rollups. It takes no audit lock (the rollups
 * are derived data), and locks the rollup and agreement rows as a recording of a bulk batch does.
 * Its one parameter is NO_AGREEMENT.
 */
export const FOLD_PENDING = (() => {
  const { ctes, done } = rollupUpsert('taken', '$1');
  return `WITH taken AS (DELETE FROM decision_rollup_pending RETURNING ${ROLLUP_INPUT_COLUMNS.join(', ')}),
    ${ctes}
    SELECT (SELECT count(*) FROM taken)::int AS folded FROM (${done}) AS after_rollups`;
})();

/** Folds every pending decision into the rollups (FOLD_PENDING); answers how many it counted. */
export async function foldPendingRollups(dataSource: DataSource): Promise<number> {
  const [{ folded }] = await pooledPreparedQuery<{ folded: number }>(dataSource, 'rollups.foldPending', FOLD_PENDING, [NO_AGREEMENT]);
  return folded;
}

const ADD_TO_ROLLUPS = (() => {
  const { ctes, done } = rollupUpsert('(SELECT * FROM sharing_decision WHERE id = ANY($1) AND decided_at BETWEEN $3 AND $4) AS stored', '$2');
  return `WITH ${ctes} ${done}`;
})();

/**
 * Adds decisions already in the ledger, decided within `decidedBetween` (so only the partitions
 * for those months are read), to the monthly rollups, in the caller's transaction. The ledger
 * itself adds each batch in the statement that records it; this is for rows written otherwise.
 */
export async function addToRollups(em: EntityManager, decisionIds: string[], decidedBetween: [Date, Date]): Promise<void> {
  if (decisionIds.length === 0) return;
  await preparedQuery(em, 'rollups.add', ADD_TO_ROLLUPS, [decisionIds, NO_AGREEMENT, decidedBetween[0], decidedBetween[1]]);
}
