import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PartnerDirectory } from '../organisations/partner-directory.js';

/** Partners are organisations involved together in any agreement: as lead, or as a party of its draft or a version. */
@Injectable()
export class AgreementPartnerDirectory extends PartnerDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async partnersOf(organisationIds: readonly string[]): Promise<Set<string>[]> {
    const rows = (await this.dataSource.query(
      `WITH involvement AS (
         SELECT id AS agreement_id, lead_organisation_id AS organisation_id FROM agreement
         UNION SELECT agreement_id, organisation_id FROM agreement_party
         UNION SELECT v.agreement_id, vp.organisation_id FROM agreement_version_party vp JOIN agreement_version v ON v.id = vp.version_id
       )
       SELECT DISTINCT mine.organisation_id AS organisation_id, theirs.organisation_id AS partner_id
       FROM involvement mine JOIN involvement theirs ON theirs.agreement_id = mine.agreement_id
       WHERE mine.organisation_id = ANY($1)`,
      [organisationIds],
    )) as { organisation_id: string; partner_id: string }[];
    return organisationIds.map((id) => new Set([id, ...rows.filter((r) => r.organisation_id === id).map((r) => r.partner_id)]));
  }
}
