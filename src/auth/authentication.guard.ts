import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../common/auth/public.decorator.js';
import { requestOf } from '../common/auth/request-of.js';
import { bearerTokenOf, sessionTokenOf } from '../common/auth/session-cookie.js';
import { AuthService } from './auth.service.js';

/** Global: every operation needs a valid bearer token unless marked @Public. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = requestOf(context);
    const bearer = bearerTokenOf(request);
    // Pages and documents also accept the browser's session cookie; GraphQL takes the header only,
    // so a page on another site cannot make a browser call the API with its cookie.
    const cookie = context.getType<string>() === 'http' ? sessionTokenOf(request) : undefined;
    request.caller = await this.auth.callerFor(bearer ?? cookie);
    return true;
  }
}
