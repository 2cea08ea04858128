import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import { canReadAgreement, type AgreementInvolvement } from './agreement-access-policy.js';
import type { Agreement } from './agreement.entity.js';

/** Every party of the agreements in `agreementIds` (an SQL uuid[] expression): of their drafts, and of every version ever frozen. */
export function partyRowsOf(agreementIds: string): string {
  return `SELECT agreement_id, organisation_id, true AS in_draft FROM agreement_party WHERE agreement_id = ANY(${agreementIds})
  UNION
  SELECT v.agreement_id, vp.organisation_id, false FROM agreement_version_party vp
  JOIN agreement_version v ON v.id = vp.version_id WHERE v.agreement_id = ANY(${agreementIds})`;
}

/** The same for the agreements in `$1`. */
export const PARTY_ROWS_SQL = partyRowsOf('$1');

export interface PartyRow {
  agreement_id: string;
  organisation_id: string;
  in_draft: boolean;
}

/** An agreement's involvement from the party rows (of PARTY_ROWS_SQL): its lead and every party, draft or signed. */
export function involvementFrom(agreement: Pick<Agreement, 'id' | 'leadOrganisationId'>, rows: readonly PartyRow[]): AgreementInvolvement {
  const own = rows.filter((r) => r.agreement_id === agreement.id);
  return {
    leadOrganisationId: agreement.leadOrganisationId,
    draftPartyIds: new Set(own.filter((r) => r.in_draft).map((r) => r.organisation_id)),
    involvedOrganisationIds: new Set([agreement.leadOrganisationId, ...own.map((r) => r.organisation_id)]),
  };
}

/** Who is involved in which agreements: the facts every access check stands on. */
@Injectable()
export class AgreementInvolvementService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One query for any number of agreements. */
  async involvementOf(agreements: readonly Pick<Agreement, 'id' | 'leadOrganisationId'>[], manager?: EntityManager): Promise<AgreementInvolvement[]> {
    if (agreements.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(PARTY_ROWS_SQL, [agreements.map((a) => a.id)])) as PartyRow[];
    return agreements.map((agreement) => involvementFrom(agreement, rows));
  }

  async assertCanRead(caller: Caller, agreement: Agreement, manager?: EntityManager): Promise<AgreementInvolvement> {
    const [involvement] = await this.involvementOf([agreement], manager);
    if (!canReadAgreement(caller, involvement)) {
      throw DomainError.forbidden(`Only the organisations involved in agreement ${agreement.reference} may read it`);
    }
    return involvement;
  }
}
