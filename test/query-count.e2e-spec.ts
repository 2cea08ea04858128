import { DataSource } from 'typeorm';
import { queryCounterOf } from '../src/database/query-counter.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const PAGE = `query ($first: Int) {
  organisations(first: $first) {
    edges { node { id name readiness { ready } igLead { fullName roles organisation { name } } siro { fullName } signatories { fullName roles } } }
  }
}`;

describe('an organisation page with its role holders', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No background jobs: their statements would be counted with the page's.
    t = await startTestApp({ ROLLUP_FOLD_SECONDS: '0', EXPIRY_SWEEP_SECONDS: '0' });
    for (let i = 0; i < 12; i++) {
      const org = await createOrganisation(t, { name: `Count Org ${String(i).padStart(2, '0')}` });
      await createUser(t, org.id, `ig${i}@count.example`, ['IG_LEAD', 'SIRO']);
      await createUser(t, org.id, `sig${i}@count.example`, ['SIGNATORY']);
    }
  });
  afterAll(async () => t.close());

  it('costs the same number of SQL queries whatever the page size (DataLoaders, no N+1)', async () => {
    const admin = await t.adminToken();
    const counter = queryCounterOf(t.app.get(DataSource));
    const queriesFor = async (first: number) => {
      const before = counter.queries;
      const page = ok(await t.gql(PAGE, { first }, admin)).organisations;
      expect(page.edges).toHaveLength(first);
      return counter.queries - before;
    };
    const small = await queriesFor(2);
    const large = await queriesFor(13);
    expect(large).toBe(small);
    // caller, BEGIN, count, rows, COMMIT (the page's one snapshot), role rows, holders, their roles,
    // their organisations: a handful, not one per row
    expect(small).toBeLessThanOrEqual(10);
  });
});
