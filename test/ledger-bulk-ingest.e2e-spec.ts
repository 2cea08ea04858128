import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DropLedgerRequestHash1796900000000 } from '../migrations/1796900000000-drop-ledger-request-hash.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { ledgerConsistency, waitFor, writesWaiting } from './support/consistency.js';
import { decisionInput } from './support/decision-fixtures.js';
import { createUser } from './support/fixtures.js';
import { HttpBrowser } from './support/http-browser.js';
import { ok, startTestApp, type TestApp } from './support/test-app.js';

const RECORD_MANY = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created alreadyRecorded decisions { id } } }`;
const LIST = `query ($after: String) { sharingDecisions(first: 100, after: $after) { edges { node {
  clientKey purpose outcome dataItemsShared dataItemsWithheld overrideAuthorisedBy overrideReason recordCount flags agreementVersionId keyQuestions consentStatus
} } pageInfo { hasNextPage endCursor } } }`;

/** Far above COPIED_FROM (100): these batches are copied in, not sent as one jsonb parameter. */
const LARGE = 600;

describe('bulk ingest: NDJSON to POST /ledger/decisions', () => {
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let outsider: Partner;
  let agreementId: string;

  /** The hospital's shared decision to the council under the ISP (decisionInput, with special category data). */
  const decision = (overrides: Record<string, unknown> = {}) =>
    decisionInput(hospital.id, council.id, {
      agreementId,
      purpose: 'Arrange care on discharge',
      dataItemsShared: ['NHS number', 'Discharge summary'],
      includesSpecialCategory: true,
      article9Condition: 'ART9_2_H_HEALTH_SOCIAL_CARE',
      ...overrides,
    });
  const ndjson = (decisions: object[]) => decisions.map((d) => JSON.stringify(d)).join('\n');
  const ingest = async (body: string, token?: string, contentType = 'application/x-ndjson') => {
    const response = await fetch(`${t.url}/ledger/decisions`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const stored = async (prefix: string) => (await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE client_key LIKE $1`, [`${prefix}%`])).rows[0].n;
  const listAll = async (token: string) => {
    const nodes: any[] = [];
    for (let after: string | null = null; ; ) {
      const page: any = ok(await t.gql(LIST, { after }, token)).sharingDecisions;
      nodes.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    outsider = await readyPartner(t, 'Faraway Borough Council', 'outsider', { sector: 'LOCAL_AUTHORITY' });
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Discharge ISP');
    agreementId = draft.id;
    const v1 = ok(await t.gql(SUBMIT, { input: { agreementId, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
    for (const party of [hospital, council, care]) {
      ok(await t.gql(SIGN, { input: { agreementId, versionNumber: 1, contentHash: v1.contentHash } }, party.signatory.token));
    }
  });
  afterAll(async () => t.close());

  it('records a large file whole, with its rollups and one audit entry, and a resent file records nothing new', async () => {
    const decisions = Array.from({ length: LARGE }, (_, i) =>
      decision({ clientKey: `file-${i}`, recordCount: i, ...(i % 3 === 0 ? { outcome: 'NOT_SHARED', notSharedReason: 'NOT_NECESSARY', transferMethod: null, dataItemsShared: [] } : {}) }),
    );
    const audited = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'sharingDecision.recordBatch'`)).rows[0].n;
    const auditBefore = await audited();
    expect(await ingest(ndjson(decisions), hospital.practitioner.token)).toEqual({ status: 200, body: { created: LARGE, alreadyRecorded: 0 } });
    expect(await stored('file-')).toBe(LARGE);
    expect(await audited()).toBe(auditBefore + 1);
    const { rows } = await t.db.query(`SELECT sum(record_count)::int AS records, count(*) FILTER (WHERE outcome = 'NOT_SHARED')::int AS not_shared FROM sharing_decision WHERE client_key LIKE 'file-%'`);
    expect(rows[0]).toEqual({ records: (LARGE * (LARGE - 1)) / 2, not_shared: LARGE / 3 });
    const consistency = await ledgerConsistency(t.db);
    expect(consistency.rollupMismatches).toEqual([]);
    expect(consistency.rollupTotal).toBe(consistency.decisions);

    expect(await ingest(ndjson(decisions), hospital.practitioner.token)).toEqual({ status: 200, body: { created: 0, alreadyRecorded: LARGE } });
    expect(await stored('file-')).toBe(LARGE);
  });

  it('stores what GraphQL stores: a decision sent both ways is the same request, and is not recorded twice', async () => {
    const viaFile = Array.from({ length: LARGE }, (_, i) => decision({ clientKey: `both-${i}`, keyQuestions: { q1: 'YES', q2: 'YES', q3: 'NO', q6: 'YES', q7: 'YES' }, consentStatus: 'NOT_SOUGHT_NOT_REQUIRED', commonLawBasis: 'NOT_CONFIDENTIAL' }));
    expect((await ingest(ndjson(viaFile), hospital.practitioner.token)).body).toEqual({ created: LARGE, alreadyRecorded: 0 });
    // The same decisions through GraphQL (JSON's own nulls and omitted defaults are read the same way).
    const again = ok(await t.gql(RECORD_MANY, { decisions: viaFile.slice(0, 50) }, hospital.practitioner.token)).recordSharingDecisions;
    expect(again).toMatchObject({ created: 0, alreadyRecorded: 50 });
    // ...and the other way round, above the copy threshold.
    const viaGraphql = Array.from({ length: 150 }, (_, i) => decision({ clientKey: `gql-${i}` }));
    ok(await t.gql(RECORD_MANY, { decisions: viaGraphql }, hospital.practitioner.token));
    expect((await ingest(ndjson(viaGraphql), hospital.practitioner.token)).body).toEqual({ created: 0, alreadyRecorded: 150 });
    // A key reused with other content is a clash, whichever way it came.
    const clash = await ingest(ndjson([{ ...viaGraphql[7], decidedAt: new Date(Date.now() - 60_000).toISOString() }]), hospital.practitioner.token);
    expect(clash).toMatchObject({ status: 409, body: { code: 'CONFLICT', fields: [{ field: 'line 1.clientKey', rule: 'sameRequest' }] } });

    // Every stored column but the decision's own id, key and times is the same either way.
    const { rows: columns } = await t.db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'sharing_decision'`);
    const compared = columns.map((c: any) => c.column_name).filter((c: string) => !['id', 'client_key', 'requested_at', 'decided_at', 'recorded_at', 'key_questions', 'consent_status', 'common_law_basis'].includes(c));
    const storedAs = async (key: string) => (await t.db.query(`SELECT ${compared.join(', ')} FROM sharing_decision WHERE client_key = $1`, [key])).rows[0];
    const twin = decision({ clientKey: 'twin-file', flowId: null, caseReference: 'CASE 42', overrideReason: null });
    await ingest(ndjson([twin, ...Array.from({ length: 120 }, () => decision())]), hospital.practitioner.token);
    ok(await t.gql(RECORD_MANY, { decisions: [{ ...twin, clientKey: 'twin-graphql' }] }, hospital.practitioner.token));
    const fromFile = await storedAs('twin-file');
    expect(fromFile).toEqual(await storedAs('twin-graphql'));
    expect(fromFile).toMatchObject({ agreement_version_id: expect.any(String), case_reference_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('keeps text exactly as sent through the copy: tabs, newlines, backslashes, quotes, commas, braces, NULL-like words', async () => {
    const awkward = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N', 'say "hello", {x}', 'NULL', 'Ünïcödé 🙂 ‮rtl', '\\.'];
    const decisions = Array.from({ length: 140 }, (_, i) =>
      decision({
        clientKey: `odd-${i}\t${awkward[i % awkward.length]}`.slice(0, 200).trim(),
        purpose: awkward[i % awkward.length],
        dataItemsShared: [awkward[i % awkward.length], `item, with comma ${i}`, '{braced}'],
        dataItemsWithheld: ['"quoted"', 'NULL'],
        publicInterestOverride: false,
      }),
    );
    expect((await ingest(ndjson(decisions), hospital.practitioner.token)).body).toEqual({ created: 140, alreadyRecorded: 0 });
    const byKey = new Map((await listAll(hospital.practitioner.token)).map((d) => [d.clientKey, d]));
    decisions.forEach((sent, i) => {
      const read = byKey.get(sent.clientKey);
      expect(read).toMatchObject({ purpose: awkward[i % awkward.length].trim(), dataItemsShared: sent.dataItemsShared, dataItemsWithheld: ['"quoted"', 'NULL'] });
    });
  });

  it('refuses a file with any bad line, naming each line and field, and writes nothing of it', async () => {
    const body = [
      JSON.stringify(decision({ clientKey: 'bad-1' })),
      '',
      '{"clientKey": "bad-3", oops}',
      JSON.stringify(decision({ clientKey: 'bad-4', consentStatus: 'MAYBE', colour: 'blue' })),
      JSON.stringify(decision({ clientKey: 'bad-5', consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST' })),
      JSON.stringify(decision({ clientKey: 'bad-6', purpose: 'nul \u0000 here', recordCount: -1 })),
      '[1, 2]',
    ].join('\n');
    const answer = await ingest(body, hospital.practitioner.token);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('BAD_USER_INPUT');
    expect(answer.body.fields.map((f: any) => [f.field, f.rule])).toEqual([
      ['line 3', 'json'],
      ['line 4.colour', 'knownField'],
      ['line 4.consentStatus', 'isEnum'],
      ['line 6.purpose', 'noNulCharacter'],
      ['line 6.recordCount', 'min'],
      ['line 7.decision', 'type'],
    ]);
    expect(await stored('bad-')).toBe(0);

    // A raw NUL (not escaped) cannot be inside a JSON string: the line is not JSON.
    const rawNul = await ingest(JSON.stringify(decision({ clientKey: 'bad-nul' })).replace('Arrange care', 'Arrange\u0000care'), hospital.practitioner.token);
    expect(rawNul).toMatchObject({ status: 400, body: { fields: [{ field: 'line 1', rule: 'json' }] } });

    // With the shapes right, the rules that join fields are checked, by line number.
    const rules = await ingest([JSON.stringify(decision({ clientKey: 'bad-1' })), '', JSON.stringify(decision({ clientKey: 'bad-5', consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST' }))].join('\n'), hospital.practitioner.token);
    expect(rules.status).toBe(400);
    expect(rules.body.fields).toEqual([expect.objectContaining({ field: 'line 3.publicInterestOverride' })]);
    expect(await stored('bad-')).toBe(0);
  });

  it('refuses a line naming __proto__, constructor or toString, and writes nothing of the file', async () => {
    const inherited = '"__proto__":{"recordCount":0},"constructor":"x","toString":"y"';
    const body = [JSON.stringify(decision({ clientKey: 'proto-1' })), JSON.stringify(decision({ clientKey: 'proto-2' })).replace(/}$/, `,${inherited}}`)].join('\n');
    const answer = await ingest(body, hospital.practitioner.token);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('BAD_USER_INPUT');
    expect(answer.body.fields.map((f: any) => [f.field, f.rule])).toEqual([
      ['line 2.__proto__', 'knownField'],
      ['line 2.constructor', 'knownField'],
      ['line 2.toString', 'knownField'],
    ]);
    expect(answer.body.message).toContain('line 2: constructor is not a field of SharingDecisionInput');
    expect(await stored('proto-')).toBe(0);
  });

  it('refuses an empty body, another content type, and more than 20,000 decisions', async () => {
    expect(await ingest('\n\n', hospital.practitioner.token)).toMatchObject({ status: 400, body: { fields: [{ field: 'body', rule: 'notEmpty' }] } });
    const asJson = await ingest(JSON.stringify(decision()), hospital.practitioner.token, 'application/json');
    expect(asJson).toMatchObject({ status: 400, body: { fields: [{ field: 'body', rule: 'ndjson' }] } });
    const line = JSON.stringify(decision({ clientKey: 'too-many' }));
    const tooMany = await ingest(Array.from({ length: 20_001 }, () => line).join('\n'), hospital.practitioner.token);
    expect(tooMany).toMatchObject({ status: 400, body: { fields: [{ field: 'body', rule: 'maxBatch' }] } });
    expect(await stored('too-many')).toBe(0);
  });

  it('takes the same rights as GraphQL: a signed-in practitioner of the disclosing organisation only', async () => {
    const file = ndjson(Array.from({ length: 120 }, (_, i) => decision({ clientKey: `rights-${i}` })));
    expect((await ingest(file)).status).toBe(401);
    expect((await ingest(file, 'not-a-token')).status).toBe(401);
    // Another organisation's practitioner cannot record the hospital's decisions.
    expect(await ingest(file, outsider.practitioner.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // A role that does not record decisions, in the right organisation.
    expect(await ingest(file, hospital.signatory.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const commissioner = await createUser(t, hospital.id, 'commissioner@hospital.example', ['COMMISSIONER']);
    expect((await ingest(file, commissioner.token)).status).toBe(403);
    // An organisation not involved in the agreement may not record under it.
    const outsiders = ndjson([decision({ clientKey: 'rights-outsider', disclosingOrganisationId: outsider.id })]);
    expect(await ingest(outsiders, outsider.practitioner.token)).toMatchObject({ status: 400, body: { fields: [{ field: 'line 1.agreementId', rule: 'involved' }] } });
    expect(await stored('rights-')).toBe(0);
  });

  it('takes a browser session only with its CSRF token, as every other write does', async () => {
    const browser = await HttpBrowser.signedIn(t.url, hospital.practitioner.email);
    const send = (headers: Record<string, string>, key: string) =>
      browser.send({ method: 'POST', path: '/ledger/decisions', contentType: 'application/x-ndjson', accept: 'application/json', headers, body: Buffer.from(ndjson([decision({ clientKey: key })])) });
    expect((await send({}, 'csrf-without')).status).toBe(403);
    expect(await stored('csrf-without')).toBe(0);
    const withToken = await send({ 'x-csrf-token': browser.csrf }, 'csrf-with');
    expect({ status: withToken.status, body: await withToken.json() }).toEqual({ status: 200, body: { created: 1, alreadyRecorded: 0 } });
  });

  it('lists the first 100 problems of a bad batch, then how many more there are', async () => {
    const refused = Array.from({ length: 150 }, (_, i) => decision({ clientKey: `many-${i}`, consentStatus: 'REFUSED', commonLawBasis: 'PUBLIC_INTEREST' }));
    const answer = await ingest(ndjson(refused), hospital.practitioner.token);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toHaveLength(101);
    expect(answer.body.fields[99]).toMatchObject({ field: 'line 100.publicInterestOverride' });
    expect(answer.body.fields[100]).toEqual({ field: 'decisions', rule: 'moreProblems', message: 'decisions: 50 more problems not listed' });
    expect(await stored('many-')).toBe(0);
  });

  it('records a file sent several times at once exactly once', async () => {
    const file = ndjson(Array.from({ length: 300 }, (_, i) => decision({ clientKey: `race-${i}` })));
    const answers = await Promise.all(Array.from({ length: 4 }, () => ingest(file, hospital.practitioner.token)));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(answers.reduce((sum, a) => sum + a.body.created, 0)).toBe(300);
    expect(answers.reduce((sum, a) => sum + a.body.created + a.body.alreadyRecorded, 0)).toBe(1200);
    expect(await stored('race-')).toBe(300);
    expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
  });

  it('waits for a key another call is claiming as the file is copied in: records the file if that call fails, and tries again if it succeeds', async () => {
    const other = new pg.Client({ connectionString: t.config.databaseUrl! });
    await other.connect();
    try {
      // Another call's claim of line 1's key, not yet committed: the file's check cannot see it, its COPY must wait on it.
      const claimWithin = async (file: object[], requestHash: string) => {
        const first = file[0] as { clientKey: string; decidedAt: string };
        await other.query('BEGIN');
        await other.query(
          `INSERT INTO sharing_decision_key (recorded_by_organisation_id, client_key, decision_id, decided_at, request_hash) VALUES ($1, $2, $3, $4, $5)`,
          [hospital.id, first.clientKey, randomUUID(), first.decidedAt, requestHash],
        );
        const answer = ingest(ndjson(file), hospital.practitioner.token);
        await waitFor(async () => (await writesWaiting(t.db)) > 0, 10_000, "the file's COPY to wait on the key");
        return { answer }; // not the promise itself: an async function would wait for it
      };

      const abandoned = Array.from({ length: 150 }, (_, i) => decision({ clientKey: `meanwhile-a-${i}` }));
      const waitingForRollback = await claimWithin(abandoned, 'a'.repeat(64));
      await other.query('ROLLBACK');
      expect(await waitingForRollback.answer).toMatchObject({ status: 200, body: { created: 150, alreadyRecorded: 0 } });
      expect(await stored('meanwhile-a-')).toBe(150);

      // Committed with another request's hash: the COPY fails on the key, the file is tried again and sees the clash.
      const clashing = Array.from({ length: 150 }, (_, i) => decision({ clientKey: `meanwhile-b-${i}` }));
      const waitingForCommit = await claimWithin(clashing, 'b'.repeat(64));
      await other.query('COMMIT');
      const answer = await waitingForCommit.answer;
      expect(answer.status).toBe(409);
      expect(answer.body.fields).toEqual([{ field: 'line 1.clientKey', rule: 'sameRequest', message: 'line 1: clientKey was already used for a different decision' }]);
      expect(await stored('meanwhile-b-')).toBe(0);
      expect((await ledgerConsistency(t.db)).rollupMismatches).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it('keeps the ledger’s references whole without per-row foreign keys: a missing one is refused, a named row cannot be deleted', async () => {
    const [row] = (await t.db.query(`SELECT * FROM sharing_decision WHERE client_key = 'file-1'`)).rows;
    const copy = async (changes: Record<string, unknown>) => {
      const values = { ...row, id: randomUUID(), client_key: `ref-${randomUUID()}`, ...changes };
      const columns = Object.keys(values);
      return t.db
        .query(`INSERT INTO sharing_decision (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => (c === 'key_questions' && values[c] ? JSON.stringify(values[c]) : values[c])))
        .then(() => null, (error: { code: string; message: string }) => error);
    };
    expect(await copy({})).toBeNull();
    for (const column of ['requesting_organisation_id', 'disclosing_organisation_id', 'recorded_by_organisation_id', 'decided_by_user_id', 'agreement_id', 'agreement_version_id']) {
      const missing = randomUUID();
      const error = await copy({ [column]: missing });
      expect(error).toMatchObject({ code: '23503', message: expect.stringContaining(`${missing} (${column})`) });
    }
    const keyError = await t.db.query(`INSERT INTO sharing_decision_key VALUES ($1, 'ref-key', $2, now(), 'x')`, [randomUUID(), randomUUID()]).catch((e) => e);
    expect(keyError).toMatchObject({ code: '23503' });
    // Changing a reference to a missing row is refused as inserting one is.
    expect(await t.db.query(`UPDATE sharing_decision SET requesting_organisation_id = $1 WHERE client_key = 'file-2'`, [randomUUID()]).catch((e) => e)).toMatchObject({ code: '23503' });

    for (const [table, id] of [['organisation', council.id], ['app_user', row.decided_by_user_id], ['agreement_version', row.agreement_version_id], ['agreement', agreementId]]) {
      const error = await t.db.query(`DELETE FROM ${table} WHERE id = $1`, [id]).catch((e) => e);
      expect(error).toMatchObject({ code: '23503', message: expect.stringContaining('named by recorded sharing decisions') });
      expect(await t.db.query(`UPDATE ${table} SET id = $1 WHERE id = $2`, [randomUUID(), id]).catch((e) => e)).toMatchObject({ code: '23503' });
    }
  });

  it('lets no delete slip past a recording in flight, whichever comes first', async () => {
    const [row] = (await t.db.query(`SELECT * FROM sharing_decision WHERE client_key = 'file-1'`)).rows;
    const newOrganisation = async (name: string) =>
      (await t.db.query(`INSERT INTO organisation (name, sector) VALUES ($1, 'OTHER') RETURNING id`, [name])).rows[0].id as string;
    const recordNaming = (client: pg.Client, organisationId: string) =>
      client.query(`INSERT INTO sharing_decision SELECT (jsonb_populate_record(NULL::sharing_decision, $1::jsonb)).*`, [
        JSON.stringify({ ...row, id: randomUUID(), client_key: `inflight-${randomUUID()}`, requesting_organisation_id: organisationId }),
      ]);
    const waiting = (client: pg.Client) => async () =>
      (await t.db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [(client as unknown as { processID: number }).processID])).rows[0]?.wait_event_type === 'Lock';
    const [recorder, deleter] = [new pg.Client({ connectionString: t.config.databaseUrl! }), new pg.Client({ connectionString: t.config.databaseUrl! })];
    await Promise.all([recorder.connect(), deleter.connect()]);
    try {
      // The recording first: the delete waits for it, then sees its reference.
      const named = await newOrganisation('Named While Deleted');
      await recorder.query('BEGIN');
      await recordNaming(recorder, named);
      const deleting = deleter.query('DELETE FROM organisation WHERE id = $1', [named]).catch((e) => e);
      await waitFor(waiting(deleter), 10_000, 'the delete to wait for the recording');
      await recorder.query('COMMIT');
      expect(await deleting).toMatchObject({ code: '23503', message: expect.stringContaining('named by recorded sharing decisions') });

      // The delete first: the recording waits for it, then finds the organisation gone.
      const removed = await newOrganisation('Deleted While Named');
      await deleter.query('BEGIN');
      await deleter.query('DELETE FROM organisation WHERE id = $1', [removed]);
      const recording = recordNaming(recorder, removed).catch((e) => e);
      await waitFor(waiting(recorder), 10_000, 'the recording to wait for the delete');
      await deleter.query('COMMIT');
      expect(await recording).toMatchObject({ code: '23503', message: expect.stringContaining(`${removed} (requesting_organisation_id)`) });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM sharing_decision WHERE requesting_organisation_id = $1`, [removed])).rows[0].n).toBe(0);
    } finally {
      await Promise.all([recorder.end(), deleter.end()]);
    }
  });

  it('keeps each request hash once, with its client key; undoing that migration fills the ledger column from the keys', async () => {
    const column = async () => (await t.db.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'sharing_decision' AND column_name = 'request_hash'`)).rows[0].n;
    expect(await column()).toBe(0);
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await new DropLedgerRequestHash1796900000000().down(runner);
      const [{ keyed, matching, keyless, unfilled }] = await runner.query(`
        SELECT count(k.client_key)::int AS keyed, count(*) FILTER (WHERE d.request_hash = k.request_hash AND k.decision_id = d.id)::int AS matching,
               count(*) FILTER (WHERE k.client_key IS NULL)::int AS keyless, count(*) FILTER (WHERE d.request_hash IS NULL)::int AS unfilled
        FROM sharing_decision d LEFT JOIN sharing_decision_key k USING (recorded_by_organisation_id, client_key)`);
      expect(keyed).toBeGreaterThan(LARGE);
      expect(matching).toBe(keyed);
      // Rows this suite wrote straight into the ledger (the reference checks above) have no key, so no hash to restore.
      expect(keyless).toBeGreaterThan(0);
      expect(unfilled).toBe(keyless);
      await runner.rollbackTransaction();

      // Every decision with its key: the column is NOT NULL again, as it was.
      await runner.startTransaction();
      await runner.query(`DELETE FROM sharing_decision d WHERE NOT EXISTS (SELECT 1 FROM sharing_decision_key k WHERE k.recorded_by_organisation_id = d.recorded_by_organisation_id AND k.client_key = d.client_key)`);
      await new DropLedgerRequestHash1796900000000().down(runner);
      const [{ nullable }] = await runner.query(`SELECT is_nullable AS nullable FROM information_schema.columns WHERE table_name = 'sharing_decision' AND column_name = 'request_hash'`);
      expect(nullable).toBe('NO');
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await column()).toBe(0);
  });
});
