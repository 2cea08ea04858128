import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compliantDraftAgreement, readyPartner } from './support/agreement-fixtures.js';
import { descendantsOf, isRunning, startAppProcess, type AppProcess } from './support/app-process.js';
import { freePort } from './support/own-postgres.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

const secrets = () => ({ TOKEN_SECRET: randomBytes(32).toString('hex'), CASE_REFERENCE_KEY: randomBytes(32).toString('hex'), AUDIT_KEY: randomBytes(32).toString('hex'), ADMIN_EMAIL, ADMIN_PASSWORD });

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** The error the start failed with (startAppProcess throws with the last lines the app printed). */
async function failedStart(env: Record<string, string>): Promise<string> {
  try {
    const app = await startAppProcess(env);
    await app.terminate(5000);
  } catch (error) {
    return String(error);
  }
  throw new Error('the app started');
}

async function expectServing(app: AppProcess): Promise<void> {
  const health = await fetch(`${app.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
}

/** The app killed as the OOM killer or `kill -9` kills it, then started again on the same embedded data directory. */
describe('a crash never blocks the next start', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  /** Whatever the test fails on, it leaves nothing of these running for the next run. */
  const leaveNoOrphans = (processes: { pid: number; command: string }[]) =>
    cleanups.push(() => {
      for (const p of processes) if (isRunning(p.pid)) process.kill(p.pid, p.command === 'postgres' ? 'SIGINT' : 'SIGKILL');
    });

  it('starts again on the same data directory after SIGKILL; Chromium and PostgreSQL go with the killed app', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accordant-crash-'));
    chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as its own user when we are root
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { ...secrets(), DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(await freePort()), EXPIRY_SWEEP_SECONDS: '0' };

    const first = await startAppProcess(env);
    cleanups.push(async () => void (await first.terminate(5000)));
    // A draft's PDF, so that Chromium is running too.
    const t = first as unknown as TestApp; // the fixtures only speak GraphQL
    const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care);
    const pdf = await fetch(`${first.url}/documents/agreements/${draft.id}/draft.pdf`, { headers: { authorization: `Bearer ${hospital.igLead.token}` } });
    expect(pdf.status).toBe(200);
    const children = descendantsOf(first.pid);
    const postgres = children.filter((p) => p.command === 'postgres');
    const chromium = children.filter((p) => /chrom|headless/i.test(p.command));
    expect(postgres.length).toBeGreaterThan(0);
    expect(chromium.length).toBeGreaterThan(0);
    leaveNoOrphans(children);

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The watchdog stops PostgreSQL once it sees the app gone (waited for here: a second start
    // racing it would stop the server itself, which the next test covers).
    expect(await waitUntil(() => postgres.every((p) => !isRunning(p.pid)), 10_000)).toBe(true);

    let second: AppProcess;
    try {
      second = await startAppProcess(env);
    } catch (error) {
      throw new Error(`the second start failed: ${String(error)}`);
    }
    cleanups.push(async () => void (await second.terminate(5000)));
    await expectServing(second);
    // What the first copy wrote is still there.
    expect(await second.login(hospital.igLead.email)).toEqual(expect.any(String));
    // Nothing the killed app started outlived it: Chromium read its commands from a pipe that
    // closed, and the watchdog had stopped PostgreSQL.
    expect(await waitUntil(() => children.every((p) => !isRunning(p.pid)), 10_000)).toBe(true);
    expect(second.logs().some((l) => /left running/.test(String(l.message)))).toBe(false);

    // Now the watchdog dies with the app (as when the whole process group is SIGKILLed but for
    // PostgreSQL): the server lives on, and the next start stops it.
    const secondChildren = descendantsOf(second.pid);
    const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(secondChildren.map((p) => p.pid)).toContain(postmaster);
    const watchdog = secondChildren.filter((p) => p.command === 'sh');
    expect(watchdog).toHaveLength(1);
    leaveNoOrphans(secondChildren);
    process.kill(watchdog[0].pid, 'SIGKILL');
    second.child.kill('SIGKILL');
    await second.exited;
    // Its sessions end with the app's connections; the server itself stays.
    expect(isRunning(postmaster)).toBe(true);

    const third = await startAppProcess(env);
    cleanups.push(async () => void (await third.terminate(5000)));
    await expectServing(third);
    expect(third.logs().some((l) => /left running by an earlier start/.test(String(l.message)))).toBe(true);
    expect(isRunning(postmaster)).toBe(false);
    expect(await third.login(hospital.igLead.email)).toEqual(expect.any(String));
    expect(await third.terminate()).toEqual({ code: 0, signal: null });
  });

  it('says in words that the embedded database port is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accordant-port-'));
    chmodSync(dataDir, 0o755);
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    const error = await failedStart({ ...secrets(), DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port), EXPIRY_SWEEP_SECONDS: '0' });
    expect(error).toContain(`port ${port} is in use by another program`);
    expect(error).not.toMatch(/^\s*undefined\s*$/m);
  });
});
