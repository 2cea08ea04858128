import { GraphQLError } from 'graphql';
import { parseDateTime } from './date-time.scalar.js';

describe('parseDateTime (DateTime input)', () => {
  it.each([
    ['2026-11-21T09:10:00Z', '2026-11-21T09:10:00.000Z'],
    ['2026-11-21T09:10:00.123Z', '2026-11-21T09:10:00.123Z'],
    ['2026-11-21T09:10Z', '2026-11-21T09:10:00.000Z'],
    ['2026-11-21T09:10:00+01:00', '2026-11-21T08:10:00.000Z'],
    ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
    ['2999-12-31T23:59:59.999Z', '2999-12-31T23:59:59.999Z'],
  ])('reads %s', (text, iso) => {
    expect(parseDateTime(text).toISOString()).toBe(iso);
  });

  it.each([
    true,
    0,
    1795286833282,
    null,
    {},
    '',
    'yesterday',
    '2026',
    '2026-11-21',
    '2026-11-21T09:10:00', // no time zone: which 09:10?
    '2026-02-29T10:00:00Z', // not a leap year
    '2026-13-01T00:00:00Z',
    '2026-11-21T24:00:00Z',
    '-271821-04-20T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '1899-12-31T23:59:59Z',
    '3000-01-01T00:00:00Z',
  ])('refuses %j with BAD_USER_INPUT', (value) => {
    let error: unknown;
    try {
      parseDateTime(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    expect((error as GraphQLError).message).toMatch(/^DateTime must be a real date and time written YYYY-MM-DDThh:mm:ss with a time zone/);
  });
});
