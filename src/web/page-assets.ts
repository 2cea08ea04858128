import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config.js';

/**
 * The files pages load, served by the app itself (no front-end build): the NHS design system's
 * compiled CSS and JS from the `nhsuk-frontend` package, the icons its CSS points at, and our own
 * few additions from `templates/pages/assets/`. URLs carry a version (the package's, or a hash of
 * our files), so browsers may cache them for a year.
 */
export interface PageAssets {
  /** The folders served, and the URL prefix each is served under. */
  folders: { nhsuk: Served; nhsukImages: Served; own: Served };
  /** What templates link to. */
  urls: { nhsukCss: string; nhsukJs: string; pageCss: string; pageJs: string; favicon: string; faviconSvg: string; appleTouchIcon: string };
}

interface Served {
  dir: string;
  prefix: string;
  /** Whether the URL changes with the content (so it may be cached as immutable). */
  versioned: boolean;
}

const YEAR_SECONDS = 365 * 24 * 3600;
const WEEK_SECONDS = 7 * 24 * 3600;

/** Serves the assets, before any route and without sign-in. Versioned URLs are cached for a year as immutable. */
export function servePageAssets(app: NestExpressApplication, config: AppConfig): void {
  for (const folder of Object.values(pageAssets(config.templatesDir).folders)) {
    app.useStaticAssets(folder.dir, {
      prefix: folder.prefix,
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      maxAge: (folder.versioned ? YEAR_SECONDS : WEEK_SECONDS) * 1000,
      immutable: folder.versioned,
    });
  }
}

const cache = new Map<string, PageAssets>();

export function pageAssets(templatesDir: string): PageAssets {
  const key = resolve(templatesDir);
  let assets = cache.get(key);
  if (!assets) {
    assets = locate(key);
    cache.set(key, assets);
  }
  return assets;
}

function locate(templatesDir: string): PageAssets {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('nhsuk-frontend/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const nhsukDir = join(dirname(packageJson), 'dist', 'nhsuk');
  const ownDir = join(templatesDir, 'pages', 'assets');
  const hash = createHash('sha256');
  for (const file of readdirSync(ownDir).sort()) hash.update(file).update(readFileSync(join(ownDir, file)));
  const ownVersion = hash.digest('hex').slice(0, 12);
  const nhsuk = { dir: nhsukDir, prefix: `/assets/nhsuk/${version}`, versioned: true };
  // The compiled CSS asks for its icons at /assets/images/…, so they are served there.
  const nhsukImages = { dir: join(nhsukDir, 'assets', 'images'), prefix: '/assets/images', versioned: false };
  const own = { dir: ownDir, prefix: `/assets/accordant/${ownVersion}`, versioned: true };
  return {
    folders: { nhsuk, nhsukImages, own },
    urls: {
      nhsukCss: `${nhsuk.prefix}/nhsuk-frontend.min.css`,
      nhsukJs: `${nhsuk.prefix}/nhsuk-frontend.min.js`,
      pageCss: `${own.prefix}/page.css`,
      pageJs: `${own.prefix}/page.js`,
      favicon: `${nhsukImages.prefix}/favicon.ico`,
      faviconSvg: `${nhsukImages.prefix}/favicon.svg`,
      appleTouchIcon: `${nhsukImages.prefix}/nhsuk-icon-180.png`,
    },
  };
}
