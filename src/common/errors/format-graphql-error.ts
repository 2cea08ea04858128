import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { ApolloServerValidationErrorCode } from '@apollo/server/errors';
import { QUERY_TOO_COSTLY, QUERY_TOO_DEEP } from '../graphql/query-limits.rule.js';
import { TOO_MANY_PASSWORD_CHECKS } from '../graphql/password-check-fields.rule.js';
import { databaseUnavailable } from './database-unavailable.js';
import { DomainError, ErrorCode } from './domain-error.js';
import { uniqueConstraintProblem } from './unique-constraints.js';

const logger = new Logger('GraphQLError');

/** Apollo's own codes for requests it rejects before any resolver runs; these pass through. */
const APOLLO_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** Our own validation rules' codes: these pass through with their figures (e.g. `depth`, `maxDepth`). */
const LIMIT_CODES = new Set([QUERY_TOO_DEEP, QUERY_TOO_COSTLY, TOO_MANY_PASSWORD_CHECKS]);

const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';
const INTROSPECTION_DISABLED_MESSAGE = 'Introspection (__schema, __type) is turned off in production: build against the published schema (schema.gql)';

/**
 * The one place errors become what a client sees: a message naming the field and rule,
 * the right extensions.code, and never a stack trace or an internal message.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : undefined;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) return { ...base, message: original.message, extensions: domainExtensions(original) };

  const unavailable = databaseUnavailable(original ?? error);
  if (unavailable) {
    logger.warn({ message: 'The database was unavailable during a GraphQL operation', path: formatted.path, error: String((original ?? error) as Error) });
    return { ...base, message: unavailable.message, extensions: domainExtensions(unavailable) };
  }

  const unique = uniqueViolation(original);
  if (unique) return { ...base, message: unique.message, extensions: domainExtensions(unique) };

  // Apollo wraps a validation rule's error as GRAPHQL_VALIDATION_FAILED, keeping the rule's own as the original.
  if (original instanceof GraphQLError) {
    const { code: limitCode, validationErrorCode, http: _http, ...figures } = original.extensions ?? {};
    if (typeof limitCode === 'string' && LIMIT_CODES.has(limitCode)) return { ...base, extensions: { ...figures, code: limitCode } };
    // Apollo's own rule when introspection is off (production), told in our words.
    if (validationErrorCode === ApolloServerValidationErrorCode.INTROSPECTION_DISABLED) {
      return { ...base, message: INTROSPECTION_DISABLED_MESSAGE, extensions: { code: INTROSPECTION_DISABLED } };
    }
  }

  const code = formatted.extensions?.code;
  const rejectedByGraphql = !original || original instanceof GraphQLError;
  if (rejectedByGraphql && typeof code === 'string' && APOLLO_CLIENT_CODES.has(code)) return { ...base, extensions: { code } };

  logger.error({ message: 'Unhandled error in GraphQL operation', path: formatted.path, error: describe(original ?? error) });
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function domainExtensions(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: graphqlCode(error.code) };
  if (error.details.fields) extensions.fields = error.details.fields;
  if (error.details.retryAfterSeconds !== undefined) extensions.retryAfterSeconds = error.details.retryAfterSeconds;
  return extensions;
}

function graphqlCode(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.BadUserInput:
      return 'BAD_USER_INPUT';
    case ErrorCode.Unauthenticated:
      return 'UNAUTHENTICATED';
    case ErrorCode.Forbidden:
      return 'FORBIDDEN';
    case ErrorCode.NotFound:
      return 'NOT_FOUND';
    case ErrorCode.Conflict:
      return 'CONFLICT';
    case ErrorCode.TooManyRequests:
      return 'TOO_MANY_REQUESTS';
    case ErrorCode.ServiceUnavailable:
      return 'SERVICE_UNAVAILABLE';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

function uniqueViolation(error: unknown): DomainError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return undefined;
  const problem = uniqueConstraintProblem(driverError.constraint);
  return problem ? DomainError.conflict(`${problem.field}: ${problem.message}`, [problem]) : undefined;
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
