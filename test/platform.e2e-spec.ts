import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the service as a new user meets it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers /health with the database checked', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
  });

  it('reports the database down on /health when it cannot reach it', async () => {
    const database = t.config.databaseUrl!.split('/').pop();
    const server = new pg.Client({ connectionString: `${process.env.ACCORDANT_TEST_PG_URL}/postgres` });
    await server.connect();
    await server.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`, [
      database,
      (t.db as unknown as { processID: number }).processID,
    ]);
    try {
      const response = await fetch(`${t.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'error', database: { status: 'down' } });
    } finally {
      await server.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
      await server.end();
    }
    const recovered = await fetch(`${t.url}/health`);
    expect(recovered.status).toBe(200);
  });

  it('plans statements with parameters generically, once per connection (the ledger\'s read was re-planned on most calls)', async () => {
    const [setting] = await t.app.get(DataSource).query('SHOW plan_cache_mode');
    expect(setting).toEqual({ plan_cache_mode: 'force_generic_plan' });
  });

  it('serves the public serviceInfo query without signing in', async () => {
    const result = await t.gql('{ serviceInfo { name apiVersion } }');
    expect(result.data).toEqual({ serviceInfo: { name: 'Accordant', apiVersion: '0.1.0' } });
  });

  it('refuses every other operation without a token, with UNAUTHENTICATED', async () => {
    const result = await t.gql('{ organisations { totalCount } }');
    expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(/Authorization: Bearer/);
  });

  it('ran its migrations into the schema_migration table, not by synchronize', async () => {
    const { rows } = await t.db.query('SELECT name FROM schema_migration ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['Foundation1795000000000', 'Agreements1795100000000', 'Documents1795200000000', 'Ledger1795300000000', 'DecisionRollups1795400000000', 'RollupKeyOrder1795500000000', 'MinutesBuckets1795600000000', 'AuditChainHead1795650000000', 'UserSessions1795700000000', 'AuditAppend1795800000000', 'LedgerPartitions1795900000000', 'WriteRateLimit1796050000000', 'DecisionListIndex1796100000000', 'LedgerClaimGuard1796200000000', 'PartnershipRollups1796300000000', 'LedgerReferenceChecks1796400000000', 'CaseHashCheck1796500000000', 'LedgerReferenceLocks1796600000000', 'PendingRollups1796700000000', 'DropDecidedOrderIndex1796800000000', 'DropLedgerRequestHash1796900000000', 'FrozenVersionFacts1797000000000']);
  });

  it('has a committed schema.gql that matches the code (UPDATE_SCHEMA=1 npm test -- test/platform rewrites it)', () => {
    const schema = printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema));
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync('schema.gql', `${readFileSync('schema.gql', 'utf8').match(/^(#.*\n)+\n?/)?.[0] ?? ''}${schema}`); // as Nest writes it: no final newline
    const committed = readFileSync('schema.gql', 'utf8').replace(/^#.*\n/gm, '').trim();
    expect(committed).toBe(schema.trim());
  });
});
