import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch of decisions is written by one statement on its own, with no transaction around it, so
 * the audit log's append lock (taken at its end) is released as the statement commits rather than
 * after another round trip to the app. With no transaction to roll back, the statement must fail
 * itself when a concurrent call claimed one of its client keys between the check and the write:
 * it calls this function instead of `audit_append`, and the app retries on its SQLSTATE.
 */
export class LedgerClaimGuard1796200000000 implements MigrationInterface {
  name = 'LedgerClaimGuard1796200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION ledger_key_claimed_meanwhile() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RAISE EXCEPTION 'a client key of the batch was claimed by a concurrent call' USING ERRCODE = 'AL001';
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION ledger_key_claimed_meanwhile()`);
  }
}
