import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from '../../config/app-config.js';
import { MAX_PAGE_SIZE } from '../pagination/pagination.args.js';
import { strictDateTimeInput } from '../scalars/date-time.scalar.js';
import { passwordCheckFieldsRule } from './password-check-fields.rule.js';
import { queryLimitsRule } from './query-limits.rule.js';

/** Tokens in one GraphQL document (names, punctuation, literal values; variables do not count). */
export const GRAPHQL_MAX_TOKENS = 20_000;
/** What a mutation that hashes a password costs: a few of them are the cost of a large page. */
export const PASSWORD_HASHING_COST = 1_000;
const PASSWORD_HASHING_FIELDS = ['Mutation.login', 'Mutation.changePassword', 'Mutation.setPasswordWithLink'];

/** How many items a list without `first` is taken to hold when estimating a query's cost. */
export const ASSUMED_LIST_SIZE = 10;

/**
 * The GraphQL server's limits (docs/limits.md): DateTime input read strictly (date-time.scalar.ts);
 * a document too long is refused while parsing
 * (GRAPHQL_PARSE_FAILED), one too deep or too costly before anything runs (QUERY_TOO_DEEP,
 * QUERY_TOO_COSTLY), as is a mutation checking more than one password (TOO_MANY_PASSWORD_CHECKS). In production, with introspection off, errors make no "Did you mean …?"
 * suggestions that would spell the schema out instead.
 */
export function graphqlHardening(
  config: AppConfig,
): Pick<ApolloDriverConfig, 'parseOptions' | 'validationRules' | 'hideSchemaDetailsFromClientErrors' | 'transformSchema'> {
  return {
    transformSchema: strictDateTimeInput,
    parseOptions: { maxTokens: GRAPHQL_MAX_TOKENS },
    // The password rule first: its error is the clearer one for a burst of sign-ins.
    validationRules: [
      passwordCheckFieldsRule(),
      queryLimitsRule({
        maxDepth: config.limits.graphqlMaxDepth,
        maxCost: config.limits.graphqlMaxCost,
        maxPageSize: MAX_PAGE_SIZE,
        assumedListSize: ASSUMED_LIST_SIZE,
        fieldCosts: Object.fromEntries(PASSWORD_HASHING_FIELDS.map((field) => [field, PASSWORD_HASHING_COST])),
      }),
    ],
    hideSchemaDetailsFromClientErrors: config.mode === 'production',
  };
}
