import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_DOCUMENT_ROUTE } from '../common/auth/document-route.decorator.js';
import { IS_PUBLIC } from '../common/auth/public.decorator.js';
import { requestOf } from '../common/auth/request-of.js';
import { bearerTokenOf, sessionTokenOf } from '../common/auth/session-cookie.js';
import { isWrite } from '../common/auth/is-write.js';
import { AuthService } from './auth.service.js';
import { DocumentRateLimitService } from './document-rate-limit.service.js';
import { WriteRateLimitService } from './write-rate-limit.service.js';

/**
 * Global: every operation needs a valid bearer token unless marked @Public. A write (a mutation, a
 * form post) is counted against the caller's write limit in the same query that looks them up, and
 * refused with TOO_MANY_REQUESTS over it, before it runs; so is a request to a @DocumentRoute over the
 * document rate limit.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly limits: WriteRateLimitService,
    private readonly documentLimits: DocumentRateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = requestOf(context);
    const bearer = bearerTokenOf(request);
    // Pages and documents also accept the browser's session cookie; GraphQL takes the header only,
    // so a page on another site cannot make a browser call the API with its cookie.
    const cookie = context.getType<string>() === 'http' ? sessionTokenOf(request) : undefined;
    const window = isWrite(context) ? this.limits.window() : undefined;
    const { caller, writes } = await this.auth.callerFor(bearer ?? cookie, window?.start);
    request.caller = caller;
    if (window) await this.limits.settle(caller.userId, writes ?? 0, window);
    if (this.reflector.getAllAndOverride<boolean>(IS_DOCUMENT_ROUTE, [context.getHandler(), context.getClass()])) await this.documentLimits.count(caller.userId);
    return true;
  }
}
