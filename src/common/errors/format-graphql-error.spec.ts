import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from './domain-error.js';
import { formatGraphqlError } from './format-graphql-error.js';

/** What Apollo hands the formatter: the error, and its default formatting. */
function format(original: Error | undefined, extensions?: Record<string, unknown>): GraphQLFormattedError {
  const error = new GraphQLError(original?.message ?? 'rejected', {
    originalError: original,
    path: ['organisation', 'odsCode'],
    extensions,
  });
  return formatGraphqlError(error.toJSON(), error);
}

function uniqueViolation(constraint: string, code = '23505'): QueryFailedError {
  return new QueryFailedError('q', [], Object.assign(new Error('duplicate key value violates unique constraint'), { code, constraint }));
}

describe('formatGraphqlError', () => {
  let logged: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    logged.mockRestore();
  });

  it.each([
    [ErrorCode.BadUserInput, 'BAD_USER_INPUT'],
    [ErrorCode.Unauthenticated, 'UNAUTHENTICATED'],
    [ErrorCode.Forbidden, 'FORBIDDEN'],
    [ErrorCode.NotFound, 'NOT_FOUND'],
    [ErrorCode.Conflict, 'CONFLICT'],
    [ErrorCode.TooManyRequests, 'TOO_MANY_REQUESTS'],
  ])('maps a DomainError of %s to extensions.code %s, keeping its message and the path', (code, graphqlCode) => {
    const result = format(new DomainError(code, 'what went wrong'));
    expect(result).toEqual({ message: 'what went wrong', path: ['organisation', 'odsCode'], locations: undefined, extensions: { code: graphqlCode } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('passes on the fields of a BAD_USER_INPUT', () => {
    const result = format(DomainError.invalid('input.odsCode', 'odsCodeShape', 'must be 3 to 6 capital letters or digits'));
    expect(result.message).toBe('input.odsCode: must be 3 to 6 capital letters or digits');
    expect(result.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.odsCode', rule: 'odsCodeShape', message: 'must be 3 to 6 capital letters or digits' }],
    });
  });

  it('passes on retryAfterSeconds of TOO_MANY_REQUESTS', () => {
    const result = format(new DomainError(ErrorCode.TooManyRequests, 'Too many failed sign-ins', { retryAfterSeconds: 120 }));
    expect(result.extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 120 });
  });

  it('passes on retryAfterSeconds of 0', () => {
    expect(format(new DomainError(ErrorCode.TooManyRequests, 'slow down', { retryAfterSeconds: 0 })).extensions).toEqual({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 0,
    });
  });

  it('hides the message and stack of an unknown error, logging it instead', () => {
    const secret = new Error('connection to 10.0.0.5:5432 refused for user accordant_rw');
    const result = format(secret);
    expect(result).toEqual({
      message: 'Internal server error',
      path: ['organisation', 'odsCode'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logged.mock.calls[0])).toContain('10.0.0.5');
  });

  it('hides an unknown error even when it claims a client error code', () => {
    const result = format(new Error('internal detail'), { code: 'BAD_USER_INPUT' });
    expect(result).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('maps a unique violation on uq_organisation_ods_code to CONFLICT naming odsCode', () => {
    const result = format(uniqueViolation('uq_organisation_ods_code'));
    expect(result).toEqual({
      message: 'odsCode: another organisation already has this ODS code',
      path: ['organisation', 'odsCode'],
      locations: undefined,
      extensions: { code: 'CONFLICT', fields: [{ field: 'odsCode', rule: 'unique', message: 'another organisation already has this ODS code' }] },
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it.each([
    ['uq_organisation_ico_registration', 'icoRegistrationNumber'],
    ['uq_organisation_name', 'name'],
    ['uq_app_user_email', 'email'],
  ])('maps a unique violation on %s to CONFLICT naming %s', (constraint, field) => {
    const result = format(uniqueViolation(constraint));
    expect(result.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field, rule: 'unique' }] });
  });

  it('treats a unique violation on an unknown constraint, or another database error, as internal', () => {
    expect(format(uniqueViolation('uq_something_else')).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(format(uniqueViolation('uq_organisation_ods_code', '23503')).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(logged).toHaveBeenCalledTimes(2);
  });

  it.each(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_REQUEST'])(
    'passes through %s when GraphQL itself rejected the request',
    (code) => {
      const result = format(undefined, { code });
      expect(result).toEqual({ message: 'rejected', path: ['organisation', 'odsCode'], locations: undefined, extensions: { code } });
      expect(logged).not.toHaveBeenCalled();
    },
  );

  it('passes through a BAD_USER_INPUT raised by a scalar (a GraphQLError wrapping a GraphQLError)', () => {
    const scalarError = new GraphQLError('LocalDate must be a real date', { extensions: { code: 'BAD_USER_INPUT' } });
    const result = format(scalarError, { code: 'BAD_USER_INPUT' });
    expect(result).toMatchObject({ message: 'LocalDate must be a real date', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it.each(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_PASSWORD_CHECKS'])('passes through %s from our validation rules with its figures, not the wrapper code', (code) => {
    const ruleError = new GraphQLError('too much', { extensions: { code, depth: 14, maxDepth: 12 } });
    const result = format(ruleError, { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } });
    expect(result).toMatchObject({ message: 'too much', extensions: { code, depth: 14, maxDepth: 12 } });
    expect(result.extensions).not.toHaveProperty('http');
  });

  it("answers Apollo's introspection refusal (production) with INTROSPECTION_DISABLED in our words", () => {
    const apolloRule = new GraphQLError('GraphQL introspection is not allowed by Apollo Server, but …', {
      extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' },
    });
    const result = format(apolloRule, { code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(result).toMatchObject({ extensions: { code: 'INTROSPECTION_DISABLED' } });
    expect(result.message).toBe('Introspection (__schema, __type) is turned off in production: build against the published schema (schema.gql)');
  });

  it('does not pass through a code that is not a client code', () => {
    expect(format(undefined, { code: 'SOMETHING_ELSE' })).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('copes with an error that is not a GraphQLError at all', () => {
    const result = formatGraphqlError({ message: 'raw' }, new TypeError('x is undefined'));
    expect(result).toEqual({ message: 'Internal server error', locations: undefined, path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
