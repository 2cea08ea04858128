import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API bearer tokens get a row like browser sessions, so each can be listed and revoked on its
 * own: `user_session.kind` tells them apart (an API token has no idle timeout). Tokens issued
 * before this name no row and are refused: their holders sign in again.
 */
export class ApiTokens1797700000000 implements MigrationInterface {
  name = 'ApiTokens1797700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE user_session ADD COLUMN kind text NOT NULL DEFAULT 'BROWSER'
        CONSTRAINT ck_user_session_kind CHECK (kind IN ('BROWSER', 'API_TOKEN'))`);
    await db.query(`ALTER TABLE user_session ALTER COLUMN kind DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM user_session WHERE kind = 'API_TOKEN'`);
    await db.query(`ALTER TABLE user_session DROP COLUMN kind`);
  }
}
