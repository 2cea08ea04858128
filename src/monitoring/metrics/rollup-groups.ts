import { utcIsoString } from '../../common/clock/utc-iso-string.js';
import { NO_AGREEMENT } from './decision-rollups.js';

/** A decision as the rollups read it: ledger columns, ids as text. */
export interface RollupInput {
  agreement_id: string | null;
  decided_at: Date;
  requested_at: Date;
  outcome: string;
  disclosing_organisation_id: string;
  requesting_organisation_id: string;
  consent_status: string;
  article6_basis: string | null;
  common_law_basis: string | null;
  transfer_method: string | null;
  flags: readonly string[];
  includes_special_category: boolean;
  public_interest_override: boolean;
  data_items_shared: readonly string[];
  data_items_withheld: readonly string[];
  record_count: number;
}

/** One row of a batch's rollup counts: the columns of decision_rollup. */
export interface RollupGroup {
  agreement_key: string;
  month: string;
  dimension: string;
  value: string;
  organisation_id: string;
  decisions: number;
  records: number;
}

/** The flags that make a transfer method not approved (rollupGroupsSql's `approvedMethod`). */
const UNAPPROVED_METHOD = new Set(['METHOD_NOT_ALLOWED', 'METHOD_NOT_SECURE']);

/** minutes_bucket (migration MinutesBuckets1795600000000), for minutes ≥ 0; a test holds the two to the same answers. */
export function minutesBucket(minutes: number): number {
  const floorTo = (step: number) => Math.floor(minutes / step) * step;
  if (minutes < 10) return minutes;
  if (minutes < 60) return floorTo(5);
  if (minutes < 240) return floorTo(15);
  if (minutes < 1440) return floorTo(60);
  if (minutes < 10080) return floorTo(360);
  return floorTo(1440);
}

/**
 * A batch's rollup counts, worked out here rather than by PostgreSQL: the same groups as
 * rollupGroupsSql (decision-rollups.ts) makes of the stored rows, which a test holds this to. For
 * bulk batches, where expanding every decision into its dozen or more dimensions was the largest
 * part of PostgreSQL's work after the insert itself. Ids are compared as PostgreSQL's uuid text
 * (lower case), so one group is never sent twice.
 */
export function rollupGroups(rows: readonly RollupInput[]): RollupGroup[] {
  const counter = new GroupCounter();
  for (const row of rows) {
    const organisationId = row.disclosing_organisation_id.toLowerCase();
    counter.startRow(row.agreement_id === null ? NO_AGREEMENT : row.agreement_id.toLowerCase(), row.decided_at, organisationId, row.record_count);
    const shared = row.outcome !== 'NOT_SHARED';
    const flow = counter.flow(organisationId, row.requesting_organisation_id.toLowerCase());
    counter.count('total', '');
    counter.count('outcome', row.outcome);
    counter.count('consent', row.consent_status);
    if (shared) {
      counter.count('article6', row.article6_basis ?? 'NONE');
      counter.count('commonLaw', row.common_law_basis ?? 'NONE');
      counter.count('sharedFlow', flow);
      counter.count('method', row.transfer_method as string); // required when shared (ck_sharing_decision_method)
      counter.count('approvedMethod', String(!row.flags.some((flag) => UNAPPROVED_METHOD.has(flag))));
      counter.count('specialCategory', String(row.includes_special_category));
    }
    counter.count('flow', flow);
    if (row.outcome === 'PARTIALLY_SHARED') {
      counter.count('partialFlow', flow);
      for (const item of row.data_items_withheld) counter.count('withheldItem', item);
    }
    if (row.consent_status === 'REFUSED' || row.consent_status === 'WITHDRAWN') counter.count('consentRefused', String(row.public_interest_override));
    if (row.public_interest_override) counter.count('override', 'true');
    for (const item of row.data_items_shared) counter.count('dataItem', item);
    for (const flag of row.flags) counter.count('flag', flag);
    counter.count('flagged', String(row.flags.length > 0));
    if (row.flags.length > 0) counter.count('flaggedFlow', flow);
    // A number key: one group per bucket, written as PostgreSQL writes a bigint.
    counter.count('minutesToDecision', minutesBucket(Math.floor((row.decided_at.getTime() - row.requested_at.getTime()) / 60_000)));
  }
  return counter.groups;
}

/**
 * A batch's groups, one decision at a time: startRow, then count each of its dimension values.
 * Groups are found by agreement, month and organisation, then dimension, then value, in nested
 * maps keyed by strings made once a batch (a month's text, a flow's) or already hashed (the row's
 * own strings and constants), rather than a key made per decision and per count.
 */
class GroupCounter {
  readonly groups: RollupGroup[] = [];
  private readonly byAgreement = new Map<string, Map<string, Map<string, Map<string, Map<string | number, RollupGroup>>>>>();
  private readonly months = new Map<number, string>();
  private readonly flows = new Map<string, Map<string, string>>();
  private dimensions = new Map<string, Map<string | number, RollupGroup>>();
  private agreementKey = '';
  private month = '';
  private organisationId = '';
  private records = 0;

  startRow(agreementKey: string, decidedAt: Date, organisationId: string, records: number): void {
    const month = this.monthOf(decidedAt);
    let byMonth = this.byAgreement.get(agreementKey);
    if (!byMonth) this.byAgreement.set(agreementKey, (byMonth = new Map()));
    let byOrganisation = byMonth.get(month);
    if (!byOrganisation) byMonth.set(month, (byOrganisation = new Map()));
    let dimensions = byOrganisation.get(organisationId);
    if (!dimensions) byOrganisation.set(organisationId, (dimensions = new Map()));
    this.dimensions = dimensions;
    this.agreementKey = agreementKey;
    this.month = month;
    this.organisationId = organisationId;
    this.records = records;
  }

  count(dimension: string, value: string | number): void {
    let values = this.dimensions.get(dimension);
    if (!values) this.dimensions.set(dimension, (values = new Map()));
    const group = values.get(value);
    if (group) {
      group.decisions += 1;
      group.records += this.records;
      return;
    }
    const created = { agreement_key: this.agreementKey, month: this.month, dimension, value: String(value), organisation_id: this.organisationId, decisions: 1, records: this.records };
    values.set(value, created);
    this.groups.push(created);
  }

  /** `from>to`, the flow's value (rollupGroupsSql's), made once a batch for each pair. */
  flow(from: string, to: string): string {
    let byTo = this.flows.get(from);
    if (!byTo) this.flows.set(from, (byTo = new Map()));
    let flow = byTo.get(to);
    if (flow === undefined) byTo.set(to, (flow = `${from}>${to}`));
    return flow;
  }

  /** The first day of the decision's month (UTC), `YYYY-MM-01`. */
  private monthOf(decidedAt: Date): string {
    const key = decidedAt.getUTCFullYear() * 12 + decidedAt.getUTCMonth();
    let month = this.months.get(key);
    if (month === undefined) this.months.set(key, (month = `${utcIsoString(decidedAt).slice(0, 7)}-01`));
    return month;
  }
}
