import { GraphQLError, type ValidationRule } from 'graphql';
import { measureOperation, type CostModel } from './query-shape.js';

export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
export const QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY';

export interface QueryLimits extends CostModel {
  maxDepth: number;
  maxCost: number;
}

const number = (n: number) => n.toLocaleString('en-GB');

/**
 * Refuses, before anything runs, an operation nested deeper than `maxDepth` fields (QUERY_TOO_DEEP)
 * or whose estimated cost is over `maxCost` (QUERY_TOO_COSTLY); see query-shape.ts for how both
 * are counted. The error says how deep or costly the operation is and what the limit is.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const shape = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name), limits);
      const name = operation.name ? `Operation ${operation.name.value}` : 'The operation';
      if (shape.depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(
            `${name} is nested ${shape.depth} fields deep (${shape.deepestPath.join(' > ')}); at most ${limits.maxDepth} are allowed: ask for less in one request`,
            { nodes: [operation], extensions: { code: QUERY_TOO_DEEP, depth: shape.depth, maxDepth: limits.maxDepth } },
          ),
        );
      }
      if (shape.cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(
            `${name} would cost about ${number(shape.cost)}; at most ${number(limits.maxCost)} is allowed ` +
              `(each field counts 1, a mutation that hashes a password more, and what is under a list counts once per item: \`first\`, or ${limits.assumedListSize} for a list without it): ` +
              'ask for smaller pages or fewer fields',
            { nodes: [operation], extensions: { code: QUERY_TOO_COSTLY, cost: shape.cost, maxCost: limits.maxCost } },
          ),
        );
      }
      return false; // measured whole: nothing below needs visiting again
    },
  });
}
