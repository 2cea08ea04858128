import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { signingRoleOf } from '../../agreements/agreement-access-policy.js';
import { SigningInTrayService } from '../../agreements/signing-in-tray.service.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';

const counts = new WeakMap<Request, number>();

/** How many versions await the signature of the organisation of the person who made this request (0 when not counted). */
export const inTrayCountOf = (request: Request): number => counts.get(request) ?? 0;

/**
 * Counts, once per page request of someone who may sign, what awaits their organisation's signature:
 * the menu shows it, and signing in lands them on the in-tray when it is not 0. GraphQL is left alone.
 */
@Injectable()
export class InTrayCountInterceptor implements NestInterceptor {
  constructor(private readonly inTray: SigningInTrayService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      if (request.caller && signingRoleOf(request.caller)) counts.set(request, await this.inTray.awaitingCount(request.caller));
    }
    return next.handle();
  }
}
