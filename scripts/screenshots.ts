// `npm run screenshots`: the pictures in the README and docs/screens.md, made from the demo.
//  1. The built app (dist/src/main.js) with the demo partnership (DEMO_DATA=true), in a throwaway
//     data folder with its own embedded PostgreSQL, on free ports.
//  2. In headless Chromium (launched as test/support/browser.ts does), signed in through the sign-in page:
//     the commissioner's dashboard, and the hospital IG lead's new draft agreement, partly filled
//     in through GraphQL with the demo's own sections, so its task list shows blockers and warnings.
//  3. docs/images/dashboard.png and docs/images/drafting.png, 1024 px wide.
// Everything it starts is stopped and the data folder removed, also on failure.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { dischargeSections } from '../src/demo/demo-content.js';
import { DEMO_PASSWORD } from '../src/demo/demo-password.js';
import { unpackedChromium } from '../src/documents/chromium-binary.js';
import { freePort } from '../test/support/own-postgres.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)); // from dist/scripts/
const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
const IMAGES = join(ROOT, 'docs', 'images');
/** A desktop layout with little empty margin beside the page's 960 px column. */
const WIDTH = 1024;
/** Where each picture ends: enough to show what the page is for, short enough to take in at a glance. */
const UNTIL = { dashboard: 'dl[aria-labelledby="figures-title"]', drafting: '#sections' };
const START_TIMEOUT_MS = 240_000;

const COMMISSIONER = 'commissioner@northshire-icb.demo';
const HOSPITAL_IG_LEAD = 'ig@northshire-hospital.demo';

interface App {
  url: string;
  child: ChildProcess;
}

async function startDemoApp(dataDir: string): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
      NODE_ENV: 'development',
      DEMO_DATA: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_DB_PORT: String(await freePort()),
      SCHEMA_FILE: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited before serving:\n${output.join('').slice(-3000)}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`the app did not serve within ${START_TIMEOUT_MS / 1000} s:\n${output.join('').slice(-3000)}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * A new ISP under the demo protocol, led by the hospital with the council and the care provider,
 * filled in with the demo's discharge sections except retention and the DPIA, and with the care
 * package flow sent by ordinary email: a draft mid-way, with blockers and warnings to fix.
 */
async function draftAgreement(url: string): Promise<string> {
  const { login } = await gql<{ login: { token: string } }>(url, 'mutation ($input: LoginInput!) { login(input: $input) { token } }', {
    input: { email: HOSPITAL_IG_LEAD, password: DEMO_PASSWORD },
  });
  const token = login.token;
  const { agreements } = await gql<{ agreements: { edges: { node: { id: string; kind: string } }[] } }>(
    url,
    '{ agreements(first: 20) { edges { node { id kind } } } }',
    {},
    token,
  );
  const protocol = agreements.edges.map((e) => e.node).find((a) => a.kind === 'PROTOCOL');
  if (!protocol) throw new Error('the demo protocol was not found');
  const { organisations } = await gql<{ organisations: { edges: { node: { id: string; name: string } }[] } }>(
    url,
    '{ organisations(first: 20) { edges { node { id name } } } }',
    {},
    token,
  );
  const idOf = (word: string) => {
    const found = organisations.edges.find((e) => e.node.name.includes(word));
    if (!found) throw new Error(`no demo organisation named ${word}`);
    return found.node.id;
  };
  const [hospital, council, care] = [idOf('Hospital'), idOf('Council'), idOf('Brightwater')];
  const { createAgreement } = await gql<{ createAgreement: { id: string; draftRevision: number } }>(
    url,
    'mutation ($input: CreateAgreementInput!) { createAgreement(input: $input) { id draftRevision } }',
    {
      input: {
        kind: 'ISP',
        title: 'Hospital at home ISP (demo)',
        parentProtocolId: protocol.id,
        parties: [hospital, council, care].map((organisationId) => ({ organisationId, role: 'CONTROLLER' })),
      },
    },
    token,
  );
  const nextReview = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const { retention: _retention, dpia: _dpia, ...sections } = dischargeSections(hospital, council, care, nextReview) as unknown as Record<string, unknown> & {
    dataFlows: Record<string, unknown>[];
  };
  sections.dataFlows = sections.dataFlows.map((flow, i) => (i === 1 ? { ...flow, transferMethod: 'STANDARD_EMAIL' } : flow));
  await gql(
    url,
    'mutation ($input: UpdateAgreementDraftInput!) { updateAgreementDraft(input: $input) { draftRevision } }',
    { input: { agreementId: createAgreement.id, expectedRevision: createAgreement.draftRevision, ...sections } },
    token,
  );
  return createAgreement.id;
}

/** The page from its top to just below the first element matching `until`. */
async function shoot(page: Page, path: string, until: string): Promise<void> {
  const bottom = await page.$eval(until, (e) => e.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path, type: 'png', clip: { x: 0, y: 0, width: WIDTH, height: Math.ceil(bottom) + 16 } });
  console.log(`${path}: ${Math.round(statSync(path).size / 1024)} KB`);
}

/** A page of its own (an incognito context), signed in through the sign-in form as a person would. */
async function signedInPage(browser: Browser, url: string, email: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: WIDTH, height: 900 });
  await page.emulateTimezone('Europe/London');
  await page.goto(`${url}/sign-in`, { waitUntil: 'load' });
  await page.type('#email', email);
  await page.type('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button[type="submit"]')]);
  if (new URL(page.url()).pathname === '/sign-in') throw new Error(`signing in as ${email} failed`);
  return page;
}

async function main(): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'accordant-screenshots-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when we are root and must reach the data folder
  let app: App | undefined;
  let browser: Browser | undefined;
  try {
    console.log('starting the app with the demo partnership…');
    app = await startDemoApp(dataDir);
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH || (await unpackedChromium()),
      headless: 'shell',
      env: { ...process.env, LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' }, // dates in inputs as a UK user sees them
      args: ['--lang=en-GB', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-zygote', '--disable-background-networking', '--no-first-run'],
    });

    const commissioner = await signedInPage(browser, app.url, COMMISSIONER);
    await commissioner.goto(`${app.url}/dashboard`, { waitUntil: 'networkidle0' });
    await shoot(commissioner, join(IMAGES, 'dashboard.png'), UNTIL.dashboard);

    const draftId = await draftAgreement(app.url);
    const igLead = await signedInPage(browser, app.url, HOSPITAL_IG_LEAD);
    await igLead.goto(`${app.url}/agreements/${draftId}`, { waitUntil: 'networkidle0' });
    await shoot(igLead, join(IMAGES, 'drafting.png'), UNTIL.drafting);
  } finally {
    await browser?.close();
    if (app) await stop(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
