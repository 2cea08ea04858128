import { DataSource } from 'typeorm';
import { paginate } from '../src/common/pagination/keyset.js';
import { Organisation } from '../src/organisations/organisation.entity.js';
import { waitFor } from './support/consistency.js';
import { createOrganisation } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('a page and its total', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    for (const name of ['Snapshot Org A', 'Snapshot Org B', 'Snapshot Org C']) await createOrganisation(t, { name });
  });
  afterAll(async () => t.close());

  it('are read in one snapshot, so a row committed while they are read is in neither', async () => {
    const byId = [{ column: 'o.id', valueOf: (o: Organisation) => o.id }];
    // The total is counted slowly (a pause per row), so a write lands after it has begun and before the rows are read.
    const slowly = () => t.app.get(DataSource).getRepository(Organisation).createQueryBuilder('o').where('pg_sleep(0.1) IS NOT NULL');
    const reading = paginate(slowly(), byId, { first: 100 });
    await waitFor(
      async () => (await t.db.query(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query ILIKE '%COUNT(%pg_sleep%'`)).rowCount === 1,
      10_000,
      'the count to begin',
    );
    await createOrganisation(t, { name: 'Snapshot Org D (committed meanwhile)' });

    const page = await reading;
    expect(page.edges).toHaveLength(page.totalCount);
    expect(page.edges.map((e) => e.node.name)).not.toContain('Snapshot Org D (committed meanwhile)');

    const after = await paginate(slowly(), byId, { first: 100 });
    expect(after.totalCount).toBe(page.totalCount + 1);
    expect(after.edges).toHaveLength(after.totalCount);
  });
});
