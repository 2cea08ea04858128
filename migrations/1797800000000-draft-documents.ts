import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest rendered PDF of each agreement's draft, keyed by the revision and everything else the
 * document shows (state_key), so downloading the same draft again does not render it again. One
 * row per agreement: a newer revision replaces it.
 */
export class DraftDocuments1797800000000 implements MigrationInterface {
  name = 'DraftDocuments1797800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agreement_draft_document (
        agreement_id uuid PRIMARY KEY REFERENCES agreement (id) ON DELETE CASCADE,
        revision integer NOT NULL CONSTRAINT ck_agreement_draft_document_revision CHECK (revision >= 1),
        state_key text NOT NULL CONSTRAINT ck_agreement_draft_document_state_key CHECK (state_key ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        sha256 text NOT NULL CONSTRAINT ck_agreement_draft_document_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_size integer NOT NULL,
        rendered_at timestamptz NOT NULL,
        CONSTRAINT ck_agreement_draft_document_content CHECK (octet_length(content) = byte_size AND byte_size > 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE agreement_draft_document`);
  }
}
