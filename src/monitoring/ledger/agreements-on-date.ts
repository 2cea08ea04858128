import type { EntityManager } from 'typeorm';
import type { AgreementInvolvement } from '../../agreements/agreement-access-policy.js';
import { involvementFrom, PARTY_ROWS_SQL, type PartyRow } from '../../agreements/agreement-involvement.service.js';
import type { DataFlow } from '../../agreements/content/agreement-content.model.js';
import { preparedQuery } from '../../database/prepared-query.js';
import { inForceOn } from '../../organisations/assurance.rules.js';
import type { AccreditationsOnDate, AgreementOnDate } from './decision-flags.js';

interface AgreementRow {
  id: string;
  reference: string;
  lead_organisation_id: string;
}

interface VersionRow {
  id: string;
  agreement_id: string;
  number: number;
  effective_date: string | null;
  superseded_at: Date | null;
  party_ids: string[] | null;
  flows: DataFlow[] | null;
  confirmation_status: AgreementOnDate['confirmation'];
}

interface StatusRow {
  agreement_id: string;
  status: string;
  changed_at: Date;
}

interface AccreditationEntry {
  organisationName: string;
  effectiveFrom: string;
  secureEmailAccreditationExpiry: string | null;
}

/** The dated secure email accreditations of the organisations at either end of a batch's decisions sent by secure email. */
export class AccreditationHistory {
  constructor(private readonly entries: Map<string, AccreditationEntry[]>) {}

  /** Each organisation's accreditation in force on `day` (those with no entry in force then are left out). */
  onDate(organisationIds: string[], day: string): AccreditationsOnDate {
    const ends = [...new Set(organisationIds)].flatMap((id) => {
      const entry = inForceOn(this.entries.get(id) ?? [], day);
      return entry ? [entry] : [];
    });
    return { decidedOn: day, ends };
  }
}

/** A client key already claimed by the recording organisation. */
export interface ClaimedKey {
  decisionId: string;
  requestHash: string;
}

/** What a batch of decisions is checked against, read in one round trip. */
export interface LedgerContext {
  history: AgreementHistory;
  accreditations: AccreditationHistory;
  /** Which of the requesting organisations exist. */
  knownOrganisationIds: Set<string>;
  /** The batch's client keys the recorder has used before, by key. */
  claimedKeys: Map<string, ClaimedKey>;
}

/** The agreements named by a batch of decisions, with what is needed to say which version was in force when, and who is involved. */
export class AgreementHistory {
  private constructor(
    private readonly agreements: Map<string, AgreementRow>,
    private readonly versions: VersionRow[],
    private readonly statuses: StatusRow[],
    private readonly parties: PartyRow[],
  ) {}

