// `npm run bench:load`: a mixed workload held against ONE app instance for a few minutes (issue 8,
// "Load"): throughput, p50/p95/p99 and errors per kind of request and overall, which must be zero.
//  1. An embedded PostgreSQL (bench/graphql/postgres.ts) and the real app in a child process
//     (bench/graphql/app-server.ts: createApp, NODE_ENV=production, LOG_LEVEL=warn, its default
//     database pool and PDF pool), with its own temp folder for the Chromium it unpacks and starts.
//  2. Seeded through GraphQL with the e2e fixtures (bench/load/seed.ts): the partnership of
//     bench/ingest, an organisation admin, a draft to print, and ~200 ISPs submitted for signature.
//  3. 12 closed-loop clients at once (bench/load/load.ts, PLAN in plan.ts): 3 GraphQL readers
//     (sharingMetrics per agreement and per partnership, agreementHealth, agreements,
//     sharingDecisions, organisations), 3 practitioners recording decisions (every 100th request a
//     bulk of 100), 3 signatories signing the submitted versions by number and hash (pausing 1-3 s),
//     1 PDF client (stored version PDFs; every 8th a draft rendered afresh) and 2 browsers (the
//     sign-in form with its CSRF token, then the role's pages: /dashboard, /agreements,
//     /agreements/:id, /in-tray, the signing page, /decisions, /decisions/new, /organisation;
//     sign-out). A warm-up (default 20 s), then the measured window (default 180 s).
//  4. CPU of the app, its Chromium, PostgreSQL, this bench and everything else, from /proc.
//  5. Checks (bench/load/verify.ts): the ledger holds exactly the acknowledged decisions of this
//     run's client keys; every agreement all parties signed is ACTIVE; the audit chain verifies.
// The section "## Mixed load (bench/load)" of bench/RESULTS.md is rewritten with the figures.
// Exit code 1 on any error or failed check. Everything it starts is stopped at the end, also on failure.
//
// Quick trial (about 2 minutes in all; the figures are written to RESULTS.md all the same, so do
// not commit them):   LOAD_SECONDS=20 LOAD_WARMUP_SECONDS=5 LOAD_QUIET_WAIT_SECONDS=0 npm run bench:load
import 'reflect-metadata'; // the e2e fixtures it imports load the app's decorated classes
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfPages } from '../../test/support/pdf-text.js';
import { DEFAULT_PASSWORD } from '../../test/support/test-app.js';
import { BENCH_ADMIN, benchAppSettings, startChildServer } from '../graphql/child-server.js';
import { startTemporaryPostgres } from '../graphql/postgres.js';
import { benchChildren, boundedRun, must, revision, startCpu, waitForQuietMachine, writeResultsSection, type CpuSplit, type Run } from '../ingest/common.js';
import { DecisionFactory, prng } from '../ingest/decisions.js';
import { hostSpeedMs } from '../ingest/host-speed.js';
import { download, notAPdf } from '../pdf/load.js';
import { cmdlineOf, cpuBetween, cpuSnapshot, processesMatching } from '../pdf/processes.js';
import { sampleConnections, type ConnectionProfile } from './activity.js';
import { notThePage, Visitor } from './browser.js';
import { Recorder, roles, runMix, type LoadContext, type Tallies } from './load.js';
import { PLAN } from './plan.js';
import { HEADING, renderSection, type LoadResults } from './report.js';
import { seedLoad } from './seed.js';
import { verify } from './verify.js';

const { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } = BENCH_ADMIN;

