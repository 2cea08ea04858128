import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's decisions are listed newest recorded first (`sharingDecisions`, the
 * practitioners' page): without an index in that order every page sorted all of the
 * organisation's decisions in every month (found by bench/load).
 */
export class DecisionListIndex1796100000000 implements MigrationInterface {
  name = 'DecisionListIndex1796100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_sharing_decision_recorded ON sharing_decision (recorded_by_organisation_id, recorded_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_sharing_decision_recorded`);
  }
}
