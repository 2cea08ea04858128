import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { OrganisationAssuranceService } from '../../organisations/organisation-assurance.service.js';
import { DsptStatus, SecureEmailMethod } from '../../organisations/organisation.enums.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import { AgreementParty } from '../agreement-party.entity.js';
import { AgreementStatus } from '../agreement.enums.js';
import { Agreement } from '../agreement.entity.js';
import { emptyContent, type AgreementContent } from '../content/agreement-content.model.js';
import type { Finding, ParentProtocolFacts, PartyFacts } from './compliance-input.js';
import { checkCompliance } from './compliance-rules.js';

const NO_ASSURANCE = { dsptStatus: DsptStatus.NOT_PUBLISHED, secureEmailMethod: SecureEmailMethod.NONE, secureEmailAccreditationExpiry: null };

/** Gathers what the rules need about a draft's parties, as they stood on the date judged (today unless given), and runs the rules. */
@Injectable()
export class ComplianceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly assurance: OrganisationAssuranceService,
    private readonly clock: Clock,
  ) {}

  /**
   * The findings for the draft as at `asAt` (YYYY-MM-DD): today when not given, reading each
   * party's current assurance; on an earlier date, the assurance in force on it.
   */
  async findingsForDraft(agreement: Agreement, manager?: EntityManager, asAt?: string): Promise<Finding[]> {
    return this.findingsAsAt(agreement, agreement.draftContent ?? emptyContent(), asAt ?? this.today(), manager ?? this.dataSource.manager);
  }

  /** The findings for `content` with the agreement's working parties, judged as at `asAt`: today for a draft, the signing date for a record of an original signed then. */
  async findingsAsAt(agreement: Agreement, content: AgreementContent, asAt: string, em: EntityManager): Promise<Finding[]> {
    const parties = await em.find(AgreementParty, { where: { agreementId: agreement.id }, order: { position: 'ASC' } });
    const pastDate = asAt !== this.today() ? asAt : null;
    return checkCompliance({
      kind: agreement.kind,
      title: agreement.title,
      parentProtocol: await this.parentProtocol(agreement, em, pastDate),
      parties: await this.partyFacts(parties, em, pastDate),
      content,
      asAt,
    });
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /** The protocol the agreement sits under, with its status today or, for a past date, as it stood at the end of that day. */
  private async parentProtocol(agreement: Agreement, em: EntityManager, pastDate: string | null): Promise<ParentProtocolFacts | null> {
    if (!agreement.parentProtocolId) return null;
    const parent = await em.findOneByOrFail(Agreement, { id: agreement.parentProtocolId });
    if (!pastDate) return { reference: parent.reference, title: parent.title, status: parent.status };
    const [then] = (await em.query(
      `SELECT status FROM agreement_status_change WHERE agreement_id = $1 AND changed_at < $2::date + 1 ORDER BY changed_at DESC LIMIT 1`,
      [parent.id, pastDate],
    )) as { status: AgreementStatus }[];
    // A protocol not yet made on that date was not there to sit under: a draft is the nearest status that says so.
    return { reference: parent.reference, title: parent.title, status: then?.status ?? AgreementStatus.DRAFT };
  }

  /** On the caller's connection (inside a submission's transaction): one connection per request, however busy the pool. */
  private async partyFacts(parties: AgreementParty[], em: EntityManager, pastDate: string | null): Promise<PartyFacts[]> {
    if (parties.length === 0) return [];
    const ids = parties.map((p) => p.organisationId);
    const organisations = await this.organisations.byIds(ids, em);
    const holders = await this.organisations.roleHoldersOf(ids, em);
    const past = pastDate ? await this.assurance.inForceOn(ids, pastDate, em) : null;
    return parties.map((party, i) => {
      // On a past date, an organisation with no assurance in force then is judged as having none on record.
      const organisation = past ? { name: organisations[i]!.name, ...(past[i] ?? NO_ASSURANCE) } : organisations[i]!;
      return {
        organisationId: party.organisationId,
        organisationName: organisation.name,
        role: party.role,
        readiness: partyReadiness(holders[i]),
        dsptStatus: organisation.dsptStatus,
        secureEmailMethod: organisation.secureEmailMethod,
        secureEmailAccreditationExpiry: organisation.secureEmailAccreditationExpiry,
      };
    });
  }
}
