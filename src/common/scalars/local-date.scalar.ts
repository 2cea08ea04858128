import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD`, within years 1900-2999. */
export function isLocalDate(value: string): boolean {
  const match = SHAPE.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2999;
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
