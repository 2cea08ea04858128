import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed: `audit_append` takes the HMAC key as a parameter (the app holds
 * it; the database never stores it) and hashes each entry with HMAC-SHA256 (pgcrypto) instead of
 * SHA-256. Entries already written keep their SHA-256 hashes: `audit_chain_cutover.keyed_from` is
 * the first sequence hashed with the key, and the signed anchors repeat it (src/audit/audit-anchor.ts),
 * so moving it is detected too.
 *
 * The ledger's partition upkeep creates tables at run time; it becomes SECURITY DEFINER so the app
 * role, which has no DDL rights, can still call it and the partitions belong to the owner.
 */
export class KeyedAuditChain1797900000000 implements MigrationInterface {
  name = 'KeyedAuditChain1797900000000';

  async up(db: QueryRunner): Promise<void> {
    // A trusted extension (PostgreSQL 13+): the database's owner may create it. Left in place by down.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await db.query(`
      CREATE TABLE audit_chain_cutover (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT ck_audit_chain_cutover_one_row CHECK (id),
        keyed_from bigint NOT NULL CONSTRAINT ck_audit_chain_cutover_keyed_from CHECK (keyed_from > 0)
      )`);
    // The append lock: no entry lands between reading the head and the new function taking over.
    await db.query(`SELECT pg_advisory_xact_lock(${0x61756469})`);
    await db.query(`INSERT INTO audit_chain_cutover (keyed_from) SELECT coalesce(max(sequence), 0) + 1 FROM audit_entry`);
    await db.query(`DROP FUNCTION audit_append(bigint, text, timestamptz, uuid, uuid, text, text, text, jsonb, jsonb)`);
    await db.query(`
      CREATE FUNCTION audit_append(lock_key bigint, chain_key bytea, canonical_prefix text, occurred_at timestamptz, actor_user_id uuid,
                                   actor_organisation_id uuid, action text, entity_type text, entity_id text, before jsonb, after jsonb)
      RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        head record;
        next_sequence bigint;
        previous text;
      BEGIN
        IF octet_length(chain_key) < 32 THEN
          RAISE EXCEPTION 'audit_append needs the audit key (32 bytes or more)';
        END IF;
        PERFORM pg_advisory_xact_lock(lock_key);
        SELECT a.sequence, a.hash INTO head FROM audit_entry a ORDER BY a.sequence DESC LIMIT 1;
        next_sequence := coalesce(head.sequence, 0) + 1;
        previous := coalesce(head.hash, repeat('0', 64));
        INSERT INTO audit_entry (sequence, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, previous_hash, hash)
        VALUES (next_sequence, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, previous,
                encode(hmac(convert_to(canonical_prefix || '"previousHash":' || to_json(previous)::text || ',"sequence":' || to_json(next_sequence::text)::text || '}', 'UTF8'),
                            chain_key, 'sha256'), 'hex'));
        RETURN next_sequence;
      END
      $$`);
    await db.query(`ALTER FUNCTION ensure_sharing_decision_partitions(date, date) SECURITY DEFINER SET search_path = public, pg_temp`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER FUNCTION ensure_sharing_decision_partitions(date, date) SECURITY INVOKER RESET search_path`);
    await db.query(`DROP FUNCTION audit_append(bigint, bytea, text, timestamptz, uuid, uuid, text, text, text, jsonb, jsonb)`);
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
    await db.query(`DROP TABLE audit_chain_cutover`);
  }
}
