import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PartnerDirectory } from '../organisations/partner-directory.js';

/**
 * Partners are organisations that both consented to one agreement: its lead; a party that accepted
 * its invitation to the draft; a party of a version submitted for signature (submission needs every
 * party's acceptance) that was not declined, or, for a version recorded from a paper original, a
 * party that confirmed it; an organisation that signed a version itself. Being named confers nothing.
 */
@Injectable()
export class AgreementPartnerDirectory extends PartnerDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async partnersOf(organisationIds: readonly string[]): Promise<Set<string>[]> {
    const rows = (await this.dataSource.query(
      `WITH member AS (
         SELECT id AS agreement_id, lead_organisation_id AS organisation_id FROM agreement
         UNION SELECT agreement_id, organisation_id FROM partnership_invitation WHERE status = 'ACCEPTED'
         UNION SELECT v.agreement_id, vp.organisation_id FROM agreement_version_party vp JOIN agreement_version v ON v.id = vp.version_id
               WHERE v.status <> 'DECLINED' AND (NOT v.recorded_from_original OR EXISTS (
                 SELECT 1 FROM agreement_original_answer oa WHERE oa.version_id = v.id AND oa.organisation_id = vp.organisation_id AND oa.answer = 'CONFIRMED'))
         UNION SELECT v.agreement_id, s.organisation_id FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id WHERE NOT s.signed_outside
       )
       SELECT DISTINCT mine.organisation_id AS organisation_id, theirs.organisation_id AS partner_id
       FROM member mine JOIN member theirs ON theirs.agreement_id = mine.agreement_id
       WHERE mine.organisation_id = ANY($1)`,
      [organisationIds],
    )) as { organisation_id: string; partner_id: string }[];
    return organisationIds.map((id) => new Set([id, ...rows.filter((r) => r.organisation_id === id).map((r) => r.partner_id)]));
  }
}
