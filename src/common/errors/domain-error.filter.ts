import { Catch, HttpStatus, Logger, NotFoundException, type ArgumentsHost, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { bearerTokenOf, clearSessionCookie, sessionTokenOf } from '../auth/session-cookie.js';
import { databaseUnavailable } from './database-unavailable.js';
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

export const PAGE_NOT_FOUND = 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.';

/** Writes an error as an HTML page, for a person in a browser (the web module provides it). */
export type ErrorPageWriter = (request: Request, response: Response, status: number, error: DomainError) => void;

export interface DomainErrorFilterOptions {
  /** Whether the session cookie is Secure, so it can be cleared with the same attributes. */
  secureCookies: boolean;
  errorPage?: ErrorPageWriter;
  /** Nest's HTTP adapter, for every other error to get Nest's own handling. */
  httpAdapter?: HttpServer;
}

/**
 * Plain HTTP routes get the same errors as GraphQL: as a status and a JSON body, or as an HTML
 * page for a browser that asks for one. A lost database connection is a SERVICE_UNAVAILABLE (503)
 * like any DomainError; every other error gets Nest's own handling. GraphQL errors pass through
 * (the GraphQL formatter maps them), with a `Retry-After` header for TOO_MANY_REQUESTS.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly fallback: BaseExceptionFilter;
  private readonly logger = new Logger('HttpError');

  constructor(private readonly options: DomainErrorFilterOptions = { secureCookies: false }) {
    this.fallback = new BaseExceptionFilter(options.httpAdapter);
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const error = exception instanceof DomainError ? exception : databaseUnavailable(exception);
    if (error && error !== exception) this.logger.warn({ message: 'The database was unavailable during a request', error: String(exception) });
    // In GraphQL the error goes back to Apollo and the GraphQL formatter (a refusal to wait also
    // sets `Retry-After`, as plain routes do); anything unknown to Nest's own handling first.
    if (host.getType<string>() === 'graphql') {
      const response = GqlArgumentsHost.create(host).getContext<{ res?: Response }>().res;
      if (error?.details.retryAfterSeconds && response && !response.headersSent) response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
    }
    if (host.getType<string>() !== 'http') return error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const wantsHtml = request.accepts(['json', 'html']) === 'html';
    // An address no route answers: the "Page not found" page for a person, Nest's JSON 404 for a program.
    if (!error && exception instanceof NotFoundException && wantsHtml && this.options.errorPage) {
      this.options.errorPage(request, response, HttpStatus.NOT_FOUND, new DomainError(ErrorCode.NotFound, PAGE_NOT_FOUND));
      return undefined;
    }
    if (!error) return this.fallback.catch(exception, host);
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
