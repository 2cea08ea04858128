// `npm start`: runs the app from dist/, compiling it first only when its sources changed since the
// last compile (a stamp in dist/ holds a hash of them). The compile is TypeScript's transpile,
// file by file, without type checking: `npm test` and `npm run typecheck` check the types, and
// `npm run build` is the full `nest build`. A restart of an unchanged checkout reads the sources,
// hashes them and starts: no compiler is loaded.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'migrations'];
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.start-stamp');
const ENTRY = join(DIST, 'src', 'main.js');

function tsFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Everything the output depends on: the sources, tsconfig.json, this script and the compiler's version. */
function inputsKey(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  hash.update(readFileSync(join(ROOT, 'tsconfig.json')));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  try {
    hash.update(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version);
  } catch {
    // no TypeScript (installed without dev dependencies): a dist/ compiled earlier still starts
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}

async function compile(files, key) {
  const started = Date.now();
  const { default: ts } = await import('typescript');
  const tsconfig = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (tsconfig.error) throw new Error(ts.flattenDiagnosticMessageText(tsconfig.error.messageText, '\n'));
  // ES modules, as `nest build` emits them here ("type": "module"): file by file there is no package.json to tell nodenext.
  const { options } = ts.convertCompilerOptionsFromJson(
    { ...tsconfig.config.compilerOptions, module: 'esnext', moduleResolution: 'bundler', incremental: false, sourceMap: true },
    ROOT,
  );
  // Written beside and moved into place: an interrupted compile leaves the last good one, and no stale file survives.
  const partial = join(DIST, `.start-partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  for (const file of files) {
    const target = join(partial, relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { outputText, sourceMapText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    if (sourceMapText) writeFileSync(`${target}.map`, sourceMapText);
  }
  rmSync(STAMP, { force: true });
  for (const folder of SOURCES) {
    rmSync(join(DIST, folder), { recursive: true, force: true });
    renameSync(join(partial, folder), join(DIST, folder));
  }
  rmSync(partial, { recursive: true, force: true });
  writeFileSync(STAMP, `${key}\n`);
  console.log(`compiled ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s (sources changed since the last start; types are checked by npm test)`);
}

const files = SOURCES.flatMap((folder) => tsFiles(join(ROOT, folder))).sort();
const key = inputsKey(files);
if (readStamp() !== key) await compile(files, key);
await import(pathToFileURL(ENTRY).href);
