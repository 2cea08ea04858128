import type { MigrationInterface, QueryRunner } from 'typeorm';

const NO_AGREEMENT = `'00000000-0000-0000-0000-000000000000'::uuid`;
const NEW_DIMENSIONS = `('partialFlow', 'withheldItem')`;

/**
 * Counting that means one thing (issue 18, part 5):
 * - two rollup dimensions, filled here from the ledger: 'partialFlow' (a flow's partial shares, so
 *   a flow's full shares are told apart) and 'withheldItem' (items withheld from partial shares);
 * - decision_rollup_pending keeps the withheld items of what it holds. Rows already pending have
 *   none (NULL), so a fold counts no 'withheldItem' for them: those are filled here from the whole
 *   ledger. Their 'partialFlow' the fold does count, so it is filled here from the ledger less them;
 * - an index for a partnership's decisions outside any agreement (its members' NO_AGREEMENT rows);
 * - consent NOT_SOUGHT_REQUEST_REFUSED (a request refused before consent arose) only when nothing
 *   was shared.
 * Pending rows are locked for the back-fill, so no fold or recording moves them meanwhile.
 */
export class CountingOneThing1797200000000 implements MigrationInterface {
  name = 'CountingOneThing1797200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`LOCK TABLE decision_rollup_pending IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`ALTER TABLE decision_rollup_pending ADD COLUMN data_items_withheld text[]`);
    await db.query(`
      WITH partial AS (
        SELECT coalesce(agreement_id, ${NO_AGREEMENT}) AS agreement_key, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
               disclosing_organisation_id AS organisation_id, disclosing_organisation_id || '>' || requesting_organisation_id AS flow,
               data_items_withheld, record_count
        FROM sharing_decision WHERE outcome = 'PARTIALLY_SHARED'
      ),
      pending AS (
        SELECT coalesce(agreement_id, ${NO_AGREEMENT}) AS agreement_key, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
               disclosing_organisation_id AS organisation_id, disclosing_organisation_id || '>' || requesting_organisation_id AS flow,
               -count(*) AS decisions, -sum(record_count) AS records
        FROM decision_rollup_pending WHERE outcome = 'PARTIALLY_SHARED' GROUP BY 1, 2, 3, 4
      ),
      counted AS (
        SELECT agreement_key, month, 'partialFlow' AS dimension, flow AS value, organisation_id, sum(decisions) AS decisions, sum(records) AS records
        FROM (SELECT agreement_key, month, organisation_id, flow, count(*) AS decisions, sum(record_count) AS records FROM partial GROUP BY 1, 2, 3, 4
              UNION ALL SELECT * FROM pending) AS f
        GROUP BY 1, 2, 4, 5
        UNION ALL
        SELECT agreement_key, month, 'withheldItem', item, organisation_id, count(*), sum(record_count)
        FROM partial, unnest(data_items_withheld) AS item GROUP BY 1, 2, 4, 5
      )
      INSERT INTO decision_rollup (agreement_key, month, dimension, value, organisation_id, decisions, records)
      SELECT * FROM counted WHERE decisions > 0`);
    await db.query(`
      INSERT INTO partnership_rollup (protocol_id, dimension, month, value, decisions, records)
      SELECT CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END, r.dimension, r.month, r.value, sum(r.decisions), sum(r.records)
      FROM decision_rollup r JOIN agreement a ON a.id = r.agreement_key
      WHERE r.dimension IN ${NEW_DIMENSIONS} AND (a.kind = 'PROTOCOL' OR a.parent_protocol_id IS NOT NULL)
      GROUP BY 1, 2, 3, 4`);
    await db.query(`CREATE INDEX ix_decision_rollup_outside ON decision_rollup (organisation_id, month) WHERE agreement_key = ${NO_AGREEMENT}`);
    await db.query(`
      ALTER TABLE sharing_decision ADD CONSTRAINT ck_sharing_decision_request_refused
        CHECK (consent_status <> 'NOT_SOUGHT_REQUEST_REFUSED' OR outcome = 'NOT_SHARED')`);
  }

  /** Refuses while a decision says NOT_SOUGHT_REQUEST_REFUSED: the older code has no such status. */
  async down(db: QueryRunner): Promise<void> {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE consent_status = 'NOT_SOUGHT_REQUEST_REFUSED'`)) as { n: number }[];
    if (n > 0) throw new Error(`${n} decisions record consent NOT_SOUGHT_REQUEST_REFUSED, which the earlier code does not know: revert would leave them unreadable`);
    await db.query(`ALTER TABLE sharing_decision DROP CONSTRAINT ck_sharing_decision_request_refused`);
    await db.query(`DROP INDEX ix_decision_rollup_outside`);
    await db.query(`DELETE FROM partnership_rollup WHERE dimension IN ${NEW_DIMENSIONS}`);
    await db.query(`DELETE FROM decision_rollup WHERE dimension IN ${NEW_DIMENSIONS}`);
    await db.query(`ALTER TABLE decision_rollup_pending DROP COLUMN data_items_withheld`);
  }
}
