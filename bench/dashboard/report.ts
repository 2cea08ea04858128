// The dashboard results as a Markdown section of bench/RESULTS.md.
import { cpuCount, int, machineLine, ms, otherLoadNote, pct, secs, utcNow } from '../ingest/common.js';
import { hostSpeedSentence } from '../ingest/host-speed.js';
import type { DashboardResults, PhaseRun } from './run.js';

export const HEADING = '## Dashboards over 10 million decisions (bench/dashboard)';
/** DESIGN.md: the reads over 10 million decisions, and the dashboard page (not only its GraphQL read). */
export const TARGETS = { agreementP95Ms: 50, partnershipP95Ms: 100, pageP95Ms: 100 };

const RUNS_HEADER = [
  'run',
  'code',
  'host speed before measuring',
  'agreement p95, 4 clients',
  'CPU per agreement request, 4 clients: app + PostgreSQL',
  'partnership p95, 1 / 4 clients',
  'CPU per partnership request, 4 clients',
  'full page p95, 1 / 4 clients',
];

/** What the section keeps from the one it replaces: the rows of its runs table, and the side-by-side comparison. */
export interface PreviousRuns {
  rows: string[];
  kept: string[];
}

const cellsOf = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

export function previousRuns(section: string): PreviousRuns {
  const lines = section.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| run | code |'));
  const rows: string[] = [];
  if (header !== -1) {
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      const cells = cellsOf(line);
      cells[0] = cells[0].replace(' (this section)', '');
      while (cells.length < RUNS_HEADER.length) cells.push('–');
      rows.push(`| ${cells.join(' | ')} |`);
    }
  }
  const side = lines.findIndex((line) => line.startsWith('### Side by side'));
  const sideEnd = lines.findIndex((line, i) => i > side && line.startsWith('### '));
  const kept = side === -1 ? [] : lines.slice(side, sideEnd === -1 ? undefined : sideEnd);
  return { rows, kept };
}

const metOrNot = (ok: boolean) => (ok ? '**met**' : '**not met**');

