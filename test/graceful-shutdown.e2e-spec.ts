import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { compliantDraftAgreement, readyPartner } from './support/agreement-fixtures.js';
import { createUser } from './support/fixtures.js';
import { descendantsOf, isRunning, startAppProcess, type AppProcess } from './support/app-process.js';
import { freePort } from './support/own-postgres.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

const secrets = () => ({ TOKEN_SECRET: randomBytes(32).toString('hex'), CASE_REFERENCE_KEY: randomBytes(32).toString('hex'), AUDIT_KEY: randomBytes(32).toString('hex'), ADMIN_EMAIL, ADMIN_PASSWORD });

/**
 * A draft agreement whose PDF `readers` users of its lead organisation may download: each their
 * own, since a user has one render in flight at a time.
 */
async function draftToRender(app: AppProcess, readers: number): Promise<{ path: string; tokens: string[] }> {
  const t = app as unknown as TestApp; // the fixtures only speak GraphQL
  const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
  const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
  const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
  const draft = await compliantDraftAgreement(t, hospital, hospital, council, care);
  const tokens: string[] = [];
  for (let n = 1; n <= readers; n++) tokens.push((await createUser(t, hospital.id, `reader${n}@hospital.example`, ['PRACTITIONER'])).token);
  return { path: `/documents/agreements/${draft.id}/draft.pdf`, tokens };
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * The real `main.js` in its own process, stopped with SIGTERM as a container platform or a
 * process manager stops it.
 */
describe('graceful shutdown on SIGTERM', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('finishes the PDF renders in flight, takes no new connection, closes Chromium and its embedded PostgreSQL, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accordant-shutdown-'));
    chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as its own user when we are root
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const app = await startAppProcess({ ...secrets(), DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(await freePort()), PDF_POOL_SIZE: '1', EXPIRY_SWEEP_SECONDS: '0', SHUTDOWN_GRACE_SECONDS: '60' });
    cleanups.push(async () => void (await app.terminate(5000)));
    const port = Number(new URL(app.url).port);
    const { path, tokens } = await draftToRender(app, 3);

    // Three renders through a pool of one page take their turns: well over a second in all.
    const downloads = tokens.map((token) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(await waitUntil(() => descendantsOf(app.pid).some((p) => /chrom|headless/i.test(p.command)), 30_000)).toBe(true);
    const children = descendantsOf(app.pid);
    expect(children.some((p) => /chrom|headless/i.test(p.command))).toBe(true);
    expect(children.some((p) => p.command === 'postgres')).toBe(true);
    expect(children.some((p) => /chrom|headless/i.test(p.command))).toBe(true);

    const exit = app.terminate();
    expect(await waitUntil(() => app.logs().some((l) => String(l.message).startsWith('shutting down')), 5000)).toBe(true);
    expect(app.logs().find((l) => String(l.message).startsWith('shutting down'))?.requestsInFlight).toBeGreaterThanOrEqual(1);
    expect(await accepts(port)).toBe(false);

    for (const response of await Promise.all(downloads)) {
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(await exit).toEqual({ code: 0, signal: null });
    const messages = app.logs().map((l) => String(l.message));
    expect(messages).toContain('shut down cleanly');
    expect(messages.some((m) => m.startsWith('shutdown grace period over'))).toBe(false);
    // Nothing it started outlives it: no Chromium, no PostgreSQL.
    expect(await waitUntil(() => children.every((p) => !isRunning(p.pid)), 5000)).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('cuts the requests still running when the grace period is over, then closes and exits 0', async () => {
    const serverUrl = process.env.ACCORDANT_TEST_PG_URL!;
    const database = `accordant_shutdown_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });
    const app = await startAppProcess({ ...secrets(), DATABASE_URL: `${serverUrl}/${database}`, PDF_POOL_SIZE: '1', PDF_QUEUE_LIMIT: '40', EXPIRY_SWEEP_SECONDS: '0', SHUTDOWN_GRACE_SECONDS: '1' });
    cleanups.push(async () => void (await app.terminate(5000)));
    const { path, tokens } = await draftToRender(app, 40);

    // Forty renders in turn, one at a time, take far longer than the one second allowed, even on a
    // fast host. The app is stopped once the first is done, so the others have all reached it by
    // then: stopped as Chromium started, only the first six or eight had, and on a fast host those
    // finished inside the second.
    const downloads = tokens.map((token) =>
      fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (response) => response.status,
        () => 'cut' as const,
      ),
    );
    expect(await Promise.race(downloads)).toBe(200);
    const children = descendantsOf(app.pid);
    expect(children.some((p) => /chrom|headless/i.test(p.command))).toBe(true);
    const started = Date.now();
    expect(await app.terminate()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    const outcomes = await Promise.all(downloads);
    expect(outcomes).toContain('cut');
    expect(outcomes.every((o) => o === 200 || o === 'cut')).toBe(true);
    expect(app.logs().some((l) => String(l.message).startsWith('shutdown grace period over'))).toBe(true);
    expect(await waitUntil(() => children.every((p) => !isRunning(p.pid)), 5000)).toBe(true);
  });
});
