import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger partitioned by month of decision (UTC), so a month long past can be detached and
 * archived without touching the rest; metrics keep their figures, read from the rollups.
 * - A primary key or unique constraint on a partitioned table must include the partition key, so a
 *   client key's uniqueness moves to `sharing_decision_key` (one small row a decision, never archived,
 *   with the request's hash): a retry is recognised, and a clash refused, whatever month its decision is in.
 * - `incident.decision_id` loses its foreign key (it cannot name a partitioned row by id alone, and
 *   would stop a month being detached); the incidents service checks the decision exists.
 * - `ensure_sharing_decision_partitions(first, last)` creates the missing months between two dates,
 *   one caller at a time; the app calls it at start and daily for the months ahead
 *   (LedgerPartitionKeeper). Decisions in a month with no partition land in `sharing_decision_default`;
 *   a month already holding rows there is left to it (a partition cannot be created over them).
 */
export class LedgerPartitions1795900000000 implements MigrationInterface {
  name = 'LedgerPartitions1795900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sharing_decision_key (
        recorded_by_organisation_id uuid NOT NULL REFERENCES organisation (id),
        client_key text NOT NULL,
        decision_id uuid NOT NULL,
        decided_at timestamptz NOT NULL,
        request_hash text NOT NULL,
        PRIMARY KEY (recorded_by_organisation_id, client_key)
      )`);
    await db.query(`
      INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash)
      SELECT recorded_by_organisation_id, client_key, id, decided_at, request_hash FROM sharing_decision`);
    await db.query(`ALTER TABLE incident DROP CONSTRAINT incident_decision_id_fkey`);

    await db.query(`
      CREATE TABLE sharing_decision_partitioned (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
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
        CONSTRAINT ck_sharing_decision_dates CHECK (decided_at >= requested_at),
        CONSTRAINT ck_sharing_decision_parties CHECK (requesting_organisation_id <> disclosing_organisation_id),
        CONSTRAINT ck_sharing_decision_reason CHECK ((outcome = 'SHARED') = (not_shared_reason IS NULL)),
        CONSTRAINT ck_sharing_decision_method CHECK (outcome = 'NOT_SHARED' OR transfer_method IS NOT NULL),
        CONSTRAINT ck_sharing_decision_capacity CHECK ((consent_status = 'LACKS_CAPACITY') = (capacity_consent_by IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_named CHECK (
          NOT public_interest_override OR (override_authorised_by IS NOT NULL AND override_reason IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_required CHECK (
          outcome = 'NOT_SHARED' OR consent_status NOT IN ('REFUSED', 'WITHDRAWN') OR public_interest_override),
        CONSTRAINT ck_sharing_decision_informed CHECK (person_informed OR not_informed_reason IS NOT NULL),
        CONSTRAINT pk_sharing_decision PRIMARY KEY (id, decided_at)
      ) PARTITION BY RANGE (decided_at)`);
    await db.query(`ALTER TABLE sharing_decision RENAME TO sharing_decision_unpartitioned`);
    await db.query(`ALTER TABLE sharing_decision_partitioned RENAME TO sharing_decision`);
    await db.query(`CREATE TABLE sharing_decision_default PARTITION OF sharing_decision DEFAULT`);
    await db.query(`
      CREATE FUNCTION ensure_sharing_decision_partitions(first_month date, last_month date) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        month_start date := date_trunc('month', first_month)::date;
        partition_name text;
        created integer := 0;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('ensure_sharing_decision_partitions'));
        WHILE month_start <= last_month LOOP
          partition_name := format('sharing_decision_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
          IF to_regclass(partition_name) IS NULL AND NOT EXISTS (
               SELECT 1 FROM sharing_decision_default
               WHERE decided_at >= month_start::timestamp AT TIME ZONE 'UTC'
                 AND decided_at < (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC') THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF sharing_decision FOR VALUES FROM (%L) TO (%L)', partition_name,
                           month_start::timestamp AT TIME ZONE 'UTC', (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
          END IF;
          month_start := (month_start + interval '1 month')::date;
        END LOOP;
        RETURN created;
      END $$`);
    // Two years back (older decisions go to the default partition) and a year ahead; the app keeps a year ahead.
    await db.query(`
      SELECT ensure_sharing_decision_partitions((date_trunc('month', now() AT TIME ZONE 'UTC') - interval '24 months')::date,
                                                (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '12 months')::date)`);
    await db.query(`INSERT INTO sharing_decision SELECT * FROM sharing_decision_unpartitioned`);
    await db.query(`DROP TABLE sharing_decision_unpartitioned`);
    await db.query(`CREATE INDEX ix_sharing_decision_recorder ON sharing_decision (recorded_by_organisation_id, decided_at DESC, id)`);
    await db.query(`CREATE INDEX ix_sharing_decision_agreement ON sharing_decision (agreement_id, decided_at) WHERE agreement_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sharing_decision_unpartitioned (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
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
        CONSTRAINT ck_sharing_decision_dates CHECK (decided_at >= requested_at),
        CONSTRAINT ck_sharing_decision_parties CHECK (requesting_organisation_id <> disclosing_organisation_id),
        CONSTRAINT ck_sharing_decision_reason CHECK ((outcome = 'SHARED') = (not_shared_reason IS NULL)),
        CONSTRAINT ck_sharing_decision_method CHECK (outcome = 'NOT_SHARED' OR transfer_method IS NOT NULL),
        CONSTRAINT ck_sharing_decision_capacity CHECK ((consent_status = 'LACKS_CAPACITY') = (capacity_consent_by IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_named CHECK (
          NOT public_interest_override OR (override_authorised_by IS NOT NULL AND override_reason IS NOT NULL)),
        CONSTRAINT ck_sharing_decision_override_required CHECK (
          outcome = 'NOT_SHARED' OR consent_status NOT IN ('REFUSED', 'WITHDRAWN') OR public_interest_override),
        CONSTRAINT ck_sharing_decision_informed CHECK (person_informed OR not_informed_reason IS NOT NULL),
        CONSTRAINT sharing_decision_pkey PRIMARY KEY (id)
      )`);
    await db.query(`INSERT INTO sharing_decision_unpartitioned SELECT * FROM sharing_decision`);
    await db.query(`DROP TABLE sharing_decision`);
    await db.query(`DROP FUNCTION ensure_sharing_decision_partitions(date, date)`);
    await db.query(`ALTER TABLE sharing_decision_unpartitioned RENAME TO sharing_decision`);
    await db.query(`ALTER TABLE sharing_decision ADD CONSTRAINT uq_sharing_decision_client_key UNIQUE (recorded_by_organisation_id, client_key)`);
    await db.query(`CREATE INDEX ix_sharing_decision_recorder ON sharing_decision (recorded_by_organisation_id, decided_at DESC, id)`);
    await db.query(`CREATE INDEX ix_sharing_decision_agreement ON sharing_decision (agreement_id, decided_at) WHERE agreement_id IS NOT NULL`);
    await db.query(`ALTER TABLE incident ADD CONSTRAINT incident_decision_id_fkey FOREIGN KEY (decision_id) REFERENCES sharing_decision (id)`);
    await db.query(`DROP TABLE sharing_decision_key`);
  }
}
