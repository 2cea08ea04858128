import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { cssString } from './css-string.js';
import { APP_CONFIG } from '../config/config.module.js';

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London', timeZoneName: 'short' });

/** Template folders: each has its templates, a partials/ folder and its stylesheet, if any (pages load theirs from pages/assets/). */
const FOLDERS = ['documents', 'pages'] as const;
type Folder = (typeof FOLDERS)[number];

/**
 * Handlebars, compiled once at start from the templates folder, in its own instance. Everything
 * in {{ }} is HTML-escaped: text from a draft can never become markup or script. Templates are
 * named `<folder>/<file>`, e.g. `documents/isp` or `pages/dashboard`; partial names are shared.
 */
@Injectable()
export class TemplateRenderer implements OnModuleInit {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  private readonly stylesheets = new Map<Folder, string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    registerHelpers(this.handlebars);
    for (const folder of FOLDERS) {
      const root = resolve(this.config.templatesDir, folder);
      for (const file of readdirSync(join(root, 'partials')).filter((f) => f.endsWith('.hbs'))) {
        this.handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(root, 'partials', file), 'utf8'));
      }
      for (const file of readdirSync(root).filter((f) => f.endsWith('.hbs'))) {
        // preventIndent: an indented partial would otherwise indent every line of its output, text typed into a textarea too.
        this.templates.set(`${folder}/${basename(file, '.hbs')}`, this.handlebars.compile(readFileSync(join(root, file), 'utf8'), { preventIndent: true }));
      }
      const css = readdirSync(root).find((f) => f.endsWith('.css'));
      this.stylesheets.set(folder, css ? readFileSync(join(root, css), 'utf8') : '');
    }
  }

  /** Renders a template by name with the view; its folder's stylesheet is offered as `stylesheet`. */
  render(name: `${Folder}/${string}`, view: object): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`no template named ${name}`);
    return template({ ...view, stylesheet: this.stylesheets.get(name.split('/')[0] as Folder) });
  }
}

function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('date', (value: unknown) => (typeof value === 'string' && value ? LONG_DATE.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)) : 'Not stated'));
  handlebars.registerHelper('dateTime', (value: unknown) => (typeof value === 'string' && value ? DATE_TIME.format(new Date(value)) : ''));
  handlebars.registerHelper('inc', (value: unknown) => Number(value) + 1);
  handlebars.registerHelper('yesNo', (value: unknown) => (value ? 'Yes' : 'No'));
  handlebars.registerHelper('orNotStated', (value: unknown) => (value === null || value === undefined || value === '' ? 'Not stated' : value));
  handlebars.registerHelper('thousands', (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-GB') : 'Not stated'));
  handlebars.registerHelper('short', (value: unknown) => (typeof value === 'string' ? `${value.slice(0, 12)}…` : ''));
  // Every form on a page carries the CSRF token the page was rendered with (see PageRenderer).
  handlebars.registerHelper('csrfField', (options: Handlebars.HelperOptions) => {
    const token: unknown = options.data?.root?.csrfToken;
    if (typeof token !== 'string' || !token) throw new Error('csrfField used in a template rendered without a CSRF token: render pages with PageRenderer');
    return new handlebars.SafeString(`<input type="hidden" name="_csrf" value="${handlebars.escapeExpression(token)}">`);
  });
  // A CSS string for the running header and footer (partials/running-heads.hbs): escaped for CSS, not HTML.
  handlebars.registerHelper('cssString', (value: unknown) => new handlebars.SafeString(cssString(value)));
  // The stylesheet is ours, read from disk: the only thing inserted unescaped besides the CSRF field.
  handlebars.registerHelper('inlineStylesheet', function (this: { stylesheet: string }) {
    return new handlebars.SafeString(`<style>${this.stylesheet}</style>`);
  });
}
