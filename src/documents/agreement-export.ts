import type { AgreementKind, AgreementStatus, PartyRole, SigningRole, VersionStatus } from '../agreements/agreement.enums.js';
import type { AgreementContent } from '../agreements/content/agreement-content.model.js';

/**
 * An agreement as a document: the structured model other systems import as JSON, and the one
 * thing the PDF templates are rendered from, so the two always carry the same data.
 */
export interface AgreementExport {
  format: 'accordant.agreement/v1';
  reference: string;
  kind: AgreementKind;
  title: string;
  agreementStatus: AgreementStatus;
  /** The frozen version; null for a draft. */
  version: {
    number: number;
    status: VersionStatus;
    contentHash: string;
    submittedAt: string;
    effectiveDate: string | null;
  } | null;
  /** The draft's revision; null for a version. */
  draftRevision: number | null;
  leadOrganisation: { id: string; name: string };
  parentProtocol: { id: string; reference: string; title: string } | null;
  parties: ExportParty[];
  content: AgreementContent;
  signatures: ExportSignature[];
}

export interface ExportParty {
  organisationId: string;
  organisationName: string;
  odsCode: string | null;
  role: PartyRole;
  /** Current holders of the named posts when the document was made. */
  roleHolders: { igLead: string | null; caldicottGuardian: string | null; siro: string | null; dpo: string | null };
}

/** One line per party: its signature, or awaiting. */
export interface ExportSignature {
  organisationId: string;
  organisationName: string;
  signed: boolean;
  signerName: string | null;
  signerJobTitle: string | null;
  signedAs: SigningRole | null;
  signedAt: string | null;
  contentHash: string | null;
}