  /**
   * One statement for the whole batch (it runs on the batch's transaction, where every round trip
   * is paid while the connection is held).
   */
  static async load(
    em: EntityManager,
    agreementIds: string[],
    organisationIds: string[],
    recorder: { organisationId: string; clientKeys: string[] },
    /** Organisations at either end of a decision sent by secure email, whose accreditation is checked. */
    accreditedOrganisationIds: string[] = [],
  ): Promise<LedgerContext> {
    const [row] = await preparedQuery<{
      agreements: AgreementRow[];
      versions: (Omit<VersionRow, 'superseded_at'> & { superseded_at: string | null })[];
      statuses: (Omit<StatusRow, 'changed_at'> & { changed_at: string })[];
      parties: PartyRow[];
      known_organisations: string[];
      claimed_keys: { client_key: string; decision_id: string; request_hash: string }[];
      accreditations: { organisation_id: string; name: string; effective_from: string; expiry: string | null }[];
    }>(
      em,
      'ledger.context',
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'reference', a.reference, 'lead_organisation_id', a.lead_organisation_id)), '[]')
          FROM agreement a WHERE a.id = ANY($1)) AS agreements,
         (SELECT coalesce(json_agg(json_build_object(
                   'id', v.id, 'agreement_id', v.agreement_id, 'number', v.number, 'effective_date', v.effective_date, 'superseded_at', v.superseded_at,
                   'party_ids', (SELECT json_agg(vp.organisation_id) FROM agreement_version_party vp WHERE vp.version_id = v.id),
                   'flows', v.frozen #> '{content,dataFlows}', 'confirmation_status', v.confirmation_status)), '[]')
          FROM agreement_version v WHERE v.agreement_id = ANY($1) AND v.status IN ('ACTIVE', 'SUPERSEDED')) AS versions,
         (SELECT coalesce(json_agg(json_build_object('agreement_id', s.agreement_id, 'status', s.status, 'changed_at', s.changed_at) ORDER BY s.changed_at), '[]')
          FROM agreement_status_change s WHERE s.agreement_id = ANY($1)) AS statuses,
         (SELECT coalesce(json_agg(p), '[]') FROM (${PARTY_ROWS_SQL}) p) AS parties,
         (SELECT coalesce(json_agg(o.id), '[]') FROM organisation o WHERE o.id = ANY($2)) AS known_organisations,
         (SELECT coalesce(json_agg(json_build_object('client_key', k.client_key, 'decision_id', k.decision_id, 'request_hash', k.request_hash)), '[]')
          FROM sharing_decision_key k WHERE k.recorded_by_organisation_id = $3 AND k.client_key = ANY($4)) AS claimed_keys,
         (SELECT coalesce(json_agg(json_build_object('organisation_id', e.organisation_id, 'name', o.name, 'effective_from', e.effective_from,
                                                     'expiry', e.secure_email_accreditation_expiry) ORDER BY e.id), '[]')
          FROM organisation_assurance e JOIN organisation o ON o.id = e.organisation_id WHERE e.organisation_id = ANY($5)) AS accreditations`,
      [agreementIds, organisationIds, recorder.organisationId, recorder.clientKeys, accreditedOrganisationIds],
    );
    const history = new AgreementHistory(
      new Map(row.agreements.map((a) => [a.id, a])),
      row.versions.map((v) => ({ ...v, superseded_at: v.superseded_at === null ? null : new Date(v.superseded_at) })),
      row.statuses.map((s) => ({ ...s, changed_at: new Date(s.changed_at) })),
      row.parties,
    );
    const accreditations = new Map<string, AccreditationEntry[]>();
    for (const e of row.accreditations) {
      const entry = { organisationName: e.name, effectiveFrom: e.effective_from, secureEmailAccreditationExpiry: e.expiry };
      accreditations.set(e.organisation_id, [...(accreditations.get(e.organisation_id) ?? []), entry]);
    }
    return {
      history,
      accreditations: new AccreditationHistory(accreditations),
      knownOrganisationIds: new Set(row.known_organisations),
      claimedKeys: new Map(row.claimed_keys.map((k) => [k.client_key, { decisionId: k.decision_id, requestHash: k.request_hash }])),
    };
  }

  exists(agreementId: string): boolean {
    return this.agreements.has(agreementId);
  }

  involvement(agreementId: string): AgreementInvolvement {
    const agreement = this.agreements.get(agreementId);
    if (!agreement) throw new Error(`agreement ${agreementId} was not loaded`);
    return involvementFrom({ id: agreement.id, leadOrganisationId: agreement.lead_organisation_id }, this.parties);
  }

  /** The agreement as it stood at `at`: in force only if it was ACTIVE then, with the version signed and not yet superseded. */
  onDate(agreementId: string, at: Date): AgreementOnDate & { versionId: string | null } {
    const reference = this.agreements.get(agreementId)?.reference ?? 'the agreement';
    const none = { reference, versionNumber: null, versionId: null, signedPartyIds: new Set<string>(), dataFlows: [] };
    const status = this.statuses.filter((s) => s.agreement_id === agreementId && s.changed_at <= at).at(-1)?.status;
    if (status !== 'ACTIVE') return none;
    const day = at.toISOString().slice(0, 10);
    const version = this.versions
      .filter((v) => v.agreement_id === agreementId && v.effective_date !== null && v.effective_date <= day)
      .filter((v) => v.superseded_at === null || v.superseded_at > at)
      .sort((a, b) => b.number - a.number)[0];
    if (!version) return none;
    return {
      reference,
      versionNumber: version.number,
      versionId: version.id,
      signedPartyIds: new Set(version.party_ids ?? []),
      dataFlows: version.flows ?? [],
      confirmation: version.confirmation_status ?? null,
    };
  }
}
