import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import { canReadAgreement, type AgreementInvolvement } from './agreement-access-policy.js';
import type { Agreement } from './agreement.entity.js';

/** Who is involved in which agreements: the facts every access check stands on. */
@Injectable()
export class AgreementInvolvementService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One query for any number of agreements. */
  async involvementOf(agreements: readonly Pick<Agreement, 'id' | 'leadOrganisationId'>[], manager?: EntityManager): Promise<AgreementInvolvement[]> {
    if (agreements.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT agreement_id, organisation_id, true AS in_draft FROM agreement_party WHERE agreement_id = ANY($1)
       UNION
       SELECT v.agreement_id, vp.organisation_id, false FROM agreement_version_party vp
       JOIN agreement_version v ON v.id = vp.version_id WHERE v.agreement_id = ANY($1)`,
      [agreements.map((a) => a.id)],
    )) as { agreement_id: string; organisation_id: string; in_draft: boolean }[];
    return agreements.map((agreement) => {
      const own = rows.filter((r) => r.agreement_id === agreement.id);
      return {
        leadOrganisationId: agreement.leadOrganisationId,
        draftPartyIds: new Set(own.filter((r) => r.in_draft).map((r) => r.organisation_id)),
        involvedOrganisationIds: new Set([agreement.leadOrganisationId, ...own.map((r) => r.organisation_id)]),
      };
    });
  }

  async assertCanRead(caller: Caller, agreement: Agreement, manager?: EntityManager): Promise<AgreementInvolvement> {
    const [involvement] = await this.involvementOf([agreement], manager);
    if (!canReadAgreement(caller, involvement)) {
      throw DomainError.forbidden(`Only the organisations involved in agreement ${agreement.reference} may read it`);
    }
    return involvement;
  }
}
