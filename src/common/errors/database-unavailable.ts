import { DomainError, ErrorCode } from './domain-error.js';

/**
 * SQLSTATEs that mean the database went away or cannot take work just now, not that the request
 * was wrong: class 08 (connection exception), the server shutting down, starting up or out of
 * connections, and a statement cancelled by the statement timeout.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const UNAVAILABLE_SQLSTATE_CLASSES = ['08'];

/** What node-postgres and Node's sockets report when the server cannot be reached or the connection drops. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Query read timeout/,
  /^Connection ended unexpectedly/,
];

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service cannot reach its database just now; try again shortly. A change that was not confirmed may or may not have been saved: retry it (a decision with the same client key is recorded once)';

/**
 * The client's error for a failure of the database connection rather than of the request:
 * SERVICE_UNAVAILABLE, so a client knows to retry, instead of an internal error. Undefined for
 * every other error.
 */
export function databaseUnavailable(error: unknown): DomainError | undefined {
  return isConnectionFailure(error, 0) ? new DomainError(ErrorCode.ServiceUnavailable, DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: 1 }) : undefined;
}

/**
 * TypeORM releases a transaction's connection when node-postgres reports it broken, so a COMMIT
 * (or any statement) still to come in that transaction fails with this instead of the socket's error.
 */
const RELEASED_CONNECTION_ERRORS = new Set(['QueryRunnerAlreadyReleasedError']);

function isConnectionFailure(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof candidate.name === 'string' && RELEASED_CONNECTION_ERRORS.has(candidate.name)) return true;
  if (typeof candidate.code === 'string') {
    const code = candidate.code;
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  if (typeof candidate.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string))) return true;
  const nested = [candidate.driverError, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  return nested.some((inner) => inner !== error && isConnectionFailure(inner, depth + 1));
}
