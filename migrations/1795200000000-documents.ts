import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rendered PDFs of frozen versions, stored once per signing state, found again by their SHA-256. */
export class Documents1795200000000 implements MigrationInterface {
  name = 'Documents1795200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agreement_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL REFERENCES agreement_version (id),
        state_key text NOT NULL CONSTRAINT ck_agreement_document_state_key CHECK (state_key ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        sha256 text NOT NULL CONSTRAINT ck_agreement_document_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_size integer NOT NULL CONSTRAINT ck_agreement_document_size CHECK (byte_size = octet_length(content)),
        rendered_at timestamptz NOT NULL,
        CONSTRAINT uq_agreement_document_state UNIQUE (version_id, state_key),
        CONSTRAINT uq_agreement_document_sha256 UNIQUE (sha256)
      )`);
    await db.query(`
      CREATE TRIGGER trg_agreement_document_immutable BEFORE UPDATE ON agreement_document
      FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE agreement_document`);
  }
}
