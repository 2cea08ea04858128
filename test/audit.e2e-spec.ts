import { CREATE_ORGANISATION, createOrganisation, createUser } from './support/fixtures.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const ENTRIES = `query ($entityType: String, $entityId: String, $first: Int, $after: String) {
  auditEntries(entityType: $entityType, entityId: $entityId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { sequence action entityType entityId actorUserId before after previousHash hash } }
  }
}`;
const VERIFY = `{ auditChainVerification { valid entriesChecked firstBrokenSequence reason } }`;

describe('the audit log', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(async () => t.close());

  it('writes one entry per change with who, what and before/after, chained by hash', async () => {
    const org = await createOrganisation(t, { name: 'Audited Trust', odsCode: 'AUD1' });
    await t.gql(`mutation ($id: ID!) { updateOrganisation(id: $id, input: { name: "Audited NHS Trust" }) { id } }`, { id: org.id }, admin);
    const entries = ok(await t.gql(ENTRIES, { entityType: 'organisation', entityId: org.id }, admin)).auditEntries;
    // Its assurance on creation is the first entry of its dated history, audited as such.
    expect(entries.edges.map((e: any) => e.node.action)).toEqual(['organisation.create', 'organisation.recordAssurance', 'organisation.update']);
    const [create, , update] = entries.edges.map((e: any) => e.node);
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ name: 'Audited Trust', odsCode: 'AUD1' });
    expect(update.before).toMatchObject({ name: 'Audited Trust' });
    expect(update.after).toMatchObject({ name: 'Audited NHS Trust' });
    const { rows } = await t.db.query('SELECT id FROM app_user WHERE email = $1', ['admin@accordant.test']);
    expect(update.actorUserId).toBe(rows[0].id);
    expect(BigInt(update.sequence)).toBeGreaterThan(BigInt(create.sequence));
  });

  it('writes nothing when the change is refused', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    failure(await t.gql(CREATE_ORGANISATION, { input: { name: 'Audited Trust', sector: 'OTHER', odsCode: 'AUD1' } }, admin));
    failure(await t.gql(CREATE_ORGANISATION, { input: { name: 'Bad Ods', sector: 'OTHER', odsCode: '!!' } }, admin));
    const after = (await t.db.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    expect(after).toBe(before);
  });

  it('records sign-ins, and failed sign-ins once per address and window, without what was typed', async () => {
    const org = await createOrganisation(t, { name: 'Login Audit Org' });
    const user = await createUser(t, org.id, 'audited.login@example.org');
    const before = (await t.db.query(`SELECT coalesce(max(sequence), 0) AS s FROM audit_entry`)).rows[0].s;
    for (const password of ['wrong password!', 'another wrong one']) {
      await t.gql(`mutation ($p: String!) { login(input: { email: "audited.login@example.org", password: $p }) { token } }`, { p: password });
    }
    const logins = await t.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'auth.%'`, [user.id]);
    expect(logins.rows).toEqual([{ action: 'auth.login' }]);
    const failed = await t.db.query(`SELECT after FROM audit_entry WHERE action = 'auth.loginFailed' AND sequence > $1`, [before]);
    // Earlier tests may have opened this address's window already; either way, at most one entry and no email.
    expect(failed.rows.length).toBeLessThanOrEqual(1);
    expect(JSON.stringify(failed.rows)).not.toContain('audited.login');
    const tally = await t.db.query(`SELECT sum(failures)::int AS n FROM login_failure_tally`);
    expect(tally.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('pages through entries by cursor', async () => {
    const first = ok(await t.gql(ENTRIES, { first: 2 }, admin)).auditEntries;
    const second = ok(await t.gql(ENTRIES, { first: 2, after: first.pageInfo.endCursor }, admin)).auditEntries;
    expect(first.edges.map((e: any) => e.node.sequence)).toEqual(['1', '2']);
    expect(second.edges.map((e: any) => e.node.sequence)).toEqual(['3', '4']);
    expect(second.edges[0].node.previousHash).toBe(first.edges[1].node.hash);
  });

  it('is readable and verifiable by a SYSTEM_ADMIN only', async () => {
    const org = await createOrganisation(t, { name: 'Audit Reader Org' });
    const orgAdmin = await createUser(t, org.id, 'not.sysadmin@example.org', ['ORG_ADMIN', 'IG_LEAD']);
    expect(failure(await t.gql(ENTRIES, {}, orgAdmin.token)).extensions.code).toBe('FORBIDDEN');
    expect(failure(await t.gql(VERIFY, {}, orgAdmin.token)).extensions.code).toBe('FORBIDDEN');
    expect(ok(await t.gql(VERIFY, {}, admin)).auditChainVerification).toMatchObject({ valid: true, firstBrokenSequence: null });
  });

  it('keeps one unbroken chain when many changes land at once, whatever characters they carry', async () => {
    // The database completes each entry's canonical JSON and hashes it: escapes and non-ASCII text must hash as the app would.
    const creations = Array.from({ length: 16 }, (_, i) =>
      t.gql(CREATE_ORGANISATION, { input: { name: i % 2 ? `Concurrent Org ${i}` : `Ysbyty "Gwynedd" \\ Café 🏥 – ✓ ${i}`, sector: 'OTHER' } }, admin),
    );
    for (const result of await Promise.all(creations)) ok(result);
    const { rows } = await t.db.query('SELECT count(*)::int AS n, max(sequence)::int AS top FROM audit_entry');
    expect(rows[0].top).toBe(rows[0].n);
    expect(ok(await t.gql(VERIFY, {}, admin)).auditChainVerification).toMatchObject({ valid: true, entriesChecked: rows[0].n });
  });

  it('refuses edits and deletes in the database itself', async () => {
    await expect(t.db.query(`UPDATE audit_entry SET action = 'tampered' WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_entry WHERE sequence = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('detects an entry edited behind the triggers, naming the first broken one', async () => {
    const total = (await t.db.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    const intact = ok(await t.gql(VERIFY, {}, admin)).auditChainVerification;
    expect(intact).toEqual({ valid: true, entriesChecked: expect.any(Number), firstBrokenSequence: null, reason: null });
    expect(intact.entriesChecked).toBeGreaterThanOrEqual(total);

    // Someone with superuser access bypasses the append-only triggers and rewrites history.
    await t.db.query('BEGIN');
    await t.db.query(`SET LOCAL session_replication_role = replica`);
    await t.db.query(`UPDATE audit_entry SET after = jsonb_set(after, '{name}', '"Innocent Org"') WHERE sequence = 3`);
    await t.db.query('COMMIT');

    const broken = ok(await t.gql(VERIFY, {}, admin)).auditChainVerification;
    expect(broken).toEqual({ valid: false, entriesChecked: 2, firstBrokenSequence: '3', reason: 'HASH_MISMATCH' });
  });
});
