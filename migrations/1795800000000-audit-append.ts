import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends an audit entry in one statement: takes the append lock, reads the head of the chain
 * and writes the entry with its hash. The app sends the canonical JSON of the entry up to its
 * link (`entryPrefix` in src/audit/audit-chain.ts); the function completes it with the previous
 * hash and the sequence exactly as `entryHash` does, so the chain verifies the same. The lock is
 * held until commit: one round trip under it instead of three. In a VOLATILE function each
 * statement takes a fresh snapshot, so the head is read after the lock is held.
 */
export class AuditAppend1795800000000 implements MigrationInterface {
  name = 'AuditAppend1795800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_chain_head(bigint)`);
    await db.query(`
      CREATE FUNCTION audit_append(lock_key bigint, canonical_prefix text, occurred_at timestamptz, actor_user_id uuid, actor_organisation_id uuid,
                                   action text, entity_type text, entity_id text, before jsonb, after jsonb)
      RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        head record;
        next_sequence bigint;
        previous text;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        SELECT a.sequence, a.hash INTO head FROM audit_entry a ORDER BY a.sequence DESC LIMIT 1;
        next_sequence := coalesce(head.sequence, 0) + 1;
        previous := coalesce(head.hash, repeat('0', 64));
        INSERT INTO audit_entry (sequence, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, previous_hash, hash)
        VALUES (next_sequence, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, previous,
                encode(sha256(convert_to(canonical_prefix || '"previousHash":' || to_json(previous)::text || ',"sequence":' || to_json(next_sequence::text)::text || '}', 'UTF8')), 'hex'));
        RETURN next_sequence;
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_append(bigint, text, timestamptz, uuid, uuid, text, text, text, jsonb, jsonb)`);
    await db.query(`
      CREATE FUNCTION audit_chain_head(lock_key bigint) RETURNS TABLE (sequence bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        RETURN QUERY SELECT a.sequence, a.hash FROM audit_entry a ORDER BY a.sequence DESC LIMIT 1;
      END
      $$`);
  }
}
