import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { ledgerConsistency, VERIFY_AUDIT_CHAIN } from './support/consistency.js';
import { decisionInput } from './support/decision-fixtures.js';
import { buildPartnership, type Partnership } from './support/partnership-fixture.js';
import { pgTools, type PgTools } from './support/pg-tools.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, ok, startTestApp, type GraphqlError, type GraphqlResponse, type TestApp } from './support/test-app.js';

const METRICS = `query ($partnershipId: ID, $from: String!, $to: String!) {
  sharingMetrics(partnershipId: $partnershipId, fromMonth: $from, toMonth: $to) {
    decisions shared partiallyShared notShared recordsShared consentRefused flaggedDecisions
    byFlow { fromOrganisationName toOrganisationName decisions }
    incidents { total breaches icoReportable }
    medianMinutesToDecision
  }
}`;
const AGREEMENTS = `{ agreements(first: 50) { edges { node { id reference status currentVersion { number contentHash } } } } }`;
const VERIFY_DOCUMENT = `query ($sha256: String!) { documentVerification(sha256: $sha256) { known reference versionNumber } }`;
const month = new Date().toISOString().slice(0, 7);

const tools = pgTools();
const run = (program: string, args: string[]) => {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.error}`);
  return result;
};

/**
 * The backup and restore procedure of docs/operations.md (pg_dump custom format, pg_restore into a fresh
 * database), run against a live app's database with a partnership in it: the app started on the
 * restored copy shows the same agreements, decisions, metrics and stored documents, and its
 * audit chain and rollups verify.
 */
(('unavailable' in tools ? describe.skip : describe) as typeof describe)('backup and restore with pg_dump and pg_restore', () => {
  const { pgDump, pgRestore } = tools as PgTools;
  const serverUrl = process.env.ACCORDANT_TEST_PG_URL!;
  const restoredDatabase = `accordant_restored_${randomBytes(4).toString('hex')}`;
  const folder = mkdtempSync(join(tmpdir(), 'accordant-backup-'));
  const backup = join(folder, 'accordant.dump');
  let t: TestApp;
  let partnership: Partnership;
  let restored: INestApplication;
  let restoredUrl: string;
  let restoredDb: pg.Client;
  let documentSha: string;

  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlResponse> => {
    const response = await fetch(`${restoredUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors };
  };
  const login = async (email: string, password = DEFAULT_PASSWORD) =>
    ok(await gql('mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { email, password } })).login.token as string;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    partnership = await buildPartnership(t);
    // A stored PDF of a signed version, so documents are in the backup too.
    const pdf = await fetch(`${t.url}/documents/agreements/${partnership.ispA}/versions/1.pdf`, { headers: { authorization: `Bearer ${partnership.hospital.igLead.token}` } });
    expect(pdf.status).toBe(200);
    documentSha = pdf.headers.get('x-content-sha256')!;
  });

  afterAll(async () => {
    await restoredDb?.end().catch(() => undefined);
    await restored?.close();
    await t?.close();
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${restoredDatabase} WITH (FORCE)`);
    await admin.end();
    rmSync(folder, { recursive: true, force: true });
  });

  it('dumps the live database in custom format and restores it into a fresh one, with nothing refused', async () => {
    // While the app is serving: pg_dump reads one consistent snapshot.
    run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${backup}`, t.config.databaseMigrationUrl!]);
    expect(statSync(backup).size).toBeGreaterThan(10_000);
    const listing = run(pgRestore, ['--list', backup]).stdout;
    for (const table of ['sharing_decision', 'decision_rollup', 'audit_entry', 'agreement_signature', 'agreement_document', 'schema_migration']) expect(listing).toContain(table);

    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${restoredDatabase}`);
    await admin.end();
    run(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${serverUrl}/${restoredDatabase}`, backup]);
  });

  it('starts the app on the restored database, which has every migration and so applies none', async () => {
    restored = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: `${serverUrl}/${restoredDatabase}`,
        TOKEN_SECRET: randomBytes(32).toString('hex'), // a new instance's own: everyone signs in again
        CASE_REFERENCE_KEY: t.config.caseReferenceKey, // must be the same for case references to match
        AUDIT_KEY: t.config.audit.key, // and for the audit chain to verify
        AUDIT_ANCHOR_FILE: join(folder, 'restored-audit-anchors.jsonl'),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        LOG_LEVEL: 'error',
        EXPIRY_SWEEP_SECONDS: '0',
        SCHEMA_FILE: '',
      }),
    );
    await restored.listen(0, '127.0.0.1');
    restoredUrl = (await restored.getUrl()).replace('[::1]', '127.0.0.1');
    restoredDb = new pg.Client({ connectionString: `${serverUrl}/${restoredDatabase}` });
    await restoredDb.connect();
    const migrations = async (db: pg.Client) => (await db.query('SELECT name FROM schema_migration ORDER BY id')).rows;
    expect(await migrations(restoredDb)).toEqual(await migrations(t.db));
  });

  it('has the same agreements, decisions, metrics, audit log and stored documents, and they verify', async () => {
    const counts = async (db: pg.Client) =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM app_user)::int AS users,
                  (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM agreement_signature)::int AS signatures,
                  (SELECT count(*) FROM sharing_decision)::int AS decisions, (SELECT count(*) FROM incident)::int AS incidents,
                  (SELECT count(*) FROM audit_entry)::int AS audit_entries, (SELECT max(sequence)::text FROM audit_entry) AS audit_head,
                  (SELECT count(*) FROM agreement_document)::int AS documents`,
        )
      ).rows[0];
    const before = await counts(t.db);
    expect(before).toMatchObject({ decisions: 12, incidents: 1, documents: 1 });
    expect(await counts(restoredDb)).toEqual(before);

    const commissioner = await login(partnership.commissioner.email);
    const variables = { partnershipId: partnership.protocolId, from: month, to: month };
    const metricsThen = ok(await t.gql(METRICS, variables, partnership.commissioner.token)).sharingMetrics;
    expect(ok(await gql(METRICS, variables, commissioner)).sharingMetrics).toEqual(metricsThen);
    expect(metricsThen.decisions).toBe(12);

    const hospital = await login(partnership.hospital.igLead.email);
    const agreementsThen = ok(await t.gql(AGREEMENTS, {}, partnership.hospital.igLead.token)).agreements;
    const agreementsNow = ok(await gql(AGREEMENTS, {}, hospital)).agreements;
    expect(agreementsNow).toEqual(agreementsThen);
    expect(agreementsNow.edges.filter((e: any) => e.node.status === 'ACTIVE').map((e: any) => e.node.id).sort()).toEqual([partnership.ispA, partnership.ispB, partnership.protocolId].sort());

    expect(ok(await gql(VERIFY_DOCUMENT, { sha256: documentSha }, hospital)).documentVerification).toMatchObject({ known: true, versionNumber: 1 });
    const pdf = await fetch(`${restoredUrl}/documents/agreements/${partnership.ispA}/versions/1.pdf`, { headers: { authorization: `Bearer ${hospital}` } });
    expect(pdf.headers.get('x-content-sha256')).toBe(documentSha); // the stored bytes, not a new render

    // The chain as it was, entry for entry, and still whole with the sign-ins since appended to it.
    const chain = async (db: pg.Client) => (await db.query('SELECT sequence, hash FROM audit_entry WHERE sequence <= $1 ORDER BY sequence', [before.audit_head])).rows;
    expect(await chain(restoredDb)).toEqual(await chain(t.db));
    const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const entries = (await restoredDb.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    expect(ok(await gql(VERIFY_AUDIT_CHAIN, {}, admin)).auditChainVerification).toMatchObject({ valid: true, entriesChecked: entries });
    const ledger = await ledgerConsistency(restoredDb);
    expect(ledger).toMatchObject({ decisions: 12, duplicateKeys: 0, rollupMismatches: [] });
    expect(ledger.rollupTotal).toBe(12);
  });

  it('carries on from where the backup was taken: new decisions extend the ledger, the rollups and the chain', async () => {
    const practitioner = await login(partnership.hospital.practitioner.email);
    const input = decisionInput(partnership.hospital.id, partnership.council.id, { agreementId: partnership.ispA });
    ok(await gql(`mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id } }`, { input }, practitioner));
    const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(ok(await gql(VERIFY_AUDIT_CHAIN, {}, admin)).auditChainVerification).toMatchObject({ valid: true });
    const ledger = await ledgerConsistency(restoredDb);
    expect(ledger).toMatchObject({ decisions: 13, rollupMismatches: [] });
    expect(ledger.rollupTotal).toBe(13);
  });
});
