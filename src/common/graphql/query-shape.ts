import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * How deep and how costly an operation is, read from the document alone (no variables), so the
 * answer is the same every time and Apollo may cache the validated document.
 *
 * - Depth: the most fields nested inside one another, the root field counting 1.
 * - Cost: every field costs 1; what is selected under a field that returns many items is counted
 *   once per item: `first` items for a field that takes `first` (its literal value up to
 *   `maxPageSize`, the largest page there is; `maxPageSize` when it is a variable, whose value is
 *   only known at run time; the argument's default when it is left out), and `assumedListSize`
 *   for any other list (the `edges` of a connection are already counted by its `first`).
 * Introspection fields (`__schema`, `__type`, `__typename`) count nothing: in production they are
 * refused outright, and the Sandbox's own introspection query must not trip the limits.
 */
export interface QueryShape {
  depth: number;
  /** The field names down the deepest path, e.g. `organisations.edges.node.igLead.fullName`. */
  deepestPath: string[];
  cost: number;
}

export interface CostModel {
  maxPageSize: number;
  assumedListSize: number;
  /** What a field costs instead of 1, by `Type.field` (e.g. a mutation that hashes a password). */
  fieldCosts?: Readonly<Record<string, number>>;
}

type FragmentLookup = (name: string) => FragmentDefinitionNode | null | undefined;

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: FragmentLookup,
  model: CostModel,
): QueryShape {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return { depth: 0, deepestPath: [], cost: 0 };
  const walker = new ShapeWalker(schema, fragment, model);
  return walker.selectionSet(operation.selectionSet, root, new Set());
}

class ShapeWalker {
  /** Each fragment is measured once however often it is spread, so nested spreads cannot make this exponential. */
  private readonly fragments = new Map<string, QueryShape>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragment: FragmentLookup,
    private readonly model: CostModel,
  ) {}

  /** `visiting`: the fragments being expanded on this path, so a cycle (refused by graphql's own rules) cannot loop. */
  selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType, visiting: Set<string>): QueryShape {
    let deepest: QueryShape = { depth: 0, deepestPath: [], cost: 0 };
    let cost = 0;
    const take = (shape: QueryShape) => {
      cost += shape.cost;
      if (shape.depth > deepest.depth) deepest = shape;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        take(this.field(selection, parent, visiting));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (type) take(this.selectionSet(selection.selectionSet, type, visiting));
      } else {
        const shape = this.spread(selection.name.value, visiting);
        if (shape) take(shape);
      }
    }
    return { depth: deepest.depth, deepestPath: deepest.deepestPath, cost };
  }

  private spread(name: string, visiting: Set<string>): QueryShape | undefined {
    const known = this.fragments.get(name);
    if (known) return known;
    const definition = this.fragment(name);
    if (!definition || visiting.has(name)) return undefined;
    const type = this.schema.getType(definition.typeCondition.name.value);
    if (!type) return undefined;
    const shape = this.selectionSet(definition.selectionSet, type, new Set([...visiting, name]));
    this.fragments.set(name, shape);
    return shape;
  }

  private field(node: FieldNode, parent: GraphQLNamedType, visiting: Set<string>): QueryShape {
    const name = node.name.value;
    if (name.startsWith('__')) return { depth: 0, deepestPath: [], cost: 0 };
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!definition) return { depth: 1, deepestPath: [name], cost: 1 }; // an unknown field: graphql's own rules refuse it
    const own = this.model.fieldCosts?.[`${parent.name}.${name}`] ?? 1;
    if (!node.selectionSet) return { depth: 1, deepestPath: [name], cost: own };
    const below = this.selectionSet(node.selectionSet, getNamedType(definition.type), visiting);
    return {
      depth: below.depth + 1,
      deepestPath: [name, ...below.deepestPath],
      cost: own + this.multiplier(node, definition, parent) * below.cost,
    };
  }

  private multiplier(node: FieldNode, definition: GraphQLField<unknown, unknown>, parent: GraphQLNamedType): number {
    const first = definition.args.find((arg) => arg.name === 'first');
    if (first) {
      const given = node.arguments?.find((arg) => arg.name.value === 'first')?.value;
      if (!given) return typeof first.defaultValue === 'number' ? Math.min(first.defaultValue, this.model.maxPageSize) : this.model.maxPageSize;
      // A literal over the largest page is refused with its own clear error when the field runs.
      return given.kind === Kind.INT ? Math.min(Math.max(0, Number(given.value)), this.model.maxPageSize) : this.model.maxPageSize;
    }
    if (!isListType(getNullableType(definition.type))) return 1;
    // A connection's edges are as many as its `first`, already counted on the connection field.
    return parent.name.endsWith('Connection') ? 1 : this.model.assumedListSize;
  }
}
