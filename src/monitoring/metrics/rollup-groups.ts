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
  // Agreement, month and organisation, then dimension, then value: keys V8 has mostly hashed
  // already (the input's own strings and constants), rather than one long key made per count.
  const byPrefix = new Map<string, Map<string, Map<string | number, RollupGroup>>>();
  const groups: RollupGroup[] = [];
  for (const row of rows) {
    const agreementKey = row.agreement_id === null ? NO_AGREEMENT : row.agreement_id.toLowerCase();
    const month = `${utcIsoString(row.decided_at).slice(0, 7)}-01`;
    const organisationId = row.disclosing_organisation_id.toLowerCase();
    const prefix = `${agreementKey} ${month} ${organisationId}`;
    let dimensions = byPrefix.get(prefix);
    if (!dimensions) byPrefix.set(prefix, (dimensions = new Map()));
    const records = row.record_count;
    const count = (dimension: string, value: string | number) => {
      let values = dimensions.get(dimension);
      if (!values) dimensions.set(dimension, (values = new Map()));
      const group = values.get(value);
      if (group) {
        group.decisions += 1;
        group.records += records;
      } else {
        const created = { agreement_key: agreementKey, month, dimension, value: String(value), organisation_id: organisationId, decisions: 1, records };
        values.set(value, created);
        groups.push(created);
      }
    };
    const shared = row.outcome !== 'NOT_SHARED';
    const flow = `${organisationId}>${row.requesting_organisation_id.toLowerCase()}`;
    count('total', '');
    count('outcome', row.outcome);
    count('consent', row.consent_status);
    if (shared) {
      count('article6', row.article6_basis ?? 'NONE');
      count('commonLaw', row.common_law_basis ?? 'NONE');
      count('sharedFlow', flow);
      count('method', row.transfer_method as string); // required when shared (ck_sharing_decision_method)
      count('approvedMethod', String(!row.flags.some((flag) => UNAPPROVED_METHOD.has(flag))));
      count('specialCategory', String(row.includes_special_category));
    }
    count('flow', flow);
    if (row.consent_status === 'REFUSED' || row.consent_status === 'WITHDRAWN') count('consentRefused', String(row.public_interest_override));
    if (row.public_interest_override) count('override', 'true');
    for (const item of row.data_items_shared) count('dataItem', item);
    for (const flag of row.flags) count('flag', flag);
    count('flagged', String(row.flags.length > 0));
    // A number key: one group per bucket, written as PostgreSQL writes a bigint.
    count('minutesToDecision', minutesBucket(Math.floor((row.decided_at.getTime() - row.requested_at.getTime()) / 60_000)));
  }
  return groups;
}
