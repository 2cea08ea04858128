import type { DataSource } from 'typeorm';
import { pooledPreparedQuery } from '../../database/prepared-query.js';
import { COUNTED_DIMENSIONS, NO_AGREEMENT } from './decision-rollups.js';
import type { IncidentCounts, RecheckCounts } from './metrics-report.js';

/**
 * Which part of the ledger a metric covers: some agreements, a partnership (read from its own
 * rollups, summed over its agreements and organisations, and its members' decisions outside any
 * agreement while they belonged to it: PARTNERSHIP_MEMBER_SPANS), or everything one organisation disclosed.
 */
export type RollupScope = { agreementKeys: string[] } | { protocolId: string } | { organisationId: string };

/** Sends a named prepared statement (`name` unique to `text`) and gives its rows. */
export type PreparedRunner = (name: string, text: string, values: unknown[]) => Promise<unknown[]>;

/** Whose incidents count: those under some agreements, or those one organisation reported. */
export type IncidentScope = { agreementIds: string[] } | { reportedByOrganisationId: string };

export interface RollupRow {
  dimension: string;
  value: string;
  decisions: number;
  records: number;
}

export interface MonthRow extends RollupRow {
  month: string;
}

export interface RollupFigures {
  /** Decisions by month: the 'total' and 'outcome' dimensions. */
  months: MonthRow[];
  /** Every counted dimension over the whole range. */
  rows: RollupRow[];
  /** The 'total' and 'outcome' dimensions of the decisions in scope made outside any agreement. */
  outside: RollupRow[];
  /** Median and 90th percentile (lower, as percentile_disc) of the minutes histogram. */
  timing: { median: number | null; p90: number | null };
  /** The names of the organisations in the 'flow' rows, by id. */
  organisationNames: Map<string, string>;
  /** Incidents discovered in the months. */
  incidents: IncidentCounts;
  /** Decisions of the months re-checked against an agreement recorded from a signed original. */
  rechecks: RecheckCounts;
}

/**
 * Aggregate SQL over the rollups only: never the ledger itself. Every figure comes from one
 * statement, so from one snapshot (the months add up to the totals while decisions are being
 * recorded) in one round trip, with no transaction to open and close. The names of the
 * organisations in its flows and the incidents of the months (few: counted straight from their
 * table, by when they were discovered) come with it: on this service's hosts a statement's round
 * trip costs more CPU than counting the incidents (bench/RESULTS.md, Dashboards).
 */
export class MetricsQueries {
  /**
   * `run` sends a named prepared statement: planning this one cost about a fifth of PostgreSQL's
   * work on a request, so it is planned once per connection. The bench wraps it to see the SQL.
   */
  constructor(private readonly run: PreparedRunner) {}

  static on(dataSource: DataSource): MetricsQueries {
    return new MetricsQueries((name, text, values) => pooledPreparedQuery(dataSource, name, text, values));
  }

  async figures(scope: RollupScope, incidentScope: IncidentScope, from: string, to: string): Promise<RollupFigures> {
    const [scopeName, scoped, params] = scopeClause(scope, from, to);
    const [incidentName, incidentFilter, incidentParam] =
      'agreementIds' in incidentScope
        ? ['byAgreement', 'agreement_id = ANY($5)', incidentScope.agreementIds]
        : ['byReporter', 'reported_by_organisation_id = $5', incidentScope.reportedByOrganisationId];
    // Re-checks, like incidents, are few and counted straight from their table: under the agreements, or disclosed by the organisation.
    const recheckFilter = 'agreementIds' in incidentScope ? 'agreement_id = ANY($5)' : 'disclosing_organisation_id = $5';
    const [row] = (await this.run(
      `metrics.figures.${scopeName}.${incidentName}`,
      `WITH scoped AS MATERIALIZED (${scoped}),
       histogram AS (
         SELECT value::bigint AS minutes, sum(decisions) AS n FROM scoped WHERE dimension = 'minutesToDecision' GROUP BY 1
       ),
       cumulative AS (
         SELECT minutes, sum(n) OVER (ORDER BY minutes) AS running, sum(n) OVER () AS total FROM histogram
       )
       SELECT
         (SELECT coalesce(json_agg(m ORDER BY m.month, m.dimension, m.value), '[]')
          FROM (SELECT to_char(month, 'YYYY-MM') AS month, dimension, value, sum(decisions) AS decisions, sum(records) AS records
                FROM scoped WHERE dimension IN ('total', 'outcome') GROUP BY month, dimension, value) AS m) AS months,
         (SELECT coalesce(json_agg(r), '[]')
          FROM (SELECT dimension, value, sum(decisions) AS decisions, sum(records) AS records
                FROM scoped WHERE dimension = ANY($4) GROUP BY dimension, value) AS r) AS rows,
         (SELECT coalesce(json_agg(o), '[]')
          FROM (SELECT dimension, value, sum(decisions) AS decisions, sum(records) AS records
                FROM scoped WHERE outside AND dimension IN ('total', 'outcome') GROUP BY dimension, value) AS o) AS outside,
         (SELECT min(minutes) FILTER (WHERE running >= 0.5 * total) FROM cumulative) AS median,
         (SELECT min(minutes) FILTER (WHERE running >= 0.9 * total) FROM cumulative) AS p90,
         (SELECT coalesce(json_object_agg(o.id, o.name), '{}') FROM organisation o
          WHERE o.id IN (SELECT split_part(value, '>', side)::uuid FROM scoped, (VALUES (1), (2)) AS sides(side) WHERE dimension = 'flow')) AS names,
         (SELECT json_build_object(
                   'total', count(*),
                   'breaches', count(*) FILTER (WHERE kind = 'BREACH'),
                   'nearMisses', count(*) FILTER (WHERE kind = 'NEAR_MISS'),
                   'icoReportable', count(*) FILTER (WHERE ico_reportable),
                   'icoDeadlinesMissed', count(*) FILTER (WHERE ico_reportable AND coalesce(reported_to_ico_at, now()) > ico_deadline),
                   'open', count(*) FILTER (WHERE status <> 'CLOSED'))
          FROM incident WHERE ${incidentFilter} AND discovered_at >= $2::date AND discovered_at < ($3::date + interval '1 month')) AS incidents,
         (SELECT json_build_object(
                   'decisions', count(*),
                   'flaggedAsRecorded', count(*) FILTER (WHERE cardinality(flags_recorded) > 0),
                   'flaggedAfterRecheck', count(*) FILTER (WHERE cardinality(flags) > 0))
          FROM sharing_decision_recheck WHERE ${recheckFilter} AND decided_at >= $2::date AND decided_at < ($3::date + interval '1 month')) AS rechecks`,
      [...params, COUNTED_DIMENSIONS, incidentParam],
    )) as { months: MonthRow[]; rows: RollupRow[]; outside: RollupRow[]; median: string | null; p90: string | null; names: Record<string, string>; incidents: IncidentCounts; rechecks: RecheckCounts }[];
    const counts = <T extends RollupRow>(r: T): T => ({ ...r, decisions: Number(r.decisions), records: Number(r.records) });
    return {
      months: row.months.map(counts),
      rows: row.rows.map(counts),
      outside: row.outside.map(counts),
      timing: { median: row.median === null ? null : Number(row.median), p90: row.p90 === null ? null : Number(row.p90) },
      organisationNames: new Map(Object.entries(row.names)),
      incidents: row.incidents,
      rechecks: row.rechecks,
    };
  }
}

