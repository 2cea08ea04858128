import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { isSystemAdmin } from '../common/auth/access-policy.js';
import type { Caller } from '../common/auth/caller.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { groupByKeys } from '../common/loaders/request-loaders.js';
import type { Connection } from '../common/pagination/connection.type.js';
import { paginate } from '../common/pagination/keyset.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { InvitationStatus } from './invitations/invitation-rules.js';
import { PartnershipInvitationsService } from './invitations/partnership-invitations.service.js';
import { AgreementInvolvementService, involvesSql } from './agreement-involvement.service.js';
import { AgreementParty } from './agreement-party.entity.js';
import { AgreementSignature } from './agreement-signature.entity.js';
import { AgreementVersion } from './agreement-version.entity.js';
import { VersionStatus } from './agreement.enums.js';
import { Agreement } from './agreement.entity.js';
import type { Finding } from './compliance/compliance-input.js';
import { ComplianceService } from './compliance/compliance.service.js';
import type { AgreementsArgs } from './dto/agreements.args.js';
import type { AgreementDraft, AgreementPartyView, AgreementReview, VersionDiff } from './dto/agreement-views.type.js';
import { reviewStatus } from './review/review-status.js';
import { diffVersions } from './versions/version-diff.js';

/** Reading agreements: each one only by the organisations involved in it (and SYSTEM_ADMINs). */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly involvement: AgreementInvolvementService,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
    private readonly invitations: PartnershipInvitationsService,
  ) {}

  async get(caller: Caller, id: string): Promise<Agreement> {
    const agreement = await this.dataSource.getRepository(Agreement).findOneBy({ id });
    if (!agreement) throw DomainError.notFound('Agreement', id);
    await this.involvement.assertCanRead(caller, agreement);
    return agreement;
  }

  /** The agreements the caller's organisation is involved in (all, for a SYSTEM_ADMIN). */
  async list(caller: Caller, args: AgreementsArgs): Promise<Connection<Agreement>> {
    const query = this.dataSource.getRepository(Agreement).createQueryBuilder('a');
    const involving = (param: string) => involvesSql('a', `:${param}`, { invited: true });
    if (!isSystemAdmin(caller)) query.andWhere(involving('callerOrganisationId'), { callerOrganisationId: caller.organisationId });
    if (args.partnerOrganisationId) query.andWhere(involving('partnerOrganisationId'), { partnerOrganisationId: args.partnerOrganisationId });
    if (args.status) query.andWhere('a.status = :status', { status: args.status });
    if (args.kind) query.andWhere('a.kind = :kind', { kind: args.kind });
    if (args.search) {
      const pattern = `%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // A party is any organisation named in the draft or in a version.
      const partyNamed = `EXISTS (SELECT 1 FROM organisation o WHERE o.name ILIKE :pattern AND (
          EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = a.id AND p.organisation_id = o.id)
          OR EXISTS (SELECT 1 FROM agreement_version v JOIN agreement_version_party vp ON vp.version_id = v.id WHERE v.agreement_id = a.id AND vp.organisation_id = o.id)))`;
      query.andWhere(new Brackets((q) => q.where('a.title ILIKE :pattern', { pattern }).orWhere('a.reference ILIKE :pattern', { pattern }).orWhere(partyNamed, { pattern })));
    }
    return paginate(
      query,
      [
        { column: 'a.reference', valueOf: (a) => a.reference },
        { column: 'a.id', valueOf: (a) => a.id },
      ],
      args,
    );
  }

  /** The working draft with its parties as currently named; null when there is none. */
  async draftOf(agreement: Agreement): Promise<AgreementDraft | null> {
    if (!agreement.draftContent) return null;
    const parties = await this.dataSource.getRepository(AgreementParty).find({ where: { agreementId: agreement.id }, order: { position: 'ASC' } });
    const organisations = await this.dataSource.getRepository(Organisation).findBy({ id: In(parties.map((p) => p.organisationId)) });
    const byId = new Map(organisations.map((o) => [o.id, o]));
    const invitations = await this.invitations.ofAgreement(agreement.id);
    const views: AgreementPartyView[] = parties.map((p) => ({
      organisationId: p.organisationId,
      organisationName: byId.get(p.organisationId)?.name ?? 'Unknown organisation',
      odsCode: byId.get(p.organisationId)?.odsCode ?? null,
      role: p.role,
      invitation: invitations.get(p.organisationId)?.status ?? InvitationStatus.INVITED,
      invitationReason: invitations.get(p.organisationId)?.reason ?? null,
    }));
    return { agreementId: agreement.id, revision: agreement.draftRevision, parties: views, content: agreement.draftContent };
  }

  findings(agreement: Agreement): Promise<Finding[]> {
    return agreement.draftContent ? this.compliance.findingsForDraft(agreement) : Promise.resolve([]);
  }

  /** Due for review is computed from the version in force (or the draft, before any version is in force). */
  /** Dated from the version in force; before any is, from the version awaiting signatures, else the draft. */
  review(agreement: Agreement, versions: AgreementVersion[]): AgreementReview {
    const governing = AgreementsService.inForce(versions) ?? AgreementsService.awaiting(versions);
    const nextReviewDate = (governing?.frozen.content ?? agreement.draftContent)?.review?.nextReviewDate ?? null;
    return { nextReviewDate, ...reviewStatus(nextReviewDate, this.clock.now().toISOString().slice(0, 10)) };
  }

  async diff(caller: Caller, agreementId: string, fromVersion: number, toVersion: number): Promise<VersionDiff> {
    await this.get(caller, agreementId);
    const versions = await this.dataSource.getRepository(AgreementVersion).findBy({ agreementId, number: In([fromVersion, toVersion]) });
    const from = versions.find((v) => v.number === fromVersion);
    const to = versions.find((v) => v.number === toVersion);
    if (!from) throw DomainError.invalid('fromVersion', 'exists', `agreement has no version ${fromVersion}`);
    if (!to) throw DomainError.invalid('toVersion', 'exists', `agreement has no version ${toVersion}`);
    return { fromVersion, toVersion, ...diffVersions(from.frozen, to.frozen) };
  }

  /** For the per-request loader: every version of each agreement, newest first. */
  async versionsOf(agreementIds: readonly string[]): Promise<AgreementVersion[][]> {
    const rows = await this.dataSource.getRepository(AgreementVersion).find({ where: { agreementId: In([...agreementIds]) }, order: { number: 'DESC' } });
    return groupByKeys(agreementIds, rows, (v) => v.agreementId);
  }

  /** For the per-request loader: the signatures of each version. */
  async signaturesOf(versionIds: readonly string[]): Promise<AgreementSignature[][]> {
    const rows = await this.dataSource.getRepository(AgreementSignature).find({ where: { versionId: In([...versionIds]) }, order: { signedAt: 'ASC' } });
    return groupByKeys(versionIds, rows, (s) => s.versionId);
  }

  /** For the per-request loader: agreements by id, for parent protocols. */
  async byIds(ids: readonly string[]): Promise<(Agreement | undefined)[]> {
    const found = await this.dataSource.getRepository(Agreement).findBy({ id: In([...ids]) });
    return ids.map((id) => found.find((a) => a.id === id));
  }

  static inForce(versions: AgreementVersion[]): AgreementVersion | null {
    return versions.find((v) => v.status === VersionStatus.ACTIVE) ?? null;
  }

  static awaiting(versions: AgreementVersion[]): AgreementVersion | null {
    return versions.find((v) => v.status === VersionStatus.AWAITING_SIGNATURES) ?? null;
  }
}