export function renderSection(r: DashboardResults, previous: PreviousRuns = { rows: [], kept: [] }): string {
  const months = r.phases.partnership[0]?.figures.name.match(/(\d+) months/)?.[1] ?? '24';
  const ok = (runs: PhaseRun[]) => runs.every((x) => x.figures.errors === 0 && !x.figures.stoppedByDeadline);
  const allExact = r.exact.every((e) => e.metrics.decisions === e.sql.decisions && e.metrics.shared === e.sql.shared && e.metrics.partiallyShared === e.sql.partiallyShared && e.metrics.notShared === e.sql.notShared);
  const insert = r.chunks.reduce((s, c) => s + c.insertSeconds, 0);
  const rollups = r.chunks.reduce((s, c) => s + c.rollupSeconds, 0);
  const cpus = cpuCount();
  const phaseRows = (runs: PhaseRun[], target: number | null) =>
    runs.map(
      ({ figures: f, cpu }) =>
        `| ${f.name} | ${f.concurrency} | ${int(f.completed)} | ${f.errors} | ${f.perSecond.toFixed(1)} | ${ms(f.ms.p50)} | **${ms(f.ms.p95)}** | ${ms(f.ms.p99)} | ${ms(f.ms.max)} | ` +
        `${target === null ? '–' : metOrNot(f.ms.p95 < target && f.errors === 0)} | ${(((cpu.appSeconds / Math.max(1, f.completed)) * 1000)).toFixed(1)} ms | ${(((cpu.postgresSeconds / Math.max(1, f.completed)) * 1000)).toFixed(1)} ms | ` +
        `${pct(cpu.machineBusySeconds / (cpu.wallSeconds * cpus))} | ${pct(cpu.otherSeconds / (cpu.wallSeconds * cpus))} |`,
    );
  const minutesRows = r.sizes.byDimension.find((d) => d.dimension === 'minutesToDecision')?.rows ?? 0;
  const allPhases = [...r.phases.agreement, ...r.phases.partnership, ...r.phases.health, ...r.phases.page, ...r.phases.firstView, ...r.phases.csv];
  const at = (runs: PhaseRun[], c: number) => runs.find((x) => x.figures.concurrency === c);
  const bare = (n: number | undefined) => (n === undefined ? '–' : ms(n).replace(' ms', ''));
  const cpuOf = (x: PhaseRun | undefined) =>
    x ? `${((x.cpu.appSeconds / Math.max(1, x.figures.completed)) * 1000).toFixed(1)} + ${((x.cpu.postgresSeconds / Math.max(1, x.figures.completed)) * 1000).toFixed(1)} ms` : '–';
  const thisRun = [
    `${utcNow()} UTC (this section)`,
    r.revision,
    `${Math.round(r.hostSpeed.beforeMs)} ms`,
    at(r.phases.agreement, 4) ? ms(at(r.phases.agreement, 4)!.figures.ms.p95) : '–',
    cpuOf(at(r.phases.agreement, 4)),
    `${bare(at(r.phases.partnership, 1)?.figures.ms.p95)} / ${bare(at(r.phases.partnership, 4)?.figures.ms.p95)} ms`,
    cpuOf(at(r.phases.partnership, 4)),
    `${bare(at(r.phases.page, 1)?.figures.ms.p95)} / ${bare(at(r.phases.page, 4)?.figures.ms.p95)} ms`,
  ];

  return [
    HEADING,
    '',
    `Command: \`npm run bench:dashboard\`, ${utcNow()} UTC; the whole run took ${Math.round(r.totalSeconds / 60)} min (${Math.round(r.totalSeconds)} s).`,
    `Machine: ${machineLine()} Code: ${r.revision}. The machine was ${pct(r.quietBefore.busy)} busy with other work before generating and ${pct(r.quiet.busy)} before measuring` +
      `${r.quietBefore.waitedSeconds + r.quiet.waitedSeconds > 20 ? ` (the bench waited ${Math.round(r.quietBefore.waitedSeconds + r.quiet.waitedSeconds)} s in all for other sessions' work to finish)` : ''}. ` +
      hostSpeedSentence(r.hostSpeed),
    '',
    ...[otherLoadNote(allPhases.map((x) => ({ name: `${x.figures.name} at concurrency ${x.figures.concurrency}`, cpu: x.cpu })), cpus)].flatMap(
      (note) => (note ? [note, ''] : []),
    ),
    `${(r.freeBytesBefore / 1024 ** 3).toFixed(0)} GiB were free in the temp folder (20 GB needed), so ${int(r.plannedDecisions)} decisions were planned and ${int(r.decisions)} generated` +
      `${r.scaledDown ? ' (**scaled down** from 10,000,000 to fit the disk)' : ''}${r.stoppedByBudget ? `; **generation stopped by its time budget at ${int(r.decisions)}**` : ''}. ` +
      'The real app runs in a child process (NODE_ENV=production, LOG_LEVEL=warn, EXPIRY_SWEEP_SECONDS=0, its default pool of 10 connections) on a throwaway embedded ' +
      'PostgreSQL 18 (`bench/graphql/postgres.ts`: fsync, synchronous_commit and full_page_writes off; shared_buffers, work_mem and the planner settings at their defaults, ' +
      'as in the docker-compose stack; max_wal_size 8GB and checkpoint_timeout 30min for the bulk load only). Every measured request is a GraphQL POST with the bearer token of the ' +
      "partnership's commissioner (a COMMISSIONER at the ICB that leads the protocol), asking for every field of `SharingMetrics` the dashboard shows.",
    '',
    '### Against the targets (DESIGN.md, "Non-functional targets")',
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...r.phases.agreement.map(
      (x) =>
        `| per-agreement metrics p95 < ${TARGETS.agreementP95Ms} ms (\`sharingMetrics(agreementId)\`, 12 months), ${x.figures.concurrency} client${x.figures.concurrency > 1 ? 's' : ''} | ` +
        `p95 ${ms(x.figures.ms.p95)} (p50 ${ms(x.figures.ms.p50)}, p99 ${ms(x.figures.ms.p99)}) | ${metOrNot(x.figures.ms.p95 < TARGETS.agreementP95Ms && ok([x]))} |`,
    ),
    ...r.phases.partnership.map(
      (x) =>
        `| partnership monthly metrics p95 < ${TARGETS.partnershipP95Ms} ms (\`sharingMetrics(partnershipId)\`, ${months} months by month), ${x.figures.concurrency} client${x.figures.concurrency > 1 ? 's' : ''} | ` +
        `p95 ${ms(x.figures.ms.p95)} (p50 ${ms(x.figures.ms.p50)}, p99 ${ms(x.figures.ms.p99)}) | ${metOrNot(x.figures.ms.p95 < TARGETS.partnershipP95Ms && ok([x]))} |`,
    ),
    ...r.phases.page.map(
      (x) =>
        `| full dashboard page p95 < ${TARGETS.pageP95Ms} ms (\`GET /dashboard\` as the commissioner, the partnership, ${r.pageRange.from} to ${r.pageRange.to}, charts drawn on the server), ` +
        `${x.figures.concurrency} client${x.figures.concurrency > 1 ? 's' : ''} | p95 ${ms(x.figures.ms.p95)} (p50 ${ms(x.figures.ms.p50)}, max ${ms(x.figures.ms.max)}) | ${metOrNot(x.figures.ms.p95 < TARGETS.pageP95Ms && ok([x]))} |`,
    ),
    ...r.phases.firstView.map(
      (x) =>
        `| full dashboard page p95 < ${TARGETS.pageP95Ms} ms, the first view of a period (\`GET /dashboard\` as above, each request a partnership and from/to never asked for before, so every chart is drawn afresh), ` +
        `${x.figures.concurrency} client${x.figures.concurrency > 1 ? 's' : ''} | p95 ${ms(x.figures.ms.p95)} (p50 ${ms(x.figures.ms.p50)}, max ${ms(x.figures.ms.max)}) | ${metOrNot(x.figures.ms.p95 < TARGETS.pageP95Ms && ok([x]))} |`,
    ),
    `| (check) metrics equal COUNTs on sharing_decision | ${r.exact.length} scopes compared | ${allExact ? '**exact**' : '**differs**'} |`,
    '',
    'Runs of this bench over time (the host\'s speed drifts between runs; the side-by-side comparison below holds it still):',
    '',
    `| ${RUNS_HEADER.join(' | ')} |`,
    `| ${RUNS_HEADER.map(() => '---').join(' | ')} |`,
    ...previous.rows,
    `| ${thisRun.join(' | ')} |`,
    '',
    ...(previous.kept.length ? [...previous.kept, ...(previous.kept.at(-1) === '' ? [] : [''])] : []),
    '### The data',
    '',
    `5 partnerships (\`bench/dashboard/seed.ts\`, through GraphQL with the e2e fixtures in ${secs(r.seedSeconds)}): each an ICB, a hospital trust, a council and a care provider, ` +
      "the ICB's PROTOCOL with all four as parties, signed by all four (ACTIVE), and 10 ISPs under it between three of the four, each submitted and signed by all three (ACTIVE): 55 agreements, 50 of them with decisions. " +
      `${int(r.decisions)} decisions decided from ${r.firstMonth} to now (${r.lastMonth}), ${int(r.perAgreement.min)} to ${int(r.perAgreement.max)} per ISP (mean ${int(r.perAgreement.mean)}), about 5% under no agreement. ` +
      `They are generated in SQL (\`bench/dashboard/generate.ts\`: generate_series over ${r.routes} routes: each ISP's two data flows, a direction with no flow, and routes under no agreement), ` +
      'with the practice mix of bench/ingest (routine care 58%, explicit consent, partial, not shared, safeguarding overrides, lacks capacity, bulk statutory returns, a few flagged; ' +
      'minutes from request to decision log-normal, median 40, up to 10 days), valid for every CHECK constraint and naming existing organisations, practitioners, agreements, versions and flows. ' +
      "Flags are those the app's rules (decision-flags.ts) give under the version in force; the ISPs were really signed today, so the app itself would also have flagged the older decisions AGREEMENT_NOT_ACTIVE.",
    '',
    `Generating took **${Math.round(r.generationSeconds)} s** (${(r.generationSeconds / 60).toFixed(1)} min) in ${r.chunks.length} chunks of up to ${int(Math.max(...r.chunks.map((c) => c.decisions)))}, ` +
      `two at a time on two connections (the two CPUs), each one transaction: the INSERT … SELECT from generate_series (${secs(insert / r.chunks.length)} a chunk on average, ` +
      'run with `session_replication_role = replica`, which skips the six foreign-key lookups a row but not the CHECK constraints: every referencing value is copied from the ' +
      `route table, whose references were checked first, and the whole ledger was checked again afterwards: ${r.dangling === 0 ? 'no' : `**${r.dangling}**`} reference to a missing row), then the app's own ` +
      `\`addToRollups(em, ids)\` from \`dist/src/monitoring/metrics/decision-rollups.js\` on the chunk's ids (${secs(rollups / r.chunks.length)} a chunk on average), ` +
      `with the foreign-key triggers back on, as \`recordBatch\` does after its INSERT. Then \`VACUUM (ANALYZE)\` of the rollups and the ledger, as a database in use would be (and so autovacuum had no 8 GB table to work through while queries were timed): ${secs(r.vacuumSeconds)}. ` +
      `Database ${r.sizes.database}: sharing_decision (its monthly partitions) and sharing_decision_key ${r.sizes.sharingDecision} with their indexes, decision_rollup ${r.sizes.decisionRollup} (${int(r.sizes.rollupRows)} rows), partnership_rollup ${r.sizes.partnershipRollup} (${int(r.sizes.partnershipRollupRows)} rows: the same summed over each partnership's agreements and organisations).`,
    '',
    `Rollup rows by dimension: ${r.sizes.byDimension.map((d) => `${d.dimension} ${int(d.rows)}`).join(', ')}. The minutes-to-decision histogram is ${pct(minutesRows / Math.max(1, r.sizes.rollupRows))} of the table: ` +
      'one row per `minutes_bucket` (about a hundred) per agreement, month and disclosing organisation.',
    '',
    '### Query latency over HTTP',
    '',
    `Closed loop: each client sends its next request when the previous answer has arrived; a warm-up first (${r.phases.agreement.length ? 'discarded' : ''}). ` +
      'Per-agreement requests pick one of the 50 ISPs and a 12-month window within the 24 at random; partnership requests pick one of the 5 protocols, all 24 months. ' +
      'Every answer must have data and no errors, a non-zero total and one byMonth entry per month. ' +
      `The pages: each partnership's commissioner signed in once through the sign-in form (its CSRF token and session cookie, as \`test/support/http-browser.ts\` does), then ` +
      `\`GET /dashboard?partnership=…&from=${r.pageRange.from}&to=${r.pageRange.to}\` (no other filter) for a random partnership with that browser's cookie, timed until the whole HTML ` +
      '(health, figures and every chart drawn as SVG on the server) has arrived; it must be a 200 naming the partnership with a chart and no error summary. ' +
      'A chart is drawn once per distinct figures and kept (`src/web/charts/chart-svg.renderer.ts`), so after the warm-up these pages mostly reuse drawings, as commissioners reading the same quarter do; ' +
      '"first view of a period" asks each time for a partnership and a from/to (any of the 24 months) not asked for before, so every chart on it is drawn afresh. The same for `/dashboard.csv`. ' +
      'CPU per request from /proc: the app process, and PostgreSQL with all its backends.',
    '',
    '| query | concurrency | requests | errors | req/s | p50 | p95 | p99 | max | target | CPU per request: app | PostgreSQL | machine busy | of which other processes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...phaseRows(r.phases.agreement, TARGETS.agreementP95Ms),
    ...phaseRows(r.phases.partnership, TARGETS.partnershipP95Ms),
    ...phaseRows(r.phases.health, null),
    ...phaseRows(r.phases.page, TARGETS.pageP95Ms),
    ...phaseRows(r.phases.firstView, TARGETS.pageP95Ms),
    ...phaseRows(r.phases.csv, null),
    '',
    ...(() => {
      const busy = allPhases.filter((x) => x.autovacuum > 0);
      return busy.length ? [`Autovacuum was running during ${busy.map((x) => `${x.figures.name} at concurrency ${x.figures.concurrency}`).join(', ')}.`, ''] : ['No autovacuum worker was running at the start or end of any phase.', ''];
    })(),
    ...[...r.phases.agreement, ...r.phases.partnership, ...r.phases.page]
      .filter((x) => x.figures.concurrency > 1 && x.figures.completed > 0)
      .map((x) => {
        const cpuMs = ((x.cpu.appSeconds + x.cpu.postgresSeconds) / x.figures.completed) * 1000;
        const ceiling = (cpus / cpuMs) * 1000;
        return (
          `${x.figures.name} at concurrency ${x.figures.concurrency}: each request cost ${cpuMs.toFixed(1)} ms of CPU (app and PostgreSQL), so the ${cpus} CPUs serve at most about ` +
          `${ceiling.toFixed(0)} a second and ${x.figures.concurrency} closed-loop clients wait at least ${ms((x.figures.concurrency / ceiling) * 1000)} on average (measured mean ${ms(x.figures.ms.mean)}).`
        );
      })
      .flatMap((line) => [line, '']),
    '### The rollup queries on their own',
    '',
    "The app's `MetricsQueries` (metrics.queries.ts), called directly on the bench's own connections (a prepared statement, as the app sends it), each repeated " +
      `${r.rollupQueries.length ? 20 : 0} times; the plan and the rollup rows read are from \`EXPLAIN (ANALYZE, BUFFERS)\` of the very SQL it sent. Its one statement reads every figure (months, ` +
      'dimensions and the minutes histogram, in one snapshot) from decision_rollup for an agreement or partnership_rollup for a partnership, with the names of the flows\' organisations and ' +
      'the incidents of the months; a metrics request sends it after the bearer token\'s check, the scope\'s (one statement) and a fold of any pending decisions (none here): 3 statements in all. ' +
      '"Rows returned" counts month rows, dimension rows and the timing row.',
    '',
    '| scope | query | median | p95 | rows returned | rollup rows read | plan |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.rollupQueries.map((q) => `| ${q.scope} | \`${q.query}\` | ${ms(q.medianMs)} | ${ms(q.p95Ms)} | ${int(q.rowsReturned)} | ${q.rollupRowsRead === null ? 'n/a' : int(q.rollupRowsRead)} | ${q.plan} |`),
    '',
    ...(() => {
      const slowest = [...r.rollupQueries].sort((a, b) => b.medianMs - a.medianMs)[0];
      return slowest
        ? [
            `The slowest is \`${slowest.query}\` for the ${slowest.scope.split(',')[0]}: ${ms(slowest.medianMs)} on its own, reading ${slowest.rollupRowsRead === null ? 'n/a' : int(slowest.rollupRowsRead)} rollup rows ` +
              `(${slowest.plan.split(' (')[0]}) to return ${int(slowest.rowsReturned)}.`,
            '',
          ]
        : [];
    })(),
    '### Exactness',
    '',
    'All months, the metrics against `SELECT count(*), count(*) FILTER (WHERE outcome = …) FROM sharing_decision WHERE agreement_id = ANY(…)` (for a partnership, also the decisions its members made under no agreement):',
    '',
    '| scope | metrics: decisions / shared / partially / not shared | ledger COUNT | |',
    '| --- | --- | --- | --- |',
    ...r.exact.map((e) => {
      const same = e.metrics.decisions === e.sql.decisions && e.metrics.shared === e.sql.shared && e.metrics.partiallyShared === e.sql.partiallyShared && e.metrics.notShared === e.sql.notShared;
      const f = (c: typeof e.sql) => `${int(c.decisions)} / ${int(c.shared)} / ${int(c.partiallyShared)} / ${int(c.notShared)}`;
      return `| ${e.label} | ${f(e.metrics)} | ${f(e.sql)} | ${same ? 'equal' : '**differs**'} |`;
    }),
    '',
  ].join('\n');
}
