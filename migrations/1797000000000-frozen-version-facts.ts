import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version freezes every fact its documents print (FrozenAgreement.facts), and organisations gain
 * a registered address and a public contact for information-governance queries.
 *
 * Versions frozen before this hold no facts, and their hash (which signatures bind) was taken
 * without them, so their `frozen` is left as it is: their facts are filled in here, from what is
 * known now, into `backfilled_facts`, which no hash covers, with the time in `facts_backfilled_at`
 * (their documents say so). The lead organisation is named as the version named it when it was a
 * party; a parent protocol by the title of its version in force when the version was submitted;
 * each party's ICO number, DSPT and secure email, and its role holders, as they stand now. Nothing
 * had an address or contact yet. Once written, a version's frozen facts never change (trigger).
 */
export class FrozenVersionFacts1797000000000 implements MigrationInterface {
  name = 'FrozenVersionFacts1797000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organisation
        ADD COLUMN registered_address text
          CONSTRAINT ck_organisation_registered_address CHECK (btrim(registered_address) <> '' AND char_length(registered_address) <= 2000),
        ADD COLUMN ig_contact_email text
          CONSTRAINT ck_organisation_ig_contact_email CHECK (ig_contact_email LIKE '%_@_%' AND char_length(ig_contact_email) <= 320),
        ADD COLUMN ig_contact_phone text
          CONSTRAINT ck_organisation_ig_contact_phone CHECK (ig_contact_phone ~ '^\\+?[0-9 ()-]{7,25}$')`);

    await db.query(`ALTER TABLE agreement_version ADD COLUMN backfilled_facts jsonb, ADD COLUMN facts_backfilled_at timestamptz`);
    await db.query(`
      UPDATE agreement_version v SET facts_backfilled_at = now(), backfilled_facts = jsonb_build_object(
        'leadOrganisationName', coalesce(
          (SELECT p->>'organisationName' FROM jsonb_array_elements(v.frozen->'parties') p WHERE p->>'organisationId' = v.frozen->>'leadOrganisationId'),
          (SELECT name FROM organisation WHERE id = (v.frozen->>'leadOrganisationId')::uuid)),
        'parentProtocol', (
          SELECT jsonb_build_object('reference', protocol.reference, 'title', coalesce(
            (SELECT pv.frozen->>'title' FROM agreement_version pv
             WHERE pv.agreement_id = protocol.id AND pv.status IN ('ACTIVE', 'SUPERSEDED') AND pv.effective_date <= v.submitted_at::date
             ORDER BY pv.number DESC LIMIT 1),
            protocol.title))
          FROM agreement protocol WHERE protocol.id = (v.frozen->>'parentProtocolId')::uuid),
        'parties', (
          SELECT coalesce(jsonb_agg(jsonb_build_object(
            'organisationId', o.id,
            'icoRegistrationNumber', o.ico_registration_number,
            'registeredAddress', NULL,
            'igContactEmail', NULL,
            'igContactPhone', NULL,
            'dsptStatus', o.dspt_status,
            'dsptStatusDate', o.dspt_status_date,
            'secureEmailMethod', o.secure_email_method,
            'secureEmailAccreditationExpiry', o.secure_email_accreditation_expiry,
            'roleHolders', jsonb_build_object(
              'igLead', (${holder('IG_LEAD')}),
              'caldicottGuardian', (${holder('CALDICOTT_GUARDIAN')}),
              'siro', (${holder('SIRO')}),
              'dpo', (${holder('DPO')}))
          ) ORDER BY party.position), '[]'::jsonb)
          FROM jsonb_array_elements(v.frozen->'parties') WITH ORDINALITY AS party(value, position)
          JOIN organisation o ON o.id = (party.value->>'organisationId')::uuid))
      WHERE NOT v.frozen ? 'facts'`);

    await db.query(`
      ALTER TABLE agreement_version
        ADD CONSTRAINT ck_agreement_version_facts CHECK (frozen ? 'facts' OR backfilled_facts IS NOT NULL),
        ADD CONSTRAINT ck_agreement_version_backfilled_at CHECK ((backfilled_facts IS NULL) = (facts_backfilled_at IS NULL))`);
    await db.query(`
      CREATE FUNCTION agreement_version_frozen_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.frozen IS DISTINCT FROM OLD.frozen OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
           OR NEW.backfilled_facts IS DISTINCT FROM OLD.backfilled_facts OR NEW.facts_backfilled_at IS DISTINCT FROM OLD.facts_backfilled_at THEN
          RAISE EXCEPTION 'a frozen version never changes: version % of agreement %', OLD.number, OLD.agreement_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tg_agreement_version_frozen_unchanged BEFORE UPDATE ON agreement_version
      FOR EACH ROW EXECUTE FUNCTION agreement_version_frozen_unchanged()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER tg_agreement_version_frozen_unchanged ON agreement_version`);
    await db.query(`DROP FUNCTION agreement_version_frozen_unchanged()`);
    // Versions frozen since keep their facts inside `frozen` (and their hash): the old code ignores them.
    await db.query(`
      ALTER TABLE agreement_version
        DROP CONSTRAINT ck_agreement_version_facts, DROP CONSTRAINT ck_agreement_version_backfilled_at,
        DROP COLUMN backfilled_facts, DROP COLUMN facts_backfilled_at`);
    await db.query(`ALTER TABLE organisation DROP COLUMN registered_address, DROP COLUMN ig_contact_email, DROP COLUMN ig_contact_phone`);
  }
}

/** The name of the organisation's active holder of a named post (the first by name, as the app picks). */
function holder(role: string): string {
  return `SELECT u.full_name FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.active
          WHERE r.organisation_id = o.id AND r.role = '${role}' ORDER BY u.full_name LIMIT 1`;
}
