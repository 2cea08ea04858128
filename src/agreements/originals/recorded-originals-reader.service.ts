import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { canAnswerRecordedOriginal, signingRoleOf } from '../agreement-access-policy.js';
import type { AgreementSignature } from '../agreement-signature.entity.js';
import type { AgreementVersion } from '../agreement-version.entity.js';
import type { AgreementKind } from '../agreement.enums.js';
import type { Agreement } from '../agreement.entity.js';
import { AgreementsService } from '../agreements.service.js';
import type { ConfirmationStatus, OriginalAnswer } from './recorded-original.enums.js';

/** A recorded version awaiting the caller's organisation's confirmation. */
export interface RecordToConfirm {
  agreementId: string;
  reference: string;
  kind: AgreementKind;
  title: string;
  leadOrganisationName: string;
  versionNumber: number;
  originalReference: string;
  recordedAt: Date;
}

/** A party's answer, with who gave it. */
export interface NamedAnswer {
  versionId: string;
  organisationId: string;
  answer: OriginalAnswer;
  reason: string | null;
  answeredBy: string;
  answeredAt: Date;
}

/** A recorded version as a party that may confirm or dispute it sees it. */
export interface AnswerableRecord {
  agreement: Agreement;
  version: AgreementVersion & { confirmationStatus: ConfirmationStatus };
  signatures: AgreementSignature[];
  answers: NamedAnswer[];
  /** The caller's organisation's answer, if it has given one. */
  ownAnswer: NamedAnswer | null;
}

/** An upload of the caller's organisation not yet the evidence of a record. */
export interface PendingUpload {
  id: string;
  filename: string;
  byteSize: number;
  sha256: string;
}

/**
 * What the pages read about records of agreements signed outside Accordant: the records awaiting
 * the caller's organisation's confirmation, one record for a party that may answer it, the answers
 * with who gave them, and an upload waiting to be named by a record. Confirming, disputing and
 * recording themselves are SignedOriginalsService's, as for the GraphQL mutations.
 */
@Injectable()
export class RecordedOriginalsReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
  ) {}

  /** Whether the caller may confirm or dispute records for their organisation (its IG lead or a signatory). */
  static mayAnswer(caller: Caller): boolean {
    return caller.roles.has(Role.IG_LEAD) || signingRoleOf(caller) !== null;
  }

  /** Recorded versions naming the caller's organisation (not the lead) that it has not answered, oldest first. */
  async awaiting(caller: Caller): Promise<RecordToConfirm[]> {
    if (!RecordedOriginalsReader.mayAnswer(caller)) return [];
    const rows = (await this.dataSource.query(
      `SELECT a.id AS agreement_id, a.reference, v.frozen->>'kind' AS kind, v.frozen->>'title' AS title,
              coalesce(v.frozen #>> '{facts,leadOrganisationName}', v.backfilled_facts->>'leadOrganisationName') AS lead_name,
              v.number, v.original_reference, v.submitted_at
       FROM agreement_version_party mine
       JOIN agreement_version v ON v.id = mine.version_id
       JOIN agreement a ON a.id = v.agreement_id
       WHERE mine.organisation_id = $1 AND v.recorded_from_original AND a.lead_organisation_id <> $1
         AND NOT EXISTS (SELECT 1 FROM agreement_original_answer o WHERE o.version_id = v.id AND o.organisation_id = $1)
       ORDER BY v.submitted_at, a.reference`,
      [caller.organisationId],
    )) as { agreement_id: string; reference: string; kind: AgreementKind; title: string; lead_name: string; number: number; original_reference: string; submitted_at: Date }[];
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      reference: r.reference,
      kind: r.kind,
      title: r.title,
      leadOrganisationName: r.lead_name,
      versionNumber: r.number,
      originalReference: r.original_reference,
      recordedAt: r.submitted_at,
    }));
  }

  /** The answers to some versions, oldest first, with the name of who gave each. */
  async answersOf(versionIds: readonly string[]): Promise<NamedAnswer[]> {
    if (versionIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT o.version_id, o.organisation_id, o.answer, o.reason, o.answered_at, u.full_name
       FROM agreement_original_answer o JOIN app_user u ON u.id = o.user_id
       WHERE o.version_id = ANY($1) ORDER BY o.answered_at`,
      [versionIds],
    )) as { version_id: string; organisation_id: string; answer: OriginalAnswer; reason: string | null; answered_at: Date; full_name: string }[];
    return rows.map((r) => ({ versionId: r.version_id, organisationId: r.organisation_id, answer: r.answer, reason: r.reason, answeredBy: r.full_name, answeredAt: r.answered_at }));
  }

  /**
   * One recorded version for the IG lead or a signatory of a party other than the lead: FORBIDDEN
   * for anyone else (as the confirm and dispute mutations refuse them), NOT_FOUND when there is no
   * such version or it was signed in Accordant.
   */
  async answerable(caller: Caller, agreementId: string, versionNumber: number): Promise<AnswerableRecord> {
    const agreement = await this.agreements.get(caller, agreementId);
    const [versions] = await this.agreements.versionsOf([agreement.id]);
    const version = versions.find((v) => v.number === versionNumber);
    if (!version?.recordedFromOriginal || !version.confirmationStatus) throw DomainError.notFound(`A record of version ${versionNumber} of`, agreement.reference);
    if (!canAnswerRecordedOriginal(caller, version.frozen.parties.map((p) => p.organisationId), agreement.leadOrganisationId)) {
      throw DomainError.forbidden(`Only the IG lead or a signatory of a party other than the lead organisation may confirm or dispute the record of ${agreement.reference}`);
    }
    const [[signatures], answers] = await Promise.all([this.agreements.signaturesOf([version.id]), this.answersOf([version.id])]);
    return {
      agreement,
      version: version as AnswerableRecord['version'],
      signatures,
      answers,
      ownAnswer: answers.find((a) => a.organisationId === caller.organisationId) ?? null,
    };
  }

  /** An upload of the caller's organisation that no record names yet, or null. */
  async pendingUpload(caller: Caller, id: string): Promise<PendingUpload | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = (await this.dataSource.query(
      `SELECT id, filename, byte_size, sha256 FROM signed_original WHERE id = $1 AND organisation_id = $2 AND version_id IS NULL`,
      [id, caller.organisationId],
    )) as { id: string; filename: string; byte_size: number; sha256: string }[];
    return row ? { id: row.id, filename: row.filename, byteSize: row.byte_size, sha256: row.sha256 } : null;
  }
}
