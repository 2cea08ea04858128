import { In, type EntityManager } from 'typeorm';
import { Organisation } from '../../organisations/organisation.entity.js';
import { AgreementParty } from '../agreement-party.entity.js';
import type { Agreement } from '../agreement.entity.js';
import type { AgreementContent } from '../content/agreement-content.model.js';
import type { FrozenAgreement } from './frozen-agreement.js';

/**
 * Freezes an agreement as version `versionNumber`: the content given, the agreement's parties
 * (from its working party rows, in order) and every fact its documents print, as they stand now.
 * Used on submission and when an agreement signed outside Accordant is recorded.
 */
export async function freezeVersion(em: EntityManager, agreement: Agreement, versionNumber: number, content: AgreementContent): Promise<FrozenAgreement> {
  const parties = await em.find(AgreementParty, { where: { agreementId: agreement.id }, order: { position: 'ASC' } });
  const organisations = await em.findBy(Organisation, { id: In(parties.map((p) => p.organisationId)) });
  const byId = new Map(organisations.map((o) => [o.id, o]));
  return {
    reference: agreement.reference,
    kind: agreement.kind,
    title: agreement.title,
    leadOrganisationId: agreement.leadOrganisationId,
    parentProtocolId: agreement.parentProtocolId,
    versionNumber,
    parties: parties.map((p) => ({
      organisationId: p.organisationId,
      organisationName: byId.get(p.organisationId)!.name,
      odsCode: byId.get(p.organisationId)!.odsCode,
      role: p.role,
    })),
    content,
  };
}
