import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's assurance as dated history: each change is a new entry that takes effect on
 * its date; entries are never changed. The organisation's own assurance columns stay as the view
 * of the entry in force today. Each existing organisation gets its current values as a first
 * entry, in force from its DSPT publication date, or from the day it was created.
 */
export class OrganisationAssurance1797100000000 implements MigrationInterface {
  name = 'OrganisationAssurance1797100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation_assurance (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        effective_from date NOT NULL,
        dspt_status text NOT NULL CONSTRAINT ck_organisation_assurance_dspt_status CHECK (dspt_status IN (
          'STANDARDS_EXCEEDED', 'STANDARDS_MET', 'APPROACHING_STANDARDS', 'STANDARDS_NOT_MET', 'NOT_PUBLISHED')),
        dspt_status_date date,
        dspt_next_due_date date,
        secure_email_method text NOT NULL CONSTRAINT ck_organisation_assurance_secure_email_method CHECK (secure_email_method IN (
          'NHSMAIL', 'DCB1596_ACCREDITED_OFFICE365', 'DCB1596_SELF_ACCREDITED', 'NONE')),
        secure_email_accreditation_expiry date,
        ico_registration_renewal_date date,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_organisation_assurance_dspt_date CHECK ((dspt_status = 'NOT_PUBLISHED') = (dspt_status_date IS NULL)),
        CONSTRAINT ck_organisation_assurance_published_by_effect CHECK (dspt_status_date <= effective_from),
        CONSTRAINT ck_organisation_assurance_due_after_published CHECK (dspt_next_due_date > dspt_status_date),
        CONSTRAINT ck_organisation_assurance_accreditation_expiry CHECK (
          (secure_email_method IN ('DCB1596_ACCREDITED_OFFICE365', 'DCB1596_SELF_ACCREDITED'))
          = (secure_email_accreditation_expiry IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX ix_organisation_assurance_in_force ON organisation_assurance (organisation_id, effective_from, id)`);
    await db.query(`
      CREATE FUNCTION organisation_assurance_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'organisation_assurance is history: record a new entry instead of changing one' USING ERRCODE = 'check_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER trg_organisation_assurance_unchanged BEFORE UPDATE ON organisation_assurance
      FOR EACH ROW EXECUTE FUNCTION organisation_assurance_unchanged()`);
    await db.query(`
      INSERT INTO organisation_assurance (organisation_id, effective_from, dspt_status, dspt_status_date, secure_email_method, secure_email_accreditation_expiry, recorded_at)
      SELECT id, coalesce(dspt_status_date, created_at::date), dspt_status, dspt_status_date, secure_email_method, secure_email_accreditation_expiry, updated_at
      FROM organisation ORDER BY created_at, id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE organisation_assurance`);
    await db.query(`DROP FUNCTION organisation_assurance_unchanged()`);
  }
}
