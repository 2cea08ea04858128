import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CSRF_FIELD, CSRF_HEADER, CSRF_NONCE_COOKIE, csrfBindingOf, csrfTokenMatches } from '../common/auth/csrf.js';
import { bearerTokenOf, cookieOf, sessionTokenOf } from '../common/auth/session-cookie.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_REFUSED = 'This form could not be sent because its security token was missing or out of date: go back, reload the page and try again';

/**
 * Global: every plain-HTTP request that could change something (not GET, HEAD or OPTIONS) and
 * does not carry a bearer token, and so is sent with the browser's cookies, must carry the form's
 * CSRF token (field `_csrf`, or header `X-CSRF-Token`): signed in or not (the sign-in form too).
 * A bearer token is never sent by a browser on its own, so API clients need no CSRF token, and
 * GraphQL never accepts the cookie at all (see AuthenticationGuard).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method) || bearerTokenOf(request) !== undefined) return true;
    const binding = csrfBindingOf({ session: sessionTokenOf(request), nonce: cookieOf(request, CSRF_NONCE_COOKIE) });
    const body = request.body as Record<string, unknown> | undefined;
    const submitted = (body && !Buffer.isBuffer(body) ? body[CSRF_FIELD] : undefined) ?? request.headers[CSRF_HEADER];
    if (csrfTokenMatches(this.config.tokenSecret, binding, submitted)) return true;
    throw new DomainError(ErrorCode.Forbidden, CSRF_REFUSED);
  }
}
