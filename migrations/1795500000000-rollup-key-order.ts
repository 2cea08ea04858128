import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollup keys lead with the dimension after the agreement, so a metric reads only the rows of
 * the dimensions it needs (the minutes histogram is most of the table) over its months.
 */
export class RollupKeyOrder1795500000000 implements MigrationInterface {
  name = 'RollupKeyOrder1795500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE decision_rollup DROP CONSTRAINT decision_rollup_pkey`);
    await db.query(`ALTER TABLE decision_rollup ADD CONSTRAINT decision_rollup_pkey PRIMARY KEY (agreement_key, dimension, month, value, organisation_id)`);
    await db.query(`DROP INDEX ix_decision_rollup_organisation`);
    await db.query(`CREATE INDEX ix_decision_rollup_organisation ON decision_rollup (organisation_id, dimension, month)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_decision_rollup_organisation`);
    await db.query(`CREATE INDEX ix_decision_rollup_organisation ON decision_rollup (organisation_id, month, dimension)`);
    await db.query(`ALTER TABLE decision_rollup DROP CONSTRAINT decision_rollup_pkey`);
    await db.query(`ALTER TABLE decision_rollup ADD CONSTRAINT decision_rollup_pkey PRIMARY KEY (agreement_key, month, dimension, value, organisation_id)`);
  }
}
