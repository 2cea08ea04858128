import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import type { AgreementKind, PartyRole } from '../agreement.enums.js';
import type { AgreementContent } from '../content/agreement-content.model.js';

/** A party as the frozen version names it. */
export interface FrozenParty {
  organisationId: string;
  organisationName: string;
  odsCode: string | null;
  role: PartyRole;
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
}

/** SHA-256, hex, over the canonical JSON (keys sorted at every depth) of the frozen version. */
export function contentHash(frozen: FrozenAgreement): string {
  return createHash('sha256').update(canonicalJson(frozen)).digest('hex');
}
