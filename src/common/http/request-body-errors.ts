import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { ErrorPageWriter } from '../errors/domain-error.filter.js';

/** What body-parser attaches to the errors it raises (http-errors). */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
  expose?: boolean;
  /** The body's declared or counted size, and the parser's limit, in bytes (for entity.too.large). */
  length?: number;
  limit?: number;
}

const CODES: Record<number, string> = { 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500;
}

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function messageOf(error: BodyParserError): string {
  switch (error.type) {
    case 'entity.too.large':
      return (
        `The request body${error.length ? ` (${describeSize(error.length)})` : ''} is larger than the limit of ${describeSize(error.limit ?? 0)}: ` +
        'send less in one request (for example, split a batch)'
      );
    case 'entity.parse.failed':
      return `The request body is not valid JSON: ${error.message}`;
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return `The request body's encoding is not supported: ${error.message}`;
    default:
      return error.expose === false ? 'The request body could not be read' : `The request body could not be read: ${error.message}`;
  }
}

/**
 * An error-handling middleware placed straight after the body parsers: a body too large (413), not
 * valid JSON (400) or in an unknown encoding (415) is answered before any route, in the shape its
 * caller reads (GraphQL `errors` with `extensions.code` on /graphql, the error page for a browser,
 * `{ code, message }` otherwise), with a message saying what was wrong and what the limit is.
 */
export function requestBodyErrors(errorPage?: ErrorPageWriter): (error: unknown, request: Request, response: Response, next: NextFunction) => void {
  return (error, request, response, next) => {
    if (!isBodyParserError(error) || response.headersSent) {
      next(error);
      return;
    }
    // The client may still be sending: answer, then stop reading.
    response.setHeader('Connection', 'close');
    const status = error.status;
    const code = CODES[status] ?? 'BAD_REQUEST';
    const message = messageOf(error);
    if (request.path === '/graphql') {
      response.status(status).json({ errors: [{ message, extensions: { code } }] });
    } else if (errorPage && request.accepts(['json', 'html']) === 'html') {
      errorPage(request, response, status, new DomainError(ErrorCode.BadUserInput, message));
    } else {
      response.status(status).json({ code, message });
    }
  };
}
