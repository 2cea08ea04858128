import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents cannot be denied to everyone:
 * - agreement_draft_document: the latest rendered PDF of each agreement's draft, keyed by the
 *   revision and everything else the document shows (state_key), so downloading the same draft
 *   again does not render it again. One row per agreement: a newer revision replaces it.
 * - document_render_slot: the one render each user may have in flight, shared by every app
 *   instance; a slot whose holder died is free again once it expires.
 * - document_rate_window: document requests per user per fixed window, as write_rate_window.
 * Both are UNLOGGED: losing them in a crash only forgives a window or frees a slot. Neither has a
 * foreign key to app_user, as write_rate_window has none: short-lived counts, not records.
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
    await db.query(`
      CREATE UNLOGGED TABLE document_render_slot (
        user_id uuid PRIMARY KEY,
        taken_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT ck_document_render_slot_expiry CHECK (expires_at > taken_at)
      )`);
    await db.query(`
      CREATE UNLOGGED TABLE document_rate_window (
        user_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        requests integer NOT NULL CONSTRAINT ck_document_rate_window_requests CHECK (requests > 0),
        PRIMARY KEY (user_id, window_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE document_rate_window`);
    await db.query(`DROP TABLE document_render_slot`);
    await db.query(`DROP TABLE agreement_draft_document`);
  }
}
