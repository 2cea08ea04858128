import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearStalePostmaster, postmasterHolder } from './stale-postmaster.js';

/** The stale cases; a live left-over server is stopped in test/crash-restart.e2e-spec.ts. */
describe('a postmaster.pid left by an earlier start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accordant-pidfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pidFile = (pid: number) => writeFileSync(join(dir, 'postmaster.pid'), `${pid}\n${dir}\n1765000000\n54329\n/tmp\nlocalhost\n0 0\nready\n`);

  it('is removed when its process is dead', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    pidFile(child.pid!);
    expect(postmasterHolder(child.pid!, dir)).toEqual({ kind: 'gone' });
    const said: string[] = [];
    await clearStalePostmaster(dir, (message) => said.push(message));
    expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);
    expect(said).toEqual([expect.stringContaining('stale postmaster.pid')]);
  });

  it('is removed, its process left alone, when the process id now belongs to another program', async () => {
    pidFile(process.pid); // this test runner: alive, not a postgres
    expect(postmasterHolder(process.pid, dir)).toEqual({ kind: 'other' });
    await clearStalePostmaster(dir, () => undefined);
    expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('is left alone when there is none', async () => {
    await expect(clearStalePostmaster(dir, () => undefined)).resolves.toBeUndefined();
  });
});
