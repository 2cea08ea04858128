import { randomUUID } from 'node:crypto';
import { LEDGER_COLUMNS } from '../src/monitoring/ledger/ledger-writer.js';
import { NO_AGREEMENT, ROLLUP_INPUT_COLUMNS, rollupGroupsSql } from '../src/monitoring/metrics/decision-rollups.js';
import { minutesBucket, rollupGroups, type RollupGroup, type RollupInput } from '../src/monitoring/metrics/rollup-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A small seeded PRNG (mulberry32), so a failure can be run again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;

/** Decisions varied over every value the rollups branch on, ids in either case, text PostgreSQL must keep as given. */
function variedDecisions(count: number, seed: number): RollupInput[] {
  const r = prng(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(r() * values.length)];
  const organisations = [randomUUID(), randomUUID(), randomUUID()];
  const agreements = [null, randomUUID(), randomUUID().toUpperCase()];
  const items = ['NHS number', 'Name, address', 'Care "plan"', 'Back\\slash', 'Tab\there', 'Ünïcödé 🩺', '{braces}', 'NULL', ' '];
  const flags = ['METHOD_NOT_ALLOWED', 'METHOD_NOT_SECURE', 'NO_AGREEMENT', 'CONSENT_REFUSED_SHARED', 'DATA_ITEM_NOT_ALLOWED'];
  const minutes = [0, 1, 9, 10, 14, 59, 60, 61, 239, 240, 1439, 1440, 1441, 10_079, 10_080, 14_400, 40_000];
  return Array.from({ length: count }, () => {
    const [from, to] = [...organisations].sort(() => r() - 0.5);
    const outcome = pick(['SHARED', 'PARTIALLY_SHARED', 'NOT_SHARED']);
    const decided = Date.UTC(2025 + Math.floor(r() * 2), Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24), Math.floor(r() * 60), Math.floor(r() * 60), Math.floor(r() * 1000));
    const override = r() < 0.2;
    return {
      agreement_id: pick(agreements),
      decided_at: new Date(decided),
      requested_at: new Date(decided - pick(minutes) * MINUTE - Math.floor(r() * MINUTE)),
      outcome,
      disclosing_organisation_id: r() < 0.5 ? from : from.toUpperCase(),
      requesting_organisation_id: r() < 0.5 ? to : to.toUpperCase(),
      consent_status: pick(['NOT_REQUIRED', 'GIVEN', 'REFUSED', 'WITHDRAWN', 'LACKS_CAPACITY']),
      article6_basis: pick([null, 'PUBLIC_TASK', 'LEGAL_OBLIGATION']),
      common_law_basis: pick([null, 'IMPLIED_CONSENT', 'OVERRIDING_PUBLIC_INTEREST']),
      transfer_method: outcome === 'NOT_SHARED' ? pick([null, 'SECURE_EMAIL']) : pick(['SECURE_EMAIL', 'PHONE', 'SHARED_RECORD']),
      flags: flags.filter(() => r() < 0.2),
      includes_special_category: r() < 0.5,
      public_interest_override: override,
      data_items_shared: outcome === 'NOT_SHARED' ? [] : items.filter(() => r() < 0.3),
      // Only partial shares' withheld items count; others carry some too, to show they are passed by.
      data_items_withheld: outcome === 'SHARED' ? [] : items.filter(() => r() < 0.3),
      record_count: pick([0, 1, 1, 3, 250]),
    };
  });
}

const byKey = (a: RollupGroup, b: RollupGroup) =>
  [a.agreement_key, a.month, a.dimension, a.value, a.organisation_id].join('\u0000') < [b.agreement_key, b.month, b.dimension, b.value, b.organisation_id].join('\u0000') ? -1 : 1;

describe('rollup groups worked out by the app (bulk batches)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
  });
  afterAll(async () => t.close());

  it("buckets minutes as the database's minutes_bucket does", async () => {
    const { rows } = await t.db.query('SELECT m::int AS minutes, minutes_bucket(m)::int AS bucket FROM generate_series(0, 50000) AS m');
    const differing = rows.filter((row) => minutesBucket(row.minutes) !== row.bucket);
    expect(rows).toHaveLength(50_001);
    expect(differing).toEqual([]);
  });

  it('makes the same groups, counts and records as the SQL the single decisions and rebuilds use', async () => {
    const decisions = variedDecisions(2000, 20261122);
    const types = new Map<string, string>(LEDGER_COLUMNS);
    const columns = ROLLUP_INPUT_COLUMNS.map((c) => `${c} ${types.get(c)}`).join(', ');
    const { rows } = await t.db.query(
      `WITH ${rollupGroupsSql(`(SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${columns})) AS given`, '$2')}
       SELECT agreement_key::text, month::text, dimension, value, organisation_id::text, decisions::int, records::int FROM grouped`,
      [JSON.stringify(decisions), NO_AGREEMENT],
    );
    const inApp = rollupGroups(decisions);

    expect(new Set(rows.map((g) => g.dimension)).size).toBe(19); // every dimension occurs
    expect(rows.some((g) => g.agreement_key === NO_AGREEMENT)).toBe(true);
    expect(inApp.length).toBe(rows.length);
    expect([...inApp].sort(byKey)).toEqual([...(rows as RollupGroup[])].sort(byKey));
  });
});
