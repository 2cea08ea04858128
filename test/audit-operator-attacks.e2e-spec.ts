// Issue 19 §4: the people who run the database attack the audit log as its owner (the superuser
// here), without the audit key, which only the app holds. Before the fix, the app's own role
// owned audit_entry, and both the rewritten chain and the deleted tail verified as valid.
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { entryHash, type ChainedFields } from '../src/audit/audit-chain.js';
import { AuditService } from '../src/audit/audit.service.js';
import { KeyedAuditChain1797900000000 } from '../migrations/1797900000000-keyed-audit-chain.js';
import { createOrganisation } from './support/fixtures.js';
import { APP_ROLE, ok, startTestApp, type TestApp } from './support/test-app.js';

const VERIFY = `{ auditChainVerification { valid entriesChecked firstBrokenSequence reason anchoredSequence anchoredAt } }`;

interface Row {
  sequence: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  previous_hash: string;
  hash: string;
}

const chained = (row: Row): ChainedFields => ({
  sequence: row.sequence,
  occurredAt: row.occurred_at,
  actorUserId: row.actor_user_id,
  actorOrganisationId: row.actor_organisation_id,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  before: row.before,
  after: row.after,
  previousHash: row.previous_hash,
});

describe('the audit log against the people who run the database', () => {
  let t: TestApp;
  let admin: string;
  let appDb: pg.Client;
  let orgs = 0;

  const verify = async () => ok(await t.gql(VERIFY, {}, admin)).auditChainVerification;
  const writeAnchor = () => t.app.get(AuditService).writeAnchor();
  const anchorLines = () => readFileSync(t.config.audit.anchorFile, 'utf8').split('\n').filter(Boolean);
  const changes = async (count: number) => {
    for (let i = 0; i < count; i++) await createOrganisation(t, { name: `Audited Body ${++orgs}` });
  };
  const rows = async (fromSequence = 1): Promise<Row[]> =>
    (await t.db.query('SELECT * FROM audit_entry WHERE sequence >= $1 ORDER BY sequence', [fromSequence])).rows;

  /** As the owner, past the append-only trigger, puts `replacement` rows in place of those with their sequences. */
  const overwrite = async (replacement: Row[]) => {
    await t.db.query('BEGIN');
    await t.db.query('SET LOCAL session_replication_role = replica');
    for (const row of replacement) {
      await t.db.query('UPDATE audit_entry SET "after" = $2, previous_hash = $3, hash = $4 WHERE sequence = $1', [
        row.sequence,
        JSON.stringify(row.after),
        row.previous_hash,
        row.hash,
      ]);
    }
    await t.db.query('COMMIT');
  };

  /** The attacker's rewrite: `edit` applied from the first row on, every later hash recomputed with `key` (null: plain SHA-256). */
  const rewritten = (original: Row[], key: Buffer | null, edit: (row: Row) => Row = (row) => row): Row[] => {
    const out: Row[] = [];
    for (const [i, row] of original.entries()) {
      const changed = { ...(i === 0 ? edit(row) : row) };
      if (i > 0) changed.previous_hash = out[i - 1].hash;
      changed.hash = entryHash(chained(changed), key);
      out.push(changed);
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    admin = await t.adminToken();
    appDb = new pg.Client({ connectionString: t.config.databaseUrl! });
    await appDb.connect();
    await changes(15);
  });
  afterAll(async () => {
    await appDb.end();
    await t.close();
  });

  it('connects as a role that owns no table and may only insert and read audit entries', async () => {
    expect((await appDb.query('SELECT current_user AS me, rolsuper FROM pg_roles WHERE rolname = current_user')).rows).toEqual([{ me: APP_ROLE, rolsuper: false }]);
    const owned = await t.db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [APP_ROLE]);
    expect(owned.rows[0].n).toBe(0);

    const refused: [string, RegExp][] = [
      ['ALTER TABLE audit_entry DISABLE TRIGGER trg_audit_entry_append_only', /must be owner/],
      ['ALTER TABLE audit_entry DISABLE TRIGGER USER', /must be owner/],
      [`UPDATE audit_entry SET action = 'tampered' WHERE sequence = 1`, /permission denied/],
      ['DELETE FROM audit_entry WHERE sequence = 1', /permission denied/],
      ['TRUNCATE audit_entry', /permission denied/],
      ['UPDATE audit_chain_cutover SET keyed_from = 1000', /permission denied/],
      ['ALTER TABLE organisation ADD COLUMN note text', /must be owner/],
      ['DROP TABLE sharing_decision', /must be owner/],
      ['CREATE TABLE shadow (id int)', /permission denied for schema public/],
      ['SET session_replication_role = replica', /permission denied/],
    ];
    for (const [statement, why] of refused) await expect(appDb.query(statement)).rejects.toThrow(why);

    expect((await appDb.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).toBeGreaterThan(30);
    const rights = await t.db.query(
      `SELECT p AS privilege, has_table_privilege($1, 'audit_entry', p) AS granted FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p`,
      [APP_ROLE],
    );
    expect(Object.fromEntries(rights.rows.map((r) => [r.privilege, r.granted]))).toEqual({
      SELECT: true,
      INSERT: true,
      UPDATE: false,
      DELETE: false,
      TRUNCATE: false,
      TRIGGER: false,
    });
  });

  it('grants the app role rows, not DDL, on tables a later migration creates', async () => {
    await t.db.query('CREATE TABLE later_migration_table (id int PRIMARY KEY)');
    try {
      await appDb.query('INSERT INTO later_migration_table VALUES (1)');
      expect((await appDb.query('SELECT id FROM later_migration_table')).rows).toEqual([{ id: 1 }]);
      await expect(appDb.query('ALTER TABLE later_migration_table ADD COLUMN x int')).rejects.toThrow(/must be owner/);
    } finally {
      await t.db.query('DROP TABLE later_migration_table');
    }
  });

  it('has a migration that goes down to the unkeyed append and up again, keying from the next entry', async () => {
    const runner = t.owner.createQueryRunner();
    const state = async () =>
      (
        await runner.query(`
          SELECT (SELECT string_agg(pg_get_function_identity_arguments(oid), '') FROM pg_proc WHERE proname = 'audit_append') AS append,
                 to_regclass('audit_chain_cutover') IS NOT NULL AS cutover,
                 (SELECT prosecdef FROM pg_proc WHERE proname = 'ensure_sharing_decision_partitions') AS definer`)
      )[0];
    try {
      await runner.startTransaction();
      const migration = new KeyedAuditChain1797900000000();
      await migration.down(runner);
      expect(await state()).toEqual({ append: expect.not.stringContaining('chain_key'), cutover: false, definer: false });
      await migration.up(runner);
      expect(await state()).toEqual({ append: expect.stringContaining('chain_key bytea'), cutover: true, definer: true });
      const [{ keyed_from, head }] = await runner.query('SELECT keyed_from, (SELECT max(sequence) FROM audit_entry) AS head FROM audit_chain_cutover');
      expect(BigInt(keyed_from)).toBe(BigInt(head) + 1n);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('keeps the key out of the database: the entries are HMACs a plain SHA-256 does not reproduce', async () => {
    const [entry] = await rows((await t.db.query('SELECT max(sequence) AS s FROM audit_entry')).rows[0].s);
    expect(entryHash(chained(entry), Buffer.from(t.config.audit.key))).toBe(entry.hash);
    expect(entryHash(chained(entry), null)).not.toBe(entry.hash);
    const stored = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_proc WHERE prosrc LIKE '%' || $1 || '%'`, // not in any function's text either
      [t.config.audit.key],
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('catches an entry edited and every later hash recomputed, with SHA-256 or a guessed key', async () => {
    const anchored = await writeAnchor();
    expect(anchored.problem).toBeNull();
    expect(anchored.anchor).toMatchObject({ sequence: expect.any(String) });
    const anchorsBefore = anchorLines();
    expect(JSON.parse(anchorsBefore.at(-1)!)).toEqual(anchored.anchor);
    expect(await verify()).toMatchObject({ valid: true, anchoredSequence: anchored.anchor!.sequence });

    const original = await rows(5);
    const renamed = (row: Row): Row => ({ ...row, after: { ...(row.after as object), name: 'Innocent Org' } });
    for (const key of [null, randomBytes(32)]) {
      await overwrite(rewritten(original, key, renamed));
      // Linked and self-consistent: only the key tells.
      const forged = await rows(5);
      expect(forged.slice(1).every((row, i) => row.previous_hash === forged[i].hash)).toBe(true);
      expect(await verify()).toMatchObject({ valid: false, entriesChecked: 4, firstBrokenSequence: '5', reason: 'HASH_MISMATCH' });
      // Nor is the rewritten chain ever anchored.
      expect(await writeAnchor()).toMatchObject({ anchor: null, problem: { valid: false, reason: 'ANCHOR_HASH_MISMATCH', firstBrokenSequence: anchored.anchor!.sequence } });
      expect(anchorLines()).toEqual(anchorsBefore);
    }

    await overwrite(original);
    expect(await verify()).toMatchObject({ valid: true, firstBrokenSequence: null });
  });

  it('catches the cut-over to keyed hashes moved past a chain rewritten with SHA-256', async () => {
    const original = await rows(1);
    const head = original.at(-1)!.sequence;
    const { keyed_from: keyedFrom } = (await t.db.query('SELECT keyed_from FROM audit_chain_cutover')).rows[0];
    await t.db.query('UPDATE audit_chain_cutover SET keyed_from = $1', [BigInt(head) + 1n]);
    await overwrite(rewritten(original, null, (row) => ({ ...row, after: { rewritten: true } })));

    expect(await verify()).toMatchObject({ valid: false, entriesChecked: 0, firstBrokenSequence: '1', reason: 'KEYED_FROM_MISMATCH' });

    await t.db.query('UPDATE audit_chain_cutover SET keyed_from = $1', [keyedFrom]);
    await overwrite(original);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('refuses an anchor not signed with the audit key', async () => {
    const file = t.config.audit.anchorFile;
    const kept = readFileSync(file, 'utf8');
    const fields = { sequence: '1', headHash: (await rows(1))[0].hash, keyedFrom: '1', anchoredAt: new Date().toISOString() };
    const forgedSignature = createHmac('sha256', randomBytes(32)).update(JSON.stringify(fields)).digest('hex');
    appendFileSync(file, `${JSON.stringify({ ...fields, signature: forgedSignature })}\n`);

    expect(await verify()).toMatchObject({ valid: false, firstBrokenSequence: null, reason: 'ANCHOR_SIGNATURE_INVALID' });

    writeFileSync(file, kept);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('catches the newest 20 entries deleted, and the tail written again after them', async () => {
    await changes(3);
    const { anchor } = await writeAnchor();
    const head = BigInt(anchor!.sequence);
    const anchorsBefore = anchorLines();

    await t.db.query('ALTER TABLE audit_entry DISABLE TRIGGER USER');
    await t.db.query('DELETE FROM audit_entry WHERE sequence > $1', [head - 20n]);
    await t.db.query('ALTER TABLE audit_entry ENABLE TRIGGER USER');

    // What is left links and hashes true: only the anchor knows there was more.
    expect(await verify()).toMatchObject({
      valid: false,
      entriesChecked: Number(head - 20n),
      firstBrokenSequence: String(head - 19n),
      reason: 'CHAIN_SHORTER_THAN_ANCHOR',
      anchoredSequence: String(head),
    });
    expect(await writeAnchor()).toMatchObject({ anchor: null, problem: { reason: 'CHAIN_SHORTER_THAN_ANCHOR' } });
    expect(anchorLines()).toEqual(anchorsBefore);

    // The app carries on, and new entries under the key fill the sequences again: not the anchored ones.
    await changes(11);
    expect(BigInt((await t.db.query('SELECT max(sequence) AS s FROM audit_entry')).rows[0].s)).toBeGreaterThanOrEqual(head);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenSequence: String(head), reason: 'ANCHOR_HASH_MISMATCH' });
  });
});