/**
 * When each organisation belonged to the partnership of the protocol `$1`, as spans of months: from
 * the month a version of the protocol, or of an agreement under it, naming it as a party came into
 * force, to the month that version was superseded or its agreement was terminated or expired (open
 * while it is in force). A member on any day of a month counts for that month, so a decision made
 * outside any agreement counts in the partnership only for months its discloser was a partner:
 * figures as at a date are judged by who belonged then. Read with the figures: no rollup moves when
 * membership changes.
 */
export const PARTNERSHIP_MEMBER_SPANS = `SELECT vp.organisation_id, date_trunc('month', v.effective_date)::date AS from_month,
      date_trunc('month', least(v.superseded_at, (SELECT min(s.changed_at) FROM agreement_status_change s
        WHERE s.agreement_id = a.id AND s.status IN ('TERMINATED', 'EXPIRED') AND s.changed_at >= v.effective_date)) AT TIME ZONE 'UTC')::date AS to_month
    FROM agreement a
    JOIN agreement_version v ON v.agreement_id = a.id AND v.status IN ('ACTIVE', 'SUPERSEDED') AND v.effective_date IS NOT NULL
    JOIN agreement_version_party vp ON vp.version_id = v.id
    WHERE a.id = $1 OR a.parent_protocol_id = $1`;

/**
 * The scope's kind (naming the statement), its rollup rows (month, dimension, value, decisions,
 * records, and `outside`: counted under no agreement) and their parameters ($1 to $3). NO_AGREEMENT
 * is written out, not a parameter, so the partial index on those rows serves a prepared plan.
 */
function scopeClause(scope: RollupScope, from: string, to: string): [string, string, unknown[]] {
  const range = `month BETWEEN $2::date AND $3::date`;
  const months = [`${from}-01`, `${to}-01`];
  const noAgreement = `'${NO_AGREEMENT}'::uuid`;
  const rows = (where: string) => `SELECT month, dimension, value, decisions, records, agreement_key = ${noAgreement} AS outside FROM decision_rollup WHERE ${where} AND ${range}`;
  if ('organisationId' in scope) return ['organisation', rows('organisation_id = $1'), [scope.organisationId, ...months]];
  if ('protocolId' in scope) {
    return [
      'partnership',
      // The members' months in the range first (a few dozen), then their rows outside any agreement by the partial index on
      // (organisation, month), one member-month at a time: OFFSET 0 keeps each a lookup. Joined, the plan read every
      // organisation's rows outside any agreement in every month and hashed them: two thirds of the statement's time.
      `SELECT month, dimension, value, decisions, records, false AS outside FROM partnership_rollup WHERE protocol_id = $1 AND ${range}
       UNION ALL
       SELECT r.month, r.dimension, r.value, r.decisions, r.records, true AS outside
       FROM (SELECT DISTINCT m.organisation_id, member_month::date AS month
             FROM (${PARTNERSHIP_MEMBER_SPANS}) m,
                  generate_series(greatest(m.from_month, $2::date), least(coalesce(m.to_month, $3::date), $3::date), interval '1 month') AS member_month) AS member_months
       CROSS JOIN LATERAL (SELECT month, dimension, value, decisions, records FROM decision_rollup
                           WHERE organisation_id = member_months.organisation_id AND month = member_months.month AND agreement_key = ${noAgreement} OFFSET 0) r`,
      [scope.protocolId, ...months],
    ];
  }
  return ['agreements', rows('agreement_key = ANY($1)'), [scope.agreementKeys, ...months]];
}
