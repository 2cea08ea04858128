import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DEFAULT_PASSWORD, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';
import { createOrganisation, createUser } from './support/fixtures.js';

/**
 * Every query and mutation, called as every kind of caller, against the caller's own
 * organisation and another one. A new operation without a row here fails the last test.
 */

type CallerKind = 'anonymous' | 'practitioner' | 'orgAdmin' | 'otherOrgAdmin' | 'systemAdmin';
const CALLERS: CallerKind[] = ['anonymous', 'practitioner', 'orgAdmin', 'otherOrgAdmin', 'systemAdmin'];

interface World {
  t: TestApp;
  homeOrgId: string;
  tokens: Record<Exclude<CallerKind, 'anonymous'>, string>;
  /** A fresh user in the home organisation, so each call changes its own target. */
  freshHomeUser(roles?: string[]): Promise<{ id: string; email: string; token: string }>;
}

interface Row {
  operation: string;
  allowed: CallerKind[];
  call(world: World, caller: CallerKind): Promise<{ query: string; variables?: Record<string, unknown>; token?: string }>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

const MATRIX: Row[] = [
  { operation: 'serviceInfo', allowed: CALLERS, call: async () => ({ query: '{ serviceInfo { name } }' }) },
  { operation: 'login', allowed: CALLERS, call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email: user.email, password: DEFAULT_PASSWORD } } };
    } },
  { operation: 'me', allowed: ['practitioner', 'orgAdmin', 'otherOrgAdmin', 'systemAdmin'], call: async () => ({ query: '{ me { id } }' }) },
  { operation: 'organisation', allowed: ['practitioner', 'orgAdmin', 'otherOrgAdmin', 'systemAdmin'],
    call: async (w) => ({ query: 'query ($id: ID!) { organisation(id: $id) { name } }', variables: { id: w.homeOrgId } }) },
  { operation: 'organisations', allowed: ['practitioner', 'orgAdmin', 'otherOrgAdmin', 'systemAdmin'],
    call: async () => ({ query: '{ organisations { totalCount } }' }) },
  { operation: 'user', allowed: ['practitioner', 'orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'query ($id: ID!) { user(id: $id) { email } }', variables: { id: user.id } };
    } },
  { operation: 'users', allowed: ['practitioner', 'orgAdmin', 'systemAdmin'],
    call: async (w) => ({ query: 'query ($o: ID!) { users(organisationId: $o) { totalCount } }', variables: { o: w.homeOrgId } }) },
  { operation: 'createOrganisation', allowed: ['systemAdmin'], call: async () => ({
      query: 'mutation ($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
      variables: { i: { name: unique('Matrix Org'), sector: 'OTHER' } },
    }) },
  { operation: 'updateOrganisation', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => ({
      query: 'mutation ($id: ID!, $i: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $i) { id } }',
      variables: { id: w.homeOrgId, i: { name: unique('Matrix Home') } },
    }) },
  { operation: 'createUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => ({
      query: 'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
      variables: { i: { organisationId: w.homeOrgId, email: `${unique('new')}@matrix.example`, fullName: 'New', password: DEFAULT_PASSWORD, roles: [] } },
    }) },
  { operation: 'updateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($id: ID!) { updateUser(id: $id, input: { fullName: "Renamed" }) { id } }', variables: { id: user.id } };
    } },
  { operation: 'assignRole', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($i: RoleAssignmentInput!) { assignRole(input: $i) { id } }', variables: { i: { userId: user.id, role: 'SIGNATORY' } } };
    } },
  { operation: 'revokeRole', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser(['SIGNATORY']);
      return { query: 'mutation ($i: RoleAssignmentInput!) { revokeRole(input: $i) { id } }', variables: { i: { userId: user.id, role: 'SIGNATORY' } } };
    } },
  { operation: 'deactivateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      return { query: 'mutation ($id: ID!) { deactivateUser(id: $id) { id } }', variables: { id: user.id } };
    } },
  { operation: 'reactivateUser', allowed: ['orgAdmin', 'systemAdmin'], call: async (w) => {
      const user = await w.freshHomeUser();
      await w.t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id }, await w.t.adminToken());
      return { query: 'mutation ($id: ID!) { reactivateUser(id: $id) { id } }', variables: { id: user.id } };
    } },
  { operation: 'changePassword', allowed: ['practitioner', 'orgAdmin', 'otherOrgAdmin', 'systemAdmin'], call: async (w, caller) => {
      // Each signed-in caller changes their own password on a fresh account of the same kind.
      const roles = caller === 'practitioner' ? ['PRACTITIONER'] : caller === 'systemAdmin' ? ['SYSTEM_ADMIN'] : ['ORG_ADMIN'];
      const own = caller === 'anonymous' ? undefined : await w.freshHomeUser(roles);
      return {
        query: 'mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { token } }',
        variables: { i: { currentPassword: DEFAULT_PASSWORD, newPassword: 'another long passphrase' } },
        token: own?.token,
      };
    } },
  { operation: 'auditEntries', allowed: ['systemAdmin'], call: async () => ({ query: '{ auditEntries(first: 1) { totalCount } }' }) },
  { operation: 'auditChainVerification', allowed: ['systemAdmin'], call: async () => ({ query: '{ auditChainVerification { valid } }' }) },
];

describe('authorisation matrix', () => {
  let world: World;

  beforeAll(async () => {
    const t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '10000' });
    const home = await createOrganisation(t, { name: 'Matrix Home Trust' });
    const other = await createOrganisation(t, { name: 'Matrix Other Council', sector: 'LOCAL_AUTHORITY' });
    world = {
      t,
      homeOrgId: home.id,
      tokens: {
        practitioner: (await createUser(t, home.id, 'practitioner@matrix.example', ['PRACTITIONER'])).token,
        orgAdmin: (await createUser(t, home.id, 'admin@matrix.example', ['ORG_ADMIN'])).token,
        otherOrgAdmin: (await createUser(t, other.id, 'admin@other-matrix.example', ['ORG_ADMIN'])).token,
        systemAdmin: await t.adminToken(),
      },
      freshHomeUser: (roles = []) => createUser(t, home.id, `${unique('user')}@matrix.example`, roles),
    };
  });
  afterAll(async () => world.t.close());

  const cases = MATRIX.flatMap((row) => CALLERS.map((caller) => [row.operation, caller, row.allowed.includes(caller), row] as const));

  it.each(cases)('%s as %s: allowed=%s', async (_operation, caller, allowed, row) => {
    const { query, variables, token } = await row.call(world, caller);
    const callerToken = caller === 'anonymous' ? undefined : (token ?? world.tokens[caller]);
    const response: GraphqlResponse = await world.t.gql(query, variables, callerToken);
    const codes = (response.errors ?? []).map((e) => e.extensions.code);
    if (allowed) {
      expect(codes).toEqual([]);
    } else {
      expect(codes.length).toBeGreaterThan(0);
      expect(codes.every((code) => code === (caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'))).toBe(true);
    }
  });

  it('has a row for every query and mutation in the schema', () => {
    const schema = world.t.app.get(GraphQLSchemaHost).schema;
    const operations = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect(MATRIX.map((row) => row.operation).sort()).toEqual(operations.sort());
  });
});
