import { In, type EntityManager } from 'typeorm';
import { Organisation } from '../../organisations/organisation.entity.js';
import { roleHoldersOf } from '../../organisations/role-holders.queries.js';
import { AgreementParty } from '../agreement-party.entity.js';
import { AgreementVersion } from '../agreement-version.entity.js';
import { VersionStatus } from '../agreement.enums.js';
import { Agreement } from '../agreement.entity.js';
import type { AgreementContent } from '../content/agreement-content.model.js';
import type { FrozenAgreement } from './frozen-agreement.js';
import { partyFacts } from './version-facts.js';

/**
 * Freezes an agreement as version `versionNumber`: the content given, the agreement's parties
 * (from its working party rows, in order) and every fact its documents print, as they stand now.
 * Used on submission and when an agreement signed outside Accordant is recorded.
 */
export async function freezeVersion(em: EntityManager, agreement: Agreement, versionNumber: number, content: AgreementContent): Promise<FrozenAgreement> {
  return { ...(await agreementAsItStands(em, agreement)), versionNumber, content };
}

/** The agreement's structure, parties and facts as they stand now: what a version frozen now would hold, besides its content. */
export async function agreementAsItStands(em: EntityManager, agreement: Agreement): Promise<Omit<FrozenAgreement, 'versionNumber' | 'content'>> {
  const parties = await em.find(AgreementParty, { where: { agreementId: agreement.id }, order: { position: 'ASC' } });
  const ids = parties.map((p) => p.organisationId);
  // One after another: `em` may be a transaction's, whose one connection takes one query at a time.
  const organisations = await em.findBy(Organisation, { id: In(ids) });
  const holders = await roleHoldersOf(em, ids);
  const lead = await em.findOneByOrFail(Organisation, { id: agreement.leadOrganisationId });
  const parent = agreement.parentProtocolId ? await protocolAsNamed(em, agreement.parentProtocolId) : null;
  const byId = new Map(organisations.map((o) => [o.id, o]));
  return {
    reference: agreement.reference,
    kind: agreement.kind,
    title: agreement.title,
    leadOrganisationId: agreement.leadOrganisationId,
    parentProtocolId: agreement.parentProtocolId,
    parties: parties.map((p) => ({
      organisationId: p.organisationId,
      organisationName: byId.get(p.organisationId)!.name,
      odsCode: byId.get(p.organisationId)!.odsCode,
      role: p.role,
    })),
    facts: {
      leadOrganisationName: lead.name,
      parentProtocol: parent,
      parties: parties.map((p, i) => partyFacts(byId.get(p.organisationId)!, holders[i])),
    },
  };
}

/** A protocol by its reference and the title of its version in force, or its working title if none is. */
async function protocolAsNamed(em: EntityManager, protocolId: string): Promise<{ reference: string; title: string }> {
  const protocol = await em.findOneByOrFail(Agreement, { id: protocolId });
  const inForce = await em.findOneBy(AgreementVersion, { agreementId: protocolId, status: VersionStatus.ACTIVE });
  return { reference: protocol.reference, title: inForce?.frozen.title ?? protocol.title };
}
