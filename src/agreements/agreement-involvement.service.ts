import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller.js';
import { DomainError } from '../common/errors/domain-error.js';
import { canReadAgreement, type AgreementInvolvement } from './agreement-access-policy.js';
import type { Agreement } from './agreement.entity.js';

/**
 * Every organisation involved in the agreements in `agreementIds` (an SQL uuid[] expression): the
 * parties of their drafts that accepted or are still invited (`invited`), the parties of every
 * version not declined, and every organisation that signed a version itself. A party that refused
 * or withdrew, or was named only in a declined version, is not among them.
 */
export function partyRowsOf(agreementIds: string): string {
  return `SELECT p.agreement_id, p.organisation_id, true AS in_draft, i.status = 'INVITED' AS invited
  FROM agreement_party p JOIN partnership_invitation i ON i.agreement_id = p.agreement_id AND i.organisation_id = p.organisation_id
  WHERE p.agreement_id = ANY(${agreementIds}) AND i.status IN ('INVITED', 'ACCEPTED')
  UNION
  SELECT v.agreement_id, vp.organisation_id, false, false FROM agreement_version_party vp
  JOIN agreement_version v ON v.id = vp.version_id WHERE v.agreement_id = ANY(${agreementIds}) AND v.status <> 'DECLINED'
  UNION
  SELECT v.agreement_id, s.organisation_id, false, false FROM agreement_signature s
  JOIN agreement_version v ON v.id = s.version_id WHERE v.agreement_id = ANY(${agreementIds}) AND NOT s.signed_outside`;
}

/**
 * An SQL condition: the organisation `organisation` (an SQL expression) is involved in the agreement
 * `a` as partnersOf and partyRowsOf count it; with `invited`, an open invitation counts too (to read).
 */
export function involvesSql(a: string, organisation: string, options: { invited: boolean }): string {
  const statuses = options.invited ? `'INVITED', 'ACCEPTED'` : `'ACCEPTED'`;
  return `(${a}.lead_organisation_id = ${organisation}
    OR EXISTS (SELECT 1 FROM partnership_invitation i WHERE i.agreement_id = ${a}.id AND i.organisation_id = ${organisation} AND i.status IN (${statuses}))
    OR EXISTS (SELECT 1 FROM agreement_version v JOIN agreement_version_party vp ON vp.version_id = v.id
               WHERE v.agreement_id = ${a}.id AND vp.organisation_id = ${organisation} AND v.status <> 'DECLINED')
    OR EXISTS (SELECT 1 FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id
               WHERE v.agreement_id = ${a}.id AND s.organisation_id = ${organisation} AND NOT s.signed_outside))`;
}

/** The same for the agreements in `$1`. */
export const PARTY_ROWS_SQL = partyRowsOf('$1');

export interface PartyRow {
  agreement_id: string;
  organisation_id: string;
  in_draft: boolean;
  invited: boolean;
}

/** An agreement's involvement from the party rows (of PARTY_ROWS_SQL): its lead and every party that consented, and those invited. */
export function involvementFrom(agreement: Pick<Agreement, 'id' | 'leadOrganisationId'>, rows: readonly PartyRow[]): AgreementInvolvement {
  const own = rows.filter((r) => r.agreement_id === agreement.id);
  const consenting = own.filter((r) => !r.invited);
  return {
    leadOrganisationId: agreement.leadOrganisationId,
    draftPartyIds: new Set(consenting.filter((r) => r.in_draft).map((r) => r.organisation_id)),
    involvedOrganisationIds: new Set([agreement.leadOrganisationId, ...consenting.map((r) => r.organisation_id)]),
    invitedOrganisationIds: new Set(own.filter((r) => r.invited).map((r) => r.organisation_id)),
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
