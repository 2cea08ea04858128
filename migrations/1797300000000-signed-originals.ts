import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements signed outside Accordant: the scanned original (uploaded first, then claimed by the
 * version it is the evidence of), what a recorded version says about itself (its original
 * reference, its findings as at signing, whether the other parties confirmed it), each party's
 * confirmation or dispute, signatures made on paper (no user of this service signed them), and the
 * re-checks of decisions recorded before the import, kept beside what was recorded. A re-check
 * names its decision by id and date with no foreign key, as incidents do: a key would stop a month
 * of the ledger being detached.
 */
export class SignedOriginals1797300000000 implements MigrationInterface {
  name = 'SignedOriginals1797300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE agreement_version
        ADD COLUMN recorded_from_original boolean NOT NULL DEFAULT false,
        ADD COLUMN original_reference text,
        ADD COLUMN recorded_findings jsonb,
        ADD COLUMN confirmation_status text CONSTRAINT ck_agreement_version_confirmation
          CHECK (confirmation_status IN ('AWAITING_CONFIRMATION', 'CONFIRMED', 'DISPUTED')),
        ADD CONSTRAINT ck_agreement_version_recorded CHECK (
          recorded_from_original = (original_reference IS NOT NULL)
          AND recorded_from_original = (recorded_findings IS NOT NULL)
          AND recorded_from_original = (confirmation_status IS NOT NULL))`);

    await db.query(`
      CREATE TABLE signed_original (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        uploaded_by_user_id uuid NOT NULL REFERENCES app_user (id),
        uploaded_at timestamptz NOT NULL,
        filename text NOT NULL CONSTRAINT ck_signed_original_filename CHECK (char_length(filename) BETWEEN 1 AND 200),
        byte_size integer NOT NULL CONSTRAINT ck_signed_original_size CHECK (byte_size > 0),
        sha256 text NOT NULL CONSTRAINT ck_signed_original_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        version_id uuid CONSTRAINT uq_signed_original_version UNIQUE REFERENCES agreement_version (id),
        CONSTRAINT ck_signed_original_content CHECK (octet_length(content) = byte_size AND substring(content FROM 1 FOR 5) = '\\x255044462d'::bytea)
      )`);

    await db.query(`
      CREATE TABLE agreement_original_answer (
        version_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        answer text NOT NULL CONSTRAINT ck_agreement_original_answer CHECK (answer IN ('CONFIRMED', 'DISPUTED')),
        reason text,
        user_id uuid NOT NULL REFERENCES app_user (id),
        answered_at timestamptz NOT NULL,
        PRIMARY KEY (version_id, organisation_id),
        CONSTRAINT fk_agreement_original_answer_party FOREIGN KEY (version_id, organisation_id)
          REFERENCES agreement_version_party (version_id, organisation_id),
        CONSTRAINT ck_agreement_original_answer_reason CHECK ((answer = 'DISPUTED') = (reason IS NOT NULL))
      )`);

    await db.query(`ALTER TABLE agreement_signature ALTER COLUMN user_id DROP NOT NULL`);
    await db.query(`
      ALTER TABLE agreement_signature
        ADD COLUMN signed_outside boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT ck_agreement_signature_signer CHECK (signed_outside = (user_id IS NULL))`);

    await db.query(`
      CREATE TABLE sharing_decision_recheck (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id uuid NOT NULL,
        decided_at timestamptz NOT NULL,
        agreement_id uuid NOT NULL REFERENCES agreement (id),
        version_id uuid NOT NULL REFERENCES agreement_version (id),
        disclosing_organisation_id uuid NOT NULL REFERENCES organisation (id),
        flags_recorded text[] NOT NULL,
        flags text[] NOT NULL,
        checked_at timestamptz NOT NULL,
        CONSTRAINT uq_sharing_decision_recheck UNIQUE (decision_id, version_id)
      )`);
    await db.query(`CREATE INDEX ix_sharing_decision_recheck_agreement ON sharing_decision_recheck (agreement_id, decided_at)`);
    await db.query(`CREATE INDEX ix_sharing_decision_recheck_discloser ON sharing_decision_recheck (disclosing_organisation_id, decided_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sharing_decision_recheck`);
    await db.query(`DELETE FROM agreement_signature WHERE signed_outside`);
    await db.query(`ALTER TABLE agreement_signature DROP CONSTRAINT ck_agreement_signature_signer, DROP COLUMN signed_outside`);
    await db.query(`ALTER TABLE agreement_signature ALTER COLUMN user_id SET NOT NULL`);
    await db.query(`DROP TABLE agreement_original_answer`);
    await db.query(`DROP TABLE signed_original`);
    await db.query(`
      ALTER TABLE agreement_version
        DROP CONSTRAINT ck_agreement_version_recorded,
        DROP COLUMN confirmation_status,
        DROP COLUMN recorded_findings,
        DROP COLUMN original_reference,
        DROP COLUMN recorded_from_original`);
  }
}
