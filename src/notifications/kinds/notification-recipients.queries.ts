import type { EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/role.js';
import type { AgreementFacts } from './notification-messages.js';

/** The active users holding any of `roles` for any of `organisationIds`, each once. */
export async function holdersOf(em: EntityManager, organisationIds: readonly string[], roles: readonly Role[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = (await em.query(
    `SELECT DISTINCT u.id FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.active
     WHERE r.organisation_id = ANY($1::uuid[]) AND r.role = ANY($2::text[]) ORDER BY u.id`,
    [[...new Set(organisationIds)], [...roles]],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** What a message says of an agreement, with its lead organisation's id. */
export async function agreementFacts(em: EntityManager, agreementId: string): Promise<AgreementFacts & { leadOrganisationId: string }> {
  const [row] = (await em.query(
    `SELECT a.id, a.reference, a.title, a.kind, a.lead_organisation_id, o.name AS lead_name
     FROM agreement a JOIN organisation o ON o.id = a.lead_organisation_id WHERE a.id = $1`,
    [agreementId],
  )) as { id: string; reference: string; title: string; kind: AgreementFacts['kind']; lead_organisation_id: string; lead_name: string }[];
  return { id: row.id, reference: row.reference, title: row.title, kind: row.kind, leadOrganisationId: row.lead_organisation_id, leadOrganisationName: row.lead_name };
}

/** Organisation names by id. */
export async function organisationNames(em: EntityManager, organisationIds: readonly string[]): Promise<Map<string, string>> {
  const rows = (await em.query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])`, [[...new Set(organisationIds)]])) as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * An agreement's parties and its lead: those of the version in force, else of its latest version,
 * else (never submitted) of its draft.
 */
export async function partiesOf(em: EntityManager, agreementId: string, leadOrganisationId: string): Promise<string[]> {
  const rows = (await em.query(
    `SELECT organisation_id FROM agreement_version_party
     WHERE version_id = (SELECT id FROM agreement_version WHERE agreement_id = $1 ORDER BY status = 'ACTIVE' DESC, number DESC LIMIT 1)
     UNION SELECT organisation_id FROM agreement_party WHERE agreement_id = $1 AND NOT EXISTS (SELECT 1 FROM agreement_version WHERE agreement_id = $1)`,
    [agreementId],
  )) as { organisation_id: string }[];
  return [...new Set([leadOrganisationId, ...rows.map((r) => r.organisation_id)])];
}
