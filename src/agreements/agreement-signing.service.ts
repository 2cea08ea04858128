import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../common/auth/caller.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { User } from '../organisations/user.entity.js';
import { canLeadAgreement, signingRoleOf } from './agreement-access-policy.js';
import { PartnershipInvitationsService } from './invitations/partnership-invitations.service.js';
import { AgreementInvolvementService } from './agreement-involvement.service.js';
import { applyLifecycle, assertRevision, lockAgreement } from './agreement-lock.js';
import { AgreementSignature } from './agreement-signature.entity.js';
import { AgreementVersion } from './agreement-version.entity.js';
import { FindingSeverity, VersionStatus } from './agreement.enums.js';
import type { Agreement } from './agreement.entity.js';
import { ComplianceService } from './compliance/compliance.service.js';
import { AgreementDraftingService } from './agreement-drafting.service.js';
import type { DeclineToSignInput, SignAgreementInput, SubmitForSignatureInput } from './dto/signing.inputs.js';
import { contentHash } from './versions/frozen-agreement.js';
import { freezeVersion } from './versions/version-freezer.js';

/** The signing transitions: submit for signature, sign, decline. Each is one transaction under the agreement's row lock. */
@Injectable()
export class AgreementSigningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly involvement: AgreementInvolvementService,
    private readonly compliance: ComplianceService,
    private readonly drafting: AgreementDraftingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly invitations: PartnershipInvitationsService,
  ) {}

  /** Freezes the draft as the next version, with its SHA-256, unless the compliance rules find blockers. */
  async submitForSignature(caller: Caller, input: SubmitForSignatureInput): Promise<AgreementVersion> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, input.agreementId);
      const [involvement] = await this.involvement.involvementOf([agreement], em);
      if (!canLeadAgreement(caller, involvement)) {
        throw DomainError.forbidden(`Only the IG lead of the lead organisation may submit ${agreement.reference} for signature`);
      }
      if (agreement.draftContent) assertRevision(agreement, input.expectedRevision);
      applyLifecycle(agreement, { type: 'SUBMIT' });

      // Every party named must have accepted its invitation: being named makes nobody a partner.
      const unaccepted = await this.invitations.acceptanceProblem(em, agreement);
      const blockers = (await this.compliance.findingsForDraft(agreement, em)).filter((f) => f.severity === FindingSeverity.BLOCKER);
      if (blockers.length > 0 || unaccepted) {
        const problems = [...(unaccepted ? [unaccepted] : []), ...blockers.map((b) => ({ field: b.field ?? 'draft', rule: b.code, message: b.message }))];
        throw new DomainError(
          ErrorCode.BadUserInput,
          `${agreement.reference} cannot be submitted: ${problems.length} problem(s) to fix first: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`,
          { fields: problems },
        );
      }

      const [{ next }] = (await em.query('SELECT coalesce(max(number), 0) + 1 AS next FROM agreement_version WHERE agreement_id = $1', [
        agreement.id,
      ])) as { next: number }[];
      const frozen = await freezeVersion(em, agreement, next, agreement.draftContent!);
      const version = await em.save(
        em.create(AgreementVersion, {
          agreementId: agreement.id,
          number: next,
          status: VersionStatus.AWAITING_SIGNATURES,
          frozen,
          contentHash: contentHash(frozen),
          submittedAt: this.clock.now(),
          submittedByUserId: caller.userId,
        }),
      );
      await em.query(
        `INSERT INTO agreement_version_party (version_id, organisation_id, role) SELECT $1, p.organisation_id, p.role FROM jsonb_to_recordset($2::jsonb) AS p(organisation_id uuid, role text)`,
        [version.id, JSON.stringify(frozen.parties.map((p) => ({ organisation_id: p.organisationId, role: p.role })))],
      );
      agreement.draftContent = null;
      await em.save(agreement);
      await this.audit.record(em, caller, {
        action: 'agreement.submitForSignature',
        entityType: 'agreement',
        entityId: agreement.id,
        after: { versionNumber: next, contentHash: version.contentHash },
      });
      return version;
    });
  }

  /**
   * Signs the named version for the caller's own organisation. The last party's signature puts
   * the version in force and supersedes the one before it.
   */
  async sign(caller: Caller, input: SignAgreementInput): Promise<AgreementVersion> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, input.agreementId);
      const version = await this.versionToAnswer(em, caller, agreement, input.versionNumber);
      const signingAs = signingRoleOf(caller, input.signingAs);
      if (!signingAs) {
        throw DomainError.forbidden(
          input.signingAs
            ? `You do not hold the ${input.signingAs} role`
            : 'Only a SIGNATORY, Caldicott Guardian or SIRO may sign for their organisation',
        );
      }
      if (input.contentHash !== version.contentHash) {
        throw DomainError.conflict(
          `contentHash: you read a different text from version ${version.number} of ${agreement.reference}; reload it, read it again and sign its current hash`,
          [{ field: 'contentHash', rule: 'matchesVersion', message: 'does not match the version' }],
        );
      }
      const existing = await em.findOneBy(AgreementSignature, { versionId: version.id, organisationId: caller.organisationId });
      if (existing) {
        throw DomainError.conflict(
          `Your organisation has already signed version ${version.number} of ${agreement.reference} (${existing.signerName}, ${existing.signedAt.toISOString()})`,
        );
      }
      const signer = await em.findOneByOrFail(User, { id: caller.userId });
      const partyCount = version.frozen.parties.length;
      const signedBefore = await em.countBy(AgreementSignature, { versionId: version.id });
      const { activatesVersion } = applyLifecycle(agreement, { type: 'SIGN', missingAfter: partyCount - signedBefore - 1 });

      const now = this.clock.now();
      await em.insert(AgreementSignature, {
        versionId: version.id,
        organisationId: caller.organisationId,
        userId: caller.userId,
        signedAs: signingAs,
        signerName: signer.fullName,
        signerJobTitle: signer.jobTitle,
        contentHash: version.contentHash,
        signedAt: now,
      });
      if (activatesVersion) {
        await em.update(AgreementVersion, { agreementId: agreement.id, status: VersionStatus.ACTIVE }, { status: VersionStatus.SUPERSEDED, supersededAt: now });
        version.status = VersionStatus.ACTIVE;
        version.effectiveDate = now.toISOString().slice(0, 10);
        await em.save(version);
      }
      await em.save(agreement);
      await this.audit.record(em, caller, {
        action: 'agreement.sign',
        entityType: 'agreement',
        entityId: agreement.id,
        after: { versionNumber: version.number, contentHash: version.contentHash, organisationId: caller.organisationId, signedAs: signingAs, activated: activatesVersion },
      });
      return version;
    });
  }

  /** A party declines: the version is kept as DECLINED with the reason, and its text returns to the lead as the draft. */
  async decline(caller: Caller, input: DeclineToSignInput): Promise<AgreementVersion> {
    return this.dataSource.transaction(async (em) => {
      const agreement = await lockAgreement(em, input.agreementId);
      const version = await this.versionToAnswer(em, caller, agreement, input.versionNumber);
      const decliningAs = signingRoleOf(caller, input.decliningAs);
      if (!decliningAs) {
        throw DomainError.forbidden(
          input.decliningAs ? `You do not hold the ${input.decliningAs} role` : 'Only a SIGNATORY, Caldicott Guardian or SIRO may decline for their organisation',
        );
      }
      applyLifecycle(agreement, { type: 'DECLINE' });
      const decliner = await em.findOneByOrFail(User, { id: caller.userId });
      Object.assign(version, {
        status: VersionStatus.DECLINED,
        declinedAt: this.clock.now(),
        declinedByUserId: caller.userId,
        declinedByName: decliner.fullName,
        declinedAs: decliningAs,
        declinedOrganisationId: caller.organisationId,
        declineReason: input.reason,
      });
      await em.save(version);
      agreement.draftContent = structuredClone(version.frozen.content);
      agreement.draftRevision += 1;
      // Every party of a version submitted had accepted: declining to sign is no refusal to take part.
      await this.drafting.replaceParties(em, agreement, version.frozen.parties, version.frozen.parties.map((p) => p.organisationId));
      await em.save(agreement);
      await this.audit.record(em, caller, {
        action: 'agreement.declineToSign',
        entityType: 'agreement',
        entityId: agreement.id,
        after: { versionNumber: version.number, organisationId: caller.organisationId, declinedAs: decliningAs, reason: input.reason },
      });
      return version;
    });
  }

  /** The version a signatory answers: it must exist, name their organisation as a party, and await signatures. */
  private async versionToAnswer(em: EntityManager, caller: Caller, agreement: Agreement, number: number): Promise<AgreementVersion> {
    await this.involvement.assertCanRead(caller, agreement, em);
    const version = await em.findOneBy(AgreementVersion, { agreementId: agreement.id, number });
    if (!version) throw DomainError.notFound(`Version ${number} of agreement`, agreement.reference);
    if (!version.frozen.parties.some((p) => p.organisationId === caller.organisationId)) {
      throw DomainError.forbidden(
        `Your organisation is not a party to version ${number} of ${agreement.reference}: you may sign only for your own organisation, as a party`,
      );
    }
    if (version.status !== VersionStatus.AWAITING_SIGNATURES) {
      const latest = await em.findOne(AgreementVersion, { where: { agreementId: agreement.id }, order: { number: 'DESC' } });
      const why: Record<VersionStatus, string> = {
        [VersionStatus.SUPERSEDED]: `it has been superseded by version ${latest?.number}`,
        [VersionStatus.ACTIVE]: 'every party has already signed it',
        [VersionStatus.DECLINED]: 'it was declined and returned to the draft',
        [VersionStatus.AWAITING_SIGNATURES]: '',
      };
      throw DomainError.conflict(`Version ${number} of ${agreement.reference} is not awaiting signatures: ${why[version.status]}`);
    }
    return version;
  }
}
