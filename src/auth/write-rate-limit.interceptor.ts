import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Response } from 'express';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import { requestOf } from '../common/auth/request-of.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { WriteRateLimitService } from './write-rate-limit.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global, after the guards (so the caller is known): counts every write of a signed-in user (a
 * GraphQL mutation, a form post or other unsafe request to a page or document route) against their
 * write limit before it runs. Sign-in is not counted here (it has its own limit on failures). A
 * GraphQL answer of TOO_MANY_REQUESTS, from here or from the sign-in limit, also carries a
 * `Retry-After` header, as plain HTTP routes do.
 */
@Injectable()
export class WriteRateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: WriteRateLimitService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = isWrite(context) ? requestOf(context).caller : undefined;
    const handled = caller ? from(this.limits.countWrite(caller.userId)).pipe(switchMap(() => next.handle())) : next.handle();
    if (context.getType<string>() !== 'graphql') return handled;
    return handled.pipe(
      catchError((error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.TooManyRequests && error.details.retryAfterSeconds) {
          const response = GqlExecutionContext.create(context).getContext<{ res?: Response }>().res;
          if (response && !response.headersSent) response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}

function isWrite(context: ExecutionContext): boolean {
  if (context.getType<string>() === 'graphql') {
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    return info.parentType === info.schema.getMutationType();
  }
  if (context.getType<string>() === 'http') return !SAFE_METHODS.has(context.switchToHttp().getRequest<{ method: string }>().method);
  return false;
}
