// The ingest results as a Markdown section of bench/RESULTS.md.
import { SAMPLE_EVERY_MS, type ActivityProfile } from './activity.js';
import { cpuCount, int, machineLine, ms, otherLoadNote, pct, secs, utcNow, type CpuSplit } from './common.js';
import { hostSpeedSentence } from './host-speed.js';
import { PLAN, type BulkRun, type IngestResults } from './plan.js';

export const HEADING = '## Ingest (bench/ingest)';
export const TARGETS = { bulkPerSecond: 20_000, singleP99Ms: 50 };

const metOrNot = (ok: boolean) => (ok ? '**met**' : '**not met**');

/** CPU seconds per 1,000 decisions. */
const per1000 = (seconds: number, decisions: number) => (seconds / decisions) * 1000;

/** How a bulk batch was sent, as the tables name it. */
const via = (v: BulkRun['figures']['via']) => (v === 'graphql' ? 'GraphQL' : 'NDJSON');

export function renderSection(r: IngestResults): string {
  const cpus = cpuCount();
  const best = [...r.bulk].sort((a, b) => b.figures.decisionsPerSecond - a.figures.decisionsPerSecond)[0];
  const [defaultPool, largerPool] = r.singles;
  const single = defaultPool.figures;
  const bulkMet = best.figures.decisionsPerSecond >= TARGETS.bulkPerSecond && best.figures.errors === 0;
  const singleMet = single.ms.p99 < TARGETS.singleP99Ms && single.errors === 0;
  const exact =
    r.check.metrics.decisions === r.check.sql.decisions &&
    r.check.metrics.shared === r.check.sql.shared &&
    r.check.metrics.partiallyShared === r.check.sql.partiallyShared &&
    r.check.metrics.notShared === r.check.sql.notShared;
  const label = (b: BulkRun) => `${via(b.figures.via)} ${int(b.figures.batchSize)} × ${b.figures.clients}`;

  // What the CPUs alone would allow at the cost the server (app and PostgreSQL) paid in the best configuration.
  const bestCpu = best.cpu.appSeconds + best.cpu.postgresSeconds;
  const ceiling = cpus / (bestCpu / best.figures.created);
  const appShare = best.cpu.appSeconds / (best.cpu.appSeconds + best.cpu.postgresSeconds);

  return [
    HEADING,
    '',
    `Command: \`npm run bench:ingest\`, ${utcNow()} UTC; the whole run took ${Math.round(r.totalSeconds)} s.`,
    `Machine: ${machineLine()} Code: ${r.revision}. Before measuring, the machine was ${pct(r.quiet.busy)} busy with other work; before each phase the bench waits ` +
      `(up to ${PLAN.quietWaitPerPhaseSeconds / 60} min) for other sessions' work to stop${r.quiet.waitedSeconds > 20 ? `, ${Math.round(r.quiet.waitedSeconds)} s in all this time` : ''}. ` +
      hostSpeedSentence(r.hostSpeed),
    '',
    ...[
      otherLoadNote(
        [...r.bulk.map((b) => ({ name: `bulk ${label(b)}`, cpu: b.cpu })), ...r.singles.map((x) => ({ name: `single, pool ${x.pool}`, cpu: x.cpu }))],
        cpus,
      ),
    ].flatMap((note) => (note ? [note, ''] : [])),
    'The real app (`createApp`, as `main.ts` builds it) runs in a child process with NODE_ENV=production, LOG_LEVEL=warn, ' +
      'EXPIRY_SWEEP_SECONDS=0 and its default pool of 10 connections, on a throwaway embedded PostgreSQL 18 (fsync, synchronous_commit ' +
      'and full_page_writes off; otherwise default settings) started by `bench/graphql/postgres.ts`. The partnership is the e2e ' +
      `fixture's (\`test/support/partnership-fixture.ts\`, run over HTTP, ${secs(r.seedSeconds)}): an ICB's protocol and two signed ISPs ` +
      'between a hospital, a council and a care provider. Each call is made with the bearer token of a practitioner of the disclosing organisation.',
    '',
    '### Against the targets (DESIGN.md, "Non-functional targets")',
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    `| bulk recording ≥ ${int(TARGETS.bulkPerSecond)} decisions/s | best ${int(best.figures.decisionsPerSecond)} decisions/s (${via(best.figures.via)}, batches of ${int(best.figures.batchSize)}, ${best.figures.clients} client${best.figures.clients > 1 ? 's' : ''}) | ${metOrNot(bulkMet)} |`,
    `| single decision p99 < ${TARGETS.singleP99Ms} ms at ${single.clients} concurrent clients (the app's default pool of ${defaultPool.pool} connections) | ${singleCell(defaultPool)} | ${metOrNot(singleMet)} |`,
    `| the same with DATABASE_POOL_SIZE=${largerPool.pool} (a setting, no code change) | ${singleCell(largerPool)} | ${metOrNot(largerPool.figures.ms.p99 < TARGETS.singleP99Ms && largerPool.figures.errors === 0)} |`,
    `| (check) partnership \`sharingMetrics\` equals the ledger | ${int(r.check.metrics.decisions)} = ${int(r.check.sql.decisions)} decisions, shared/partial/not shared equal too | ${exact ? '**exact**' : '**differs**'} |`,
    '',
    '### Bulk: GraphQL `recordSharingDecisions` and NDJSON `POST /ledger/decisions`',
    '',
    `${int(PLAN.decisionsPerBulkRun)} new decisions per configuration (after a warm-up of ${PLAN.bulkWarmupBatches} batches of 1,000), sent as GraphQL batches or as NDJSON files of one decision per line, one configuration after another on the same, growing ledger. ` +
      'Request bodies are serialised before the clock starts; each client sends its next batch when the previous answer has arrived; every answer must report the whole batch created. ' +
      'Decisions/s = decisions created / wall time of the configuration. CPU is from /proc: the app process, the PostgreSQL server with all its backends, and this bench process.',
    '',
    '| way, batch × clients | decisions/s | wall | batch p50 | batch p95 | batch max | errors | request size | CPU per 1,000 decisions: app | PostgreSQL | bench | machine busy | of which other processes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.bulk.map(
      (b) =>
        `| ${label(b)} | **${int(b.figures.decisionsPerSecond)}** | ${secs(b.figures.wallSeconds)} | ${ms(b.figures.batchMs.p50)} | ${ms(b.figures.batchMs.p95)} | ${ms(b.figures.batchMs.max)} | ${b.figures.errors} | ` +
        `${(b.figures.requestBytes / 1024 / 1024).toFixed(2)} MiB | ${per1000(b.cpu.appSeconds, b.figures.created).toFixed(3)} s | ${per1000(b.cpu.postgresSeconds, b.figures.created).toFixed(3)} s | ` +
        `${per1000(b.cpu.benchSeconds, b.figures.created).toFixed(3)} s | ${pct(b.cpu.machineBusySeconds / (b.cpu.wallSeconds * cpus))} | ${pct(b.cpu.otherSeconds / (b.cpu.wallSeconds * cpus))} |`,
    ),
    '',
    `Per decision, the best configuration cost ${int((best.cpu.appSeconds / best.figures.created) * 1e6)} µs of CPU in the app and ` +
      `${int((best.cpu.postgresSeconds / best.figures.created) * 1e6)} µs in PostgreSQL (the app's share: ${pct(appShare)}), plus ` +
      `${int((best.cpu.benchSeconds / best.figures.created) * 1e6)} µs in the bench client. At the server's cost the ${cpus} CPUs, fully busy with nothing else, would allow at most ` +
      `about **${int(ceiling)} decisions/s**${ceiling < TARGETS.bulkPerSecond ? `, below the target: on this machine the target needs the work per decision cut by at least ${pct(1 - ceiling / TARGETS.bulkPerSecond)}, not more concurrency` : ''}.`,
    '',
    '### Where the time goes: the app\'s database connections',
    '',
    `pg_stat_activity sampled every ~${SAMPLE_EVERY_MS} ms during each run (application_name \`accordant\`, the app's pool): what each connection was doing, ` +
      'in connection-samples as a share of all non-idle samples (the sampler itself cost ' +
      `${r.samplerCpuPerSecond.toFixed(3)} CPU-seconds per second, PostgreSQL and this process together). "idle in transaction" is a connection held open in a transaction while the app works in ` +
      'JavaScript between two statements (building rows, computing flags, mapping the result) or queries on another connection; time outside any transaction (GraphQL parsing, validation of ' +
      "the input objects, serialising the answer) does not appear here, only in the app's CPU above.",
    '',
    ...activityTable([
      ...r.bulk.map((b) => ({ name: label(b), activity: b.activity, cpu: b.cpu })),
      ...r.singles.map((x) => ({ name: `single × ${x.figures.clients}, pool ${x.pool}`, activity: x.activity, cpu: x.cpu })),
    ]),
    '',
    ...profileSection(r),
    '',
    '### Single: `recordSharingDecision`',
    '',
    `${single.clients} clients in a closed loop (each sends its next decision when the previous answer has arrived), ${PLAN.singleWarmupSeconds} s warm-up then ${PLAN.singleSeconds} s measured, ` +
      `hospital, council and care-provider practitioners in turn, each decision built (and serialised) just before it is sent. A request unanswered after ${PLAN.singleTimeoutMs / 1000} s counts as an error. ` +
      `Before them, the tables the bulk phases filled were vacuumed and analysed (\`VACUUM (ANALYZE)\`, ${r.vacuumSeconds.toFixed(1)} s), as autovacuum would do in the minutes after a bulk load, so the first single phase does not pay for it. ` +
      'First with the app as it starts by default, then restarted on the same database with a larger connection pool.',
    '',
    '| app pool | clients | decisions | decisions/s | p50 | p95 | p99 | max | errors (of which unanswered) | flagged by the app | CPU per decision: app | PostgreSQL | machine busy | of which other processes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.singles.map(
      (x) =>
        `| ${x.pool} | ${x.figures.clients} | ${int(x.figures.completed)} | **${int(x.figures.perSecond)}** | ${ms(x.figures.ms.p50)} | ${ms(x.figures.ms.p95)} | **${ms(x.figures.ms.p99)}** | ${ms(x.figures.ms.max)} | ` +
        `${x.figures.errors} (${x.figures.timeouts}) | ${pct(x.figures.flagged / Math.max(1, x.figures.completed))} | ` +
        `${perDecisionMs(x.cpu.appSeconds, x.figures.completed)} | ${perDecisionMs(x.cpu.postgresSeconds, x.figures.completed)} | ${pct(x.cpu.machineBusySeconds / (x.cpu.wallSeconds * cpuCount()))} | ${pct(x.cpu.otherSeconds / (x.cpu.wallSeconds * cpuCount()))} |`,
    ),
    '',
    ...r.singles.flatMap((x) => {
      const f = x.figures;
      if (f.completed === 0) return [];
      const cpuMs = ((x.cpu.appSeconds + x.cpu.postgresSeconds + x.cpu.benchSeconds) / f.completed) * 1000;
      const total = [...x.activity.byLabel.values()].reduce((a, b) => a + b, 0);
      const share = (test: (label: string) => boolean) => [...x.activity.byLabel.entries()].filter(([l]) => test(l)).reduce((a, [, n]) => a + n, 0) / Math.max(1, total);
      return [
        `Pool ${x.pool}: ${f.clients} closed-loop clients at ${int(f.perSecond)} decisions/s wait ${ms((f.clients / f.perSecond) * 1000)} per decision on average (Little's law; measured mean ${ms(f.ms.mean)}). ` +
          `Each decision cost ${cpuMs.toFixed(2)} ms of CPU (app, PostgreSQL and this client), so the ${cpuCount()} CPUs allow at most about ${int((cpuCount() / cpuMs) * 1000)} decisions/s, ` +
          `i.e. a mean of at least ${ms((f.clients * cpuMs) / cpuCount())} at ${f.clients} clients. Of the busy connection samples, ${pct(share((l) => l.includes('advisory')))} waited on the audit log's advisory lock ` +
          "(taken by the database function `audit_append` at the end of each recording's statement and held until commit, so every recording in the app queues behind the one before) and " +
          `${pct(share((l) => l.includes('transactionid')))} on rows locked by another transaction. ` +
          `The machine was ${pct(x.cpu.machineBusySeconds / (x.cpu.wallSeconds * cpuCount()))} busy: ${x.cpu.machineBusySeconds / (x.cpu.wallSeconds * cpuCount()) < 0.85 ? 'the queue for the lock, not the CPUs, set the pace' : 'the CPUs were (nearly) saturated as well'}.`,
        '',
      ];
    }),
    ...r.singles.flatMap((x) =>
      x.figures.errors > 0 && !(x.stuck && x.figures.timeouts > 0)
        ? [`Pool ${x.pool}: ${x.figures.errors} errors, e.g. ${x.figures.firstErrors.map((e) => `\`${e.slice(0, 200)}\``).join('; ')}.`, '']
        : [],
    ),
    ...r.singles.flatMap((x) =>
      x.stuck && x.figures.timeouts > 0
        ? [
            `**Pool ${x.pool}: the app stopped answering${x.failedInWarmup ? ' already in the warm-up' : ''}.** ${x.figures.timeouts} of ${x.figures.errors} failed requests had no answer after ${PLAN.singleTimeoutMs / 1000} s. ` +
              `The app's connections in pg_stat_activity right after: ${x.stuck.map((c) => `${c.connections} \`${c.state}\` (last statement \`${c.lastStatement.trim().slice(0, 70)}\`${c.oldestTransactionSeconds !== null ? `, transaction open ${Math.round(c.oldestTransactionSeconds)} s` : ''})`).join('; ')}. ` +
              'Connections "idle in transaction" while requests go unanswered are transactions waiting on something outside the database; with the whole pool ' +
              'in that state, the usual cause is code inside a transaction asking the same, exhausted pool for a second connection (node-postgres waits for one without a ' +
              'time limit), which leaves the app stuck until it is restarted.',
            '',
          ]
        : [],
    ),
    '### Correctness',
    '',
    `\`sharingMetrics(partnershipId)\` over the last 24 months, as the ICB's commissioner: ${int(r.check.metrics.decisions)} decisions ` +
      `(${int(r.check.metrics.shared)} shared, ${int(r.check.metrics.partiallyShared)} partially, ${int(r.check.metrics.notShared)} not shared); ` +
      `\`SELECT count(*) … FROM sharing_decision WHERE agreement_id = ANY(protocol, ISP A, ISP B)\` or under no agreement by a member of the partnership: ${int(r.check.sql.decisions)} ` +
      `(${int(r.check.sql.shared)}, ${int(r.check.sql.partiallyShared)}, ${int(r.check.sql.notShared)}): ${exact ? '**equal**' : '**not equal**'}. ` +
      `The ledger holds ${int(r.check.ledgerRows)} decisions: the ${int(r.check.recordedByBench)} the bench recorded (warm-ups included) and the fixture's 12; ` +
      `${int(r.check.underAgreements)} under an agreement, ${int(r.check.flagged)} (${pct(r.check.flagged / r.check.ledgerRows)}) flagged by the app. ` +
      `Afterwards: ${int(r.check.rollupRows)} rollup rows; ${r.check.tableSizes.map((t) => `${t.table} ${t.size}`).join(', ')}.`,
    '',
    '### The decisions',
    '',
    'Built by `bench/ingest/decisions.ts` from a seeded PRNG, all valid: 58% routine individual care on implied consent (a fifth with the seven key questions answered), ' +
      '10% explicit consent, 8% partially shared, 10% not shared (40% of them after consent was refused or withdrawn), 4% safeguarding shares on a public-interest override ' +
      '(Caldicott Guardian), 4% where the person lacks capacity, 3% bulk statutory returns (20–5,000 records, MESH), and about 3% the app flags (standard email, implied consent ' +
      'outside individual care, special category with no Article 9 condition). Hospital and council decisions go 70% along an ISP flow (either ISP), 4% under an ISP ' +
      'with no such flow, 2% under the draft protocol, the rest under no agreement; the care provider has no outgoing flow, so most of its decisions are under no agreement. ' +
      'Decisions under an agreement are dated after the ISPs became active; those under none spread over the last 12 months. Minutes from request to decision are log-normal ' +
      '(median 40, long tail to 10 days), so the minutes histogram in the rollups fills as it would in use. Half carry a case reference (stored as its HMAC).',
    '',
  ].join('\n');
}

