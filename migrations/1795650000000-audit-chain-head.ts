import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Takes the audit log's append lock and reads the head of the chain in one round trip. In a
 * VOLATILE function each statement takes a fresh snapshot, so the head is read after the lock is
 * held and includes every entry committed before it: one statement with both would read a
 * snapshot from before the wait, and fork the chain.
 */
export class AuditChainHead1795650000000 implements MigrationInterface {
  name = 'AuditChainHead1795650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION audit_chain_head(lock_key bigint) RETURNS TABLE (sequence bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        RETURN QUERY SELECT a.sequence, a.hash FROM audit_entry a ORDER BY a.sequence DESC LIMIT 1;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_chain_head(bigint)`);
  }
}
