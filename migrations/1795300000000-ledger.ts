import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitoring ledger: every decision to share or not to share, incidents, and the history of
 * each agreement's status (so a decision is checked against the agreement as it stood on its date).
 */
export class Ledger1795300000000 implements MigrationInterface {
  name = 'Ledger1795300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agreement_status_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreement (id),
        status text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_agreement_status_change ON agreement_status_change (agreement_id, changed_at)`);
    // Written by the database itself, so no code path that changes a status can forget it.
    await db.query(`
      CREATE FUNCTION agreement_record_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
          INSERT INTO agreement_status_change (agreement_id, status, changed_at) VALUES (NEW.id, NEW.status, clock_timestamp());
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER trg_agreement_status_change AFTER INSERT OR UPDATE OF status ON agreement
      FOR EACH ROW EXECUTE FUNCTION agreement_record_status_change()`);
    await db.query(`
      INSERT INTO agreement_status_change (agreement_id, status, changed_at) SELECT id, status, updated_at FROM agreement`);

    await db.query(`
      CREATE TABLE sharing_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recorded_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
        client_key text NOT NULL CONSTRAINT ck_sharing_decision_client_key CHECK (char_length(client_key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        agreement_id uuid REFERENCES agreement (id),
        agreement_version_id uuid REFERENCES agreement_version (id),
        flow_id text,
        requesting_organisation_id uuid NOT NULL REFERENCES organisation (id),
        disclosing_organisation_id uuid NOT NULL REFERENCES organisation (id),
        requested_at timestamptz NOT NULL,
        decided_at timestamptz NOT NULL,
        purpose_type text NOT NULL,
        purpose text,
        outcome text NOT NULL CONSTRAINT ck_sharing_decision_outcome CHECK (outcome IN ('SHARED', 'PARTIALLY_SHARED', 'NOT_SHARED')),
        not_shared_reason text,
        data_items_shared text[] NOT NULL DEFAULT '{}',
        data_items_withheld text[] NOT NULL DEFAULT '{}',
        includes_special_category boolean NOT NULL DEFAULT false,
        record_count integer NOT NULL CONSTRAINT ck_sharing_decision_record_count CHECK (record_count >= 0),
        article6_basis text,
        article9_condition text,
        common_law_basis text,
        consent_status text NOT NULL,
        capacity_consent_by text,
        public_interest_override boolean NOT NULL DEFAULT false,
        override_authorised_by text,
        override_reason text,
        advice_sought text[] NOT NULL DEFAULT '{}',
        transfer_method text,
        person_informed boolean NOT NULL,
        not_informed_reason text,
        decided_by_user_id uuid NOT NULL REFERENCES app_user (id),
        case_reference_hash text CONSTRAINT ck_sharing_decision_case_hash CHECK (case_reference_hash ~ '^[0-9a-f]{64}$'),
        key_questions jsonb,
        flags text[] NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL,
        CONSTRAINT uq_sharing_decision_client_key UNIQUE (recorded_by_organisation_id, client_key),
        CONSTRAINT ck_sharing_decision_dates CHECK (decided_at >= requested_at),
        CONSTRAINT ck_sharing_decision_parties CHECK (requesting_organisation_id <> disclosing_organisation_id),
        CONSTRAINT ck_sharing_decision_reason CHECK ((outcome = 'SHARED') = (not_shared_reason IS NULL)),
        CONSTRAINT ck_sharing_decision_method CHECK (outcome = 'NOT_SHARED' OR transfer_method IS NOT NULL),
        CONSTRAINT ck_sharing_decision_capacity CHECK ((consent_status = 'LACKS_CAPACITY') = (capacity_consent_by IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_named CHECK (
          NOT public_interest_override OR (override_authorised_by IS NOT NULL AND override_reason IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_required CHECK (
          outcome = 'NOT_SHARED' OR consent_status NOT IN ('REFUSED', 'WITHDRAWN') OR public_interest_override),
        CONSTRAINT ck_sharing_decision_informed CHECK (person_informed OR not_informed_reason IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX ix_sharing_decision_recorder ON sharing_decision (recorded_by_organisation_id, decided_at DESC, id)`);
    await db.query(`CREATE INDEX ix_sharing_decision_agreement ON sharing_decision (agreement_id, decided_at) WHERE agreement_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreement (id),
        decision_id uuid REFERENCES sharing_decision (id),
        reported_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
        reported_by_user_id uuid NOT NULL REFERENCES app_user (id),
        kind text NOT NULL CONSTRAINT ck_incident_kind CHECK (kind IN ('BREACH', 'NEAR_MISS')),
        severity text NOT NULL CONSTRAINT ck_incident_severity CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        summary text NOT NULL CONSTRAINT ck_incident_summary CHECK (char_length(summary) BETWEEN 3 AND 5000),
        occurred_at timestamptz NOT NULL,
        discovered_at timestamptz NOT NULL,
        ico_reportable boolean NOT NULL,
        ico_deadline timestamptz,
        reported_to_ico_at timestamptz,
        status text NOT NULL CONSTRAINT ck_incident_status CHECK (status IN ('OPEN', 'INVESTIGATING', 'REPORTED_TO_ICO', 'CLOSED')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_incident_dates CHECK (discovered_at >= occurred_at),
        CONSTRAINT ck_incident_ico_deadline CHECK (
          (ico_reportable AND ico_deadline = discovered_at + interval '72 hours') OR (NOT ico_reportable AND ico_deadline IS NULL)),
        CONSTRAINT ck_incident_breach_only_reportable CHECK (kind = 'BREACH' OR NOT ico_reportable),
        CONSTRAINT ck_incident_reported CHECK ((status = 'REPORTED_TO_ICO') <= (reported_to_ico_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX ix_incident_agreement ON incident (agreement_id, discovered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE incident`);
    await db.query(`DROP TABLE sharing_decision`);
    await db.query(`DROP TRIGGER trg_agreement_status_change ON agreement`);
    await db.query(`DROP FUNCTION agreement_record_status_change()`);
    await db.query(`DROP TABLE agreement_status_change`);
  }
}
