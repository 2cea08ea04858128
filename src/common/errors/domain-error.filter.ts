import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerTokenOf, clearSessionCookie, sessionTokenOf } from '../auth/session-cookie.js';
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

/** Writes an error as an HTML page, for a person in a browser (the web module provides it). */
export type ErrorPageWriter = (request: Request, response: Response, status: number, error: DomainError) => void;

export interface DomainErrorFilterOptions {
  /** Whether the session cookie is Secure, so it can be cleared with the same attributes. */
  secureCookies: boolean;
  errorPage?: ErrorPageWriter;
}

/**
 * Plain HTTP routes get the same errors as GraphQL: as a status and a JSON body, or as an HTML
 * page for a browser that asks for one. GraphQL errors pass through.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  constructor(private readonly options: DomainErrorFilterOptions = { secureCookies: false }) {}

  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const wantsHtml = request.accepts(['json', 'html']) === 'html';
    if (error.code === ErrorCode.Unauthenticated) {
      // A session cookie that no longer works is dropped, so the browser stops sending it.
      const hadSession = sessionTokenOf(request) !== undefined && bearerTokenOf(request) === undefined;
      if (hadSession) clearSessionCookie(response, this.options.secureCookies);
      // A person opening a page without a session is sent to sign in, then back; told why if their session ran out.
      if (request.method === 'GET' && wantsHtml) {
        response.redirect(303, `/sign-in?next=${encodeURIComponent(request.originalUrl)}${hadSession ? '&expired=1' : ''}`);
        return undefined;
      }
    }
    if (error.details.retryAfterSeconds) response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
    if (wantsHtml && this.options.errorPage) {
      this.options.errorPage(request, response, STATUS[error.code], error);
      return undefined;
    }
    response.status(STATUS[error.code]).json({ code: error.code, message: error.message, fields: error.details.fields });
    return undefined;
  }
}
