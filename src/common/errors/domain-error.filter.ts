import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from './domain-error.js';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadUserInput]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Plain HTTP routes get the same errors as GraphQL, as a status and a JSON body. GraphQL errors pass through. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // A person opening a page without a session is sent to sign in, then back.
    if (error.code === ErrorCode.Unauthenticated && request.method === 'GET' && request.accepts(['json', 'html']) === 'html') {
      response.redirect(303, `/sign-in?next=${encodeURIComponent(request.originalUrl)}`);
      return undefined;
    }
    if (error.details.retryAfterSeconds) response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
    response.status(STATUS[error.code]).json({ code: error.code, message: error.message, fields: error.details.fields });
    return undefined;
  }
}
