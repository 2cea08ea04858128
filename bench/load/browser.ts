// A browser's few steps over fetch, as the pages' e2e tests take them: cookies kept, redirects not
// followed, the CSRF token read from the form's hidden `_csrf` field. Sign-in is the real form:
// GET /sign-in (which sets the pre-session nonce cookie the token is bound to), then POST it.

const HTML = 'text/html,application/xhtml+xml';
const FORM = 'application/x-www-form-urlencoded';

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

export interface PageResult {
  status: number;
  html: string;
  contentType: string;
  location: string | null;
}

export class Visitor {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page seen (the header's sign-out form carries one on every page). */
  private csrf: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  get signedIn(): boolean {
    return this.cookies.has('accordant_session');
  }

  async request(path: string, init: RequestInit = {}): Promise<PageResult> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('accept', HTML);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value.join('=') === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const html = await response.text();
    const token = csrfOf(html);
    if (token) this.csrf = token;
    return { status: response.status, html, contentType: response.headers.get('content-type') ?? '', location: response.headers.get('location') };
  }

  get(path: string): Promise<PageResult> {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>): Promise<PageResult> {
    return this.request(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': FORM } });
  }

  /** The sign-in form, GET then POST; throws with the reason unless it ends in a 303 with a session cookie. */
  async signIn(email: string, password: string): Promise<void> {
    const form = await this.get('/sign-in');
    if (form.status !== 200) throw new Error(`GET /sign-in: HTTP ${form.status}`);
    const token = csrfOf(form.html);
    if (!token) throw new Error('GET /sign-in: no _csrf field in the form');
    const answer = await this.post('/sign-in', { _csrf: token, email, password, next: '/' });
    this.csrf = undefined; // bound to the pre-session nonce: the pages after sign-in carry the session's
    if (answer.status !== 303) throw new Error(`POST /sign-in as ${email}: HTTP ${answer.status} ${pageMessage(answer.html)}`);
    if (!this.signedIn) throw new Error(`POST /sign-in as ${email}: no session cookie`);
  }

  /** The header's sign-out form; throws unless it ends in a 303 to the sign-in page and the session cookie is cleared. */
  async signOut(): Promise<void> {
    if (!this.csrf) throw new Error('sign-out: no page with a CSRF token seen since signing in');
    const answer = await this.post('/sign-out', { _csrf: this.csrf });
    if (answer.status !== 303 || !answer.location?.startsWith('/sign-in')) throw new Error(`POST /sign-out: HTTP ${answer.status} to ${answer.location}`);
    if (this.signedIn) throw new Error('POST /sign-out: the session cookie was not cleared');
  }
}

/** Why a page is not what was asked for, or null when it is a 200 HTML page containing `marker`. */
export function notThePage(result: PageResult, marker: string): string | null {
  if (result.status !== 200) return `HTTP ${result.status}${result.location ? ` to ${result.location}` : ''} ${pageMessage(result.html)}`;
  if (!result.contentType.startsWith('text/html')) return `Content-Type ${result.contentType}`;
  if (!result.html.includes('</html>')) return `not a whole HTML page (${result.html.length} characters)`;
  if (!result.html.includes(marker)) return `the page does not show "${marker}" (${pageTitle(result.html)})`;
  return null;
}

const pageTitle = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? 'no title';

function pageMessage(html: string): string {
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return h1 ? `("${h1}")` : '';
}