function perDecisionMs(seconds: number, decisions: number): string {
  return decisions > 0 ? `${((seconds / decisions) * 1000).toFixed(2)} ms` : 'n/a';
}

function singleCell(x: IngestResults['singles'][number]): string {
  const f = x.figures;
  return `${f.completed > 0 ? `p99 ${ms(f.ms.p99)} (p50 ${ms(f.ms.p50)}, p95 ${ms(f.ms.p95)}), ${int(f.perSecond)} decisions/s, ` : ''}${f.errors} errors${f.timeouts ? ` (${f.timeouts} unanswered: the app deadlocked)` : ''}`;
}

function profileSection(r: IngestResults): string[] {
  const { figures, summary } = r.profile;
  const single = r.singleProfile;
  const per = (msValue: number, decisions: number) => `${int((msValue / Math.max(1, decisions)) * 1000)} µs`;
  const singleBusy = single.summary.busyMs;
  const singleOrigin = new Map(single.summary.byOrigin.map((o) => [o.origin, o.ms]));
  const origins = summary.byOrigin.slice(0, 14).map((o) => o.origin);
  for (const o of single.summary.byOrigin.slice(0, 10)) if (!origins.includes(o.origin)) origins.push(o.origin);
  const bulkOrigin = new Map(summary.byOrigin.map((o) => [o.origin, o.ms]));
  return [
    '### Where the time goes: a CPU profile of the app',
    '',
    `The app restarted (pool ${PLAN.largerPool}) under V8's sampling profiler (\`node --cpu-prof\`, 250 µs interval): first ${int(figures.created)} decisions (${via(figures.via)}) in batches of ${int(figures.batchSize)} ` +
      `from ${figures.clients} client(s), ${int(figures.decisionsPerSecond)} decisions/s under the profiler; then the single load, ${single.figures.clients} clients for ${PLAN.profiledSingleSeconds} s, ` +
      `${int(single.figures.completed)} decisions (${int(single.figures.perSecond)}/s). Only the samples inside each window count (not start-up). In the bulk window (${secs(summary.windowMs / 1000)}) the app's ` +
      `main thread was busy ${pct(summary.busyMs / Math.max(1, summary.windowMs))} of the time, ${per(summary.busyMs, figures.created)} per decision; in the single window ` +
      `${pct(singleBusy / Math.max(1, single.summary.windowMs))}, ${per(singleBusy, single.figures.completed)} per decision. Self time by where the code comes from:`,
    '',
    '| code | bulk: self time | share | per decision | single: share | per decision |',
    '| --- | --- | --- | --- | --- | --- |',
    ...origins.map((o) => {
      const b = bulkOrigin.get(o) ?? 0;
      const x = singleOrigin.get(o) ?? 0;
      return `| ${o} | ${int(b)} ms | ${pct(b / summary.busyMs)} | ${per(b, figures.created)} | ${pct(x / Math.max(1, singleBusy))} | ${per(x, single.figures.completed)} |`;
    }),
    '',
    'Bulk, inclusive time under some recognisable stages (a sample counts once per stage; stages overlap where one calls another):',
    '',
    '| stage | inclusive time | share of busy time |',
    '| --- | --- | --- |',
    ...summary.stages.map((x) => `| ${x.stage} | ${int(x.ms)} ms | ${pct(x.ms / summary.busyMs)} |`),
    '',
    'Top functions by self time, bulk then single:',
    '',
    '| load | function | code | self time | share |',
    '| --- | --- | --- | --- | --- |',
    ...summary.topFunctions.slice(0, 10).map((f) => `| bulk | \`${f.name.replace(/\|/g, '\\|')}\` | ${f.origin} | ${int(f.ms)} ms | ${pct(f.ms / summary.busyMs)} |`),
    ...single.summary.topFunctions.slice(0, 10).map((f) => `| single | \`${f.name.replace(/\|/g, '\\|')}\` | ${f.origin} | ${int(f.ms)} ms | ${pct(f.ms / Math.max(1, singleBusy))} |`),
    '',
  ];
}

