import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compliantDraftAgreement, readyPartner } from './support/agreement-fixtures.js';
import { descendantsOf, isRunning, startAppProcess, type AppProcess } from './support/app-process.js';
import { freePort } from './support/own-postgres.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

const secrets = () => ({ TOKEN_SECRET: randomBytes(32).toString('hex'), CASE_REFERENCE_KEY: randomBytes(32).toString('hex'), ADMIN_EMAIL, ADMIN_PASSWORD });

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

/** The app killed as the OOM killer or `kill -9` kills it, then started again on the same embedded data directory. */
describe('a crash never blocks the next start', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('starts again on the same data directory after SIGKILL, and takes Chromium down with the killed app', async () => {
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
    expect(children.some((p) => /chrom|headless/i.test(p.command))).toBe(true);
    const postgres = children.filter((p) => p.command === 'postgres');
    const chromium = children.filter((p) => /chrom|headless/i.test(p.command));
    expect(postgres.length).toBeGreaterThan(0);
    // Whatever this test fails on, it leaves no orphan behind for the next run.
    cleanups.push(() => {
      for (const p of children) if (isRunning(p.pid)) process.kill(p.pid, p.command === 'postgres' ? 'SIGINT' : 'SIGKILL');
    });

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    let second: AppProcess | undefined;
    try {
      second = await startAppProcess(env);
    } catch (error) {
      throw new Error(`the second start failed: ${String(error)}`);
    }
    cleanups.push(async () => void (await second!.terminate(5000)));
    const health = await fetch(`${second.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
    // What the first copy wrote is still there: the admin signs in again.
    expect(await second.adminToken()).toEqual(expect.any(String));
    // The orphaned server was stopped, not left beside the new one.
    expect(postgres.every((p) => !isRunning(p.pid))).toBe(true);
    expect(second.logs().some((l) => /left running/.test(String(l.message)))).toBe(true);
    // Chromium went with the killed app: it reads its commands from a pipe that closed.
    expect(await waitUntil(() => chromium.every((p) => !isRunning(p.pid)), 10_000)).toBe(true);
    expect(await second.terminate()).toEqual({ code: 0, signal: null });
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
