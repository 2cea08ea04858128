import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { access, link, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'package.json'), 'utf8')) as { version: string })
  .version;

/** What @sparticuz/chromium unpacks into the temp folder: the binary, its fonts and the SwiftShader libraries. */
const UNPACKED = ['chromium', 'fonts', 'libEGL.so', 'libGLESv2.so', 'libvk_swiftshader.so', 'libvulkan.so.1', 'vk_swiftshader_icd.json'];
const WAIT_STEP_MS = 100;
const WAIT_LIMIT_MS = 120_000;

let unpacking: Promise<string> | null = null;

/**
 * The path of the Chromium that @sparticuz/chromium ships, unpacked once for every process on the
 * machine. Its own `executablePath()` unpacks into the temp folder and takes an existing
 * `chromium` file there as done, so a second process starting meanwhile (a test worker, a second
 * instance of the app) spawns a half-written binary and fails with ETXTBSY, and a process stopped
 * mid-unpack leaves a broken binary behind for good. Here one process unpacks at a time (an
 * exclusive lock file in the temp folder), and a marker written after the unpack, naming the
 * package's version, is what says it is done: without it, what is there is removed and unpacked again.
 */
export function unpackedChromium(): Promise<string> {
  unpacking ??= unpackOnce().catch((error: unknown) => {
    unpacking = null; // the next render tries again
    throw error;
  });
  return unpacking;
}

/**
 * The same, without this process's memo: every call checks the folder. `folder` and `unpack` are
 * the temp folder and @sparticuz/chromium's own unpack into it, but for tests.
 */
export async function unpackOnce(folder = tmpdir(), unpack: () => Promise<string> = unpackWithPackage, waitLimitMs = WAIT_LIMIT_MS): Promise<string> {
  const marker = join(folder, `.accordant-chromium-${PACKAGE_VERSION}.unpacked`);
  const binary = join(folder, 'chromium');
  if (await exists(marker)) return binary;
  const lock = join(folder, '.accordant-chromium.lock');
  await acquire(lock, waitLimitMs);
  try {
    if (await exists(marker)) return binary; // another process unpacked it while this one waited
    await Promise.all(UNPACKED.map((name) => rm(join(folder, name), { recursive: true, force: true })));
    const unpacked = await unpack();
    if (unpacked !== binary) throw new Error(`Chromium was unpacked to ${unpacked}, not ${binary}`);
    await writeFile(marker, `${PACKAGE_VERSION}\n`);
    return binary;
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/** @sparticuz/chromium's own unpack; the package is loaded only now, not when the app starts. */
async function unpackWithPackage(): Promise<string> {
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}

/**
 * Takes the lock file, waiting while a live process holds it. The lock names its holder's process
 * id from the moment it exists: it is a hard link to a file already written.
 */
async function acquire(lock: string, waitLimitMs: number): Promise<void> {
  const started = Date.now();
  const mine = `${lock}.${process.pid}.${randomUUID()}`;
  await writeFile(mine, String(process.pid));
  try {
    for (;;) {
      try {
        await link(mine, lock);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      await breakIfStale(lock);
      if (Date.now() - started > waitLimitMs) throw new Error(`Chromium is still being unpacked by another process after ${waitLimitMs / 1000} s (${lock})`);
      await sleep(WAIT_STEP_MS);
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

/**
 * Removes a lock whose process has ended (stopped mid-unpack). Only one waiter may break a given
 * holder's lock (it first creates `<lock>.broken-<pid>` exclusively), and only while the lock still
 * names that holder, so a lock taken meanwhile by a live process is never removed.
 */
async function breakIfStale(lock: string): Promise<void> {
  const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
  if (!Number.isInteger(holder) || holder <= 0 || isAlive(holder)) return;
  const breaking = `${lock}.broken-${holder}`;
  const claim = await open(breaking, 'wx').catch(() => null);
  if (!claim) return;
  try {
    await claim.close();
    if (Number(await readFile(lock, 'utf8').catch(() => '')) === holder) await unlink(lock).catch(() => undefined);
  } finally {
    await unlink(breaking).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
