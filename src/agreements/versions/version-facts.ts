import type { Organisation } from '../../organisations/organisation.entity.js';
import type { RoleHolders } from '../../organisations/role-holders.js';
import type { FrozenAgreement, PartyFacts, VersionFacts } from './frozen-agreement.js';

/** Pure: what a party's documents say about it, from its organisation and role holders as they stand. */
export function partyFacts(organisation: Organisation, holders: RoleHolders): PartyFacts {
  return {
    organisationId: organisation.id,
    icoRegistrationNumber: organisation.icoRegistrationNumber,
    registeredAddress: organisation.registeredAddress,
    igContactEmail: organisation.igContactEmail,
    igContactPhone: organisation.igContactPhone,
    dsptStatus: organisation.dsptStatus,
    dsptStatusDate: organisation.dsptStatusDate,
    secureEmailMethod: organisation.secureEmailMethod,
    secureEmailAccreditationExpiry: organisation.secureEmailAccreditationExpiry,
    roleHolders: {
      igLead: holders.igLead?.fullName ?? null,
      caldicottGuardian: holders.caldicottGuardian?.fullName ?? null,
      siro: holders.siro?.fullName ?? null,
      dpo: holders.dpo?.fullName ?? null,
    },
  };
}

/** A version's facts and, for a version frozen before they were, when they were filled in instead. */
export interface FactsOfVersion {
  facts: VersionFacts;
  /** Null when the facts are part of the frozen version (and of its hash). */
  backfilledAt: Date | null;
}

/** Pure: the facts frozen with a version, or those filled in for an older one (outside its hash). */
export function factsOf(version: { frozen: FrozenAgreement; backfilledFacts: VersionFacts | null; factsBackfilledAt: Date | null }): FactsOfVersion {
  if (version.frozen.facts) return { facts: version.frozen.facts, backfilledAt: null };
  if (!version.backfilledFacts || !version.factsBackfilledAt) {
    throw new Error(`version ${version.frozen.reference} v${version.frozen.versionNumber} has no facts: neither frozen nor filled in`);
  }
  return { facts: version.backfilledFacts, backfilledAt: version.factsBackfilledAt };
}
