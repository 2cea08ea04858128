import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { involvementFrom, involvesSql, partyRowsOf, type PartyRow } from '../../agreements/agreement-involvement.service.js';
import { AgreementKind } from '../../agreements/agreement.enums.js';
import { isSystemAdmin } from '../../common/auth/access-policy.js';
import { Clock } from '../../common/clock/clock.js';
import type { Caller } from '../../common/auth/caller.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { pooledPreparedQuery } from '../../database/prepared-query.js';
import type { HealthArgs, MetricsArgs } from '../dto/metrics.args.js';
import { agreementHealth, type AgreementHealth } from '../health/agreement-health.js';
import { foldPendingRollups } from './decision-rollups.js';
import { canReadAgreementMetrics, canReadOrganisationMetrics, canReadPartnershipMetrics } from './metrics-access-policy.js';
import { metricsFromRollups, type SharingMetrics } from './metrics-report.js';
import { MetricsQueries, type IncidentScope, type RollupScope } from './metrics.queries.js';

interface ScopeAgreementRow {
  id: string;
  kind: AgreementKind;
  reference: string;
  title: string;
  lead_organisation_id: string;
  parent_protocol_id: string | null;
  parent_lead_organisation_id: string | null;
  decisions_pending: boolean;
  /** Of the agreement and the protocol it sits under. */
  parties: PartyRow[];
  /** A protocol's partnership: itself and the agreements under it; null for any other agreement. */
  partnership_ids: string[] | null;
}

/**
 * An agreement or protocol with all its scope and access check need, in one statement: every
 * statement of a request is a round trip, and the dashboard sends many requests.
 */
const SCOPE_AGREEMENT_SQL = `SELECT a.id, a.kind, a.reference, a.title, a.lead_organisation_id, a.parent_protocol_id, p.lead_organisation_id AS parent_lead_organisation_id,
    EXISTS (SELECT 1 FROM decision_rollup_pending) AS decisions_pending,
    (SELECT coalesce(json_agg(r), '[]') FROM (${partyRowsOf('ARRAY[a.id, a.parent_protocol_id]')}) r) AS parties,
    CASE WHEN a.kind = 'PROTOCOL' THEN ARRAY(SELECT u.id FROM agreement u WHERE u.id = a.id OR u.parent_protocol_id = a.id) END AS partnership_ids
  FROM agreement a LEFT JOIN agreement p ON p.id = a.parent_protocol_id WHERE a.id = $1`;

/** A span of months, 'YYYY-MM', inclusive, as the metrics query takes it. */
type MonthRange = Pick<MetricsArgs, 'fromMonth' | 'toMonth'>;

interface ResolvedScope {
  head: Pick<SharingMetrics, 'scope' | 'scopeId' | 'scopeName'>;
  rollups: RollupScope;
  /** The agreements in scope (for incidents and health); null for an organisation, whose own are used. */
  incidentAgreementIds: string[] | null;
  incidentOrganisationId: string | null;
  /** Whether decisions recorded singly were waiting to be folded into the rollups when the scope was read. */
  foldFirst: boolean;
}

interface HealthRow {
  agreements: {
    id: string;
    reference: string;
    title: string;
    status_on_date: string;
    next_review_date: string | null;
    awaiting: { parties: number; signed: number } | null;
    party_ids: string[];
    flows: { fromOrganisationId: string; toOrganisationId: string; transferMethod: string | null }[];
    parent_protocol: { reference: string; status: string } | null;
  }[];
  organisations: {
    id: string;
    name: string;
    effective_from: string | null;
    dspt_status: string | null;
    dspt_status_date: string | null;
    dspt_next_due_date: string | null;
    secure_email_accreditation_expiry: string | null;
    ico_registration_renewal_date: string | null;
  }[];
}

/** The agreements the organisation `$1` is involved in: as lead, as a party that accepted a draft, or to a version not declined. */
const AGREEMENTS_INVOLVING = `SELECT a.id FROM agreement a WHERE ${involvesSql('a', '$1', { invited: false })}`;

/**
 * Health's facts on the date `$2` for the agreements `inScope` selects: each agreement made by then,
 * its state then and the version then in force, and its parties' assurance in force then.
 */
