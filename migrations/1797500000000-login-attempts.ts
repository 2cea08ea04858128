import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling counts every attempt, not only failures: `login_failure` becomes
 * `login_attempt` with an outcome (PENDING while its password is checked, so parallel guesses
 * count before they are evaluated; FORGIVEN for failures a later success from the same address
 * cleared). Failed sign-ins are tallied per client address and fixed window instead of each
 * writing an audit row whose content the attacker chose.
 */
export class LoginAttempts1797500000000 implements MigrationInterface {
  name = 'LoginAttempts1797500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE login_failure RENAME TO login_attempt`);
    await db.query(`ALTER TABLE login_attempt RENAME COLUMN failed_at TO attempted_at`);
    await db.query(`
      ALTER TABLE login_attempt ADD COLUMN outcome text NOT NULL DEFAULT 'FAILED'
        CONSTRAINT ck_login_attempt_outcome CHECK (outcome IN ('PENDING', 'FAILED', 'FORGIVEN', 'SUCCEEDED'))`);
    await db.query(`ALTER TABLE login_attempt ALTER COLUMN outcome DROP DEFAULT`);
    await db.query(`ALTER INDEX ix_login_failure_email RENAME TO ix_login_attempt_email`);
    await db.query(`ALTER INDEX ix_login_failure_address RENAME TO ix_login_attempt_address`);
    await db.query(`CREATE INDEX ix_login_attempt_pair ON login_attempt (email, address, attempted_at)`);
    await db.query(`
      CREATE TABLE login_failure_tally (
        address text NOT NULL,
        window_start timestamptz NOT NULL,
        failures integer NOT NULL CONSTRAINT ck_login_failure_tally_failures CHECK (failures > 0),
        PRIMARY KEY (address, window_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_failure_tally`);
    await db.query(`DROP INDEX ix_login_attempt_pair`);
    await db.query(`DELETE FROM login_attempt WHERE outcome <> 'FAILED'`);
    await db.query(`ALTER TABLE login_attempt DROP COLUMN outcome`);
    await db.query(`ALTER INDEX ix_login_attempt_address RENAME TO ix_login_failure_address`);
    await db.query(`ALTER INDEX ix_login_attempt_email RENAME TO ix_login_failure_email`);
    await db.query(`ALTER TABLE login_attempt RENAME COLUMN attempted_at TO failed_at`);
    await db.query(`ALTER TABLE login_attempt RENAME TO login_failure`);
  }
}
