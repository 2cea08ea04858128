// The partnership the ingest bench records decisions for, built through the public GraphQL API by
// the e2e tests' own fixture (test/support/partnership-fixture.ts, compiled to dist/test): an ICB's
// protocol with two signed ISPs under it (hospital, council and care provider as parties), and the
// fixture's dozen decisions and one breach.
import { buildPartnership, type Partnership } from '../../test/support/partnership-fixture.js';
import { DEFAULT_PASSWORD, type GraphqlResponse, type TestApp } from '../../test/support/test-app.js';
import { databaseReader } from '../../test/support/query-once.js';
import { must } from './common.js';

/**
 * What the fixtures use of a TestApp (gql, login, adminToken), over HTTP against the app in its
 * child process. The fixtures take a whole TestApp; they call only these three members.
 */
/** The e2e fixtures' TestApp over HTTP, reading the app's database at `databaseUrl` where a fixture needs it (an emailed link). */
export function apiClient(endpoint: string, adminEmail: string, adminPassword: string, databaseUrl: string): TestApp {
  let adminToken: Promise<string> | undefined;
  const login = async (email: string, password = DEFAULT_PASSWORD) =>
    (await must<{ login: { token: string } }>(endpoint, 'mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { email, password } })).login.token;
  const gql: TestApp['gql'] = async (query, variables, token) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { data?: any; errors?: GraphqlResponse['errors'] };
    return { status: response.status, data: body.data ?? null, errors: body.errors };
  };
  const client: Pick<TestApp, 'gql' | 'login' | 'adminToken' | 'db'> = {
    gql,
    login,
    adminToken: () => (adminToken ??= login(adminEmail, adminPassword)),
    db: databaseReader(databaseUrl) as TestApp['db'],
  };
  return client as TestApp;
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  items: { name: string; specialCategory: boolean }[];
  transferMethod: string;
}

export interface IngestPartnership extends Partnership {
  /** The agreements of the partnership: the protocol and the two ISPs. */
  agreementIds: string[];
  /** The data flows of each ISP's version in force. */
  flows: Map<string, Flow[]>;
  /** When the later ISP became ACTIVE: decisions under the ISPs decided after this carry no "not active" flag. */
  activeSince: Date;
}

export async function seedPartnership(endpoint: string, adminEmail: string, adminPassword: string, databaseUrl: string): Promise<IngestPartnership> {
  const t = apiClient(endpoint, adminEmail, adminPassword, databaseUrl);
  const partnership = await buildPartnership(t);
  const flows = new Map<string, Flow[]>();
  for (const id of [partnership.ispA, partnership.ispB]) {
    const data = await must<{ agreement: { currentVersion: { content: { dataFlows: any[] } } } }>(
      endpoint,
      `query ($id: ID!) { agreement(id: $id) { currentVersion { content { dataFlows {
         id fromOrganisationId toOrganisationId transferMethod dataItems { name specialCategory } } } } } }`,
      { id },
      partnership.hospital.igLead.token,
    );
    flows.set(
      id,
      data.agreement.currentVersion.content.dataFlows.map((f) => ({
        id: f.id,
        from: f.fromOrganisationId,
        to: f.toOrganisationId,
        items: f.dataItems,
        transferMethod: f.transferMethod,
      })),
    );
  }
  return {
    ...partnership,
    agreementIds: [partnership.protocolId, partnership.ispA, partnership.ispB],
    flows,
    // A second after seeding: both ISPs were signed (made ACTIVE) before this point.
    activeSince: new Date(Date.now() + 1000),
  };
}
