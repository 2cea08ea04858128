// Data for the organisation list, created through the public API as a client would (the same
// mutations as test/support/fixtures.ts), so it passes the app's own validation and audit.

export const ORGANISATIONS = 200;
const PARALLEL = 8;

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { token } }';
const CREATE_ORGANISATION = 'mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }';
const CREATE_USER = 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }';

/** The data of a GraphQL request that must succeed. */
export async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL request failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const data = await graphql<{ login: { token: string } }>(url, LOGIN, { input: { email, password } });
  return data.login.token;
}

/** Organisations "Bench organisation 001".., each with an IG lead and a signatory (invited by email: the list needs no password of theirs). */
export async function seedOrganisations(url: string, adminToken: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ORGANISATIONS) {
      const n = String(++next).padStart(3, '0');
      const { createOrganisation } = await graphql<{ createOrganisation: { id: string } }>(
        url,
        CREATE_ORGANISATION,
        { input: { name: `Bench organisation ${n}`, sector: 'NHS_TRUST' } },
        adminToken,
      );
      for (const [role, person] of [['IG_LEAD', 'ig-lead'], ['SIGNATORY', 'signatory']] as const) {
        const input = {
          organisationId: createOrganisation.id,
          email: `${person}-${n}@bench.test`,
          fullName: `${person} ${n}`,
          roles: [role],
        };
        await graphql(url, CREATE_USER, { input }, adminToken);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}
