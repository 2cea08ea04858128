import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { unpackedChromium, unpackOnce } from './chromium-binary.js';

const LOCK = '.accordant-chromium.lock';
const BINARY = 'the whole binary';

describe('unpackOnce: Chromium unpacked once for every process on the machine', () => {
  let folder: string;
  let unpacks: number;
  /** Unpacks as @sparticuz/chromium does, slowly: the binary's file exists long before it is whole. */
  const unpack = async () => {
    unpacks += 1;
    const binary = join(folder, 'chromium');
    await writeFile(binary, 'the first bytes', { mode: 0o700 });
    await sleep(200);
    await writeFile(binary, BINARY);
    mkdirSync(join(folder, 'fonts'), { recursive: true });
    return binary;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'accordant-chromium-spec-'));
    unpacks = 0;
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('unpacks once when several callers start together, and none is given the binary before it is whole', async () => {
    const paths = await Promise.all([unpackOnce(folder, unpack), unpackOnce(folder, unpack), unpackOnce(folder, unpack)]);
    expect(paths).toEqual(Array(3).fill(join(folder, 'chromium')));
    expect(unpacks).toBe(1);
    expect(readFileSync(join(folder, 'chromium'), 'utf8')).toBe(BINARY);
    // No lock and no lock-holder file are left behind.
    expect(readdirSync(folder).filter((name) => name.includes('lock'))).toEqual([]);

    await unpackOnce(folder, unpack);
    expect(unpacks).toBe(1); // the marker says it is done
  });

  it('unpacks again over what a process stopped mid-unpack left (no marker)', async () => {
    writeFileSync(join(folder, 'chromium'), 'the first bytes', { mode: 0o700 });
    writeFileSync(join(folder, 'libGLESv2.so'), 'half a library');
    mkdirSync(join(folder, 'fonts'));
    writeFileSync(join(folder, 'fonts', 'half'), '');
    await unpackOnce(folder, unpack);
    expect(unpacks).toBe(1);
    expect(readFileSync(join(folder, 'chromium'), 'utf8')).toBe(BINARY);
    expect(existsSync(join(folder, 'libGLESv2.so'))).toBe(false);
    expect(readdirSync(join(folder, 'fonts'))).toEqual([]);
  });

  it('breaks a lock whose process has ended', async () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(folder, LOCK), String(ended));
    await unpackOnce(folder, unpack);
    expect(unpacks).toBe(1);
    expect(readdirSync(folder).filter((name) => name.includes('lock'))).toEqual([]);
  });

  it('waits while a live process holds the lock, then unpacks if it did not', async () => {
    writeFileSync(join(folder, LOCK), String(process.pid));
    let settled = false;
    const unpacking = unpackOnce(folder, unpack).finally(() => (settled = true));
    await sleep(600);
    expect(settled).toBe(false);
    expect(unpacks).toBe(0);
    unlinkSync(join(folder, LOCK)); // the holder stops without unpacking
    await unpacking;
    expect(unpacks).toBe(1);
  });

  it('gives up waiting with an error naming the lock when its holder never finishes', async () => {
    writeFileSync(join(folder, LOCK), String(process.pid));
    await expect(unpackOnce(folder, unpack, 300)).rejects.toThrow(`Chromium is still being unpacked by another process after 0.3 s (${join(folder, LOCK)})`);
    expect(unpacks).toBe(0);
  });

  it('unpacks the real Chromium, which runs', async () => {
    const binary = await unpackedChromium();
    expect(execFileSync(binary, ['--version'], { encoding: 'utf8' })).toMatch(/^Chromium \d+\./);
    expect(await unpackedChromium()).toBe(binary);
  });
});
