import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { compliantDraftAgreement, readyPartner } from './support/agreement-fixtures.js';
import { startAppProcess, type AppProcess } from './support/app-process.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './support/test-app.js';

const PDF_MODULES = /\/node_modules\/(puppeteer-core|@sparticuz\/chromium)\//;

/**
 * The real `main.js` in its own process, with a loader hook that lists every module it imports:
 * puppeteer-core and @sparticuz/chromium are not among them until the first PDF is asked for.
 */
describe('the PDF browser library', () => {
  const folder = mkdtempSync(join(tmpdir(), 'accordant-module-log-'));
  const moduleLog = join(folder, 'modules.log');
  const loaded = () => readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean);
  const database = `accordant_lazy_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${process.env.ACCORDANT_TEST_PG_URL}/postgres` });
  let app: AppProcess;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    app = await startAppProcess({
      DATABASE_URL: `${process.env.ACCORDANT_TEST_PG_URL}/${database}`,
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      CASE_REFERENCE_KEY: randomBytes(32).toString('hex'),
      AUDIT_KEY: randomBytes(32).toString('hex'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      EXPIRY_SWEEP_SECONDS: '0',
      NODE_OPTIONS: `--import ${pathToFileURL(resolve('test/support/module-log.register.mjs')).href}`,
      ACCORDANT_MODULE_LOG: moduleLog,
    });
  }, 180_000);
  afterAll(async () => {
    await app?.terminate(5000);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is not loaded when the app starts, only when the first PDF is asked for', async () => {
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    // The log is complete: the app itself and its framework are in it.
    expect(loaded().some((url) => url.endsWith('/src/main.js'))).toBe(true);
    expect(loaded().some((url) => url.includes('/node_modules/@nestjs/core/'))).toBe(true);
    expect(loaded().filter((url) => PDF_MODULES.test(url))).toEqual([]);

    const t = app as unknown as TestApp; // the fixtures only speak GraphQL
    const hospital = await readyPartner(t, 'Northshire General Hospital NHS Trust', 'hospital');
    const council = await readyPartner(t, 'Northshire County Council', 'council', { sector: 'LOCAL_AUTHORITY' });
    const care = await readyPartner(t, 'Brightwater Home Care Ltd', 'care', { sector: 'CARE_PROVIDER' });
    const draft = await compliantDraftAgreement(t, hospital, hospital, council, care);
    expect(loaded().filter((url) => PDF_MODULES.test(url))).toEqual([]);

    const response = await fetch(`${app.url}/documents/agreements/${draft.id}/draft.pdf`, { headers: { authorization: `Bearer ${hospital.igLead.token}` } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(loaded().some((url) => url.includes('/node_modules/puppeteer-core/'))).toBe(true);
  }, 180_000);

  it('logs one line for each request, GraphQL included', async () => {
    // The request log is a plain middleware placed before the routes (and GraphQL moved ahead of them).
    const requests = () => app.logs().filter((line) => line.message === 'request');
    // A line is written when the response has been handed over, and read from the process's output: it may follow the response.
    for (let waited = 0; !requests().some((line) => String(line.path).endsWith('/draft.pdf')) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(requests()).toContainEqual(expect.objectContaining({ method: 'POST', path: '/graphql', status: 200 }));
    expect(requests()).toContainEqual(expect.objectContaining({ method: 'GET', path: '/health', status: 200 }));
    expect(requests()).toContainEqual(expect.objectContaining({ method: 'GET', path: expect.stringMatching(/\/draft\.pdf$/), status: 200 }));
  });
});
