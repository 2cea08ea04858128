import { spawn } from 'node:child_process';

/**
 * A shell that holds the read end of a pipe from this process and, when the pipe closes because
 * this process died (SIGKILL, the OOM killer), asks the postmaster for a fast shutdown (SIGINT).
 * PostgreSQL has no parent-death signal of its own. Only a live postgres is signalled, so a
 * reused process id is left alone (where /proc exists to tell).
 */
const SCRIPT = 'while read -r _; do :; done; if [ ! -d /proc/self ] || [ "$(cat /proc/$1/comm 2>/dev/null)" = postgres ]; then kill -INT "$1" 2>/dev/null; fi';

export interface PostmasterWatchdog {
  /** Called before a deliberate stop: the watchdog goes, the server is left to the caller. */
  release(): void;
}

/** Starts the watchdog for the postmaster `pid`; none on Windows, where the next start's check is the only cleanup. */
export function watchPostmaster(pid: number): PostmasterWatchdog {
  if (process.platform === 'win32') return { release: () => undefined };
  // Its own process group: a Ctrl-C in the terminal is the app's to handle, not the watchdog's.
  const watchdog = spawn('/bin/sh', ['-c', SCRIPT, 'accordant-postgres-watchdog', String(pid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watchdog.on('error', () => undefined); // no shell: the next start's check still cleans up
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void }).unref(); // the pipe must not keep this process alive
  return {
    release: () => {
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
    },
  };
}
