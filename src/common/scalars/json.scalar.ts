import { GraphQLScalarType } from 'graphql';

/** Arbitrary JSON, output only (audit snapshots). */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('JSON is an output-only scalar');
  },
});
