import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from './request-of.js';
import type { Caller } from './caller.js';

/** The signed-in caller; the global guard has already refused anonymous requests. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = requestOf(context).caller;
  if (!caller) throw new Error('CurrentCaller used on a public operation');
  return caller;
});