function healthSql(inScope: string): string {
  return `WITH in_scope AS (${inScope}),
    made AS (SELECT i.id FROM in_scope i WHERE EXISTS (SELECT 1 FROM agreement_status_change s WHERE s.agreement_id = i.id AND s.changed_at < $2::date + 1))
  SELECT
    (SELECT coalesce(json_agg(x ORDER BY x.reference), '[]') FROM (
       SELECT a.id, a.reference, a.title, st.status AS status_on_date,
         iv.frozen #>> '{content,review,nextReviewDate}' AS next_review_date,
         (SELECT json_build_object('parties', jsonb_array_length(v.frozen -> 'parties'),
                                   'signed', (SELECT count(*) FROM agreement_signature s WHERE s.version_id = v.id AND s.signed_at < $2::date + 1))
          FROM agreement_version v WHERE v.agreement_id = a.id AND v.submitted_at < $2::date + 1
            AND (v.effective_date IS NULL OR v.effective_date > $2::date) AND (v.declined_at IS NULL OR v.declined_at >= $2::date + 1)
          ORDER BY v.number DESC LIMIT 1) AS awaiting,
         coalesce((SELECT array_agg(vp.organisation_id) FROM agreement_version_party vp WHERE vp.version_id = iv.id), '{}') AS party_ids,
         coalesce(iv.frozen #> '{content,dataFlows}', '[]') AS flows,
         (SELECT json_build_object('reference', pa.reference, 'status', ps.status) FROM agreement pa
          JOIN LATERAL (SELECT s.status FROM agreement_status_change s WHERE s.agreement_id = pa.id AND s.changed_at < $2::date + 1
                        ORDER BY s.changed_at DESC, s.id DESC LIMIT 1) ps ON true
          WHERE pa.id = a.parent_protocol_id) AS parent_protocol
       FROM agreement a
       JOIN LATERAL (SELECT s.status FROM agreement_status_change s WHERE s.agreement_id = a.id AND s.changed_at < $2::date + 1
                     ORDER BY s.changed_at DESC, s.id DESC LIMIT 1) st ON true
       LEFT JOIN LATERAL (SELECT v.id, v.frozen FROM agreement_version v
                          WHERE v.agreement_id = a.id AND v.status IN ('ACTIVE', 'SUPERSEDED') AND v.effective_date <= $2::date
                          ORDER BY v.number DESC LIMIT 1) iv ON true
       WHERE a.id IN (SELECT id FROM made)) x) AS agreements,
    (SELECT coalesce(json_agg(o ORDER BY o.name), '[]') FROM (
       SELECT o.id, o.name, e.effective_from, e.dspt_status, e.dspt_status_date, e.dspt_next_due_date, e.secure_email_accreditation_expiry, e.ico_registration_renewal_date
       FROM organisation o
       LEFT JOIN LATERAL (SELECT * FROM organisation_assurance e WHERE e.organisation_id = o.id AND e.effective_from <= $2::date
                          ORDER BY e.effective_from DESC, e.id DESC LIMIT 1) e ON true
       WHERE o.id IN (SELECT vp.organisation_id FROM agreement_version_party vp JOIN agreement_version v ON v.id = vp.version_id WHERE v.agreement_id IN (SELECT id FROM made)
                      UNION SELECT p.organisation_id FROM agreement_party p WHERE p.agreement_id IN (SELECT id FROM made))) o) AS organisations`;
}

/** Which of the agreement and the protocol it sits under the caller's organisation is involved in. */
function involvedIn(caller: Caller, row: ScopeAgreementRow): Set<string> {
  const agreements = [{ id: row.id, leadOrganisationId: row.lead_organisation_id }];
  if (row.parent_protocol_id && row.parent_lead_organisation_id) agreements.push({ id: row.parent_protocol_id, leadOrganisationId: row.parent_lead_organisation_id });
  return new Set(agreements.filter((a) => involvementFrom(a, row.parties).involvedOrganisationIds.has(caller.organisationId)).map((a) => a.id));
}

