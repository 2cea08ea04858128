import type { EntityManager } from 'typeorm';
import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import type { AgreementOnDate } from './decision-flags.js';

interface VersionRow {
  id: string;
  agreement_id: string;
  number: number;
  status: string;
  effective_date: string | null;
  superseded_at: Date | null;
  party_ids: string[];
  flows: DataFlow[] | null;
}

interface StatusRow {
  agreement_id: string;
  status: string;
  changed_at: Date;
}

/** The agreements named by a batch of decisions, with what is needed to say which version was in force when. */
export class AgreementHistory {
  private constructor(
    private readonly references: Map<string, string>,
    private readonly versions: VersionRow[],
    private readonly statuses: StatusRow[],
  ) {}

  static async load(em: EntityManager, agreementIds: string[]): Promise<AgreementHistory> {
    if (agreementIds.length === 0) return new AgreementHistory(new Map(), [], []);
    const [references, versions, statuses] = await Promise.all([
      em.query(`SELECT id, reference FROM agreement WHERE id = ANY($1)`, [agreementIds]) as Promise<{ id: string; reference: string }[]>,
      em.query(
        `SELECT v.id, v.agreement_id, v.number, v.status, v.effective_date, v.superseded_at,
                (SELECT array_agg(vp.organisation_id) FROM agreement_version_party vp WHERE vp.version_id = v.id) AS party_ids,
                v.frozen #> '{content,dataFlows}' AS flows
         FROM agreement_version v WHERE v.agreement_id = ANY($1) AND v.status IN ('ACTIVE', 'SUPERSEDED')`,
        [agreementIds],
      ) as Promise<VersionRow[]>,
      em.query(`SELECT agreement_id, status, changed_at FROM agreement_status_change WHERE agreement_id = ANY($1) ORDER BY changed_at`, [
        agreementIds,
      ]) as Promise<StatusRow[]>,
    ]);
    return new AgreementHistory(new Map(references.map((r) => [r.id, r.reference])), versions, statuses);
  }

  exists(agreementId: string): boolean {
    return this.references.has(agreementId);
  }

  /** The agreement as it stood at `at`: in force only if it was ACTIVE then, with the version signed and not yet superseded. */
  onDate(agreementId: string, at: Date): AgreementOnDate & { versionId: string | null } {
    const reference = this.references.get(agreementId) ?? 'the agreement';
    const none = { reference, versionNumber: null, versionId: null, signedPartyIds: new Set<string>(), dataFlows: [] };
    const status = this.statuses.filter((s) => s.agreement_id === agreementId && s.changed_at <= at).at(-1)?.status;
    if (status !== 'ACTIVE') return none;
    const day = at.toISOString().slice(0, 10);
    const version = this.versions
      .filter((v) => v.agreement_id === agreementId && v.effective_date !== null && v.effective_date <= day)
      .filter((v) => v.superseded_at === null || v.superseded_at > at)
      .sort((a, b) => b.number - a.number)[0];
    if (!version) return none;
    return { reference, versionNumber: version.number, versionId: version.id, signedPartyIds: new Set(version.party_ids ?? []), dataFlows: version.flows ?? [] };
  }
}
