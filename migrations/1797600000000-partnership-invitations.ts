import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partnership consent and registered email domains.
 *
 * Being named in a draft is an invitation: one row per organisation named in an agreement's
 * draft, INVITED until its IG lead (or a signatory) accepts or refuses; an accepted party may
 * withdraw while drafting. The lead's own party is ACCEPTED. Existing rows: the lead, and every
 * organisation that is a party of a version already submitted (it signed, or was asked to sign
 * under the old rule), are ACCEPTED; everyone else named only in a draft is INVITED.
 *
 * An organisation's email domains: users its ORG_ADMIN creates must have an address at one of
 * them. A domain may be registered for several organisations (nhs.net is NHSmail's, shared).
 */
export class PartnershipInvitations1797600000000 implements MigrationInterface {
  name = 'PartnershipInvitations1797600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partnership_invitation (
        agreement_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        status text NOT NULL CONSTRAINT ck_partnership_invitation_status CHECK (status IN ('INVITED', 'ACCEPTED', 'REFUSED', 'WITHDRAWN')),
        reason text CONSTRAINT ck_partnership_invitation_reason_length CHECK (char_length(reason) BETWEEN 1 AND 2000),
        invited_at timestamptz NOT NULL,
        answered_at timestamptz,
        answered_by_user_id uuid REFERENCES app_user (id),
        PRIMARY KEY (agreement_id, organisation_id),
        CONSTRAINT fk_partnership_invitation_party FOREIGN KEY (agreement_id, organisation_id)
          REFERENCES agreement_party (agreement_id, organisation_id) ON DELETE CASCADE,
        CONSTRAINT ck_partnership_invitation_refusal CHECK (status <> 'REFUSED' OR reason IS NOT NULL),
        CONSTRAINT ck_partnership_invitation_reason CHECK (status IN ('REFUSED', 'WITHDRAWN') OR reason IS NULL)
      )`);
    await db.query(`CREATE INDEX ix_partnership_invitation_organisation ON partnership_invitation (organisation_id, status)`);
    await db.query(`
      INSERT INTO partnership_invitation (agreement_id, organisation_id, status, invited_at)
      SELECT p.agreement_id, p.organisation_id,
             CASE WHEN p.organisation_id = a.lead_organisation_id
                    OR EXISTS (SELECT 1 FROM agreement_version v JOIN agreement_version_party vp ON vp.version_id = v.id
                               WHERE v.agreement_id = p.agreement_id AND vp.organisation_id = p.organisation_id)
                  THEN 'ACCEPTED' ELSE 'INVITED' END,
             a.updated_at
      FROM agreement_party p JOIN agreement a ON a.id = p.agreement_id`);

    await db.query(`
      CREATE TABLE organisation_email_domain (
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        domain text NOT NULL CONSTRAINT ck_organisation_email_domain CHECK (
          char_length(domain) <= 253 AND domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$'),
        PRIMARY KEY (organisation_id, domain)
      )`);
    await db.query(`CREATE INDEX ix_organisation_email_domain_domain ON organisation_email_domain (domain)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE organisation_email_domain`);
    await db.query(`DROP TABLE partnership_invitation`);
  }
}
