import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import { signingRoleOf } from './agreement-access-policy.js';
import type { AgreementSignature } from './agreement-signature.entity.js';
import type { AgreementVersion } from './agreement-version.entity.js';
import { SigningRole, VersionStatus, type AgreementKind } from './agreement.enums.js';
import type { Agreement } from './agreement.entity.js';
import { AgreementsService } from './agreements.service.js';
import { diffVersions } from './versions/version-diff.js';

/** A version awaiting the signature of the caller's organisation. */
export interface InTrayItem {
  agreementId: string;
  reference: string;
  kind: AgreementKind;
  /** The title and lead organisation's name as frozen in the version. */
  title: string;
  leadOrganisationName: string;
  versionNumber: number;
  submittedAt: Date;
  partyCount: number;
  signedCount: number;
}

/** A version the caller's organisation signed or declined. */
export interface AnsweredItem {
  agreementId: string;
  reference: string;
  kind: AgreementKind;
  title: string;
  versionNumber: number;
  answer: 'SIGNED' | 'DECLINED';
  answeredAt: Date;
  answeredBy: string | null;
  reason: string | null;
}

/** A version as a signatory of one of its parties sees it, with everything needed to say whether it still awaits them. */
export interface PartyVersion {
  agreement: Agreement;
  version: AgreementVersion;
  signatures: AgreementSignature[];
  /** The caller's organisation's signature of this version, if it has signed. */
  ownSignature: AgreementSignature | null;
  /** The newest version of the agreement, to say which one superseded this. */
  latestVersionNumber: number;
  /** The signing roles the caller holds, strongest first (the first is used when they do not choose). */
  signingRoles: SigningRole[];
  /** For a variation: the version in force it would replace, and the sections (diff keys, in document order) it changes. */
  changedSinceInForce: { number: number; sections: string[] } | null;
}

/** The roles that may sign, in the order a signer is offered them. */
const OFFERED_ROLES: readonly SigningRole[] = [SigningRole.CALDICOTT_GUARDIAN, SigningRole.SIRO, SigningRole.SIGNATORY];

/**
 * What awaits a signatory: the versions their organisation has still to sign (oldest first), what it
 * answered lately, and one version as one of its parties' signatories sees it. Signing and declining
 * themselves are AgreementSigningService's, as for the GraphQL mutations.
 */
