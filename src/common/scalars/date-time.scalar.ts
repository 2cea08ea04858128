import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { GraphQLError, GraphQLScalarType, Kind, type GraphQLSchema, type ValueNode } from 'graphql';
import { isCalendarDateAt } from './local-date.scalar.js';

/** An ISO 8601 date and time with seconds optional, a fraction optional, and a time zone (Z or ±hh:mm). */
const SHAPE = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && SHAPE.test(value) && isCalendarDateAt(value, 0) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(
      `DateTime must be a real date and time written YYYY-MM-DDThh:mm:ss with a time zone (Z or ±hh:mm), between 1900 and 2999 (got ${JSON.stringify(value)?.slice(0, 60)})`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return date;
}

/**
 * Nest's DateTime scalar reads input with `new Date(x)`, so `true`, `0`, `"2026"` or a date in the
 * year -271821 (which PostgreSQL cannot store) all arrive as dates. The schema keeps its DateTime
 * (same name, description and output), but input must be an ISO 8601 date-time with a time zone
 * between 1900 and 2999, like LocalDate's range; anything else is BAD_USER_INPUT.
 */
export function strictDateTimeInput(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.SCALAR_TYPE]: (type) => {
      if (type.name !== 'DateTime') return type;
      return new GraphQLScalarType({
        ...type.toConfig(),
        parseValue: parseDateTime,
        parseLiteral: (ast: ValueNode) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
      });
    },
  });
}
