import { DEFAULT_PASSWORD } from './test-app.js';

/** What a browser asks for when it follows a link or submits a form. */
export const HTML_ACCEPT = 'text/html,application/xhtml+xml';

/** A form's fields in order, a repeated name (checkboxes, a multiple select) once per value, as a browser posts them. */
export type FormFields = [string, string][];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method?: HttpMethod;
  /** The concrete path, query string included. */
  path: string;
  accept?: string;
  /** Posted as application/x-www-form-urlencoded. */
  form?: FormFields;
  /** Posted as is, with `contentType`. */
  body?: Buffer;
  contentType?: string;
  /** Cookies sent besides the browser's own (not kept). */
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * A browser as far as the server can tell, over fetch: it sends its cookies and keeps the ones the
 * server sets (only when asked, so a walk of many requests leaves it as it was), and it knows the
 * CSRF token its forms carry, taken from a page as a browser would.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` value of this browser's forms: bound to its session, or before sign-in to its pre-session nonce. */
  csrf = '';

  constructor(private readonly baseUrl: string) {}

  /** A browser that has opened the sign-in page: it holds the pre-session nonce and its token. */
  static async anonymous(baseUrl: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser(baseUrl);
    await browser.refreshCsrf();
    return browser;
  }

  /** A browser signed in through the sign-in form, with its CSRF token. */
  static async signedIn(baseUrl: string, email: string, password = DEFAULT_PASSWORD): Promise<HttpBrowser> {
    const browser = await HttpBrowser.anonymous(baseUrl);
    const form: FormFields = [['_csrf', browser.csrf], ['email', email], ['password', password], ['next', '/']];
    const response = await browser.send({ method: 'POST', path: '/sign-in', form }, { keepCookies: true });
    if (response.status !== 303) throw new Error(`signing in as ${email} failed with ${response.status}`);
    await browser.refreshCsrf();
    return browser;
  }

  /** Takes the token from the sign-in page's form, which is bound to whatever this browser holds (and sets a nonce if it holds nothing). */
  async refreshCsrf(): Promise<void> {
    const response = await this.send({ path: '/sign-in' }, { keepCookies: true });
    const [[, token] = ['', '']] = formFields(await response.text(), '/sign-in').filter(([name]) => name === '_csrf');
    if (!token) throw new Error('the sign-in page has no CSRF token');
    this.csrf = token;
  }

  /** Sends a request with this browser's cookies; redirects are not followed. */
  async send(request: HttpRequest, options: { keepCookies?: boolean } = {}): Promise<Response> {
    const headers = new Headers(request.headers);
    const cookies = new Map([...this.cookies, ...Object.entries(request.cookies ?? {})]);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', request.accept ?? HTML_ACCEPT);
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (request.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(request.form).toString();
    } else if (request.body) {
      headers.set('content-type', request.contentType ?? 'application/octet-stream');
      body = new Uint8Array(request.body);
    }
    const response = await fetch(`${this.baseUrl}${request.path}`, { method: request.method ?? 'GET', headers, body, redirect: 'manual' });
    if (options.keepCookies) {
      for (const [name, value] of Object.entries(cookiesSetBy(response))) {
        if (value === null) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return response;
  }
}

/** The cookies a response sets, by name; null for one it clears. */
export function cookiesSetBy(response: Response): Record<string, string | null> {
  const cookies: Record<string, string | null> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const [name, ...value] = pair.split('=');
    const cleared = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
    cookies[name.trim()] = cleared ? null : value.join('=');
  }
  return cookies;
}

/** Replaces every value of `name` (or adds it). */
export function withField(fields: FormFields, name: string, value: string | string[]): FormFields {
  const values = Array.isArray(value) ? value : [value];
  return [...fields.filter(([n]) => n !== name), ...values.map((v): [string, string] => [name, v])];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity.toLowerCase()] ?? whole;
    return String.fromCodePoint(entity[1].toLowerCase() === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10));
  });
}

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of text.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    attributes.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

const SKIPPED_INPUTS = new Set(['submit', 'button', 'image', 'reset', 'file']);

/**
 * What a browser would post, unchanged, from the page's POST form whose action is `action`: its
 * text and hidden inputs, ticked checkboxes and radios, textareas and selected options, and fields
 * elsewhere on the page that name the form (`form="id"`). Buttons are left out (add their name
 * with `withField`). With `answerRadios`, a radio group left unanswered takes its first option.
 */
export function formFields(html: string, action: string, options: { answerRadios?: boolean } = {}): FormFields {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
  const form = forms.find((m) => {
    const attributes = attributesOf(m[1]);
    return (attributes.get('method') ?? 'get').toLowerCase() === 'post' && attributes.get('action') === action;
  });
  if (!form) {
    const actions = forms.map((m) => attributesOf(m[1]).get('action'));
    throw new Error(`the page has no form posting to ${action} (its forms: ${actions.join(', ') || 'none'})`);
  }
  const start = form.index!;
  const end = start + form[0].length;
  const formId = attributesOf(form[1]).get('id');

  const fields: FormFields = [];
  const radios = new Map<string, { first: string; answered: boolean }>();
  const controls = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/gi;
  for (const m of html.matchAll(controls)) {
    const attributes = attributesOf(m[1] ?? m[2] ?? m[4]);
    const owner = attributes.get('form');
    const belongs = owner !== undefined ? owner === formId : m.index! > start && m.index! < end;
    const name = attributes.get('name');
    if (!belongs || !name || attributes.has('disabled')) continue;
    if (m[1] !== undefined) {
      const type = (attributes.get('type') ?? 'text').toLowerCase();
      if (SKIPPED_INPUTS.has(type)) continue;
      const value = attributes.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      if (type === 'radio') {
        const group = radios.get(name) ?? { first: value, answered: false };
        group.answered ||= attributes.has('checked');
        radios.set(name, group);
      }
      if ((type === 'checkbox' || type === 'radio') && !attributes.has('checked')) continue;
      fields.push([name, value]);
    } else if (m[2] !== undefined) {
      fields.push([name, decodeEntities(m[3].replace(/^\r?\n/, ''))]);
    } else {
      const choices = [...m[5].matchAll(/<option\b([^>]*)>([\s\S]*?)(?=<option\b|<\/option>|$)/gi)].map((o) => {
        const optionAttributes = attributesOf(o[1]);
        return { value: optionAttributes.get('value') ?? decodeEntities(o[2].trim()), selected: optionAttributes.has('selected') };
      });
      const selected = choices.filter((c) => c.selected);
      const posted = attributes.has('multiple') ? selected : selected.length ? [selected[0]] : choices.slice(0, 1);
      for (const choice of posted) fields.push([name, choice.value]);
    }
  }
  if (options.answerRadios) {
    for (const [name, group] of radios) if (!group.answered) fields.push([name, group.first]);
  }
  return fields;
}
