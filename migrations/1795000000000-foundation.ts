import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, their users and role holders, login throttling, and the hash-chained audit log. */
export class Foundation1795000000000 implements MigrationInterface {
  name = 'Foundation1795000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT ck_organisation_name CHECK (char_length(name) BETWEEN 2 AND 200),
        sector text NOT NULL CONSTRAINT ck_organisation_sector CHECK (sector IN (
          'NHS_TRUST', 'ICB', 'GP_PRACTICE', 'LOCAL_AUTHORITY', 'POLICE', 'CARE_PROVIDER',
          'VOLUNTARY_CHARITY', 'HOUSING', 'EDUCATION', 'FIRE', 'PROBATION', 'OTHER')),
        ods_code text CONSTRAINT ck_organisation_ods_code CHECK (ods_code ~ '^[A-Z0-9]{3,6}$'),
        ico_registration_number text CONSTRAINT ck_organisation_ico_registration
          CHECK (ico_registration_number ~ '^(Z[0-9]{7}|Z[A-Z][0-9]{6})$'),
        dspt_status text NOT NULL DEFAULT 'NOT_PUBLISHED' CONSTRAINT ck_organisation_dspt_status CHECK (dspt_status IN (
          'STANDARDS_EXCEEDED', 'STANDARDS_MET', 'APPROACHING_STANDARDS', 'STANDARDS_NOT_MET', 'NOT_PUBLISHED')),
        dspt_status_date date,
        secure_email_method text NOT NULL DEFAULT 'NONE' CONSTRAINT ck_organisation_secure_email_method CHECK (secure_email_method IN (
          'NHSMAIL', 'DCB1596_ACCREDITED_OFFICE365', 'DCB1596_SELF_ACCREDITED', 'NONE')),
        secure_email_accreditation_expiry date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_organisation_dspt_date CHECK ((dspt_status = 'NOT_PUBLISHED') = (dspt_status_date IS NULL)),
        CONSTRAINT ck_organisation_accreditation_expiry CHECK (
          (secure_email_method IN ('DCB1596_ACCREDITED_OFFICE365', 'DCB1596_SELF_ACCREDITED'))
          = (secure_email_accreditation_expiry IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_organisation_ods_code ON organisation (ods_code)`);
    await db.query(`CREATE UNIQUE INDEX uq_organisation_ico_registration ON organisation (ico_registration_number)`);
    await db.query(`CREATE UNIQUE INDEX uq_organisation_name ON organisation (lower(name))`);
    await db.query(`CREATE INDEX ix_organisation_name_id ON organisation (name, id)`);

    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        email text NOT NULL CONSTRAINT ck_app_user_email CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'),
        full_name text NOT NULL CONSTRAINT ck_app_user_full_name CHECK (char_length(full_name) BETWEEN 1 AND 200),
        job_title text CONSTRAINT ck_app_user_job_title CHECK (char_length(job_title) <= 200),
        password_hash text NOT NULL,
        token_version integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_user_id_organisation UNIQUE (id, organisation_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_app_user_email ON app_user (email)`);
    await db.query(`CREATE INDEX ix_app_user_organisation ON app_user (organisation_id, full_name, id)`);

    await db.query(`
      CREATE TABLE user_role (
        user_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        role text NOT NULL CONSTRAINT ck_user_role_role CHECK (role IN (
          'ORG_ADMIN', 'IG_LEAD', 'CALDICOTT_GUARDIAN', 'SIRO', 'DPO', 'SIGNATORY', 'PRACTITIONER', 'COMMISSIONER', 'SYSTEM_ADMIN')),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, role),
        CONSTRAINT fk_user_role_user FOREIGN KEY (user_id, organisation_id) REFERENCES app_user (id, organisation_id) ON DELETE CASCADE
      )`);
    // The named posts have at most one current holder per organisation.
    await db.query(`
      CREATE UNIQUE INDEX uq_user_role_single_holder ON user_role (organisation_id, role)
      WHERE role IN ('IG_LEAD', 'CALDICOTT_GUARDIAN', 'SIRO', 'DPO')`);
    await db.query(`CREATE INDEX ix_user_role_organisation ON user_role (organisation_id, role)`);

    await db.query(`
      CREATE TABLE login_failure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        address text NOT NULL,
        failed_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_login_failure_email ON login_failure (email, failed_at)`);
    await db.query(`CREATE INDEX ix_login_failure_address ON login_failure (address, failed_at)`);

    await db.query(`
      CREATE TABLE audit_entry (
        sequence bigint PRIMARY KEY CONSTRAINT ck_audit_entry_sequence CHECK (sequence > 0),
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid REFERENCES app_user (id),
        actor_organisation_id uuid REFERENCES organisation (id),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        previous_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT uq_audit_entry_previous_hash UNIQUE (previous_hash),
        CONSTRAINT uq_audit_entry_hash UNIQUE (hash)
      )`);
    await db.query(`CREATE INDEX ix_audit_entry_entity ON audit_entry (entity_type, entity_id, sequence)`);
    await db.query(`CREATE INDEX ix_audit_entry_actor ON audit_entry (actor_user_id, sequence)`);
    await db.query(`
      CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER trg_audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()`);
    await db.query(`
      CREATE TRIGGER trg_audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_entry`);
    await db.query(`DROP FUNCTION audit_entry_refuse_change()`);
    await db.query(`DROP TABLE login_failure`);
    await db.query(`DROP TABLE user_role`);
    await db.query(`DROP TABLE app_user`);
    await db.query(`DROP TABLE organisation`);
  }
}
