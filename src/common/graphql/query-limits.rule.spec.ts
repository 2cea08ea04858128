import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { readFileSync } from 'node:fs';
import { QUERY_TOO_COSTLY, QUERY_TOO_DEEP, queryLimitsRule, type QueryLimits } from './query-limits.rule.js';

/** The committed schema, so the figures below are those of the real API. */
const schema = buildSchema(readFileSync('schema.gql', 'utf8'));
const LIMITS: QueryLimits = { maxDepth: 6, maxCost: 500, maxPageSize: 100, assumedListSize: 10 };

function errorsOf(query: string, limits: QueryLimits = LIMITS): readonly GraphQLError[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(limits)]);
}

/** The depth and cost the rule finds, read off its errors with limits of 0. */
function measure(query: string): { depth: number; cost: number } {
  const errors = errorsOf(query, { ...LIMITS, maxDepth: 0, maxCost: 0 });
  const deep = errors.find((e) => e.extensions.code === QUERY_TOO_DEEP);
  const costly = errors.find((e) => e.extensions.code === QUERY_TOO_COSTLY);
  return { depth: (deep?.extensions.depth as number) ?? 0, cost: (costly?.extensions.cost as number) ?? 0 };
}

describe('queryLimitsRule', () => {
  it('counts the root field as depth 1 and every field as cost 1', () => {
    expect(measure('{ serviceInfo { name apiVersion } }')).toEqual({ depth: 2, cost: 3 });
  });

  it('counts what is under a connection once per item of `first`, its default, or the largest page for a variable', () => {
    // organisations + first × (edges + node + id + name)
    expect(measure('{ organisations(first: 50) { edges { node { id name } } } }').cost).toBe(1 + 50 * 4);
    expect(measure('{ organisations { edges { node { id name } } } }').cost).toBe(1 + 20 * 4);
    expect(measure('query ($n: Int) { organisations(first: $n) { edges { node { id name } } } }').cost).toBe(1 + 100 * 4);
    // A literal over the largest page is refused when the field runs ("first must be at most 100"), not here.
    expect(measure('{ organisations(first: 100000) { edges { node { id } } } }').cost).toBe(1 + 100 * 3);
  });

  it('counts what is under another list 10 times', () => {
    // organisations + 20 × (edges + node + signatories + 10 × fullName)
    expect(measure('{ organisations { edges { node { signatories { fullName } } } } }').cost).toBe(1 + 20 * (3 + 10));
  });

  it('follows fragments and inline fragments, and ignores introspection fields', () => {
    const query = `
      query { organisations(first: 2) { edges { node { ...Org ... on Organisation { id } __typename } } } }
      fragment Org on Organisation { igLead { ...Person } }
      fragment Person on User { fullName organisation { name } }`;
    // depth: organisations > edges > node > igLead > organisation > name; cost: 1 + 2 × (edges node id igLead fullName organisation name)
    expect(measure(query)).toEqual({ depth: 6, cost: 1 + 2 * 7 });
    expect(measure('{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }')).toEqual({ depth: 0, cost: 0 });
  });

  it('measures a fragment once however often it is spread, so nested spreads stay cheap to check', () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on ServiceInfo { a${i}: name ${i < 39 ? `...F${i + 1} b${i}: apiVersion ...F${i + 1}` : ''} }`);
    const started = performance.now();
    const errors = errorsOf(`{ serviceInfo { ...F0 } } ${fragments.join('\n')}`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors.map((e) => e.extensions.code)).toContain(QUERY_TOO_COSTLY);
  });

  it('passes an operation within both limits', () => {
    expect(errorsOf('{ organisations(first: 50) { edges { node { id name igLead { fullName } } } } }')).toEqual([]);
  });

  it('refuses an operation nested too deep with QUERY_TOO_DEEP, its depth, the limit and the path', () => {
    const errors = errorsOf('query Deep { me { organisation { igLead { organisation { igLead { organisation { name } } } } } } }');
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: QUERY_TOO_DEEP, depth: 7, maxDepth: 6 });
    expect(errors[0].message).toBe(
      'Operation Deep is nested 7 fields deep (me > organisation > igLead > organisation > igLead > organisation > name); at most 6 are allowed: ask for less in one request',
    );
  });

  it('refuses an operation too costly with QUERY_TOO_COSTLY, its cost and the limit', () => {
    const errors = errorsOf('{ organisations(first: 100) { edges { node { signatories { fullName } } } } }');
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: QUERY_TOO_COSTLY, cost: 1 + 100 * 13, maxCost: 500 });
    expect(errors[0].message).toMatch(/^The operation would cost about 1,301; at most 500 is allowed \(each field counts 1.*\): ask for smaller pages or fewer fields$/);
  });

  it('counts aliases of the same field separately', () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `o${i}: organisations(first: 100) { totalCount }`).join(' ');
    expect(measure(`{ ${aliases} }`).cost).toBe(30 * 101);
  });

  it('charges a field its fieldCosts instead of 1', () => {
    const errors = errorsOf('mutation { login(input: { email: "a@b.example", password: "x" }) { token } }', {
      ...LIMITS,
      maxCost: 0,
      fieldCosts: { 'Mutation.login': 1000 },
    });
    expect(errors[0].extensions).toEqual({ code: QUERY_TOO_COSTLY, cost: 1000 + 1, maxCost: 0 });
  });

  it('leaves unknown fields and fragment cycles to graphql-js own rules, without looping', () => {
    const codes = errorsOf('{ nope { x } } ').map((e) => e.extensions.code ?? 'graphql');
    expect(codes).toEqual(['graphql']);
    const cyclic = errorsOf('{ serviceInfo { ...A } } fragment A on ServiceInfo { name ...B } fragment B on ServiceInfo { ...A }');
    expect(cyclic.some((e) => /cannot spread fragment/i.test(e.message))).toBe(true);
  });
});
