// bench/start (`npm run bench:start`): how long a newcomer waits for `npm start` to serve /health.
//  - first start: a fresh clone of this checkout's HEAD, right after its `npm install` (timed too):
//    nothing compiled, no database yet. Each further first-start run puts the clone back to that
//    state with `git clean -fdx -e node_modules` rather than installing again (a minute or more each).
//  - restart: the same clone, sources unchanged, database already there.
// Goals (docs/getting-started-notes.md): restart within 3 s (aim 2 s), first start within 30 s.
// Writes a Markdown section to bench/start/out/latest.md and prints it.
// START_FIRST_RUNS (3) and START_RESTART_RUNS (5) set the number of runs.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIRST_RUNS = Number(process.env.START_FIRST_RUNS ?? 3);
const RESTART_RUNS = Number(process.env.START_RESTART_RUNS ?? 5);
const GOALS = { restart: 3, restartAim: 2, first: 30 };
/** A start that has not served by then is a failed run. */
const START_TIMEOUT_MS = 180_000;
const MILESTONES = [
  ['compiled', /^compiled \d+ files/],
  ['first app line', /^starting on http|^port \d+ is in use/],
  ['database up', /^embedded PostgreSQL started/],
  ['serving', /^Accordant is serving GraphQL/],
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const secs = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Busy and total CPU time of the whole machine so far, from /proc/stat. */
function cpuTimes() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const values = fields.map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - values[3] - values[4], total };
}

/** CPU seconds used so far by `pid` and every live process under it (npm, the app, its PostgreSQL), from /proc. */
function treeCpuSeconds(pid) {
  const tick = 100; // USER_HZ on Linux
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick });
    } catch {
      // ended while we looked
    }
  }
  const under = (p) => {
    for (let q = p; q > 1; q = stats.get(q)?.parent ?? 0) if (q === pid) return true;
    return false;
  };
  let total = 0;
  for (const [p, { cpu }] of stats) if (under(p)) total += cpu;
  return total;
}

function machine() {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const npm = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  return `${availableParallelism()} CPUs, ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}, npm ${npm}`;
}

/** Runs `npm start` in `clone` until /health answers 200, then stops it as Ctrl-C would. */
async function timeStart(clone) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), EMBEDDED_DB_PORT: String(await freePort()) };
  const cpuBefore = cpuTimes();
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const seen = {};
  let rest = '';
  const collect = (chunk) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const line of parts) {
      let message = line;
      try {
        const entry = JSON.parse(line);
        message = typeof entry.message === 'object' ? entry.message.message : entry.message;
      } catch {
        // npm's own lines and the compile line are plain text
      }
      lines.push(line);
      for (const [name, pattern] of MILESTONES) if (seen[name] === undefined && pattern.test(String(message))) seen[name] = performance.now() - started;
    }
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  let health;
  while (health === undefined) {
    if (child.exitCode !== null) throw new Error(`npm start exited before serving:\n${lines.slice(-20).join('\n')}`);
    if (performance.now() - started > START_TIMEOUT_MS) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`npm start did not serve /health within ${START_TIMEOUT_MS / 1000} s:\n${lines.slice(-20).join('\n')}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) health = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (health === undefined) await sleep(20);
  }
  const cpuAfter = cpuTimes();
  const ownCpu = treeCpuSeconds(child.pid);

  process.kill(-child.pid, 'SIGINT');
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!stopped) process.kill(-child.pid, 'SIGKILL');
  // The embedded PostgreSQL is down once its pid file is gone.
  for (let waited = 0; existsSync(join(clone, '.data', 'postgres', 'postmaster.pid')) && waited < 30_000; waited += 100) await sleep(100);
  return { health, ...seen, ownCpu, busy: (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total) };
}

function table(runs) {
  return [
    '| run | /health answers | compiled | first app line | database up | serving | CPU used by the start | machine busy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r, i) => `| ${i + 1} | **${secs(r.health)}** | ${secs(r.compiled)} | ${secs(r['first app line'])} | ${secs(r['database up'])} | ${secs(r.serving)} | ${r.ownCpu.toFixed(2)} s | ${Math.round(r.busy * 100)}% |`),
  ].join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'accordant-bench-start-'));
chmodSync(work, 0o755); // the embedded PostgreSQL runs as its own user when we are root
const clone = join(work, 'clone');
try {
  const revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  console.log(`bench/start: cloning ${revision} into ${clone}`);
  execFileSync('git', ['clone', '--quiet', ROOT, clone]);
  const installStarted = performance.now();
  const install = execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const installMs = performance.now() - installStarted;
  const engineWarnings = (install.match(/EBADENGINE Unsupported engine/g) ?? []).length;
  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' }).trim();
  console.log(`npm install: ${secs(installMs)}, ${engineWarnings} engine warnings, git status ${dirty ? 'changed' : 'clean'}`);

  const first = [];
  for (let n = 1; n <= FIRST_RUNS; n++) {
    if (n > 1) execFileSync('git', ['clean', '-fdxq', '-e', 'node_modules'], { cwd: clone });
    first.push(await timeStart(clone));
    console.log(`first start ${n}: /health after ${secs(first.at(-1).health)}`);
  }
  const restart = [];
  for (let n = 1; n <= RESTART_RUNS; n++) {
    restart.push(await timeStart(clone));
    console.log(`restart ${n}: /health after ${secs(restart.at(-1).health)}`);
  }

  const firstMedian = median(first.map((r) => r.health));
  const restartMedian = median(restart.map((r) => r.health));
  const verdict = (ms, goal) => (ms <= goal * 1000 ? 'met' : '**not met**');
  const report = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on commit ${revision}. Machine: ${machine()}.`,
    '',
    `Each time is from running \`npm start\` (npm itself included) to the first 200 from \`/health\`, polled every 20 ms; ` +
      'the columns after it say when the start script\'s compile line and the app\'s lines were printed. "Machine busy" is the whole ' +
      'machine\'s CPU over the run, this start included (a shared machine: other work shows here); "CPU used by the start" is ' +
      'that of npm, the app and its PostgreSQL together (finished child processes such as initdb included), which other work inflates less than the wall time.',
    '',
    '| | goal | median | slowest | runs |',
    '| --- | --- | --- | --- | --- |',
    `| restart, unchanged checkout | 3 s (aim 2 s) | **${secs(restartMedian)}** (${verdict(restartMedian, GOALS.restart)}; aim ${verdict(restartMedian, GOALS.restartAim)}) | ${secs(Math.max(...restart.map((r) => r.health)))} | ${restart.length} |`,
    `| first start after \`npm install\` on a fresh clone | 30 s | **${secs(firstMedian)}** (${verdict(firstMedian, GOALS.first)}) | ${secs(Math.max(...first.map((r) => r.health)))} | ${first.length} |`,
    '',
    `\`npm install\` on the fresh clone: ${secs(installMs)} (network and cache as they were), ${engineWarnings} EBADENGINE warnings, \`git status\` ${dirty ? 'changed' : 'clean'} after it.`,
    '',
    `First start (run 1 on the freshly installed clone; later runs after \`git clean -fdx -e node_modules\`):`,
    '',
    table(first),
    '',
    'Restart:',
    '',
    table(restart),
    '',
  ].join('\n');
  mkdirSync(join(ROOT, 'bench', 'start', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'start', 'out', 'latest.md'), report);
  console.log(`\n${report}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
