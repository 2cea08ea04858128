import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { partyReadiness } from '../../organisations/party-readiness.js';
import { AgreementParty } from '../agreement-party.entity.js';
import type { Agreement } from '../agreement.entity.js';
import { emptyContent, type AgreementContent } from '../content/agreement-content.model.js';
import type { Finding, PartyFacts } from './compliance-input.js';
import { checkCompliance } from './compliance-rules.js';

/** Gathers what the rules need about a draft's parties, as they stand today, and runs the rules. */
@Injectable()
export class ComplianceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  async findingsForDraft(agreement: Agreement, manager?: EntityManager): Promise<Finding[]> {
    const em = manager ?? this.dataSource.manager;
    const parties = await em.find(AgreementParty, { where: { agreementId: agreement.id }, order: { position: 'ASC' } });
    return checkCompliance({
      kind: agreement.kind,
      title: agreement.title,
      parties: await this.partyFacts(parties, em),
      content: agreement.draftContent ?? emptyContent(),
      today: this.clock.now().toISOString().slice(0, 10),
    });
  }

  /** The findings for `content` with the agreement's working parties, judged as at `asAt` (YYYY-MM-DD): a record of an original signed then. */
  async findingsAsAt(agreement: Agreement, content: AgreementContent, asAt: string, em: EntityManager): Promise<Finding[]> {
    const parties = await em.find(AgreementParty, { where: { agreementId: agreement.id }, order: { position: 'ASC' } });
    return checkCompliance({ kind: agreement.kind, title: agreement.title, parties: await this.partyFacts(parties, em), content, today: asAt });
  }

  /** On the caller's connection (inside a submission's transaction): one connection per request, however busy the pool. */
  private async partyFacts(parties: AgreementParty[], em: EntityManager): Promise<PartyFacts[]> {
    if (parties.length === 0) return [];
    const ids = parties.map((p) => p.organisationId);
    const organisations = await this.organisations.byIds(ids, em);
    const holders = await this.organisations.roleHoldersOf(ids, em);
    return parties.map((party, i) => {
      const organisation = organisations[i]!;
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
