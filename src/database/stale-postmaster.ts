import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from '../common/lifecycle/startup-error.js';

/** How long a fast shutdown of a left-over server may take before the start gives up. */
const STOP_TIMEOUT_MS = 30_000;

/** What the process named in postmaster.pid is, seen from here. */
export type PostmasterHolder =
  /** no such process (or a zombie): the file is stale */
  | { kind: 'gone' }
  /** a live process that is not this data directory's server (the id was reused): the file is stale */
  | { kind: 'other' }
  /** this data directory's server, started by an app that is no longer running */
  | { kind: 'orphan' }
  /** this data directory's server, still a child of a running app */
  | { kind: 'in-use'; parent: number }
  /** alive, but nothing more can be learnt (another user's process, no /proc) */
  | { kind: 'unknown' };

/**
 * Makes the data directory free for a new server: a server left running by an app that was
 * killed (SIGKILL, the OOM killer) is stopped with a fast shutdown (SIGINT: sessions are cut,
 * nothing committed is lost), and a postmaster.pid naming a dead or unrelated process is removed.
 * Refuses, in words, when another running app owns the server or it will not stop.
 */
export async function clearStalePostmaster(databaseDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const holder: PostmasterHolder = Number.isInteger(pid) && pid > 0 ? postmasterHolder(pid, databaseDir) : { kind: 'gone' };
  switch (holder.kind) {
    case 'gone':
    case 'other':
      log(`removing a stale postmaster.pid (process ${pid} is no longer this database's server)`);
      rmSync(pidFile, { force: true });
      return;
    case 'in-use':
      throw new StartupError(`the data directory ${databaseDir} is locked by PostgreSQL process ${pid}, which another running program (process ${holder.parent}) started; stop it first or use another DATA_DIR`);
    case 'unknown':
      throw new StartupError(`the data directory ${databaseDir} is locked by process ${pid}, which this user cannot inspect or stop`);
    case 'orphan':
      log(`a PostgreSQL server left running by an earlier start (process ${pid}) holds the data directory: stopping it`);
      try {
        process.kill(pid, 'SIGINT');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw new StartupError(`the data directory ${databaseDir} is locked by process ${pid}, which could not be stopped (${(error as Error).message})`);
      }
      if (!(await exited(pid, STOP_TIMEOUT_MS))) {
        throw new StartupError(`the data directory ${databaseDir} is locked by PostgreSQL process ${pid}, which did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
      }
      log(`the left-over PostgreSQL server (process ${pid}) has stopped`);
  }
}

/**
 * Whether `pid` is the server of `databaseDir` (a postgres whose working directory is the data
 * directory: the postmaster changes into it), and whether a live app still owns it (its parent
 * is the same program as this one: an orphan's parent is init or a subreaper instead).
 */
export function postmasterHolder(pid: number, databaseDir: string): PostmasterHolder {
  if (!existsSync('/proc/self/stat')) return holderWithoutProc(pid);
  const stat = procStat(pid);
  if (!stat || stat.state === 'Z') return { kind: 'gone' };
  if (stat.command !== 'postgres') return { kind: 'other' };
  let cwd: string;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return { kind: 'unknown' };
  }
  if (cwd !== realpathSync(databaseDir)) return { kind: 'other' };
  if (stat.parent > 1 && sameProgramAsThis(stat.parent)) return { kind: 'in-use', parent: stat.parent };
  return { kind: 'orphan' };
}

function procStat(pid: number): { command: string; state: string; parent: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const [state, parent] = stat.slice(close + 2).split(' ');
    return { command: stat.slice(stat.indexOf('(') + 1, close), state, parent: Number(parent) };
  } catch {
    return null;
  }
}

function sameProgramAsThis(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/exe`) === readlinkSync('/proc/self/exe');
  } catch {
    return procStat(pid)?.command === procStat(process.pid)?.command;
  }
}

/** macOS and the BSDs: alive or not, and the command's name from ps. */
function holderWithoutProc(pid: number): PostmasterHolder {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? { kind: 'unknown' } : { kind: 'gone' };
  }
  try {
    const command = execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return /postgres$/.test(command) ? { kind: 'orphan' } : { kind: 'other' };
  } catch {
    return { kind: 'unknown' };
  }
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    const stat = existsSync('/proc/self/stat') ? procStat(pid) : aliveWithoutProc(pid) ? { state: 'R' } : null;
    if (!stat || stat.state === 'Z') return true;
    if (Date.now() - started > timeoutMs) return false;
    await sleep(100);
  }
}

function aliveWithoutProc(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
