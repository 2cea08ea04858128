// The mixed-load results as the "## Mixed load (bench/load)" section of bench/RESULTS.md.
import { cpuCount, int, machineLine, ms, otherLoadNote, pct, secs, utcNow, type CpuSplit } from '../ingest/common.js';
import { hostSpeedSentence, type HostSpeed } from '../ingest/host-speed.js';
import type { ConnectionProfile } from './activity.js';
import type { Figures, KindFigures, Tallies } from './load.js';
import { groupOf, KINDS, PLAN, READ_WEIGHTS, type Kind } from './plan.js';
import type { Verification } from './verify.js';

export const HEADING = '## Mixed load (bench/load)';

export interface LoadResults {
  revision: string;
  seedSeconds: number;
  prepareSeconds: number;
  agreementsToSign: number;
  draftPdf: { pages: number; bytes: number };
  storedPdfs: { pages: number; bytes: number }[];
  quiet: { busy: number; waitedSeconds: number };
  hostSpeed: HostSpeed;
  figures: { kinds: KindFigures[]; overall: Figures };
  /** appSeconds: the app process alone; chromiumSeconds: the browser it started, with its renderers. */
  cpu: CpuSplit & { chromiumSeconds: number };
  activity: ConnectionProfile;
  tallies: Tallies;
  verification: Verification;
  verifySeconds: number;
  firstErrors: string[];
  skewExamples: string[];
  totalSeconds: number;
}

const GROUPS = ['reads', 'decisions', 'signatures', 'PDFs', 'pages'] as const;
const kib = (bytes: number) => `${int(bytes / 1024)} KiB`;

