import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the operation changes something: a GraphQL mutation, or an unsafe request to a page or document route. */
export function isWrite(context: ExecutionContext): boolean {
  if (context.getType<string>() === 'graphql') {
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    return info.parentType === info.schema.getMutationType();
  }
  if (context.getType<string>() === 'http') return !SAFE_METHODS.has(context.switchToHttp().getRequest<{ method: string }>().method);
  return false;
}
