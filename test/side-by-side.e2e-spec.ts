import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appBuild, descendantsOf, isRunning } from './support/app-process.js';

const START_TIMEOUT_MS = 120_000;

interface Copy {
  folder: string;
  pid: number;
  /** Every line it printed, the JSON ones parsed (`message` the text). */
  lines: { message: string; port?: number }[];
  appPort: number;
  databasePort: number;
  exited: Promise<number | null>;
}

/**
 * A copy of the app as a second user on the machine runs it: its own folder (its templates, its
 * `.data`), no settings at all, started with `node dist/src/main.js` from the folder.
 */
async function startCopy(build: string, spawned: Pick<Copy, 'folder' | 'pid' | 'exited'>[]): Promise<Copy> {
  const folder = mkdtempSync(join(tmpdir(), 'accordant-copy-'));
  chmodSync(folder, 0o755); // the embedded PostgreSQL runs as its own user when we are root
  symlinkSync(join(process.cwd(), 'templates'), join(folder, 'templates'));
  const child = spawn(process.execPath, [join(build, 'src', 'main.js')], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Copy['lines'] = [];
  let rest = '';
  const collect = (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts.filter(Boolean)) {
      try {
        const entry = JSON.parse(line) as { message: unknown };
        lines.push(typeof entry.message === 'object' && entry.message !== null ? (entry.message as Copy['lines'][number]) : { message: String(entry.message) });
      } catch {
        lines.push({ message: line });
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  spawned.push({ folder, pid: child.pid!, exited }); // stopped and removed after the test, whether or not it started

  const started = Date.now();
  let serving: RegExpExecArray | null = null;
  while (!serving) {
    if (child.exitCode !== null) throw new Error(`a copy exited before serving:\n${lines.map((l) => l.message).join('\n')}`);
    if (Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`a copy did not start within ${START_TIMEOUT_MS / 1000} s:\n${lines.map((l) => l.message).join('\n')}`);
    }
    serving = lines.map((line) => /Accordant is serving GraphQL at http:\/\/localhost:(\d+)\//.exec(line.message)).find(Boolean) ?? null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const database = lines.find((line) => line.message.startsWith('embedded PostgreSQL started'));
  return { folder, pid: child.pid!, lines, appPort: Number(serving[1]), databasePort: Number(database?.port), exited };
}

describe('two copies side by side on one machine', () => {
  const spawned: Pick<Copy, 'folder' | 'pid' | 'exited'>[] = [];

  afterAll(async () => {
    for (const copy of spawned) {
      const postgres = descendantsOf(copy.pid).filter((p) => p.command === 'postgres');
      if (isRunning(copy.pid)) process.kill(copy.pid, 'SIGTERM');
      await copy.exited;
      for (const p of postgres) if (isRunning(p.pid)) process.kill(p.pid, 'SIGKILL');
      rmSync(copy.folder, { recursive: true, force: true });
    }
  }, START_TIMEOUT_MS);

  it('start together from two folders with no settings, each on ports of its own, both healthy, saying which ports moved', async () => {
    const build = appBuild();
    const copies = await Promise.all([startCopy(build, spawned), startCopy(build, spawned)]);
    const [a, b] = copies;

    expect(a.appPort).not.toBe(b.appPort);
    expect(a.databasePort).not.toBe(b.databasePort);
    for (const copy of copies) {
      const health = await fetch(`http://127.0.0.1:${copy.appPort}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
      // Its own cluster under its own folder.
      expect(existsSync(join(copy.folder, '.data', 'postgres', 'PG_VERSION'))).toBe(true);
      expect(descendantsOf(copy.pid).some((p) => p.command === 'postgres')).toBe(true);

      // The first line names the port, and why when it is not the default.
      expect(copy.lines[0]).toMatchObject({ port: copy.appPort });
      expect(copy.lines[0].message).toContain(`http://localhost:${copy.appPort}`);
      if (copy.appPort !== 3000) expect(copy.lines[0].message).toMatch(/^port 3000 is in use .*set PORT to choose$/);
      if (copy.databasePort !== 54329) {
        expect(copy.lines.map((line) => line.message)).toContainEqual(expect.stringMatching(new RegExp(`the embedded PostgreSQL takes port ${copy.databasePort};`)));
      }
    }
    // At most one copy can have each default: the other moved and said so.
    expect(copies.filter((copy) => copy.lines[0].message.startsWith('port 3000 is in use')).length).toBeGreaterThanOrEqual(1);
    expect(copies.filter((copy) => copy.lines.some((line) => /^port 54329 is in use/.test(line.message))).length).toBeGreaterThanOrEqual(1);
  }, 2 * START_TIMEOUT_MS);
});
