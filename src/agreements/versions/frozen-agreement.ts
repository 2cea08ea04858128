import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import type { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import type { AgreementKind, PartyRole } from '../agreement.enums.js';
import type { AgreementContent } from '../content/agreement-content.model.js';

/** A party as the frozen version names it. */
export interface FrozenParty {
  organisationId: string;
  organisationName: string;
  odsCode: string | null;
  role: PartyRole;
}

/** The holders of the named posts of a party, by name. */
export interface RoleHolderNames {
  igLead: string | null;
  caldicottGuardian: string | null;
  siro: string | null;
  dpo: string | null;
}

/** What a party's documents say about it besides its name and ODS code. */
export interface PartyFacts {
  organisationId: string;
  icoRegistrationNumber: string | null;
  registeredAddress: string | null;
  igContactEmail: string | null;
  igContactPhone: string | null;
  dsptStatus: DsptStatus;
  dsptStatusDate: string | null;
  secureEmailMethod: SecureEmailMethod;
  secureEmailAccreditationExpiry: string | null;
  roleHolders: RoleHolderNames;
}

/** Every fact a version's documents print that lives outside its content, as it stood when it was frozen. */
export interface VersionFacts {
  leadOrganisationName: string;
  /** The protocol the agreement sat under, by reference and title then. */
  parentProtocol: { reference: string; title: string } | null;
  /** One per party, in the order of `parties`. */
  parties: PartyFacts[];
}

/** Everything a version's hash covers: the document as the parties read and sign it. */
export interface FrozenAgreement {
  reference: string;
  kind: AgreementKind;
  title: string;
  leadOrganisationId: string;
  parentProtocolId: string | null;
  versionNumber: number;
  parties: FrozenParty[];
  content: AgreementContent;
  /**
   * Absent only from versions frozen before the facts were (migration 1797000000000): their hash
   * was taken without them, so theirs are in `AgreementVersion.backfilledFacts`, outside the hash.
   */
  facts?: VersionFacts;
}

/** SHA-256, hex, over the canonical JSON (keys sorted at every depth) of the frozen version. */
export function contentHash(frozen: FrozenAgreement): string {
  return createHash('sha256').update(canonicalJson(frozen)).digest('hex');
}
