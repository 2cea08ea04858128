import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';

export const TOO_MANY_PASSWORD_CHECKS = 'TOO_MANY_PASSWORD_CHECKS';

/** Mutations that check a password someone typed: each hashes it, on purpose slowly. */
export const PASSWORD_CHECK_FIELDS = ['login', 'changePassword'];

/**
 * Refuses, before anything runs (so before any password is hashed), a mutation with more than one
 * PASSWORD_CHECK_FIELDS field at its root, aliases and fragments included: one request, one guess.
 */
export function passwordCheckFieldsRule(): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return false;
      const found = countChecks(operation.selectionSet, (name) => context.getFragment(name), new Set());
      if (found > 1) {
        const name = operation.name ? `Operation ${operation.name.value}` : 'The operation';
        context.reportError(
          new GraphQLError(
            `${name} checks ${found} passwords; at most one \`${PASSWORD_CHECK_FIELDS.join('` or `')}\` field (aliases included) is allowed per request`,
            { nodes: [operation], extensions: { code: TOO_MANY_PASSWORD_CHECKS, found, max: 1 } },
          ),
        );
      }
      return false;
    },
  });
}

function countChecks(set: SelectionSetNode, fragment: (name: string) => FragmentDefinitionNode | null | undefined, visiting: Set<string>): number {
  let found = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (PASSWORD_CHECK_FIELDS.includes(selection.name.value)) found++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found += countChecks(selection.selectionSet, fragment, visiting);
    } else if (!visiting.has(selection.name.value)) {
      // Counted each time it is spread: spreading one fragment twice asks twice.
      const definition = fragment(selection.name.value);
      if (definition) found += countChecks(definition.selectionSet, fragment, new Set([...visiting, selection.name.value]));
    }
  }
  return found;
}
