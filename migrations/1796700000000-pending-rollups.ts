import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions recorded one at a time (or in small batches) but not yet counted in the rollups: what
 * the rollups read of each decision (ROLLUP_INPUT_COLUMNS), written in the recording's statement,
 * and folded into decision_rollup and partnership_rollup by `foldPendingRollups`, which deletes
 * the rows it counts in the same statement. Single decisions used to update their 13 to 17 rollup
 * rows and as many partnership rows themselves: every concurrent recording updated the same
 * 'total' rows, so they queued behind each other's row locks, and those updates were a quarter of
 * PostgreSQL's time per decision. A fold counts many decisions per rollup row. No index: a fold
 * takes every row it sees. Autovacuum is told to visit often, as the rows are short-lived.
 */
export class PendingRollups1796700000000 implements MigrationInterface {
  name = 'PendingRollups1796700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE decision_rollup_pending (
        agreement_id uuid,
        decided_at timestamptz NOT NULL,
        requested_at timestamptz NOT NULL,
        outcome text NOT NULL,
        disclosing_organisation_id uuid NOT NULL,
        requesting_organisation_id uuid NOT NULL,
        consent_status text NOT NULL,
        article6_basis text,
        common_law_basis text,
        transfer_method text,
        flags text[] NOT NULL,
        includes_special_category boolean NOT NULL,
        public_interest_override boolean NOT NULL,
        data_items_shared text[] NOT NULL,
        record_count integer NOT NULL
      ) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_threshold = 5000)`);
  }

  /** Refuses while decisions are pending: their counts would be lost (a read of any metrics folds them). */
  async down(db: QueryRunner): Promise<void> {
    const [{ pending }] = (await db.query(`SELECT count(*)::int AS pending FROM decision_rollup_pending`)) as { pending: number }[];
    if (pending > 0) throw new Error(`${pending} decisions are not yet in the rollups: read any metrics (which folds them in), then revert`);
    await db.query(`DROP TABLE decision_rollup_pending`);
  }
}