export function renderSection(r: LoadResults): string {
  const cpus = cpuCount();
  const { kinds, overall } = r.figures;
  const window = PLAN.measuredSeconds;
  const c = PLAN.clients;
  const v = r.verification;
  const errors = overall.errors + overall.warmupErrors;
  const groupTotal = (g: (typeof GROUPS)[number]) => kinds.filter((k) => groupOf(k.kind) === g).reduce((n, k) => n + k.requests, 0);
  const decisionsInWindow =
    (kinds.find((k) => k.kind === 'recordSharingDecision')?.requests ?? 0) + PLAN.bulkSize * (kinds.find((k) => k.kind === 'recordSharingDecisions (bulk of 100)')?.requests ?? 0);
  const share = (seconds: number) => pct(seconds / (r.cpu.wallSeconds * cpus));
  const perRequest = (seconds: number) => ms((seconds / Math.max(1, overall.requests)) * 1000);
  const busyClients = c.reads + c.decisions + c.pdfs + c.pages;
  const slowing = kinds.filter((k) => k.requests >= 50 && k.p50LastFifth > 1.5 * k.p50FirstFifth && k.p50LastFifth - k.p50FirstFifth > 10);
  const slowest = [...kinds].filter((k) => k.requests > 0).sort((a, b) => b.ms.p99 - a.ms.p99);
  const row = (name: string, f: Figures, bold = false) => {
    const b = (text: string) => (bold ? `**${text}**` : text);
    return (
      `| ${b(name)} | ${b(int(f.requests))} | ${b(f.perSecond.toFixed(f.perSecond < 10 ? 2 : 1))} | ${ms(f.ms.p50)} | ${ms(f.ms.p95)} | ${b(ms(f.ms.p99))} | ${ms(f.ms.max)} | ` +
      `${ms(f.p50FirstFifth)} → ${ms(f.p50LastFifth)} | ` +
      `${b(String(f.errors + f.warmupErrors))} | ${f.skewed || (groupOf(name as Kind) === 'reads' ? '0' : '')} |`
    );
  };
  const activityRows = [...r.activity.byLabel.entries()].sort((a, b) => b[1] - a[1]);
  const busySamples = activityRows.reduce((n, [, count]) => n + count, 0);
  const lockWaits = activityRows.filter(([label]) => label.includes('waiting on a lock')).reduce((n, [, count]) => n + count, 0);

  return [
    HEADING,
    '',
    `Command: \`npm run bench:load\`, ${utcNow()} UTC; the whole run took ${Math.round(r.totalSeconds)} s. ` +
      `Quick trial: \`LOAD_SECONDS=20 LOAD_WARMUP_SECONDS=5 LOAD_QUIET_WAIT_SECONDS=0 npm run bench:load\` (figures not comparable).`,
    `Machine: ${machineLine()} Code: ${r.revision}. Before the load the machine was ${pct(r.quiet.busy)} busy with other work` +
      `${r.quiet.waitedSeconds > 10 ? ` (the bench waited ${Math.round(r.quiet.waitedSeconds)} s for other sessions' work to calm down)` : ''}. ` +
      hostSpeedSentence(r.hostSpeed),
    '',
    ...[otherLoadNote([{ name: 'the measured window', cpu: r.cpu }], cpus)].flatMap((note) => (note ? [note, ''] : [])),
    'One instance of the real app (`createApp`, in a child process: NODE_ENV=production, LOG_LEVEL=warn, EXPIRY_SWEEP_SECONDS=0, ' +
      `its default pool of 10 database connections and of ${cpus} PDF pages in one Chromium) on a throwaway embedded PostgreSQL 18 ` +
      '(`bench/graphql/postgres.ts`: fsync, synchronous_commit and full_page_writes off, otherwise defaults). Seeded through GraphQL with the e2e fixtures ' +
      `in ${secs(r.seedSeconds)}: the partnership of bench/ingest (an ICB's protocol; two signed ISPs between a hospital, a council and a care provider, ` +
      'each with an IG lead, a signatory and a practitioner; a commissioner at the ICB), an ORG_ADMIN of the care provider, a compliant ISP draft ' +
      `(${r.draftPdf.pages} A4 pages, ${kib(r.draftPdf.bytes)}) and **${int(r.agreementsToSign)} ISPs under the protocol submitted for signature** ` +
      `(compliantDraftAgreement, parent protocol, SUBMIT: ${secs(r.prepareSeconds)}). Before the load, Chromium was started by a first draft render and the two ISPs' version 1 PDFs ` +
      `(${r.storedPdfs.map((s) => `${s.pages} pages, ${kib(s.bytes)}`).join('; ')}) were rendered once and stored; every page of the mix was opened once.`,
    '',
    '### The mix',
    '',
    `${c.reads + c.decisions + c.signers + c.pdfs + c.pages} closed-loop clients at once, each sending its next request when the previous answer has arrived (the signatories pause first), ` +
      `${PLAN.warmupSeconds} s of warm-up then **${window} s measured**; a request counts in the figures if it started in the measured window. Every answer is checked, and anything else is an error: ` +
      'GraphQL data without errors and of the expected shape (12 or 24 months, a full first page), a bulk wholly created, a whole PDF (the stored one byte for byte), a 200 HTML page showing what that page must show.',
    '',
    '| clients | who, with what | requests measured | share |',
    '| --- | --- | --- | --- |',
    `| ${c.reads} readers | GraphQL with bearer tokens, a random read each time: ${Object.entries(READ_WEIGHTS).map(([k, w]) => `${k} ${w}%`).join(', ')}; metrics and health as the commissioner (12 months for an ISP, 24 for the partnership), agreements as the hospital's IG lead, sharingDecisions as its practitioner, organisations as the council's IG lead; first pages of 20 | ${int(groupTotal('reads'))} | ${pct(groupTotal('reads') / overall.requests)} |`,
    `| ${c.decisions} practitioners | hospital, council, care provider: \`recordSharingDecision\` from bench/ingest's DecisionFactory (realistic, valid, ~3% flagged), every ${PLAN.bulkEvery}th request \`recordSharingDecisions\` with ${PLAN.bulkSize} | ${int(groupTotal('decisions'))} (${int(decisionsInWindow)} decisions, ${(decisionsInWindow / window).toFixed(0)}/s) | ${pct(groupTotal('decisions') / overall.requests)} |`,
    `| ${c.signers} signatories | one of each party, down the submitted versions in the same order, pausing ${PLAN.signPauseMs.min / 1000}–${PLAN.signPauseMs.max / 1000} s before each \`signAgreement\` (version number and content hash); the third signature of a version makes the agreement ACTIVE | ${int(groupTotal('signatures'))} | ${pct(groupTotal('signatures') / overall.requests)} |`,
    `| ${c.pdfs} PDF client | the hospital's IG lead: \`GET /documents/agreements/{id}/versions/1.pdf\` of the two ISPs (stored), every ${PLAN.draftPdfEvery}th request \`…/draft.pdf\` of the draft (rendered each time) | ${int(groupTotal('PDFs'))} | ${pct(groupTotal('PDFs') / overall.requests)} |`,
    `| ${c.pages} browsers | sign in through the form (GET /sign-in for the \`_csrf\` field and its cookie, POST), ${PLAN.pagesPerSession} pages of the role, sign out; roles: commissioner 30% (/dashboard), practitioner 25% (/decisions, /decisions/new), IG lead 20% (/agreements, /agreements/{ISP}), signatory 15% (/in-tray, the signing page of an ISP), organisation admin 10% (/organisation) | ${int(groupTotal('pages'))} (${int(r.tallies.sessions)} sessions in all) | ${pct(groupTotal('pages') / overall.requests)} |`,
    '',
    `### Figures (the ${window} s measured)`,
    '',
    `"p50, first → last fifth" is the median of the requests started in the first and in the last ${Math.round(window / 5)} s of the window: a rise shows a path that slows as the data grows under the load (the ledger gains ~${int(decisionsInWindow / 5)} decisions a fifth).`,
    '',
    '| request | requests | req/s | p50 | p95 | p99 | max | p50, first → last fifth | errors | answers from two snapshots |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...KINDS.map((kind) => row(kind, kinds.find((k) => k.kind === kind)!)),
    row('all requests', overall, true),
    '',
    `Errors: **${errors}**${overall.warmupErrors ? ` (${overall.warmupErrors} of them in the warm-up)` : ''}${errors ? ': ' + r.firstErrors.slice(0, 5).map((e) => `\`${e.replace(/`/g, "'").slice(0, 200)}\``).join('; ') : ''}.`,
    '',
    ...(overall.skewed > 0
      ? [
          `**Answers from two snapshots: ${int(overall.skewed)}** (warm-up included; not counted as errors, the requests succeeded): parts of one answer that must agree did not, by about the decisions committed meanwhile. ` +
            `The two causes found before are fixed: \`sharingMetrics\` reads its months, totals and minutes-to-decision in one statement, and \`paginate()\` reads a page and its total in one READ ONLY REPEATABLE READ transaction. ` +
            `So these are a new fault, to be found: ${r.skewExamples.map((e) => `\`${e}\``).join('; ')}.`,
          '',
        ]
      : []),
    `The ${busyClients} clients that never pause (all but the signatories) had a request in flight all the time: at ${overall.perSecond.toFixed(0)} requests/s, ` +
      `about ${ms((busyClients / Math.max(1, overall.perSecond - groupTotal('signatures') / window)) * 1000)} a request on average (Little's law). ` +
      `Slowest at p99: ${slowest.slice(0, 3).map((k) => `${k.kind} (${ms(k.ms.p99)})`).join(', ')}.` +
      (slowing.length
        ? ` Slower at the end than at the start (median up by half or more while the rest of the mix was ${ms(overall.p50FirstFifth)} → ${ms(overall.p50LastFifth)}): ${slowing.map((k) => `${k.kind} (${ms(k.p50FirstFifth)} → ${ms(k.p50LastFifth)})`).join(', ')}.`
        : ' No kind of request slowed by half or more between the first and the last fifth of the window.'),
    '',
    '### CPU in the measured window',
    '',
    '| process | CPU seconds | share of the CPUs | per request |',
    '| --- | --- | --- | --- |',
    `| the app (Node) | ${r.cpu.appSeconds.toFixed(1)} | ${share(r.cpu.appSeconds)} | ${perRequest(r.cpu.appSeconds)} |`,
    `| its Chromium (browser and renderers) | ${r.cpu.chromiumSeconds.toFixed(1)} | ${share(r.cpu.chromiumSeconds)} | ${perRequest(r.cpu.chromiumSeconds)} |`,
    `| PostgreSQL (all backends) | ${r.cpu.postgresSeconds.toFixed(1)} | ${share(r.cpu.postgresSeconds)} | ${perRequest(r.cpu.postgresSeconds)} |`,
    `| this bench (the ${c.reads + c.decisions + c.signers + c.pdfs + c.pages} clients) | ${r.cpu.benchSeconds.toFixed(1)} | ${share(r.cpu.benchSeconds)} | ${perRequest(r.cpu.benchSeconds)} |`,
    `| everything else on the machine | ${r.cpu.otherSeconds.toFixed(1)} | ${share(r.cpu.otherSeconds)} | |`,
    `| **the machine, busy** | ${r.cpu.machineBusySeconds.toFixed(1)} of ${(r.cpu.wallSeconds * cpus).toFixed(0)} | **${share(r.cpu.machineBusySeconds)}** | |`,
    '',
    r.cpu.machineBusySeconds / (r.cpu.wallSeconds * cpus) > 0.9
      ? `The CPUs were saturated (${share(r.cpu.machineBusySeconds)} busy${r.cpu.otherSeconds / (r.cpu.wallSeconds * cpus) > 0.05 ? `, ${share(r.cpu.otherSeconds)} of them by other work` : ''}): every latency above includes waiting for a CPU, in the app's event loop, in PostgreSQL or in Chromium.`
      : `The CPUs were ${share(r.cpu.machineBusySeconds)} busy: not saturated.`,
    '',
    `The app's database connections, sampled every ${PLAN.activitySampleMs} ms from pg_stat_activity (${int(r.activity.samples)} samples): on average ` +
      `${(busySamples / Math.max(1, r.activity.samples)).toFixed(1)} of the 10 were busy (running a statement or inside a transaction), ` +
      `${pct(lockWaits / Math.max(1, busySamples))} of that waiting on a lock. Most seen: ` +
      activityRows
        .slice(0, 6)
        .map(([label, count]) => `${label.replace(/`/g, "'")} ${pct(count / Math.max(1, busySamples))}`)
        .join('; ') +
      '.',
    '',
    '### Checks after the load',
    '',
    `| check | | |`,
    '| --- | --- | --- |',
    `| decisions in the ledger under this run's client keys = decisions the app acknowledged (warm-up included) | ${int(v.ledger.rows)} = ${int(v.ledger.acknowledged)}${v.ledger.uncertain ? ` (+${int(v.ledger.uncertain)} in failed requests)` : ''} | ${v.ledger.exact ? '**exact**' : '**differs**'} |`,
    `| every agreement signed by all three parties is ACTIVE, through the API and in the tables, and exactly one \`signAgreement\` answer said so | ${int(v.signing.fullySigned)} signed by all: ${int(v.signing.activeThroughApi)} ACTIVE through the API, ${int(v.signing.activeInTables)} in the tables (version 1 ACTIVE too), ${int(v.signing.activatedByAnswer)} answers saying ACTIVE | ${v.signing.fullySigned === v.signing.activeThroughApi && v.signing.fullySigned === v.signing.activeInTables && v.signing.fullySigned === v.signing.activatedByAnswer ? '**yes**' : '**no**'} |`,
    `| the others still await signatures, with exactly the signatures acknowledged | ${int(v.signing.partlySigned)} partly signed (the signatories drift apart), ${int(v.signing.unsigned)} not reached; ${int(v.signing.signatureRows)} signature rows for ${int(v.signing.signaturesAcknowledged)} acknowledged | ${v.signing.problems.length === 0 ? '**yes**' : `**no**: ${v.signing.problems.slice(0, 3).join('; ')}`} |`,
    `| \`auditChainVerification\` as the SYSTEM_ADMIN (${secs(r.verifySeconds)} for all the checks) | ${int(v.audit.entriesChecked)} entries re-hashed of ${int(v.audit.rows)} in audit_entry | ${v.audit.valid && v.audit.entriesChecked === v.audit.rows ? '**valid**' : `**invalid**: ${v.audit.reason}`} |`,
    '',
    r.tallies.signersOutOfWork > 0
      ? `${r.tallies.signersOutOfWork} signator${r.tallies.signersOutOfWork > 1 ? 'ies' : 'y'} ran out of versions to sign before the end: the signature figures cover less than the whole window.`
      : `No signatory ran out of versions to sign (${int(r.agreementsToSign)} were prepared).`,
    '',
  ].join('\n');
}