/**
 * Metrics for an agreement, a partnership or an organisation, from the rollups, with any decisions
 * pending for them folded in first (the scope's own query tells whether there are any, so a read
 * with nothing pending costs no fold).
 */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async metrics(caller: Caller, args: MetricsArgs): Promise<SharingMetrics> {
    const given = [args.agreementId, args.partnershipId, args.organisationId].filter(Boolean);
    if (given.length !== 1) throw DomainError.invalid('scope', 'exactlyOne', 'give exactly one of agreementId, partnershipId or organisationId');
    if (args.fromMonth > args.toMonth) throw DomainError.invalid('toMonth', 'afterFrom', 'must not be before fromMonth');
    const scope = await this.resolve(caller, args);
    // Decisions recorded singly wait to be folded in: folding them first makes the answer exact.
    if (scope.foldFirst) await foldPendingRollups(this.dataSource);
    return this.figures(scope, args);
  }

  /** Agreement health on a date, for the same scopes and callers as the metrics. */
  async health(caller: Caller, args: HealthArgs): Promise<AgreementHealth> {
    const given = [args.agreementId, args.partnershipId, args.organisationId].filter(Boolean);
    if (given.length !== 1) throw DomainError.invalid('scope', 'exactlyOne', 'give exactly one of agreementId, partnershipId or organisationId');
    return this.healthOf(await this.resolve(caller, args), args.asOf ?? this.clock.now().toISOString().slice(0, 10));
  }

  /**
   * What a dashboard shows of one agreement or partnership: the period's figures, those of the
   * period before it and health as at a date. The scope is read and checked once, and pending
   * decisions folded once, for all three: each statement is a round trip (bench/RESULTS.md, Dashboards).
   */
  async dashboard(
    caller: Caller,
    scopeArgs: { agreementId: string } | { partnershipId: string },
    period: MonthRange,
    before: MonthRange,
    asOf: string,
  ): Promise<{ metrics: SharingMetrics; previous: SharingMetrics; health: AgreementHealth }> {
    const scope = await this.resolve(caller, scopeArgs);
    if (scope.foldFirst) await foldPendingRollups(this.dataSource);
    const [metrics, previous, health] = await Promise.all([this.figures(scope, period), this.figures(scope, before), this.healthOf(scope, asOf)]);
    return { metrics, previous, health };
  }

  private async figures(scope: ResolvedScope, { fromMonth, toMonth }: MonthRange): Promise<SharingMetrics> {
    const incidentScope: IncidentScope = scope.incidentAgreementIds ? { agreementIds: scope.incidentAgreementIds } : { reportedByOrganisationId: scope.incidentOrganisationId! };
    const { months, rows, outside, timing, organisationNames, incidents, rechecks } = await MetricsQueries.on(this.dataSource).figures(scope.rollups, incidentScope, fromMonth, toMonth);
    return metricsFromRollups(
      { ...scope.head, fromMonth, toMonth },
      months,
      rows,
      outside,
      timing,
      incidents,
      (id) => organisationNames.get(id) ?? 'Unknown organisation',
      rechecks,
    );
  }

  private async healthOf(scope: ResolvedScope, asOf: string): Promise<AgreementHealth> {
    // The agreements and their parties in one statement: of the agreements given, or of those an organisation is involved in.
    const [facts] = scope.incidentAgreementIds
      ? await pooledPreparedQuery<HealthRow>(this.dataSource, 'metrics.health.listed', healthSql('SELECT unnest($1::uuid[]) AS id'), [scope.incidentAgreementIds, asOf])
      : await pooledPreparedQuery<HealthRow>(this.dataSource, 'metrics.health.involving', healthSql(AGREEMENTS_INVOLVING), [scope.incidentOrganisationId, asOf]);
    const { agreements, organisations } = facts;
    return agreementHealth({
      asOf,
      agreements: agreements.map((a) => ({
        id: a.id,
        reference: a.reference,
        title: a.title,
        statusOnDate: a.status_on_date,
        nextReviewDate: a.next_review_date,
        awaiting: a.awaiting ? { parties: Number(a.awaiting.parties), signed: Number(a.awaiting.signed) } : null,
        partyIds: a.party_ids,
        flows: a.flows,
        parentProtocol: a.parent_protocol && { reference: a.parent_protocol.reference, statusOnDate: a.parent_protocol.status },
      })),
      organisations: organisations.map((o) => ({
        id: o.id,
        name: o.name,
        effectiveFrom: o.effective_from ?? undefined,
        dsptStatus: o.dspt_status,
        dsptStatusDate: o.dspt_status_date,
        dsptNextDueDate: o.dspt_next_due_date,
        secureEmailAccreditationExpiry: o.secure_email_accreditation_expiry,
        icoRegistrationRenewalDate: o.ico_registration_renewal_date,
      })),
    });
  }

  /** The partnerships (PROTOCOLs) the caller's organisation is involved in; all of them for a SYSTEM_ADMIN. */
  async partnershipsFor(caller: Caller): Promise<{ id: string; title: string }[]> {
    return (await this.dataSource.query(
      `SELECT a.id, a.title FROM agreement a WHERE a.kind = 'PROTOCOL' AND ($2 OR a.id IN (${AGREEMENTS_INVOLVING}))
       ORDER BY a.title, a.id`,
      [caller.organisationId, isSystemAdmin(caller)],
    )) as { id: string; title: string }[];
  }

  /** The agreements under a protocol, for choosing one within the partnership. */
  async agreementsUnder(protocolId: string): Promise<{ id: string; title: string; reference: string }[]> {
    return (await this.dataSource.query('SELECT id, title, reference FROM agreement WHERE parent_protocol_id = $1 ORDER BY reference', [protocolId])) as {
      id: string;
      title: string;
      reference: string;
    }[];
  }

  private async resolve(caller: Caller, args: Pick<MetricsArgs, 'agreementId' | 'partnershipId' | 'organisationId'>): Promise<ResolvedScope> {
    if (args.organisationId) {
      const [organisation] = (await this.dataSource.query(
        `SELECT o.id, o.name, EXISTS (SELECT 1 FROM decision_rollup_pending) AS decisions_pending FROM organisation o WHERE o.id = $1`,
        [args.organisationId],
      )) as { id: string; name: string; decisions_pending: boolean }[];
      if (!organisation) throw DomainError.notFound('Organisation', args.organisationId);
      if (!canReadOrganisationMetrics(caller, organisation.id)) throw DomainError.forbidden("Only an organisation's own members may read its metrics");
      return {
        head: { scope: 'ORGANISATION', scopeId: organisation.id, scopeName: organisation.name },
        rollups: { organisationId: organisation.id },
        incidentAgreementIds: null,
        incidentOrganisationId: organisation.id,
        foldFirst: organisation.decisions_pending,
      };
    }
    const id = (args.partnershipId ?? args.agreementId)!;
    const [agreement] = await pooledPreparedQuery<ScopeAgreementRow>(this.dataSource, 'metrics.scopeAgreement', SCOPE_AGREEMENT_SQL, [id]);
    if (!agreement) throw DomainError.notFound('Agreement', id);
    const head = { scopeId: agreement.id, scopeName: agreement.title };
    const foldFirst = agreement.decisions_pending;
    const involved = involvedIn(caller, agreement);
    if (args.partnershipId) {
      if (!agreement.partnership_ids) throw DomainError.invalid('partnershipId', 'isProtocol', `${agreement.reference} is a ${agreement.kind}, not a PROTOCOL`);
      if (!canReadPartnershipMetrics(caller, involved.has(agreement.id))) {
        throw DomainError.forbidden(`Only organisations in the ${agreement.reference} partnership may read its metrics`);
      }
      return {
        head: { scope: 'PARTNERSHIP', ...head },
        rollups: { protocolId: agreement.id },
        incidentAgreementIds: agreement.partnership_ids,
        incidentOrganisationId: null,
        foldFirst,
      };
    }
    const allowed = canReadAgreementMetrics(caller, involved.has(agreement.id), agreement.parent_protocol_id !== null && involved.has(agreement.parent_protocol_id));
    if (!allowed) throw DomainError.forbidden(`Only organisations involved in ${agreement.reference} or its partnership may read its metrics`);
    return { head: { scope: 'AGREEMENT', ...head }, rollups: { agreementKeys: [agreement.id] }, incidentAgreementIds: [agreement.id], incidentOrganisationId: null, foldFirst };
  }
}
