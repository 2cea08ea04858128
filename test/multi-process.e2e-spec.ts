import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AgreementStatusService } from '../src/agreements/agreement-status.service.js';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock/clock.js';
import { loadConfig } from '../src/config/app-config.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, UPDATE_DRAFT, type Partner } from './support/agreement-fixtures.js';
import { startAppProcess, type AppProcess } from './support/app-process.js';
import { holdAuditLock, ledgerConsistency, VERIFY_AUDIT_CHAIN, waitFor, writesWaiting } from './support/consistency.js';
import { decisionInput } from './support/decision-fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ok, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';

const RECORD = `mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id } }`;
const RECORD_MANY = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created alreadyRecorded decisions { id clientKey flags } } }`;

const codeOf = (response: GraphqlResponse) => (response.errors?.length ? response.errors[0].extensions.code : 'OK');
const tally = (codes: string[]) => codes.reduce<Record<string, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});
const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Two instances of the app, each a real process of its own (nothing shared in memory), against
 * one database, with every request of a kind spread across both and many delivered to both at
 * once: they must end in the state one process would reach, with exact counts.
 */
describe('two app processes against one database', () => {
  const serverUrl = process.env.ACCORDANT_TEST_PG_URL!;
  const database = `accordant_multi_${randomBytes(4).toString('hex')}`;
  let a: AppProcess;
  let b: AppProcess;
  let db: pg.Client;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  const both = (query: string, variables: Record<string, unknown>, token: string) => Promise.all([a.gql(query, variables, token), b.gql(query, variables, token)]);

  beforeAll(async () => {
    db = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await db.connect();
    await db.query(`CREATE DATABASE ${database}`);
    await db.end();
    const env = {
      DATABASE_URL: `${serverUrl}/${database}`,
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      CASE_REFERENCE_KEY: randomBytes(32).toString('hex'),
      AUDIT_KEY: randomBytes(32).toString('hex'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      DATABASE_POOL_SIZE: '4',
      PDF_POOL_SIZE: '1',
      EXPIRY_SWEEP_SECONDS: '1', // both sweep every second, over the same agreements
      LOGIN_MAX_FAILURES_PER_EMAIL: '4',
    };
    // Started together on an empty database: both migrate and bootstrap the first admin at once.
    [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
    db = new pg.Client({ connectionString: `${serverUrl}/${database}` });
    await db.connect();
    const t = a as unknown as TestApp; // the fixtures only speak GraphQL
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
  });

  afterAll(async () => {
    const exits = await Promise.all([a?.terminate(30_000), b?.terminate(30_000)]);
    await db?.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });

  it('both start on an empty database together: every migration applied once, one first admin', async () => {
    const { rows: twice } = await db.query('SELECT name FROM schema_migration GROUP BY name HAVING count(*) > 1');
    expect(twice).toEqual([]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM user_role WHERE role = 'SYSTEM_ADMIN'`);
    expect(rows[0].n).toBe(1);
    const created = [a, b].filter((app) => app.logs().some((l) => String(l.message).startsWith('first admin account created')));
    expect(created).toHaveLength(1);
  });

  it('shares sign-in and its throttle through the database: a token from one works on the other, failures count across both', async () => {
    const token = await a.login(hospital.practitioner.email);
    expect(ok(await b.gql('{ me { email } }', {}, token)).me.email).toBe(hospital.practitioner.email);
    const wrong = { input: { email: care.practitioner.email, password: 'not the password at all' } };
    const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { token } }';
    const codes = [];
    for (const app of [a, b, a, b, a, b]) codes.push(codeOf(await app.gql(LOGIN, wrong)));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });

  it('submissions and signatures, each delivered to both at once, leave every agreement ACTIVE once, signed once by every party', async () => {
    const drafts: { id: string; revision: number }[] = [];
    for (let i = 1; i <= 5; i++) drafts.push(await compliantDraftAgreement(a as unknown as TestApp, hospital, hospital, council, care, `Concurrent ISP ${i}`));

    const submissions = await Promise.all(drafts.map((d) => both(SUBMIT, { input: { agreementId: d.id, expectedRevision: d.revision } }, hospital.igLead.token)));
    for (const pair of submissions) expect(pair.map(codeOf).sort()).toEqual(['CONFLICT', 'OK']);
    const versions = submissions.map((pair) => pair.find((r) => !r.errors)!.data!.submitForSignature);

    // Every party signs every agreement, each signature sent to both instances at once, all together.
    const signatures = await Promise.all(
      drafts.flatMap((d, i) =>
        [hospital, council, care].map((party) =>
          both(SIGN, { input: { agreementId: d.id, versionNumber: versions[i].number, contentHash: versions[i].contentHash } }, party.signatory.token),
        ),
      ),
    );
    for (const pair of signatures) expect(pair.map(codeOf).sort()).toEqual(['CONFLICT', 'OK']);

    const ids = drafts.map((d) => d.id);
    const { rows: states } = await db.query(
      `SELECT a.id, a.status, v.number, v.status AS version_status, (SELECT count(*)::int FROM agreement_signature s WHERE s.version_id = v.id) AS signatures
       FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id WHERE a.id = ANY($1)`,
      [ids],
    );
    expect(states).toHaveLength(5);
    for (const state of states) expect(state).toMatchObject({ status: 'ACTIVE', number: 1, version_status: 'ACTIVE', signatures: 3 });
    const { rows: audited } = await db.query(
      `SELECT entity_id,
              count(*) FILTER (WHERE action = 'agreement.submitForSignature')::int AS submitted,
              count(*) FILTER (WHERE action = 'agreement.sign')::int AS signed,
              count(*) FILTER (WHERE action = 'agreement.sign' AND (after->>'activated')::boolean)::int AS activated
       FROM audit_entry WHERE entity_id = ANY($1) GROUP BY entity_id`,
      [ids],
    );
    expect(audited).toHaveLength(5);
    for (const row of audited) expect(row).toMatchObject({ submitted: 1, signed: 3, activated: 1 });
  });

  it('bulk ingest and single decisions spread across both, each delivered to both at once, record every decision exactly once', async () => {
    const batches = Array.from({ length: 8 }, () => Array.from({ length: 200 }, () => decisionInput(hospital.id, council.id)));
    const singles = Array.from({ length: 24 }, () => decisionInput(council.id, care.id));
    const [batchAnswers, singleAnswers] = await Promise.all([
      Promise.all(batches.map((decisions) => both(RECORD_MANY, { decisions }, hospital.practitioner.token))),
      Promise.all(singles.map((input) => both(RECORD, { input }, council.practitioner.token))),
    ]);

    expect(tally([...batchAnswers, ...singleAnswers].flat().map(codeOf))).toEqual({ OK: 2 * (8 + 24) });
    for (const [fromA, fromB] of batchAnswers) {
      const [x, y] = [fromA.data!.recordSharingDecisions, fromB.data!.recordSharingDecisions];
      expect(x.created + y.created).toBe(200);
      expect(x.alreadyRecorded + y.alreadyRecorded).toBe(200);
      expect(x.decisions).toEqual(y.decisions); // the same answer from either
    }
    for (const [fromA, fromB] of singleAnswers) expect(fromA.data!.recordSharingDecision.id).toBe(fromB.data!.recordSharingDecision.id);

    const keys = [...batches.flat(), ...singles].map((d) => d.clientKey);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM sharing_decision WHERE client_key = ANY($1)', [keys]);
    expect(rows[0].n).toBe(8 * 200 + 24);
    const ledger = await ledgerConsistency(db);
    expect(ledger).toMatchObject({ duplicateKeys: 0, rollupMismatches: [] });
    expect(ledger.rollupTotal).toBe(ledger.decisions);
  });

  it('the expiry sweep, running every second in both, expires each ended agreement exactly once', async () => {
    const ended: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const draft = await compliantDraftAgreement(a as unknown as TestApp, hospital, hospital, council, care, `Ended ISP ${i}`);
      const withEnd = ok(
        await b.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, termination: { noticeDays: 30, endDate: isoDate(-1), onTermination: 'Each party keeps what it holds.' } } }, hospital.igLead.token),
      ).updateAgreementDraft;
      const version = ok(await a.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: withEnd.draftRevision } }, hospital.igLead.token)).submitForSignature;
      const input = { agreementId: draft.id, versionNumber: version.number, contentHash: version.contentHash };
      await Promise.all([a.gql(SIGN, { input }, hospital.signatory.token), b.gql(SIGN, { input }, council.signatory.token)]);
      ok(await [a, b][i % 2].gql(SIGN, { input }, care.signatory.token));
      ended.push(draft.id);
    }
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM agreement WHERE id = ANY($1) AND status = 'EXPIRED'`, [ended])).rows[0].n === 3, 20_000, 'the sweep');
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a few more sweeps by each, which must change nothing
    const { rows } = await db.query(`SELECT entity_id, count(*)::int AS n FROM audit_entry WHERE action = 'agreement.expire' AND entity_id = ANY($1) GROUP BY entity_id`, [ended]);
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
    for (const app of [a, b]) expect(app.logs().filter((l) => String(l.message).includes('sweep failed'))).toEqual([]);
  });

  it('leaves an audit chain that verifies, and nothing logged as an internal error by either', async () => {
    expect(ok(await b.gql(VERIFY_AUDIT_CHAIN, {}, await b.adminToken())).auditChainVerification).toMatchObject({ valid: true });
    for (const app of [a, b]) expect(app.logs().filter((l) => l.level === 'error')).toEqual([]);
  });
});

/**
 * The expiry sweep run by two instances at the very same moment over the same agreements: held
 * at the audit lock until both are inside the same agreement's transaction, then let go.
 */
describe('the expiry sweep in two instances at once', () => {
  let t: TestApp;
  let second: INestApplication;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    second = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: t.config.databaseUrl!,
        DATABASE_MIGRATION_URL: t.config.databaseMigrationUrl!,
        TOKEN_SECRET: t.config.tokenSecret,
        CASE_REFERENCE_KEY: t.config.caseReferenceKey,
        AUDIT_KEY: t.config.audit.key, // one chain, one key
        AUDIT_ANCHOR_FILE: t.config.audit.anchorFile,
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        LOG_LEVEL: 'error',
        DATABASE_POOL_SIZE: '3',
        EXPIRY_SWEEP_SECONDS: '0',
        SCHEMA_FILE: '',
      }),
    );
    await second.init();
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('expires each agreement once, whichever instance gets there first', async () => {
    const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, `Ending ISP ${i}`);
      const withEnd = ok(
        await t.gql(UPDATE_DRAFT, { input: { agreementId: draft.id, expectedRevision: draft.revision, termination: { noticeDays: 30, endDate: isoDate(30), onTermination: 'Each party keeps what it holds.' } } }, hospital.igLead.token),
      ).updateAgreementDraft;
      const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: withEnd.draftRevision } }, hospital.igLead.token)).submitForSignature;
      for (const party of [hospital, council, care]) ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: version.number, contentHash: version.contentHash } }, party.signatory.token));
      ids.push(draft.id);
    }

    const later = new Date(Date.now() + 60 * 86_400_000);
    for (const app of [t.app, second]) jest.spyOn(app.get(Clock), 'now').mockReturnValue(later);
    const lock = await holdAuditLock(t.db);
    const sweeps = [t.app, second].map((app) => app.get(AgreementStatusService).expireEnded());
    // One instance is inside the first agreement's transaction, at its audit entry; the other waits for that agreement's row.
    await waitFor(async () => (await writesWaiting(t.db)) === 2, 10_000, 'both sweeps inside the same agreement');
    await lock.release();
    const [first, other] = await Promise.all(sweeps);

    expect([...first, ...other].sort()).toEqual([...ids].sort());
    const { rows } = await t.db.query(`SELECT entity_id, count(*)::int AS n FROM audit_entry WHERE action = 'agreement.expire' GROUP BY entity_id`);
    expect(rows.map((r) => [r.entity_id, r.n]).sort()).toEqual(ids.map((id) => [id, 1]).sort());
    const { rows: statuses } = await t.db.query('SELECT DISTINCT status FROM agreement WHERE id = ANY($1)', [ids]);
    expect(statuses).toEqual([{ status: 'EXPIRED' }]);
  });
});
