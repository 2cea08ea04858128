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
    // The caller, the page with its total, the role holders with their users, the holders' roles, their organisations.
    expect(small).toBe(5);
  });

  it("sends 3 SQL statements for the benchmark's organisation list (bench/graphql), whatever the page size", async () => {
    // Exactly the request bench/graphql measures and counts.
    const benchPage = (first: number) => `{ organisations(first: ${first}) { edges { node { id name igLead { fullName } signatories { fullName } readiness { ready } } } } }`;
    const admin = await t.adminToken();
    const counter = queryCounterOf(t.app.get(DataSource));
    for (const first of [3, 13]) {
      const before = counter.queries;
      const page = ok(await t.gql(benchPage(first), {}, admin)).organisations;
      const sent = counter.queries - before;
      expect(page.edges).toHaveLength(first);
      // The role holders were really read: each seeded organisation shows its IG lead and its signatory.
      const seeded = page.edges.filter((e: { node: { name: string } }) => e.node.name.startsWith('Count Org'));
      expect(seeded.length).toBeGreaterThanOrEqual(first - 1);
      for (const { node } of seeded) expect([node.igLead?.fullName, node.signatories.map((s: { fullName: string }) => s.fullName)]).toEqual([expect.stringMatching(/^ig\d+$/), [expect.stringMatching(/^sig\d+$/)]]);
      // Who is calling (with their session), the page with its total, the role holders with their users: no
      // transaction around the page, and no partner lookup for a SYSTEM_ADMIN, who sees every organisation's.
      expect(sent).toBe(3);
    }
  });
});
