import pg from 'pg';
import { PdfRenderer } from '../src/documents/pdf-renderer.service.js';
import { compliantDraftAgreement, readyPartner, SIGN, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { holdAuditLock, ledgerConsistency, VERIFY_AUDIT_CHAIN, waitFor, writesWaiting } from './support/consistency.js';
import { decisionInput } from './support/decision-fixtures.js';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';
import { pdfPages } from './support/pdf-text.js';
import { ok, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';

const RECORD = `mutation ($input: SharingDecisionInput!) { recordSharingDecision(input: $input) { id clientKey } }`;
const RECORD_MANY = `mutation ($decisions: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $decisions) { created alreadyRecorded decisions { id clientKey flags } } }`;
/** A request that has not answered in this long counts as hung. */
const HANG_MS = 20_000;

type Outcome = { ok: true } | { ok: false; code: string; message: string } | { ok: false; code: 'HUNG' | 'NO_RESPONSE'; message: string };

/** What a client saw: success, the error's code and message, or no answer at all. */
async function outcomeOf(request: Promise<GraphqlResponse>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ ok: false, code: 'HUNG', message: `no answer in ${HANG_MS} ms` }), HANG_MS)));
  const answered = request.then(
    (response): Outcome => (response.errors?.length ? { ok: false, code: response.errors[0].extensions.code, message: response.errors[0].message } : { ok: true }),
    (error: unknown): Outcome => ({ ok: false, code: 'NO_RESPONSE', message: String(error) }),
  );
  try {
    return await Promise.race([answered, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Faults, with the app over HTTP against a PostgreSQL this file owns (so restarting it disturbs
 * no other test file): the database restarting or dropping the app's connections while writes
 * are in flight, the PDF browser killed mid-render, and clients retrying after a timeout.
 */
describe('faults', () => {
  let postgres: OwnPostgres;
  let t: TestApp;
  let hospital: Partner;
  let council: Partner;
  let care: Partner;
  let observer: pg.Client;

  /** A fresh superuser session that survives nothing: reconnected when a fault ended the last one. */
  const connectObserver = async () => {
    observer = new pg.Client({ connectionString: t.config.databaseMigrationUrl! });
    observer.on('error', () => undefined);
    await observer.connect();
  };
  const decision = () => decisionInput(hospital.id, council.id);

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0', DATABASE_POOL_SIZE: '4', DATABASE_CONNECT_TIMEOUT_MS: '2000', PDF_POOL_SIZE: '1' }, postgres.serverUrl);
    t.db.on('error', () => undefined); // the test app's own session dies with the database; `observer` replaces it
    hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    await connectObserver();
  });
  // A test that failed while holding the audit lock must not leave every later write waiting.
  // Nor leave the database down for the next test.
  afterEach(async () => {
    if (!postgres.running) {
      await postgres.resume();
      await connectObserver();
    }
    await observer.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
  });
  afterAll(async () => {
    await observer?.end().catch(() => undefined);
    await t?.close().catch(() => undefined);
    await postgres?.stop();
  });

  /** Every decision acknowledged is stored once; retried with the same key, every one not acknowledged is stored too, once. */
  async function expectNothingLost(inputs: ReturnType<typeof decision>[], outcomes: Outcome[]) {
    const acknowledged = inputs.filter((_, i) => outcomes[i].ok).map((input) => input.clientKey);
    const stored = await observer.query('SELECT client_key FROM sharing_decision WHERE client_key = ANY($1)', [acknowledged]);
    expect(stored.rowCount).toBe(acknowledged.length);

    const retried = await Promise.all(inputs.filter((_, i) => !outcomes[i].ok).map((input) => t.gql(RECORD, { input }, hospital.practitioner.token)));
    expect(retried.map((r) => r.errors ?? null)).toEqual(retried.map(() => null));
    const all = await observer.query('SELECT count(*)::int AS n FROM sharing_decision WHERE client_key = ANY($1)', [inputs.map((i) => i.clientKey)]);
    expect(all.rows[0].n).toBe(inputs.length);
    const ledger = await ledgerConsistency(observer);
    expect(ledger).toMatchObject({ duplicateKeys: 0, rollupMismatches: [] });
    expect(ledger.rollupTotal).toBe(ledger.decisions);
    expect(ok(await t.gql(VERIFY_AUDIT_CHAIN, {}, await t.adminToken())).auditChainVerification).toMatchObject({ valid: true });
  }

  describe('the database restarting while requests are in flight', () => {
    it('writes in flight commit whole or fail, those sent while it is down fail with SERVICE_UNAVAILABLE; it reconnects by itself and loses nothing acknowledged', async () => {
      // Some writes acknowledged before the restart.
      const before = Array.from({ length: 5 }, decision);
      for (const input of before) ok(await t.gql(RECORD, { input }, hospital.practitioner.token));

      // Writes held in flight, waiting on the audit lock, when the server goes down.
      const lock = await holdAuditLock(observer);
      const inFlight = Array.from({ length: 3 }, decision);
      const bulk = Array.from({ length: 200 }, decision);
      const inFlightOutcomes = [
        ...inFlight.map((input) => outcomeOf(t.gql(RECORD, { input }, hospital.practitioner.token))),
        outcomeOf(t.gql(RECORD_MANY, { decisions: bulk }, hospital.practitioner.token)),
      ];
      await waitFor(async () => (await writesWaiting(observer)) === 4, 10_000, 'four writes waiting in flight');
      void lock; // the restart ends the session holding it
      await postgres.pause();

      // While it is down: a clear error at once, never a hang or an internal error; health says so.
      const whileDown = Array.from({ length: 3 }, decision);
      const started = Date.now();
      const downOutcomes = await Promise.all(whileDown.map((input) => outcomeOf(t.gql(RECORD, { input }, hospital.practitioner.token))));
      expect(Date.now() - started).toBeLessThan(10_000);
      const health = await fetch(`${t.url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: { status: 'down' } });
      // The plain HTTP routes say the same: 503 with a retry hint, as JSON for a client and as a page for a browser.
      const document = await fetch(`${t.url}/documents/agreements/00000000-0000-4000-8000-000000000000/draft.json`, {
        headers: { authorization: `Bearer ${hospital.igLead.token}` },
      });
      expect(document.status).toBe(503);
      expect(document.headers.get('retry-after')).toBe('1');
      expect(await document.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('cannot reach its database') });
      const page = await fetch(`${t.url}/dashboard`, { headers: { accept: 'text/html', authorization: `Bearer ${hospital.igLead.token}` }, redirect: 'manual' });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('cannot reach its database');

      const unavailable = { ok: false, code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('cannot reach its database') };
      const inFlightAnswers = await Promise.all(inFlightOutcomes);
      // A write is one statement that commits as it ends: one the lock's release let through before
      // the shutdown reached it has committed, and says so. Any other fails, clearly.
      for (const outcome of inFlightAnswers) expect(outcome).toEqual(outcome.ok ? { ok: true } : unavailable);
      for (const outcome of downOutcomes) expect(outcome).toEqual(unavailable);
      const outcomes = [...inFlightAnswers, ...downOutcomes];

      // Back up: the same app serves again, without a restart.
      await postgres.resume();
      await waitFor(async () => (await fetch(`${t.url}/health`)).status === 200, 20_000, 'the app to reconnect');
      const after = Array.from({ length: 5 }, decision);
      for (const input of after) ok(await t.gql(RECORD, { input }, hospital.practitioner.token));
      await connectObserver();

      const singles = [...before, ...inFlight, ...whileDown, ...after];
      const singleOutcomes: Outcome[] = [...before.map(() => ({ ok: true }) as Outcome), ...outcomes.slice(0, 3), ...downOutcomes, ...after.map(() => ({ ok: true }) as Outcome)];
      await expectNothingLost(singles, singleOutcomes);
      // The bulk call committed whole or failed whole: retried with the same keys, it is recorded once.
      const bulkCommitted = inFlightAnswers[3].ok;
      const stored = await observer.query('SELECT count(*)::int AS n FROM sharing_decision WHERE client_key = ANY($1)', [bulk.map((b) => b.clientKey)]);
      expect(stored.rows[0].n).toBe(bulkCommitted ? 200 : 0);
      expect(ok(await t.gql(RECORD_MANY, { decisions: bulk }, hospital.practitioner.token)).recordSharingDecisions).toMatchObject(
        bulkCommitted ? { created: 0, alreadyRecorded: 200 } : { created: 200, alreadyRecorded: 0 },
      );
      expect((await observer.query('SELECT count(*)::int AS n FROM sharing_decision WHERE client_key = ANY($1)', [bulk.map((b) => b.clientKey)])).rows[0].n).toBe(200);
    });

    it("fails the writes in flight when an administrator ends the app's connections (pg_terminate_backend), and carries on", async () => {
      const lock = await holdAuditLock(observer);
      const inFlight = Array.from({ length: 3 }, decision);
      const outcomes = inFlight.map((input) => outcomeOf(t.gql(RECORD, { input }, hospital.practitioner.token)));
      await waitFor(async () => (await writesWaiting(observer)) === 3, 10_000, 'three writes waiting in flight');
      expect(await postgres.terminateAppConnections()).toBeGreaterThanOrEqual(3);
      await lock.release();
      for (const outcome of await Promise.all(outcomes)) expect(outcome).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE' });

      // The pool drops the dead connections (as each one's close reaches the app) and opens new ones: the next requests simply work.
      await waitFor(async () => (await fetch(`${t.url}/health`)).status === 200, 10_000, 'the app to answer its health check');
      const after = Array.from({ length: 6 }, decision);
      const afterOutcomes = await Promise.all(after.map((input) => outcomeOf(t.gql(RECORD, { input }, hospital.practitioner.token))));
      expect(afterOutcomes).toEqual(after.map(() => ({ ok: true })));
      await expectNothingLost([...inFlight, ...after], [...(await Promise.all(outcomes)), ...afterOutcomes]);
    });
  });

  describe('a client retrying after a timeout', () => {
    it('gets the same answer for the same bulk call, sent again while the first is still running and after it, with nothing recorded twice', async () => {
      const decisions = Array.from({ length: 300 }, decision);
      const lock = await holdAuditLock(observer);
      // The first call is slow (held at its audit entry); the client gives up on it after half a second.
      const first = fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hospital.practitioner.token}` },
        body: JSON.stringify({ query: RECORD_MANY, variables: { decisions } }),
        signal: AbortSignal.timeout(500),
      }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      await waitFor(async () => (await writesWaiting(observer)) === 1, 10_000, 'the first call in flight');
      expect(await first).toBe('TimeoutError');
      // The retry, while the first is still in flight: it waits for the first's rows, then records nothing new.
      const retry = t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await lock.release();
      const retried = ok(await retry).recordSharingDecisions;
      const again = ok(await t.gql(RECORD_MANY, { decisions }, hospital.practitioner.token)).recordSharingDecisions;

      const stored = await observer.query('SELECT id, client_key FROM sharing_decision WHERE client_key = ANY($1)', [decisions.map((d) => d.clientKey)]);
      expect(stored.rowCount).toBe(300);
      const idOf = new Map(stored.rows.map((r) => [r.client_key, r.id]));
      expect(retried).toMatchObject({ created: 0, alreadyRecorded: 300 });
      expect(again).toMatchObject({ created: 0, alreadyRecorded: 300 });
      expect(retried.decisions.map((d: { id: string }) => d.id)).toEqual(decisions.map((d) => idOf.get(d.clientKey)));
      expect(again.decisions).toEqual(retried.decisions);
      const audited = await observer.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'sharingDecision.recordBatch' AND after->'clientKeys' ? $1`, [decisions[0].clientKey]);
      expect(audited.rows[0].n).toBe(1);
      expect((await ledgerConsistency(observer)).rollupMismatches).toEqual([]);
    });

    it('records a signature once when the signatory retries after a timeout, and the retry says it is already signed', async () => {
      const draft = await compliantDraftAgreement(t, hospital, hospital, council, care, 'Retried signature ISP');
      const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, hospital.igLead.token)).submitForSignature;
      const input = { agreementId: draft.id, versionNumber: version.number, contentHash: version.contentHash };

      const lock = await holdAuditLock(observer);
      const first = fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${council.signatory.token}` },
        body: JSON.stringify({ query: SIGN, variables: { input } }),
        signal: AbortSignal.timeout(500),
      }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      await waitFor(async () => (await writesWaiting(observer)) === 1, 10_000, 'the signature in flight');
      expect(await first).toBe('TimeoutError');
      const retry = t.gql(SIGN, { input }, council.signatory.token);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await lock.release();
      const answer = await retry;
      expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('already signed') });

      const signatures = await observer.query(
        'SELECT s.organisation_id FROM agreement_signature s JOIN agreement_version v ON v.id = s.version_id WHERE v.agreement_id = $1',
        [draft.id],
      );
      expect(signatures.rows).toEqual([{ organisation_id: council.id }]);
      const audited = await observer.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'agreement.sign' AND entity_id = $1`, [draft.id]);
      expect(audited.rows[0].n).toBe(1);
      // The others sign as usual and it comes into force.
      ok(await t.gql(SIGN, { input }, hospital.signatory.token));
      expect(ok(await t.gql(SIGN, { input }, care.signatory.token)).signAgreement.agreement.status).toBe('ACTIVE');
    });
  });

  // The browser crashing between renders is in documents.e2e-spec.ts ("relaunches a crashed browser");
  // a render timing out is in pdf-renderer.e2e-spec.ts.
  describe('the PDF browser killed mid-render', () => {
    it('relaunches it and the render in flight still succeeds', async () => {
      const renderer = t.app.get(PdfRenderer);
      const pid = await renderer.browserProcessId();
      const long = `<h1>Long document</h1>${'<p>A paragraph of a long document, to keep the browser busy for a while.</p>'.repeat(5_000)}`;
      let finished = false;
      const rendering = renderer.render(long).finally(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(finished).toBe(false); // still rendering when the browser dies
      process.kill(pid!, 'SIGKILL');
      const pdf = await rendering;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await pdfPages(pdf))[0]).toContain('Long document');
      expect(await renderer.browserProcessId()).not.toBe(pid);
    });
  });
});
