import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../common/auth/request-of.js';
import { CSRF_NONCE_COOKIE, csrfBindingOf, csrfToken, newCsrfNonce } from '../common/auth/csrf.js';
import { cookieOf, SESSION_COOKIE, sessionTokenOf } from '../common/auth/session-cookie.js';
import type { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TemplateRenderer } from '../documents/template-renderer.service.js';
import { NotificationInboxService } from '../notifications/notification-inbox.service.js';
import { SigningInTrayService } from '../agreements/signing-in-tray.service.js';
import { navigationFor, SECTIONS } from './navigation.js';
import { carriedFields, encodeCarried } from './session/resume-form.js';
import { safeNext } from './safe-next.js';
import { pageAssets } from './page-assets.js';
import { tooManyInWords } from './wait-in-words.js';

const ERROR_TITLES: Record<number, string> = {
  400: 'There is a problem',
  401: 'Sign in to continue',
  403: 'You cannot do this',
  404: 'Page not found',
  409: 'This has changed since you opened it',
  429: 'Too many attempts',
  503: 'Sorry, there is a problem with the service',
};

/** The session the browser will have once this response arrives: one it sets or clears, else the one it sent. */
function sessionAfter(request: AuthenticatedRequest, response: Response): string | undefined {
  const header = response.getHeader('Set-Cookie');
  const cookies = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const set = cookies.findLast((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (set === undefined) return sessionTokenOf(request);
  const value = decodeURIComponent(set.slice(SESSION_COOKIE.length + 1).split(';')[0]);
  return value === '' ? undefined : value;
}

/**
 * Renders a page in the layout (`templates/pages/partials/page.hbs`): the NHS header with the
 * caller's menu, unread notifications and sign-out, the assets, and the CSRF token every form
 * carries (`{{csrfField}}`). Pages are personal: never cached.
 */
@Injectable()
export class PageRenderer {
  private readonly assets;
  private readonly logger = new Logger('PageRenderer');

  constructor(
    private readonly templates: TemplateRenderer,
    private readonly inbox: NotificationInboxService,
    private readonly inTray: SigningInTrayService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.assets = pageAssets(config.templatesDir).urls;
  }

  /**
   * Sends the page once the caller's unread notifications and, for someone who may sign, what awaits
   * their organisation's signature are counted (an error page, or a failed count, goes without it).
   * Counted here, for pages only: an interceptor counted for every request, GraphQL's too.
   */
  render(request: AuthenticatedRequest, response: Response, name: `pages/${string}`, view: object, status = 200): void {
    const caller = request.caller;
    if (!caller || status >= 500) return this.send(request, response, name, view, status, { unread: null, inTray: 0 });
    void Promise.all([this.inbox.unreadCount(caller.userId).catch(() => null), this.inTray.awaitingCount(caller).catch(() => 0)])
      .then(([unread, inTray]) => this.send(request, response, name, view, status, { unread, inTray }))
      .catch((error: unknown) => {
        // Thrown here it would reach no exception filter: answer as it would for an unknown error.
        this.logger.error({ message: 'page render failed', page: name, error: String(error) });
        if (response.headersSent) return;
        try {
          this.send(request, response, 'pages/error', { status: 500, title: 'Sorry, there is a problem with the service', message: 'Try again later.' }, 500, { unread: null, inTray: 0 });
        } catch {
          response.status(500).end();
        }
      });
  }

  private send(request: AuthenticatedRequest, response: Response, name: `pages/${string}`, view: object, status: number, counts: { unread: number | null; inTray: number }): void {
    const caller = request.caller;
    const layout = {
      assets: this.assets,
      signedIn: caller !== undefined,
      email: caller?.email,
      navigation: navigationFor(caller, request.path, SECTIONS, { '/in-tray': counts.inTray }),
      unread: counts.unread,
      stayHref: `/session/stay-signed-in?next=${encodeURIComponent(request.originalUrl)}`,
    };
    const html = this.templates.render(name, { ...view, layout, csrfToken: this.csrfTokenFor(request, response) });
    response.status(status).setHeader('Cache-Control', 'no-store');
    response.type('html').send(html);
  }

  /** An error as a page, for a person in a browser (see DomainErrorFilter). */
  readonly errorPage = (request: AuthenticatedRequest, response: Response, status: number, error: DomainError): void => {
    if (status === 401 && request.method === 'POST') return this.signInToResume(request, response);
    const message = status === 429 ? tooManyInWords(error.message, error.details.retryAfterSeconds) : error.message;
    this.render(request, response, 'pages/error', { status, title: ERROR_TITLES[status] ?? 'Sorry, there is a problem', message, notFound: status === 404 }, status);
  };

  /**
   * A form posted without a working session: the sign-in page, carrying what was typed (urlencoded
   * forms; a file upload cannot be carried) to be posted again once signed in (see SignInController).
   */
  private signInToResume(request: AuthenticatedRequest, response: Response): void {
    const fields = request.is('application/x-www-form-urlencoded') ? carriedFields(request.body) : [];
    const resume = fields.length > 0 ? { resumeAction: safeNext(request.originalUrl), resumeFields: encodeCarried(fields) } : {};
    const expired = sessionTokenOf(request) !== undefined || fields.length > 0;
    this.render(request, response, 'pages/sign-in', { next: '/', expired, resuming: fields.length > 0, ...resume }, 401);
  }

  /** The CSRF token for this browser's forms; before sign-in, a pre-session nonce cookie is set to bind it to. */
  private csrfTokenFor(request: AuthenticatedRequest, response: Response): string {
    let binding = csrfBindingOf({ session: sessionAfter(request, response), nonce: cookieOf(request, CSRF_NONCE_COOKIE) });
    if (!binding) {
      const nonce = newCsrfNonce();
      response.cookie(CSRF_NONCE_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/' });
      binding = { kind: 'pre-session', value: nonce };
    }
    return csrfToken(this.config.tokenSecret, binding);
  }
}
