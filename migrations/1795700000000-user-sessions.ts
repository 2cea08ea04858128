import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions kept server-side, so signing out ends a session on every app instance and a
 * copied cookie stops working. A session's token names its row; the row going (sign-out) or
 * going stale (idle or absolute expiry) ends it.
 */
export class UserSessions1795700000000 implements MigrationInterface {
  name = 'UserSessions1795700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT ck_user_session_last_seen CHECK (last_seen_at >= created_at),
        CONSTRAINT ck_user_session_expires CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX ix_user_session_user ON user_session (user_id, last_seen_at)`);
    await db.query(`CREATE INDEX ix_user_session_expires ON user_session (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_session`);
  }
}
