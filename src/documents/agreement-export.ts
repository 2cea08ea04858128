import type { AgreementSignature } from '../agreements/agreement-signature.entity.js';
import type { AgreementVersion } from '../agreements/agreement-version.entity.js';
import { VersionStatus, type AgreementKind, type SigningRole } from '../agreements/agreement.enums.js';
import type { AgreementContent } from '../agreements/content/agreement-content.model.js';
import type { FrozenAgreement, FrozenParty, PartyFacts } from '../agreements/versions/frozen-agreement.js';
import { factsOf } from '../agreements/versions/version-facts.js';

/**
 * An agreement as a document: the structured model other systems import as JSON, and the one
 * thing the PDF templates are rendered from, so the two always carry the same data. A version's
 * is made only from what was frozen with it and its own signatures, so it never changes once
 * every party has signed or one has declined.
 */
export interface AgreementExport {
  format: 'accordant.agreement/v2';
  reference: string;
  kind: AgreementKind;
  title: string;
  /** The frozen version; null for a draft. */
  version: {
    number: number;
    contentHash: string;
    submittedAt: string;
    signingState: SigningState;
    /** The date the last party signed. */
    effectiveDate: string | null;
    declined: { organisationId: string; organisationName: string; declinedAt: string } | null;
    /** Set for a version frozen before its facts were: when they were filled in (they are outside its hash). */
    factsRecordedAt: string | null;
    /** Set for an agreement signed on paper before Accordant and recorded from its signed original. */
    recordedFromOriginal: { originalReference: string | null } | null;
  } | null;
  /** The draft's revision; null for a version. */
  draftRevision: number | null;
  leadOrganisation: { id: string; name: string };
  parentProtocol: { id: string; reference: string; title: string } | null;
  parties: ExportParty[];
  content: AgreementContent;
  signatures: ExportSignature[];
}

/**
 * Where a version's signing stands. Deliberately not its status: a version later superseded, or
 * an agreement later suspended, is still the same signed document.
 */
export type SigningState = 'AWAITING_SIGNATURES' | 'SIGNED' | 'DECLINED';

/** A party as named in the version (or the draft), with its facts as they stood when it was frozen (or stand now). */
export type ExportParty = FrozenParty & Omit<PartyFacts, 'organisationId'>;

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
  /** Signed on paper, outside Accordant (a recorded original): dated, with no time. */
  signedOutside: boolean;
}

const SIGNING_STATES: Record<VersionStatus, SigningState> = {
  AWAITING_SIGNATURES: 'AWAITING_SIGNATURES',
  ACTIVE: 'SIGNED',
  SUPERSEDED: 'SIGNED',
  DECLINED: 'DECLINED',
};

/** Pure: a version as a document, from the version row (its frozen facts and signing state) and its signatures. */
export function versionExport(version: AgreementVersion, signatures: readonly AgreementSignature[]): AgreementExport {
  const { frozen } = version;
  const { facts, backfilledAt } = factsOf(version);
  const declinedBy = frozen.parties.find((p) => p.organisationId === version.declinedOrganisationId);
  return {
    ...structure(frozen, facts.leadOrganisationName, facts.parentProtocol, facts.parties),
    version: {
      number: version.number,
      contentHash: version.contentHash,
      submittedAt: version.submittedAt.toISOString(),
      signingState: SIGNING_STATES[version.status],
      effectiveDate: version.effectiveDate,
      declined:
        version.status === VersionStatus.DECLINED && declinedBy && version.declinedAt
          ? { organisationId: declinedBy.organisationId, organisationName: declinedBy.organisationName, declinedAt: version.declinedAt.toISOString() }
          : null,
      factsRecordedAt: backfilledAt?.toISOString() ?? null,
      recordedFromOriginal: version.recordedFromOriginal ? { originalReference: version.originalReference } : null,
    },
    draftRevision: null,
    content: frozen.content,
    signatures: frozen.parties.map((party) => {
      const signature = signatures.find((s) => s.organisationId === party.organisationId);
      if (!signature) return unsigned(party);
      return {
        organisationId: party.organisationId,
        organisationName: party.organisationName,
        signed: true,
        signerName: signature.signerName,
        signerJobTitle: signature.signerJobTitle,
        signedAs: signature.signedAs,
        signedAt: signature.signedAt.toISOString(),
        contentHash: signature.contentHash,
        signedOutside: signature.signedOutside,
      };
    }),
  };
}

/** Pure: a draft as a document, from the agreement as it stands now (see agreementAsItStands). */
export function draftExport(asItStands: Omit<FrozenAgreement, 'versionNumber' | 'content'>, revision: number, content: AgreementContent): AgreementExport {
  const facts = asItStands.facts!;
  return {
    ...structure(asItStands, facts.leadOrganisationName, facts.parentProtocol, facts.parties),
    version: null,
    draftRevision: revision,
    content,
    signatures: asItStands.parties.map(unsigned),
  };
}

function structure(
  frozen: Pick<FrozenAgreement, 'reference' | 'kind' | 'title' | 'leadOrganisationId' | 'parentProtocolId' | 'parties'>,
  leadOrganisationName: string,
  parentProtocol: { reference: string; title: string } | null,
  partyFacts: readonly PartyFacts[],
) {
  return {
    format: 'accordant.agreement/v2' as const,
    reference: frozen.reference,
    kind: frozen.kind,
    title: frozen.title,
    leadOrganisation: { id: frozen.leadOrganisationId, name: leadOrganisationName },
    parentProtocol: frozen.parentProtocolId && parentProtocol ? { id: frozen.parentProtocolId, ...parentProtocol } : null,
    parties: frozen.parties.map((party): ExportParty => {
      const { organisationId: _id, ...facts } = partyFacts.find((f) => f.organisationId === party.organisationId)!;
      return { ...party, ...facts };
    }),
  };
}

function unsigned(party: FrozenParty): ExportSignature {
  return {
    organisationId: party.organisationId,
    organisationName: party.organisationName,
    signed: false,
    signerName: null,
    signerJobTitle: null,
    signedAs: null,
    signedAt: null,
    contentHash: null,
    signedOutside: false,
  };
}
