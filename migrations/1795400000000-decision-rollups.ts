import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly rollups of the ledger, kept in the same transaction as every decision written, so
 * metrics and dashboards never scan the ledger. One row per (agreement, month, dimension, value,
 * disclosing organisation): how many decisions and how many records.
 */
export class DecisionRollups1795400000000 implements MigrationInterface {
  name = 'DecisionRollups1795400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE decision_rollup (
        agreement_key uuid NOT NULL,
        month date NOT NULL CONSTRAINT ck_decision_rollup_month CHECK (extract(day FROM month) = 1),
        dimension text NOT NULL,
        value text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        decisions bigint NOT NULL CONSTRAINT ck_decision_rollup_decisions CHECK (decisions >= 0),
        records bigint NOT NULL CONSTRAINT ck_decision_rollup_records CHECK (records >= 0),
        PRIMARY KEY (agreement_key, month, dimension, value, organisation_id)
      )`);
    await db.query(`CREATE INDEX ix_decision_rollup_organisation ON decision_rollup (organisation_id, month, dimension)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE decision_rollup`);
  }
}
