import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query.js';

/** The agreement key of decisions recorded under no agreement. */
export const NO_AGREEMENT = '00000000-0000-0000-0000-000000000000';

/** Every dimension the rollups count, besides the minutes histogram. */
export const COUNTED_DIMENSIONS = [
  'total', 'outcome', 'consent', 'article6', 'commonLaw', 'flow', 'sharedFlow', 'method', 'approvedMethod',
  'specialCategory', 'consentRefused', 'override', 'dataItem', 'flag', 'flagged',
] as const;

/**
 * The rollup upsert over `source` (a relation of ledger rows: a CTE's name or a subquery), as the
 * CTEs it needs and the INSERT; `noAgreement` is the parameter holding NO_AGREEMENT. Every
 * dimension a metric reads is counted here, and time to decision as a histogram in the database's
 * `minutes_bucket` (single minutes under 10, then 5 and 15 minutes, hours, 6 hours beyond a day,
 * days beyond a week), so medians are exact to that resolution. The rows are written in key order
 * so concurrent batches lock them in the same order and cannot deadlock.
 */
export function rollupUpsert(source: string, noAgreement: string): { ctes: string; insert: string } {
  return {
    ctes: `d AS (
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
         UNION ALL SELECT 'method', d.transfer_method WHERE d.shared
         UNION ALL SELECT 'approvedMethod', (NOT d.flags && ARRAY['METHOD_NOT_ALLOWED', 'METHOD_NOT_SECURE'])::text WHERE d.shared
         UNION ALL SELECT 'specialCategory', d.includes_special_category::text WHERE d.shared
         UNION ALL SELECT 'consentRefused', d.public_interest_override::text WHERE d.consent_status IN ('REFUSED', 'WITHDRAWN')
         UNION ALL SELECT 'override', 'true' WHERE d.public_interest_override
         UNION ALL SELECT 'dataItem', item FROM unnest(d.data_items_shared) AS item
         UNION ALL SELECT 'flag', flag FROM unnest(d.flags) AS flag
         UNION ALL SELECT 'flagged', (cardinality(d.flags) > 0)::text
         UNION ALL SELECT 'minutesToDecision', minutes_bucket(d.minutes)::text
       ) AS x(dimension, value)
     )`,
    insert: `INSERT INTO decision_rollup (agreement_key, month, dimension, value, organisation_id, decisions, records)
     SELECT agreement_key, month, dimension, value, organisation_id, count(*), sum(record_count)
     FROM counted GROUP BY 1, 2, 3, 4, 5 ORDER BY agreement_key, dimension, month, value, organisation_id
     ON CONFLICT (agreement_key, month, dimension, value, organisation_id)
     DO UPDATE SET decisions = decision_rollup.decisions + EXCLUDED.decisions, records = decision_rollup.records + EXCLUDED.records`,
  };
}

const ADD_TO_ROLLUPS = (() => {
  const { ctes, insert } = rollupUpsert('(SELECT * FROM sharing_decision WHERE id = ANY($1) AND decided_at BETWEEN $3 AND $4) AS stored', '$2');
  return `WITH ${ctes} ${insert}`;
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
