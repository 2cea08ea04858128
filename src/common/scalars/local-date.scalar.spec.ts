import { GraphQLError, Kind } from 'graphql';
import { isLocalDate, LocalDate } from './local-date.scalar.js';

describe('isLocalDate', () => {
  it.each(['2024-02-29', '2026-01-01', '2026-12-31', '1900-01-01', '2999-12-31', '2000-02-29'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'century not divisible by 400'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-01-00', 'day 0'],
    ['1899-12-31', 'before 1900'],
    ['3000-01-01', 'after 2999'],
    ['2026-1-1', 'unpadded'],
    ['26-01-01', 'two-digit year'],
    ['2026-01-01T00:00:00Z', 'has a time'],
    [' 2026-01-01', 'leading space'],
    ['2026/01/01', 'wrong separator'],
    ['', 'empty'],
  ])('rejects %s (%s)', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });
});

describe('LocalDate scalar', () => {
  it('parses and serialises a valid date unchanged', () => {
    expect(LocalDate.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(LocalDate.serialize('2024-02-29')).toBe('2024-02-29');
    expect(LocalDate.parseLiteral({ kind: Kind.STRING, value: '2026-05-20' }, {})).toBe('2026-05-20');
  });

  it.each<[unknown]>([['2023-02-29'], ['2026-1-1'], [''], [20260101], [null], [undefined], [{}], [new Date('2026-01-01')]])(
    'parseValue throws a BAD_USER_INPUT GraphQLError for %p',
    (value) => {
      let thrown: unknown;
      try {
        LocalDate.parseValue(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GraphQLError);
      expect((thrown as GraphQLError).message).toMatch(/^LocalDate must be a real date written YYYY-MM-DD between 1900 and 2999/);
      expect((thrown as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    },
  );

  it('names the bad value in the message', () => {
    expect(() => LocalDate.parseValue('2026-13-01')).toThrow('(got "2026-13-01")');
  });

  it('parseLiteral refuses a non-string literal', () => {
    expect(() => LocalDate.parseLiteral({ kind: Kind.INT, value: '20260101' }, {})).toThrow(GraphQLError);
    expect(() => LocalDate.parseLiteral({ kind: Kind.STRING, value: '2026-02-30' }, {})).toThrow(GraphQLError);
  });
});
