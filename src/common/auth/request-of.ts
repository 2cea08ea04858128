import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { Caller } from './caller.js';

export type AuthenticatedRequest = Request & { caller?: Caller };

/** The HTTP request behind either a GraphQL operation or a plain route. */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