async function main(run: Run): Promise<number> {
  const began = performance.now();
  const builtFrom = revision(); // others commit meanwhile: read it before anything runs
  run.log(`plan: ${PLAN.warmupSeconds} s warm-up, ${PLAN.measuredSeconds} s measured; ${PLAN.agreementsToSign} agreements to sign`);

  // The app's temp folder: @sparticuz/chromium unpacks into os.tmpdir() and puppeteer puts its
  // profiles there, so the machine's shared /tmp/chromium (other sessions' tests) is never touched.
  const appTmp = mkdtempSync(join(tmpdir(), 'accordant-bench-load-'));
  const killLeftovers = () => {
    const left = processesMatching(appTmp);
    for (const pid of left) {
      console.error(`killing leftover process ${pid}: ${cmdlineOf(pid).slice(0, 120)}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return left.length;
  };
  run.onCleanup('app temp folder', () => {
    killLeftovers();
    rmSync(appTmp, { recursive: true, force: true });
  });

  run.log('starting the embedded PostgreSQL');
  const postgres = await startTemporaryPostgres();
  run.onCleanup('PostgreSQL', () => postgres.stop());
  await postgres.createDatabase('accordant_bench');
  const databaseUrl = postgres.urlOf('accordant_bench');

  const settings = benchAppSettings(databaseUrl);
  run.log('starting the app');
  const app = await startChildServer('app', './app-server.js', { NODE_ENV: 'production', TMPDIR: appTmp, BENCH_APP_SETTINGS: JSON.stringify(settings) });
  run.onCleanup('app', async () => {
    await app.stop();
    if (killLeftovers() > 0) console.error('Chromium processes outlived the app');
  });
  const { appPid } = benchChildren();
  if (!appPid) throw new Error('the app process is not a child of the bench');
  const endpoint = `${app.url}/graphql`;

  run.log('seeding through GraphQL (the e2e fixtures)');
  const seedStarted = performance.now();
  const data = await seedLoad(endpoint, ADMIN_EMAIL, ADMIN_PASSWORD, databaseUrl, PLAN.agreementsToSign, PLAN.preparers, run.log);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const p = data.partnership;

  // Outside the measured time: the browser's first start, and each stored PDF's one render.
  run.log('first PDFs: the draft (starts Chromium) and the two ISPs\' version 1 (rendered once, then stored)');
  const token = p.hospital.igLead.token;
  const draft = await download(`${app.url}/documents/agreements/${data.draftId}/draft.pdf`, token);
  const draftInvalid = notAPdf(draft);
  if (draftInvalid) throw new Error(`draft.pdf: ${draftInvalid}`);
  const draftPages = (await pdfPages(draft.body)).length;
  const storedPdfs = [];
  for (const id of [p.ispA, p.ispB]) {
    const url = `${app.url}/documents/agreements/${id}/versions/1.pdf`;
    const first = await download(url, token);
    const again = await download(url, token);
    const invalid = notAPdf(first) ?? notAPdf(again);
    if (invalid) throw new Error(`versions/1.pdf of ${id}: ${invalid}`);
    if (!first.body.equals(again.body)) throw new Error(`versions/1.pdf of ${id} differs between two downloads: it is not stored`);
    storedPdfs.push({ url, body: first.body, bytes: first.body.length, pages: (await pdfPages(first.body)).length });
  }

  // Every page of the mix once, so a wrong route or marker fails here rather than after minutes.
  for (const role of roles(data)) {
    const visitor = new Visitor(app.url, PLAN.requestTimeoutMs);
    await visitor.signIn(role.email, DEFAULT_PASSWORD);
    for (const page of role.pages) {
      const problem = notThePage(await visitor.get(page.path), page.marker);
      if (problem) throw new Error(`${page.path} as the ${role.name}: ${problem}`);
    }
    await visitor.signOut();
  }
  const adminToken = (await must<{ login: { token: string } }>(endpoint, 'mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }))
    .login.token;

  const quiet = await waitForQuietMachine(run.log, PLAN.quietWaitSeconds);
  run.log(`machine ${(quiet.busy * 100).toFixed(0)}% busy before the load (waited ${Math.round(quiet.waitedSeconds)} s for other work)`);
  const hostSpeedBeforeMs = hostSpeedMs();
  run.log(`host speed: the reference workload took ${Math.round(hostSpeedBeforeMs)} ms`);

  // ---- the load ---------------------------------------------------------------------------
  const runId = randomBytes(4).toString('hex');
  const recorder = new Recorder();
  const tallies: Tallies = {
    decisionsAcknowledged: 0,
    decisionsUncertain: 0,
    singles: 0,
    bulks: 0,
    signedBy: new Map(),
    activatedByAnswer: new Set(),
    signersOutOfWork: 0,
    sessions: 0,
    draftPdfBytes: { min: Infinity, max: 0 },
  };
  const loadStart = performance.now();
  recorder.windowStart = loadStart + PLAN.warmupSeconds * 1000;
  recorder.windowEnd = recorder.windowStart + PLAN.measuredSeconds * 1000;
  const ctx: LoadContext = {
    baseUrl: app.url,
    data,
    factory: new DecisionFactory(p, runId, 20261122),
    storedPdfs,
    password: DEFAULT_PASSWORD,
    recorder,
    tallies,
    stopAt: recorder.windowEnd,
    random: prng(8),
  };
  run.log(`load: ${Object.entries(PLAN.clients).map(([group, n]) => `${n} ${group}`).join(', ')}; warm-up ${PLAN.warmupSeconds} s`);

  // The measured window's CPU and connection profile, started and ended on the clock.
  const window = new Promise<{ cpu: CpuSplit; chromiumSeconds: number; appSeconds: number; activity: ConnectionProfile }>(
    (resolve, reject) => {
      setTimeout(async () => {
        try {
          run.log(`measuring for ${PLAN.measuredSeconds} s`);
          const activity = await sampleConnections(databaseUrl, PLAN.activitySampleMs);
          const endCpu = startCpu();
          const tree = cpuSnapshot(appPid);
          const progress = setInterval(() => {
            const f = recorder.figures();
            run.log(`  ${f.overall.requests.toLocaleString('en-GB')} requests measured so far, errors ${f.overall.errors + f.overall.warmupErrors}`);
          }, 30_000);
          setTimeout(async () => {
            clearInterval(progress);
            const cpu = endCpu();
            const split = cpuBetween(tree, cpuSnapshot(appPid));
            resolve({ cpu, appSeconds: split.appSeconds, chromiumSeconds: split.chromiumSeconds, activity: await activity.stop() });
          }, Math.max(0, recorder.windowEnd - performance.now()));
        } catch (error) {
          reject(error);
        }
      }, Math.max(0, recorder.windowStart - performance.now()));
    },
  );
  await runMix(ctx);
  const measured = await window;
  const figures = recorder.figures();
  run.log(
    `done: ${figures.overall.requests.toLocaleString('en-GB')} requests in the window, ${figures.overall.perSecond.toFixed(1)}/s, ` +
      `p99 ${figures.overall.ms.p99.toFixed(0)} ms, errors ${figures.overall.errors} (+${figures.overall.warmupErrors} in the warm-up), answers from two snapshots ${figures.overall.skewed}`,
  );

  run.log('checking the ledger, the signed agreements and the audit chain');
  const verifyStarted = performance.now();
  const verification = await verify(endpoint, databaseUrl, data, tallies, runId, adminToken);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;

  const hostSpeedAfterMs = hostSpeedMs();
  run.log(`host speed after: the reference workload took ${Math.round(hostSpeedAfterMs)} ms`);
  const results: LoadResults = {
    hostSpeed: { beforeMs: hostSpeedBeforeMs, afterMs: hostSpeedAfterMs },
    revision: builtFrom,
    seedSeconds,
    prepareSeconds: data.prepareSeconds,
    agreementsToSign: data.toSign.length,
    draftPdf: { pages: draftPages, bytes: draft.body.length },
    storedPdfs: storedPdfs.map((s) => ({ pages: s.pages, bytes: s.bytes })),
    quiet,
    figures,
    cpu: { ...measured.cpu, appSeconds: measured.appSeconds, chromiumSeconds: measured.chromiumSeconds },
    activity: measured.activity,
    tallies,
    verification,
    verifySeconds,
    firstErrors: recorder.firstErrors,
    skewExamples: recorder.skewExamples,
    totalSeconds: (performance.now() - began) / 1000,
  };
  const section = renderSection(results);
  console.log(`\n${section}`);
  run.log(`written to ${writeResultsSection(HEADING, section)}`);

  const problems = [
    ...(figures.overall.errors + figures.overall.warmupErrors > 0
      ? [`${figures.overall.errors + figures.overall.warmupErrors} requests failed, e.g.:\n  ${recorder.firstErrors.slice(0, 8).join('\n  ')}`]
      : []),
    ...verification.problems,
  ];
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

boundedRun('bench:load', PLAN.watchdogSeconds, main);
