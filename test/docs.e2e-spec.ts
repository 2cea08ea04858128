// The README and docs/ as a reader meets them: a short front door, links that lead somewhere,
// and reference pages that list everything the code offers. Reads files only; starts no app.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { HEADING as DASHBOARD_BENCH, previousRuns } from '../bench/dashboard/report.js';
import { HEADING as GRAPHQL_BENCH } from '../bench/graphql/report.js';
import { HEADING as INGEST_BENCH } from '../bench/ingest/report.js';
import { HEADING as LOAD_BENCH } from '../bench/load/report.js';
import { HEADING as PDF_BENCH } from '../bench/pdf/report.js';
import { loadConfig } from '../src/config/app-config.js';
import { CSV_COLUMNS } from '../src/web/dashboard-csv.js';

const ROOT = process.cwd();
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');

const read = (path: string) => readFileSync(path, 'utf8');
const markdownFiles = () => [README, ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join(DOCS, f))];

/** The text outside fenced code blocks, inline code spans blanked (a link shown as code is not a link). */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`+[^`]*`+/g, '``');
  });
}

/** Every inline link and image target with its line number: `[text](target)`, `![alt](target)`. */
function linksOf(markdown: string): { target: string; line: number }[] {
  return prose(markdown).flatMap((text, i) => [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ target: m[1], line: i + 1 })));
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What a page's table documents: every `NAME` in the first cell of a table row. */
function namesInFirstColumn(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const cell = /^\|([^|]*)\|/.exec(line);
    if (cell) for (const m of cell[1].matchAll(/`([^`]+)`/g)) names.add(m[1]);
  }
  return names;
}

/** Every environment variable loadConfig reads, including those it reads only in some cases (found in its source). */
function settingsRead(): string[] {
  const names = new Set<string>();
  const dataDir = mkdtempSync(join(tmpdir(), 'accordant-docs-'));
  try {
    const env = new Proxy({ DATA_DIR: dataDir } as Record<string, string | undefined>, {
      get: (target, name) => {
        if (typeof name === 'string') names.add(name);
        return typeof name === 'string' ? target[name] : undefined;
      },
    });
    loadConfig(env);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const configDir = join(ROOT, 'src', 'config');
  for (const file of readdirSync(configDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const source = read(join(configDir, file));
    for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]|\bread\.\w+\(\s*['"]([A-Z][A-Z0-9_]+)['"]/g)) names.add(m[1] ?? m[2] ?? m[3]);
  }
  return [...names].filter((name) => /^[A-Z][A-Z0-9_]+$/.test(name)).sort();
}

describe('the README and docs/', () => {
  it('keeps the README under 10 KB', () => {
    expect(statSync(README).size).toBeLessThan(10_000);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const { target, line } of linksOf(read(file))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like
        const [path, anchor] = target.split('#');
        const resolved = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
        const where = `${relative(ROOT, file)}:${line} -> ${target}`;
        if (!existsSync(resolved)) broken.push(`${where}: no such file`);
        else if (anchor && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) broken.push(`${where}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('links every page of docs/ from the README and from the docs index', () => {
    const index = linksOf(read(join(DOCS, 'README.md'))).map((l) => l.target.split('#')[0]);
    const readme = linksOf(read(README)).map((l) => l.target.split('#')[0]);
    const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.filter((page) => !index.includes(page))).toEqual([]);
    expect(pages.filter((page) => !readme.includes(`docs/${page}`))).toEqual([]);
    expect(readme).toContain('docs/README.md');
  });

  it('shows the pictures it links as PNGs of under 300 KB', () => {
    const images = markdownFiles().flatMap((file) =>
      [...read(file).matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => resolve(dirname(file), m[1])),
    );
    expect(images.map((image) => relative(ROOT, image))).toEqual(expect.arrayContaining(['docs/images/dashboard.png', 'docs/images/drafting.png']));
    for (const image of images) {
      expect(readFileSync(image).subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(statSync(image).size).toBeLessThan(300 * 1024);
    }
  });

  it('documents every setting in docs/configuration.md', () => {
    const settings = settingsRead();
    expect(settings).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'AUDIT_ANCHOR_SECONDS']));
    const documented = namesInFirstColumn(read(join(DOCS, 'configuration.md')));
    expect(settings.filter((name) => !documented.has(name))).toEqual([]);
  });

  it("documents every column of the dashboard's CSV in docs/screens.md", () => {
    const documented = namesInFirstColumn(read(join(DOCS, 'screens.md')));
    expect(CSV_COLUMNS.filter((column) => !documented.has(column))).toEqual([]);
  });

  it('keeps in bench/RESULTS.md one section under the heading each bench rewrites, and the dashboard its runs', () => {
    const lines = read(join(ROOT, 'bench', 'RESULTS.md')).split('\n');
    for (const heading of [GRAPHQL_BENCH, PDF_BENCH, INGEST_BENCH, DASHBOARD_BENCH, LOAD_BENCH]) {
      expect(lines.filter((line) => line.trim() === heading)).toEqual([heading]);
    }
    // What bench/dashboard reads back before rewriting its section (readResultsSection's slice).
    const start = lines.findIndex((line) => line.trim() === DASHBOARD_BENCH);
    const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
    const { rows } = previousRuns(lines.slice(start, next === -1 ? undefined : next).join('\n'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\| \d{4}-\d{2}-\d{2}[^|]* \| \w+ \|/);
  });

  it('finds links and anchors as GitHub does', () => {
    expect(linksOf('See [a](b.md#c), `[not](a-link.md)`, ![pic](i.png "t").\n```\n[code](x.md)\n```')).toEqual([
      { target: 'b.md#c', line: 1 },
      { target: 'i.png', line: 1 },
    ]);
    expect([...anchorsOf("# Running at scale\n## The commissioners' dashboard: periods, and the `CSV`\n## Notes\n## Notes")]).toEqual([
      'running-at-scale',
      'the-commissioners-dashboard-periods-and-the-csv',
      'notes',
      'notes-1',
    ]);
  });
});
