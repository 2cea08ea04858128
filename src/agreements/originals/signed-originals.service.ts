import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { Organisation } from '../../organisations/organisation.entity.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import { canAnswerRecordedOriginal, canDownloadSignedOriginal, canLeadAgreement } from '../agreement-access-policy.js';
import { AgreementDraftingService, withFlowIds } from '../agreement-drafting.service.js';
import { AgreementEvents } from '../agreement-events.js';
import { AgreementInvolvementService } from '../agreement-involvement.service.js';
import { applyLifecycle, lockAgreement } from '../agreement-lock.js';
import { AgreementSignature } from '../agreement-signature.entity.js';
import { AgreementVersion } from '../agreement-version.entity.js';
import { AgreementStatus, VersionStatus } from '../agreement.enums.js';
import { Agreement } from '../agreement.entity.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import { CONTENT_SECTIONS, emptyContent, type AgreementContent } from '../content/agreement-content.model.js';
import { contentHash } from '../versions/frozen-agreement.js';
import { freezeVersion } from '../versions/version-freezer.js';
import type { DisputeRecordedOriginalInput, RecordedOriginalAnswerInput, RecordSignedAgreementInput } from './dto/record-signed-agreement.input.js';
import { OriginalAnswerRecord } from './original-answer.entity.js';
import { notPdfReason } from './pdf-content.js';
import { confirmationStatus, recordedDateProblems, recordedStatus, recordedStatusHistory, startOf } from './recorded-original-rules.js';
import { ConfirmationStatus, OriginalAnswer } from './recorded-original.enums.js';
import { SignedOriginal } from './signed-original.entity.js';

/** An uploaded file as the HTTP layer hands it over. */
export interface UploadedOriginal {
  buffer: Buffer;
  originalname: string;
}

/** A signed original to send: its bytes and how to name them. */
export interface SignedOriginalFile {
  filename: string;
  content: Buffer;
  sha256: string;
}

/** Uploaded originals not claimed by a record within this long are deleted at the next upload from the same organisation. */
const UNCLAIMED_UPLOAD_HOURS = 24;

/**
 * Agreements signed on paper before Accordant: the scanned original as evidence, the record itself
 * (version 1 in force from its real dates), and the other parties' confirmations or disputes.
 */
