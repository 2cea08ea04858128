import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseUnavailable } from './database-unavailable.js';
import { ErrorCode } from './domain-error.js';
import { formatGraphqlError } from './format-graphql-error.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('databaseUnavailable', () => {
  it.each([
    ['the server shutting down (57P01)', queryFailed(withCode('terminating connection due to administrator command', '57P01'))],
    ['the server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a statement timeout (57014)', queryFailed(withCode('canceling statement due to statement timeout', '57014'))],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a refused connection on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed')],
    ['a connection dropped mid-query', queryFailed(new Error('Connection terminated unexpectedly'))],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a cause further down', new Error('wrapped', { cause: withCode('reset', 'ECONNRESET') })],
    ['a COMMIT on a connection TypeORM released when it broke', new QueryRunnerAlreadyReleasedError()],
  ])('is SERVICE_UNAVAILABLE for %s, with a retry hint', (_what, error) => {
    expect(databaseUnavailable(error)).toMatchObject({ code: ErrorCode.ServiceUnavailable, details: { retryAfterSeconds: 1 } });
  });

  it.each([
    ['a unique violation', queryFailed(withCode('duplicate key', '23505'))],
    ['a syntax error', queryFailed(withCode('syntax error', '42601'))],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error at all', 'connection'],
    ['nothing', undefined],
  ])('is nothing for %s', (_what, error) => {
    expect(databaseUnavailable(error)).toBeUndefined();
  });

  it('reaches a GraphQL client as SERVICE_UNAVAILABLE, not an internal error, with nothing of the connection in it', () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const original = queryFailed(withCode('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'));
    const error = new GraphQLError(original.message, { originalError: original, path: ['recordSharingDecision'] });
    const result = formatGraphqlError(error.toJSON(), error);
    expect(result.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(result.message).toMatch(/cannot reach its database/);
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
    expect(warned).toHaveBeenCalledTimes(1);
    warned.mockRestore();
  });
});
