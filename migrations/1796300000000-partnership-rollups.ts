import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollups again, summed over a partnership (a PROTOCOL and the agreements under it) and over
 * the disclosing organisations: a partnership's metrics read one row per month, dimension and
 * value instead of one per agreement and organisation as well (about 25 times fewer over 10
 * million decisions). Kept by the statement that records each batch, beside decision_rollup;
 * moved with an agreement that is put under another protocol. Filled here from decision_rollup.
 */
export class PartnershipRollups1796300000000 implements MigrationInterface {
  name = 'PartnershipRollups1796300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partnership_rollup (
        protocol_id uuid NOT NULL, -- no foreign key: its check would lock the protocol's row under the audit lock
        dimension text NOT NULL,
        month date NOT NULL CONSTRAINT ck_partnership_rollup_month CHECK (extract(day FROM month) = 1),
        value text NOT NULL,
        decisions bigint NOT NULL CONSTRAINT ck_partnership_rollup_decisions CHECK (decisions >= 0),
        records bigint NOT NULL CONSTRAINT ck_partnership_rollup_records CHECK (records >= 0),
        PRIMARY KEY (protocol_id, dimension, month, value)
      )`);
    await db.query(`
      INSERT INTO partnership_rollup (protocol_id, dimension, month, value, decisions, records)
      SELECT CASE WHEN a.kind = 'PROTOCOL' THEN a.id ELSE a.parent_protocol_id END, r.dimension, r.month, r.value, sum(r.decisions), sum(r.records)
      FROM decision_rollup r JOIN agreement a ON a.id = r.agreement_key
      WHERE a.kind = 'PROTOCOL' OR a.parent_protocol_id IS NOT NULL
      GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE partnership_rollup`);
  }
}