@Injectable()
export class SignedOriginalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly involvement: AgreementInvolvementService,
    private readonly drafting: AgreementDraftingService,
    private readonly compliance: ComplianceService,
    private readonly organisations: OrganisationsService,
    private readonly events: AgreementEvents,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The largest original accepted, in bytes. */
  get maxBytes(): number {
    return this.config.limits.signedOriginalMaxKb * 1024;
  }

  /** An IG lead uploads the scan before recording: a PDF by its content, within the size limit. */
  async upload(caller: Caller, file: UploadedOriginal | undefined): Promise<SignedOriginal> {
    if (!caller.roles.has(Role.IG_LEAD)) throw DomainError.forbidden('Only an IG lead may upload a signed original');
    if (!file) throw DomainError.invalid('file', 'required', 'send the scanned signed original as the multipart field "file"');
    if (file.buffer.length > this.maxBytes) {
      throw DomainError.invalid('file', 'maxSize', `the file is ${file.buffer.length} bytes: a signed original may be at most ${this.config.limits.signedOriginalMaxKb} KiB`);
    }
    const why = notPdfReason(file.buffer);
    if (why) throw DomainError.invalid('file', 'pdf', `a signed original must be a PDF: ${why}`);
    const filename = safeFilename(file.originalname);
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      await em.query(`DELETE FROM signed_original WHERE organisation_id = $1 AND version_id IS NULL AND uploaded_at < $2`, [
        caller.organisationId,
        new Date(now.getTime() - UNCLAIMED_UPLOAD_HOURS * 3_600_000),
      ]);
      const saved = await em.save(
        em.create(SignedOriginal, {
          organisationId: caller.organisationId,
          uploadedByUserId: caller.userId,
          uploadedAt: now,
          filename,
          byteSize: file.buffer.length,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          content: file.buffer,
          versionId: null,
        }),
      );
      await this.audit.record(em, caller, {
        action: 'signedOriginal.upload',
        entityType: 'signedOriginal',
        entityId: saved.id,
        after: { filename, byteSize: saved.byteSize, sha256: saved.sha256 },
      });
      return saved;
    });
  }

  /**
   * Records an agreement signed outside Accordant as version 1, in force from its real dates, with
   * its findings (which do not stop it) and its original as evidence. One transaction: bad input
   * writes nothing.
   */
  async record(caller: Caller, input: RecordSignedAgreementInput): Promise<Agreement> {
    if (!caller.roles.has(Role.IG_LEAD)) throw DomainError.forbidden('Only an IG lead of the lead organisation may record a signed original');
    const today = this.clock.now().toISOString().slice(0, 10);
    const content = recordedContent(input);
    return this.dataSource.transaction(async (em) => {
      const draft = input.agreementId ? await this.ownDraft(em, caller, input) : null;
      const problems = recordedDateProblems(
        { signedOn: input.parties.map((p) => p.signedOn), inForceFrom: input.inForceFrom, nextReviewDate: input.nextReviewDate, endDate: content.termination?.endDate ?? null },
        today,
      );
      problems.push(...(await this.partyProblems(em, input, caller.organisationId)));
      const original = await em.findOne(SignedOriginal, { where: { id: input.originalId }, lock: { mode: 'pessimistic_write' } });
      if (!original || original.organisationId !== caller.organisationId) {
        problems.push({ field: 'originalId', rule: 'uploaded', message: 'no signed original with this id was uploaded by your organisation' });
      } else if (original.versionId) {
        problems.push({ field: 'originalId', rule: 'unused', message: 'this signed original is already the evidence of another record' });
      }
      if (problems.length > 0) throw DomainError.invalidFields(problems);
      await this.drafting.assertParentProtocol(em, caller, input.kind, input.parentProtocolId ?? null, input.agreementId ?? undefined);

      const agreement = draft ?? (await this.newAgreement(em, caller, input));
      const fromProtocolId = agreement.parentProtocolId;
      Object.assign(agreement, { kind: input.kind, title: input.title, parentProtocolId: input.parentProtocolId ?? null });
      // Paper signatures are the lead's word: each party consents by confirming the record (see AgreementPartnerDirectory).
      await this.drafting.replaceParties(em, agreement, input.parties, []);
      const lastSigned = input.parties.map((p) => p.signedOn).sort().at(-1)!;
      const findings = await this.compliance.findingsAsAt(agreement, content, lastSigned, em);

      const endDate = content.termination?.endDate ?? null;
      applyLifecycle(agreement, { type: 'RECORD_SIGNED_ORIGINAL' });
      if (recordedStatus(endDate, today) === AgreementStatus.EXPIRED) applyLifecycle(agreement, { type: 'EXPIRE' });
      const history = recordedStatusHistory(input.inForceFrom, endDate, today);
      agreement.draftContent = null;
      agreement.draftRevision += 1;
      if (draft && fromProtocolId !== agreement.parentProtocolId) {
        await this.events.publish(em, { type: 'agreement.movedUnderProtocol', agreementId: agreement.id, fromProtocolId, toProtocolId: agreement.parentProtocolId });
      }
      await em.save(agreement);

      const frozen = await freezeVersion(em, agreement, 1, content);
      const hash = contentHash(frozen);
      const confirmation = confirmationStatus(input.parties.map((p) => p.organisationId), agreement.leadOrganisationId, []);
      const version = await em.save(
        em.create(AgreementVersion, {
          agreementId: agreement.id,
          number: 1,
          status: VersionStatus.ACTIVE,
          frozen,
          contentHash: hash,
          submittedAt: this.clock.now(),
          submittedByUserId: caller.userId,
          effectiveDate: input.inForceFrom,
          recordedFromOriginal: true,
          originalReference: input.originalReference,
          recordedFindings: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, reference: f.reference, field: f.field ?? null })),
          confirmationStatus: confirmation,
        }),
      );
      await em.query(
        `INSERT INTO agreement_version_party (version_id, organisation_id, role) SELECT $1, p.organisation_id, p.role FROM jsonb_to_recordset($2::jsonb) AS p(organisation_id uuid, role text)`,
        [version.id, JSON.stringify(frozen.parties.map((p) => ({ organisation_id: p.organisationId, role: p.role })))],
      );
      await em.insert(
        AgreementSignature,
        input.parties.map((p) => ({
          versionId: version.id,
          organisationId: p.organisationId,
          userId: null,
          signedOutside: true,
          signedAs: p.signedAs,
          signerName: p.signerName,
          signerJobTitle: p.signerJobTitle,
          contentHash: hash,
          signedAt: startOf(p.signedOn),
        })),
      );
      await em.update(SignedOriginal, { id: input.originalId }, { versionId: version.id });
      // The trigger dated the status changes now; the record's history is its real dates.
      await em.query(`DELETE FROM agreement_status_change WHERE agreement_id = $1`, [agreement.id]);
      await em.query(
        `INSERT INTO agreement_status_change (agreement_id, status, changed_at) SELECT $1, h.status, h.changed_at FROM jsonb_to_recordset($2::jsonb) AS h(status text, changed_at timestamptz)`,
        [agreement.id, JSON.stringify(history.map((h) => ({ status: h.status, changed_at: h.changedAt.toISOString() })))],
      );
      await this.audit.record(em, caller, {
        action: 'agreement.recordSignedOriginal',
        entityType: 'agreement',
        entityId: agreement.id,
        after: {
          reference: agreement.reference,
          originalReference: input.originalReference,
          versionNumber: 1,
          contentHash: hash,
          inForceFrom: input.inForceFrom,
          nextReviewDate: input.nextReviewDate,
          status: agreement.status,
          signatures: input.parties.map((p) => ({ organisationId: p.organisationId, signerName: p.signerName, signedAs: p.signedAs, signedOn: p.signedOn })),
          original: { id: original!.id, sha256: original!.sha256, byteSize: original!.byteSize },
          findings: findings.map((f) => f.code),
          confirmationStatus: confirmation,
        },
      });
      await this.events.publish(em, { type: 'agreement.recordedFromOriginal', agreementId: agreement.id, versionId: version.id, effectiveDate: input.inForceFrom });
      return agreement;
    });
  }

  confirm(caller: Caller, input: RecordedOriginalAnswerInput): Promise<AgreementVersion> {
    return this.answer(caller, input, OriginalAnswer.CONFIRMED, null);
  }

  /**
   * A dispute keeps the record in force (a missing agreement must never stop necessary sharing),
   * but marks it DISPUTED, and decisions checked against it carry a flag saying so, until the
   * disputing party confirms it (after the lead corrects it by a variation) or the lead ends it.
   */
  dispute(caller: Caller, input: DisputeRecordedOriginalInput): Promise<AgreementVersion> {
    return this.answer(caller, input, OriginalAnswer.DISPUTED, input.reason);
  }

  /** The scan of a recorded version, for its parties only. */
  async download(caller: Caller, agreementId: string, versionNumber: number): Promise<SignedOriginalFile> {
    const agreement = await this.dataSource.manager.findOneBy(Agreement, { id: agreementId });
    if (!agreement) throw DomainError.notFound('Agreement', agreementId);
    await this.involvement.assertCanRead(caller, agreement);
    const version = await this.dataSource.manager.findOneBy(AgreementVersion, { agreementId, number: versionNumber });
    if (!version?.recordedFromOriginal) throw DomainError.notFound(`Signed original of version ${versionNumber} of`, agreement.reference);
    if (!canDownloadSignedOriginal(caller, version.frozen.parties.map((p) => p.organisationId))) {
      throw DomainError.forbidden(`Only the parties to ${agreement.reference} may download its signed original`);
    }
    const file = await this.dataSource.manager
      .createQueryBuilder(SignedOriginal, 'o')
      .addSelect('o.content')
      .where('o.version_id = :id', { id: version.id })
      .getOneOrFail();
    return { filename: file.filename, content: file.content, sha256: file.sha256 };
  }

  /** The originals of some versions, by version id (a loader's batch). */
  async originalsOf(versionIds: readonly string[]): Promise<(SignedOriginal | null)[]> {
    const found = await this.dataSource.manager.findBy(SignedOriginal, { versionId: In([...versionIds]) });
    return versionIds.map((id) => found.find((o) => o.versionId === id) ?? null);
  }

  /** The parties' answers to some versions, by version id (a loader's batch). */
  async answersOf(versionIds: readonly string[]): Promise<OriginalAnswerRecord[][]> {
    const found = await this.dataSource.manager.find(OriginalAnswerRecord, { where: { versionId: In([...versionIds]) }, order: { answeredAt: 'ASC' } });
    return versionIds.map((id) => found.filter((a) => a.versionId === id));
  }

  private async answer(caller: Caller, input: RecordedOriginalAnswerInput, answer: OriginalAnswer, reason: string | null): Promise<AgreementVersion> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, input.agreementId);
      await this.involvement.assertCanRead(caller, agreement, em);
      const version = await em.findOneBy(AgreementVersion, { agreementId: agreement.id, number: input.versionNumber });
      if (!version) throw DomainError.notFound(`Version ${input.versionNumber} of agreement`, agreement.reference);
      const partyIds = version.frozen.parties.map((p) => p.organisationId);
      if (!canAnswerRecordedOriginal(caller, partyIds, agreement.leadOrganisationId)) {
        throw DomainError.forbidden(
          `Only the IG lead or a signatory of a party other than the lead organisation may confirm or dispute the record of ${agreement.reference}`,
        );
      }
      if (!version.recordedFromOriginal) {
        throw DomainError.conflict(`Version ${version.number} of ${agreement.reference} was signed in Accordant: there is no record to confirm`);
      }
      await em.upsert(
        OriginalAnswerRecord,
        { versionId: version.id, organisationId: caller.organisationId, answer, reason, userId: caller.userId, answeredAt: this.clock.now() },
        ['versionId', 'organisationId'],
      );
      const answers = await em.findBy(OriginalAnswerRecord, { versionId: version.id });
      const before = version.confirmationStatus;
      version.confirmationStatus = confirmationStatus(partyIds, agreement.leadOrganisationId, answers);
      await em.save(version);
      await this.audit.record(em, caller, {
        action: answer === OriginalAnswer.CONFIRMED ? 'agreement.confirmRecordedOriginal' : 'agreement.disputeRecordedOriginal',
        entityType: 'agreement',
        entityId: agreement.id,
        before: { confirmationStatus: before },
        after: { versionNumber: version.number, organisationId: caller.organisationId, answer, reason, confirmationStatus: version.confirmationStatus },
      });
      if (before !== version.confirmationStatus && version.confirmationStatus === ConfirmationStatus.CONFIRMED) {
        await this.events.publish(em, { type: 'agreement.recordConfirmed', agreementId: agreement.id, versionId: version.id });
      } else if (before === ConfirmationStatus.CONFIRMED && version.confirmationStatus === ConfirmationStatus.DISPUTED) {
        await this.events.publish(em, { type: 'agreement.recordDisputed', agreementId: agreement.id, versionId: version.id });
      }
      return version;
    });
  }

  /** Parties: unique, the lead among them, each an organisation ready to be a party (an IG lead and someone who may sign). */
  private async partyProblems(em: EntityManager, input: RecordSignedAgreementInput, leadOrganisationId: string): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const ids = input.parties.map((p) => p.organisationId);
    if (new Set(ids).size !== ids.length) problems.push({ field: 'parties', rule: 'unique', message: 'an organisation may be a party only once' });
    if (!ids.includes(leadOrganisationId)) problems.push({ field: 'parties', rule: 'includesLead', message: 'must include your organisation, the lead' });
    const found = new Set((await em.findBy(Organisation, { id: In(ids) })).map((o) => o.id));
    const holders = await this.organisations.roleHoldersOf(ids, em);
    ids.forEach((id, i) => {
      const field = `parties[${i}].organisationId`;
      if (!found.has(id)) {
        problems.push({ field, rule: 'exists', message: `organisation ${id} does not exist` });
        return;
      }
      const readiness = partyReadiness(holders[i]);
      if (!readiness.ready) {
        problems.push({ field, rule: 'readyToBeParty', message: `the organisation is not ready to be a party: ${readiness.reasons.map((r) => r.message).join('; ')}` });
      }
    });
    return problems;
  }

  /** The caller's own draft with no version yet: decisions recorded under it are re-checked once it is recorded. */
  private async ownDraft(em: EntityManager, caller: Caller, input: RecordSignedAgreementInput): Promise<Agreement> {
    const agreement = await lockAgreement(em, input.agreementId!);
    const [involvement] = await this.involvement.involvementOf([agreement], em);
    if (!canLeadAgreement(caller, involvement)) {
      throw DomainError.forbidden(`Only the IG lead of the lead organisation may record ${agreement.reference} from a signed original`);
    }
    const [{ versions }] = (await em.query('SELECT count(*)::int AS versions FROM agreement_version WHERE agreement_id = $1', [agreement.id])) as { versions: number }[];
    if (agreement.status !== AgreementStatus.DRAFT || versions > 0) {
      throw DomainError.invalid('agreementId', 'draftWithoutVersion', `${agreement.reference} is ${agreement.status} with ${versions} version(s): only a draft never submitted can be recorded from a signed original`);
    }
    if (agreement.kind !== input.kind) throw DomainError.invalid('kind', 'matchesDraft', `${agreement.reference} is a ${agreement.kind}, not a ${input.kind}`);
    return agreement;
  }

  private newAgreement(em: EntityManager, caller: Caller, input: RecordSignedAgreementInput): Promise<Agreement> {
    return this.drafting.insertDraft(em, caller, input.kind, input.title, input.parentProtocolId ?? null);
  }

}

/** The sections given over an empty agreement, flows given their ids, and the review date written into its review section. */
function recordedContent(input: RecordSignedAgreementInput): AgreementContent {
  const content = emptyContent();
  for (const section of CONTENT_SECTIONS) {
    const value = input.content[section];
    if (value !== undefined && value !== null) (content as unknown as Record<string, unknown>)[section] = value;
  }
  content.dataFlows = withFlowIds(content.dataFlows);
  content.review = { ...(content.review ?? {}), nextReviewDate: input.nextReviewDate };
  return structuredClone(content);
}

/** A file name safe to send back in a Content-Disposition header. */
function safeFilename(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^A-Za-z0-9._ -]/g, '_').trim().slice(0, 200);
  return cleaned || 'signed-original.pdf';
}
