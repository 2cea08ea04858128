import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agreements, their draft parties, frozen versions with their parties, and signatures. */
export class Agreements1795100000000 implements MigrationInterface {
  name = 'Agreements1795100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE agreement_reference_seq`);
    await db.query(`
      CREATE TABLE agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL CONSTRAINT uq_agreement_reference UNIQUE,
        kind text NOT NULL CONSTRAINT ck_agreement_kind CHECK (kind IN ('PROTOCOL', 'ISP', 'DDA', 'JCA')),
        title text NOT NULL CONSTRAINT ck_agreement_title CHECK (char_length(title) BETWEEN 3 AND 300),
        lead_organisation_id uuid NOT NULL REFERENCES organisation (id),
        author_user_id uuid NOT NULL REFERENCES app_user (id),
        parent_protocol_id uuid REFERENCES agreement (id),
        status text NOT NULL CONSTRAINT ck_agreement_status CHECK (status IN (
          'DRAFT', 'AWAITING_SIGNATURES', 'ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED')),
        variation_status text NOT NULL DEFAULT 'NONE' CONSTRAINT ck_agreement_variation_status
          CHECK (variation_status IN ('NONE', 'DRAFTING', 'AWAITING_SIGNATURES')),
        draft_content jsonb,
        draft_revision integer NOT NULL DEFAULT 1 CONSTRAINT ck_agreement_draft_revision CHECK (draft_revision > 0),
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_agreement_protocol_has_no_parent CHECK (kind <> 'PROTOCOL' OR parent_protocol_id IS NULL),
        CONSTRAINT ck_agreement_variation_only_in_force CHECK (variation_status = 'NONE' OR status IN ('ACTIVE', 'SUSPENDED')),
        CONSTRAINT ck_agreement_draft_while_drafting CHECK (
          (draft_content IS NOT NULL) = (status = 'DRAFT' OR variation_status = 'DRAFTING'))
      )`);
    await db.query(`CREATE INDEX ix_agreement_lead ON agreement (lead_organisation_id)`);
    await db.query(`CREATE INDEX ix_agreement_parent ON agreement (parent_protocol_id) WHERE parent_protocol_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE agreement_party (
        agreement_id uuid NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        role text NOT NULL CONSTRAINT ck_agreement_party_role CHECK (role IN (
          'CONTROLLER', 'JOINT_CONTROLLER', 'PROCESSOR', 'DISCLOSER', 'RECIPIENT')),
        position integer NOT NULL,
        PRIMARY KEY (agreement_id, organisation_id)
      )`);
    await db.query(`CREATE INDEX ix_agreement_party_organisation ON agreement_party (organisation_id)`);

    await db.query(`
      CREATE TABLE agreement_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreement (id),
        number integer NOT NULL CONSTRAINT ck_agreement_version_number CHECK (number > 0),
        status text NOT NULL CONSTRAINT ck_agreement_version_status CHECK (status IN (
          'AWAITING_SIGNATURES', 'ACTIVE', 'SUPERSEDED', 'DECLINED')),
        frozen jsonb NOT NULL,
        content_hash text NOT NULL CONSTRAINT ck_agreement_version_hash CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        submitted_at timestamptz NOT NULL,
        submitted_by_user_id uuid NOT NULL REFERENCES app_user (id),
        effective_date date,
        superseded_at timestamptz,
        declined_at timestamptz,
        declined_by_user_id uuid REFERENCES app_user (id),
        declined_organisation_id uuid REFERENCES organisation (id),
        decline_reason text,
        CONSTRAINT uq_agreement_version_number UNIQUE (agreement_id, number),
        CONSTRAINT uq_agreement_version_id_hash UNIQUE (id, content_hash),
        CONSTRAINT ck_agreement_version_active_has_date CHECK (status NOT IN ('ACTIVE', 'SUPERSEDED') OR effective_date IS NOT NULL),
        CONSTRAINT ck_agreement_version_declined CHECK ((status = 'DECLINED') = (decline_reason IS NOT NULL))
      )`);
    // At most one version in force and one awaiting signatures per agreement.
    await db.query(`CREATE UNIQUE INDEX uq_agreement_version_one_active ON agreement_version (agreement_id) WHERE status = 'ACTIVE'`);
    await db.query(`
      CREATE UNIQUE INDEX uq_agreement_version_one_awaiting ON agreement_version (agreement_id) WHERE status = 'AWAITING_SIGNATURES'`);

    await db.query(`
      CREATE TABLE agreement_version_party (
        version_id uuid NOT NULL REFERENCES agreement_version (id),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        role text NOT NULL,
        PRIMARY KEY (version_id, organisation_id)
      )`);
    await db.query(`CREATE INDEX ix_agreement_version_party_organisation ON agreement_version_party (organisation_id)`);

    await db.query(`
      CREATE TABLE agreement_signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        signed_as text NOT NULL CONSTRAINT ck_agreement_signature_role CHECK (signed_as IN ('SIGNATORY', 'CALDICOTT_GUARDIAN', 'SIRO')),
        signer_name text NOT NULL,
        signer_job_title text,
        content_hash text NOT NULL,
        signed_at timestamptz NOT NULL,
        -- One signature per party per version, by a party, of exactly the version's hash.
        CONSTRAINT uq_agreement_signature_party UNIQUE (version_id, organisation_id),
        CONSTRAINT fk_agreement_signature_party FOREIGN KEY (version_id, organisation_id)
          REFERENCES agreement_version_party (version_id, organisation_id),
        CONSTRAINT fk_agreement_signature_hash FOREIGN KEY (version_id, content_hash)
          REFERENCES agreement_version (id, content_hash)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE agreement_signature`);
    await db.query(`DROP TABLE agreement_version_party`);
    await db.query(`DROP TABLE agreement_version`);
    await db.query(`DROP TABLE agreement_party`);
    await db.query(`DROP TABLE agreement`);
    await db.query(`DROP SEQUENCE agreement_reference_seq`);
  }
}
