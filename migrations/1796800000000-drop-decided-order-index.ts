import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops ix_sharing_decision_recorder (recording organisation, decided_at DESC, id). Since
 * DecisionListIndex1796100000000 an organisation's decisions are listed newest recorded first,
 * from ix_sharing_decision_recorded, which leads with the same column, so it also serves every
 * lookup by recording organisation; a filter on the decision date prunes the ledger's monthly
 * partitions (by decided_at) instead. Nothing else reads it, yet every decision written paid for
 * it: one of the ledger's four indexes, about a tenth of PostgreSQL's work per copied decision.
 */
export class DropDecidedOrderIndex1796800000000 implements MigrationInterface {
  name = 'DropDecidedOrderIndex1796800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_sharing_decision_recorder`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_sharing_decision_recorder ON sharing_decision (recorded_by_organisation_id, decided_at DESC, id)`);
  }
}
