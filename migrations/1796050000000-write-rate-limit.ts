import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Writes per user per fixed window (WRITE_RATE_LIMIT_PER_USER per WRITE_RATE_WINDOW_SECONDS), counted
 * in the database so every app instance enforces the same limit: one row per user and window,
 * bumped by an upsert. UNLOGGED: a counter lost in a crash only forgives a window, and writing it
 * costs no WAL. No foreign key to app_user: it is a counter, not a record, and must stay one cheap
 * statement; a user's older windows are dropped when their next window opens.
 */
export class WriteRateLimit1796050000000 implements MigrationInterface {
  name = 'WriteRateLimit1796050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE write_rate_window (
        user_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        writes integer NOT NULL,
        PRIMARY KEY (user_id, window_start),
        CONSTRAINT ck_write_rate_window_writes CHECK (writes > 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE write_rate_window`);
  }
}