function activityTable(runs: { name: string; activity: ActivityProfile; cpu: CpuSplit }[]): string[] {
  const labels = new Map<string, number>();
  for (const run of runs) {
    const total = [...run.activity.byLabel.values()].reduce((a, b) => a + b, 0);
    for (const [l, n] of run.activity.byLabel) labels.set(l, Math.max(labels.get(l) ?? 0, n / total));
  }
  const shown = [...labels.entries()].filter(([, share]) => share >= 0.01).sort((a, b) => b[1] - a[1]).map(([l]) => l);
  const rows = shown.map((l) => {
    const cells = runs.map((run) => {
      const total = [...run.activity.byLabel.values()].reduce((a, b) => a + b, 0);
      const share = (run.activity.byLabel.get(l) ?? 0) / Math.max(1, total);
      return share >= 0.005 ? pct(share) : '–';
    });
    return `| ${l} | ${cells.join(' | ')} |`;
  });
  const busy = runs.map((run) => {
    const total = [...run.activity.byLabel.values()].reduce((a, b) => a + b, 0);
    return (total / Math.max(1, run.activity.samples)).toFixed(2);
  });
  return [
    `| connection state (share of busy samples) | ${runs.map((r) => r.name).join(' | ')} |`,
    `| --- | ${runs.map(() => '---').join(' | ')} |`,
    ...rows,
    `| mean busy app connections per sample | ${busy.join(' | ')} |`,
  ];
}