@Injectable()
export class SigningInTrayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
  ) {}

  /** Every version awaiting signatures that names the caller's organisation as a party and that it has not signed, oldest first. */
  async awaiting(caller: Caller): Promise<InTrayItem[]> {
    this.assertSigner(caller);
    return this.awaitingSignatureOf(caller.organisationId);
  }

  /** How many versions await the caller's organisation's signature (for the menu); 0 for someone who may not sign. */
  async awaitingCount(caller: Caller): Promise<number> {
    if (!signingRoleOf(caller)) return 0;
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM agreement_version_party mine JOIN agreement_version v ON v.id = mine.version_id
       WHERE mine.organisation_id = $1 AND v.status = 'AWAITING_SIGNATURES'
         AND NOT EXISTS (SELECT 1 FROM agreement_signature s WHERE s.version_id = v.id AND s.organisation_id = $1)`,
      [caller.organisationId],
    )) as { n: number }[];
    return row.n;
  }

  /**
   * The versions awaiting an organisation's signature. Callers check who may know: its signatories
   * (awaiting), or its admin before taking away someone who may sign (the deactivation warning).
   */
  async awaitingSignatureOf(organisationId: string): Promise<InTrayItem[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.id AS agreement_id, a.reference, v.frozen->>'kind' AS kind, v.frozen->>'title' AS title,
              coalesce(v.frozen #>> '{facts,leadOrganisationName}', v.backfilled_facts->>'leadOrganisationName') AS lead_name,
              v.number, v.submitted_at,
              (SELECT count(*)::int FROM agreement_version_party p WHERE p.version_id = v.id) AS party_count,
              (SELECT count(*)::int FROM agreement_signature s WHERE s.version_id = v.id) AS signed_count
       FROM agreement_version_party mine
       JOIN agreement_version v ON v.id = mine.version_id
       JOIN agreement a ON a.id = v.agreement_id
       WHERE mine.organisation_id = $1 AND v.status = 'AWAITING_SIGNATURES'
         AND NOT EXISTS (SELECT 1 FROM agreement_signature s WHERE s.version_id = v.id AND s.organisation_id = $1)
       ORDER BY v.submitted_at, a.reference`,
      [organisationId],
    )) as { agreement_id: string; reference: string; kind: AgreementKind; title: string; lead_name: string; number: number; submitted_at: Date; party_count: number; signed_count: number }[];
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      reference: r.reference,
      kind: r.kind,
      title: r.title,
      leadOrganisationName: r.lead_name,
      versionNumber: r.number,
      submittedAt: r.submitted_at,
      partyCount: r.party_count,
      signedCount: r.signed_count,
    }));
  }

  /** The versions the caller's organisation signed or declined, newest answer first. */
  async recentlyAnswered(caller: Caller, limit = 10): Promise<AnsweredItem[]> {
    this.assertSigner(caller);
    const rows = (await this.dataSource.query(
      `SELECT * FROM (
         SELECT 'SIGNED' AS answer, a.id AS agreement_id, a.reference, v.frozen->>'kind' AS kind, v.frozen->>'title' AS title, v.number,
                s.signed_at AS answered_at, s.signer_name AS answered_by, NULL AS reason
         FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id JOIN agreement a ON a.id = v.agreement_id
         WHERE s.organisation_id = $1
         UNION ALL
         SELECT 'DECLINED', a.id, a.reference, v.frozen->>'kind', v.frozen->>'title', v.number, v.declined_at, u.full_name, v.decline_reason
         FROM agreement_version v JOIN agreement a ON a.id = v.agreement_id LEFT JOIN app_user u ON u.id = v.declined_by_user_id
         WHERE v.declined_organisation_id = $1
       ) answered
       ORDER BY answered_at DESC, reference LIMIT $2`,
      [caller.organisationId, limit],
    )) as { answer: 'SIGNED' | 'DECLINED'; agreement_id: string; reference: string; kind: AgreementKind; title: string; number: number; answered_at: Date; answered_by: string | null; reason: string | null }[];
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      reference: r.reference,
      kind: r.kind,
      title: r.title,
      versionNumber: r.number,
      answer: r.answer,
      answeredAt: r.answered_at,
      answeredBy: r.answered_by,
      reason: r.reason,
    }));
  }

  /**
   * One version for a signatory of one of its parties, whatever its status now: FORBIDDEN for
   * anyone else (a signatory of another organisation, or someone who may not sign), NOT_FOUND if
   * there is no such version.
   */
  async partyVersion(caller: Caller, agreementId: string, versionNumber: number): Promise<PartyVersion> {
    this.assertSigner(caller);
    const agreement = await this.agreements.get(caller, agreementId);
    const [versions] = await this.agreements.versionsOf([agreement.id]);
    const version = versions.find((v) => v.number === versionNumber);
    if (!version) throw DomainError.notFound(`Version ${versionNumber} of agreement`, agreement.reference);
    if (!version.frozen.parties.some((p) => p.organisationId === caller.organisationId)) {
      throw DomainError.forbidden(`Your organisation is not a party to version ${versionNumber} of ${agreement.reference}: only its parties' signatories may open it to sign`);
    }
    const [signatures] = await this.agreements.signaturesOf([version.id]);
    const inForce = AgreementsService.inForce(versions);
    return {
      changedSinceInForce:
        inForce && inForce.number < version.number && version.status === VersionStatus.AWAITING_SIGNATURES
          ? { number: inForce.number, sections: diffVersions(inForce.frozen, version.frozen).changedSections }
          : null,
      agreement,
      version,
      signatures,
      ownSignature: signatures.find((s) => s.organisationId === caller.organisationId) ?? null,
      latestVersionNumber: versions[0].number,
      signingRoles: OFFERED_ROLES.filter((role) => signingRoleOf(caller, role) === role),
    };
  }

  private assertSigner(caller: Caller): void {
    if (!signingRoleOf(caller)) {
      throw DomainError.forbidden('Only a SIGNATORY, Caldicott Guardian or SIRO signs for their organisation: you have no in-tray');
    }
  }
}
