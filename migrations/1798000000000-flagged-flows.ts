import type { MigrationInterface, QueryRunner } from 'typeorm';

const NO_AGREEMENT = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The rollup dimension 'flaggedFlow' (issue 20: the sharing map colours each flow by its flagged
 * decisions), filled here from the ledger. Rows still pending are counted when they are folded,
 * so they are left out here; they are locked meanwhile, so no fold or recording moves them.
 */
export class FlaggedFlows1798000000000 implements MigrationInterface {
  name = 'FlaggedFlows1798000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE decision_rollup_pending IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`
      WITH flagged AS (
        SELECT coalesce(agreement_id, ${NO_AGREEMENT}) AS agreement_key, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
               disclosing_organisation_id AS organisation_id, disclosing_organisation_id || '>' || requesting_organisation_id AS flow,
               count(*) AS decisions, sum(record_count) AS records
        FROM sharing_decision WHERE cardinality(flags) > 0 GROUP BY 1, 2, 3, 4
      ),
      pending AS (
        SELECT coalesce(agreement_id, ${NO_AGREEMENT}) AS agreement_key, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
               disclosing_organisation_id AS organisation_id, disclosing_organisation_id || '>' || requesting_organisation_id AS flow,
               -count(*) AS decisions, -sum(record_count) AS records
        FROM decision_rollup_pending WHERE cardinality(flags) > 0 GROUP BY 1, 2, 3, 4
      ),
      counted AS (
        SELECT agreement_key, month, 'flaggedFlow' AS dimension, flow AS value, organisation_id, sum(decisions) AS decisions, sum(records) AS records
        FROM (SELECT * FROM flagged UNION ALL SELECT * FROM pending) AS f
        GROUP BY 1, 2, 4, 5
      )
      INSERT INTO decision_rollup (agreement_key, month, dimension, value, organisation_id, decisions, records)
      SELECT * FROM counted WHERE decisions > 0`);
    await db.query(`
      INSERT INTO partnership_rollup (protocol_id, dimension, month, value, decisions, records)
      SELECT CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END, r.dimension, r.month, r.value, sum(r.decisions), sum(r.records)
      FROM decision_rollup r JOIN agreement a ON a.id = r.agreement_key
      WHERE r.dimension = 'flaggedFlow' AND (a.kind = 'PROTOCOL' OR a.parent_protocol_id IS NOT NULL)
      GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM partnership_rollup WHERE dimension = 'flaggedFlow'`);
    await db.query(`DELETE FROM decision_rollup WHERE dimension = 'flaggedFlow'`);
  }
}
