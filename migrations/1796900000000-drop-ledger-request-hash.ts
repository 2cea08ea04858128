import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `sharing_decision.request_hash`. Since LedgerPartitions1795900000000 a client key's request
 * hash lives in `sharing_decision_key`, which is what a retry is checked against and which is never
 * archived; the ledger's own copy was written with every decision (64 characters of a row of about
 * 700 bytes) and never read. `down` puts it back, filled from the keys, and NOT NULL again unless
 * some decision has no key (written straight into the table, not by the app), whose hash is lost.
 */
export class DropLedgerRequestHash1796900000000 implements MigrationInterface {
  name = 'DropLedgerRequestHash1796900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sharing_decision DROP COLUMN request_hash`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sharing_decision ADD COLUMN request_hash text`);
    await db.query(`
      UPDATE sharing_decision d SET request_hash = k.request_hash
      FROM sharing_decision_key k WHERE k.recorded_by_organisation_id = d.recorded_by_organisation_id AND k.client_key = d.client_key`);
    const [{ keyless }] = await db.query(`SELECT count(*)::int AS keyless FROM sharing_decision WHERE request_hash IS NULL`);
    if (keyless === 0) await db.query(`ALTER TABLE sharing_decision ALTER COLUMN request_hash SET NOT NULL`);
  }
}
