import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD`, within years 1900-2999. */
export function isLocalDate(value: string): boolean {
  return SHAPE.test(value) && isCalendarDateAt(value, 0);
}

/**
 * Whether the `YYYY-MM-DD` at `at` in `text` (already matched as digits of that shape) is a real
 * date within years 1900-2999. Read from the character codes: every date and time of a bulk
 * ingest is checked, and a regular expression's captures are strings made for each.
 */
export function isCalendarDateAt(text: string, at: number): boolean {
  const digit = (offset: number) => text.charCodeAt(at + offset) - 48;
  const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const m = digit(5) * 10 + digit(6);
  const d = digit(8) * 10 + digit(9);
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** Days in month `m` (1-12) of year `y`, Gregorian (every date of a bulk ingest is checked, so no Date is made). */
function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function check(value: unknown): string {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    throw new GraphQLError(`LocalDate must be a real date written YYYY-MM-DD between 1900 and 2999 (got ${JSON.stringify(value)})`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** A calendar date with no time or zone, as PostgreSQL's `date` stores it. */
export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD, between 1900 and 2999',
  serialize: (value) => value as string,
  parseValue: check,
  parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
});
