import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders sent, and links to set a password.
 *
 * reminder_sent: one row per reminder the scheduled job has sent (a review threshold of an
 * agreement, an assurance lapse of an organisation, an incident's ICO deadline). The row is
 * written in the transaction that writes its messages, so two instances, or a run after a
 * restart, never send the same reminder twice: the unique key decides.
 *
 * password_link: a single-use link to set a password, for a new user's invitation (72 hours) or
 * a forgotten password (1 hour). Only the SHA-256 of the token is stored. A user invited and not
 * yet set up has no password at all.
 */
export class RemindersAndPasswordLinks1798500000000 implements MigrationInterface {
  name = 'RemindersAndPasswordLinks1798500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reminder_sent (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reminder text NOT NULL CONSTRAINT ck_reminder_sent_reminder CHECK (reminder IN (
          'REVIEW_DUE_90', 'REVIEW_DUE_30', 'REVIEW_OVERDUE', 'DSPT_DUE', 'DSPT_BELOW_STANDARDS_MET', 'ACCREDITATION_EXPIRING', 'ICO_DEADLINE')),
        subject_id uuid NOT NULL,
        occasion text NOT NULL CONSTRAINT ck_reminder_sent_occasion CHECK (char_length(occasion) BETWEEN 1 AND 100),
        sent_at timestamptz NOT NULL,
        CONSTRAINT uq_reminder_sent UNIQUE (reminder, subject_id, occasion)
      )`);
    await db.query(`ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL`);
    await db.query(`
      CREATE TABLE password_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        purpose text NOT NULL CONSTRAINT ck_password_link_purpose CHECK (purpose IN ('INVITATION', 'RESET')),
        token_hash bytea NOT NULL CONSTRAINT uq_password_link_token UNIQUE CONSTRAINT ck_password_link_token_hash CHECK (octet_length(token_hash) = 32),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT ck_password_link_expiry CHECK (expires_at > created_at),
        CONSTRAINT ck_password_link_used CHECK (used_at IS NULL OR used_at >= created_at)
      )`);
    await db.query(`CREATE INDEX ix_password_link_user ON password_link (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE password_link`);
    // A user who never set a password gets one no password matches (verifyPassword refuses the scheme).
    await db.query(`UPDATE app_user SET password_hash = 'none' WHERE password_hash IS NULL`);
    await db.query(`ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL`);
    await db.query(`DROP TABLE reminder_sent`);
  }
}
