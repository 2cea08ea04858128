import type { DataSource, EntityManager } from 'typeorm';
import { COUNTED_DIMENSIONS } from './decision-rollups.js';

/** Which part of the ledger a metric covers: some agreements, or everything one organisation disclosed. */
export type RollupScope = { agreementKeys: string[] } | { organisationId: string };

export interface RollupRow {
  dimension: string;
  value: string;
  decisions: number;
  records: number;
}

export interface MonthRow extends RollupRow {
  month: string;
}

/** Aggregate SQL over the rollups only: never the ledger itself. */
export class MetricsQueries {
  /** `db`: the data source, or a transaction's manager so the queries share its snapshot. */
  constructor(private readonly db: Pick<DataSource | EntityManager, 'query'>) {}

  async byMonth(scope: RollupScope, from: string, to: string): Promise<MonthRow[]> {
    const [where, params] = scopeClause(scope, from, to);
    return this.rows<MonthRow>(
      `SELECT to_char(month, 'YYYY-MM') AS month, dimension, value, sum(decisions) AS decisions, sum(records) AS records
       FROM decision_rollup WHERE ${where} AND dimension IN ('total', 'outcome')
       GROUP BY month, dimension, value ORDER BY month`,
      params,
    );
  }

  async overRange(scope: RollupScope, from: string, to: string): Promise<RollupRow[]> {
    const [where, params] = scopeClause(scope, from, to);
    return this.rows<RollupRow>(
      `SELECT dimension, value, sum(decisions) AS decisions, sum(records) AS records
       FROM decision_rollup WHERE ${where} AND dimension = ANY($4)
       GROUP BY dimension, value`,
      [...params, COUNTED_DIMENSIONS],
    );
  }

  /** Median and 90th percentile (lower, as percentile_disc) from the minutes histogram. */
  async minutesToDecision(scope: RollupScope, from: string, to: string): Promise<{ median: number | null; p90: number | null }> {
    const [where, params] = scopeClause(scope, from, to);
    const [row] = (await this.db.query(
      `WITH histogram AS (
         SELECT value::bigint AS minutes, sum(decisions) AS n FROM decision_rollup
         WHERE ${where} AND dimension = 'minutesToDecision' GROUP BY 1
       ), cumulative AS (
         SELECT minutes, sum(n) OVER (ORDER BY minutes) AS running, sum(n) OVER () AS total FROM histogram
       )
       SELECT min(minutes) FILTER (WHERE running >= 0.5 * total) AS median, min(minutes) FILTER (WHERE running >= 0.9 * total) AS p90
       FROM cumulative`,
      params,
    )) as { median: string | null; p90: string | null }[];
    return { median: row.median === null ? null : Number(row.median), p90: row.p90 === null ? null : Number(row.p90) };
  }

  private async rows<T extends RollupRow>(sql: string, params: unknown[]): Promise<T[]> {
    const rows = (await this.db.query(sql, params)) as (T & { decisions: string; records: string })[];
    return rows.map((r) => ({ ...r, decisions: Number(r.decisions), records: Number(r.records) }));
  }
}

function scopeClause(scope: RollupScope, from: string, to: string): [string, unknown[]] {
  const range = `month BETWEEN $2::date AND $3::date`;
  if ('organisationId' in scope) return [`organisation_id = $1 AND ${range}`, [scope.organisationId, `${from}-01`, `${to}-01`]];
  return [`agreement_key = ANY($1) AND ${range}`, [scope.agreementKeys, `${from}-01`, `${to}-01`]];
}
