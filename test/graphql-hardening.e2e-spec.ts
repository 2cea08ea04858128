import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isNonNullType, isScalarType, type GraphQLArgument } from 'graphql';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock/clock.js';
import { readyPartner, type Partner } from './support/agreement-fixtures.js';
import { decisionInput } from './support/decision-fixtures.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { gqlFrom } from './support/from-address.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, failure, ok, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app.js';

/** A POST to /graphql with a raw body: the status, headers and parsed answer. */
async function post(t: TestApp, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as GraphqlResponse & { errors: any[] } };
}

/** `{ me { organisation { igLead { organisation { … name } } } } }`: `levels` fields deep. */
function nested(levels: number): string {
  const path = ['me'];
  while (path.length < levels - 1) path.push(path.length % 2 === 1 ? 'organisation' : 'igLead');
  const leaf = path.at(-1) === 'organisation' ? 'name' : 'fullName';
  return `{ ${path.join(' { ')} { ${leaf} ${' }'.repeat(path.length)} }`;
}

const UPDATE_ME = 'mutation ($id: ID!, $name: String!) { updateUser(id: $id, input: { fullName: $name }) { fullName } }';

describe('GraphQL hardening, with the default limits (test mode)', () => {
  let t: TestApp;
  let admin: string;
  let home: Partner;
  let partner: Partner;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    admin = await t.adminToken();
    home = await readyPartner(t, 'Hardening Home Trust', 'hardening-home');
    partner = await readyPartner(t, 'Hardening Partner Council', 'hardening-partner', { sector: 'LOCAL_AUTHORITY' });
  });
  afterAll(async () => t.close());

  it('refuses a query nested deeper than 12 fields with QUERY_TOO_DEEP, its depth and the limit, before running anything', async () => {
    expect(ok(await t.gql(nested(12), {}, admin)).me).toBeDefined();
    const response = await t.gql(nested(13), {}, admin);
    expect(response.status).toBe(400);
    expect(response.data).toBeNull();
    const error = failure(response);
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 });
    expect(error.message).toMatch(/^The operation is nested 13 fields deep \(me > organisation > igLead > .* > organisation > name\); at most 12 are allowed/);
  });

  it('refuses a query estimated to cost more than 25,000 with QUERY_TOO_COSTLY, its cost and the limit', async () => {
    // 1 + 100 × (edges + node + signatories + 10 × (organisation + signatories + 10 × fullName)) = 12,301 each
    const page = 'organisations(first: 100) { edges { node { signatories { organisation { signatories { fullName } } } } } }';
    expect(ok(await t.gql(`{ a: ${page} }`, {}, admin)).a).toBeDefined();
    const response = await t.gql(`{ a: ${page} b: ${page} c: ${page} }`, {}, admin);
    expect(response.status).toBe(400);
    const error = failure(response);
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: 3 * 12_301, maxCost: 25_000 });
    expect(error.message).toMatch(/^The operation would cost about 36,903; at most 25,000 is allowed/);
  });

  it('refuses a document of more than 20,000 tokens while parsing it, with GRAPHQL_PARSE_FAILED', async () => {
    const response = await t.gql(`{ ${Array.from({ length: 7000 }, (_, i) => `a${i}: __typename`).join(' ')} }`, {}, admin);
    expect(response.status).toBe(400);
    const error = failure(response);
    expect(error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(error.message).toMatch(/^Syntax Error: Document contains more tha[nt] 20000 tokens/);
  });

  it('caps `first` at 100 on every paginated list in the schema, with BAD_USER_INPUT naming first', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const paginated = Object.values(schema.getQueryType()!.getFields()).filter((field) => field.args.some((arg) => arg.name === 'first'));
    expect(paginated.map((field) => field.name).sort()).toEqual(['agreements', 'auditEntries', 'organisations', 'sharingDecisions', 'users']);
    const required = (args: readonly GraphQLArgument[]) => args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
    for (const field of paginated) {
      for (const [first, rule] of [[101, 'max'], [0, 'min'], [-5, 'min']] as const) {
        const args = required(field.args).map((arg) => {
          const type = getNamedType(arg.type);
          if (!isScalarType(type) || type.name !== 'ID') throw new Error(`fill in ${field.name}.${arg.name}`);
          return `${arg.name}: "${home.id}"`;
        });
        const response = await t.gql(`{ ${field.name}(${[...args, `first: ${first}`].join(', ')}) { totalCount } }`, {}, admin);
        const error = failure(response);
        expect([field.name, first, error.extensions.code]).toEqual([field.name, first, 'BAD_USER_INPUT']);
        expect(error.extensions.fields).toEqual([
          { field: 'first', rule, message: rule === 'max' ? 'first must be at most 100' : 'first must be at least 1' },
        ]);
      }
    }
  });

  it('refuses a batch of 5,001 decisions (and a CSV of 5,001 rows) with BAD_USER_INPUT, writing none of them', async () => {
    const count = async () => Number((await t.db.query('SELECT count(*) FROM sharing_decision')).rows[0].count);
    const before = await count();
    const decisions = Array.from({ length: 5001 }, () => decisionInput(home.id, partner.id));
    const batch = failure(
      await t.gql('mutation ($d: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $d) { created } }', { d: decisions }, home.practitioner.token),
    );
    expect(batch.extensions.code).toBe('BAD_USER_INPUT');
    expect(batch.extensions.fields).toContainEqual({ field: 'decisions', rule: 'arrayMaxSize', message: 'decisions must hold at most 5000 decisions' });

    const columns = ['clientKey', 'requestingOrganisationId', 'disclosingOrganisationId', 'requestedAt', 'decidedAt', 'purposeType', 'outcome', 'dataItemsShared',
      'article6Basis', 'commonLawBasis', 'consentStatus', 'transferMethod', 'personInformed'] as const;
    const csv = [columns.join(','), ...decisions.map((d) => columns.map((c) => (Array.isArray(d[c]) ? (d[c] as string[]).join('|') : String(d[c]))).join(','))].join('\n');
    const imported = failure(await t.gql('mutation ($csv: String!) { importSharingDecisionsCsv(csv: $csv) { created } }', { csv }, home.practitioner.token));
    expect(imported.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'decisions', rule: 'maxBatch', message: 'at most 5000 decisions in one call' }] });
    expect(await count()).toBe(before);

    // The largest batch allowed goes through.
    const largest = ok(
      await t.gql('mutation ($d: [SharingDecisionInput!]!) { recordSharingDecisions(decisions: $d) { created } }', { d: decisions.slice(0, 5000) }, home.practitioner.token),
    );
    expect(largest.recordSharingDecisions.created).toBe(5000);
  });

  it('answers a request body over 10 MB with 413 and a GraphQL error saying the limit, and a body that is not JSON with 400', async () => {
    const tooBig = await post(t, JSON.stringify({ query: '{ serviceInfo { name } }', variables: { padding: 'x'.repeat(10 * 1024 * 1024) } }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json().errors).toEqual([
      { message: 'The request body (10 MB) is larger than the limit of 10 MB: send less in one request (for example, split a batch)', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
    ]);
    expect(tooBig.headers.get('x-content-type-options')).toBe('nosniff');

    const justUnder = await post(t, JSON.stringify({ query: '{ serviceInfo { name } }', variables: { padding: 'x'.repeat(10 * 1024 * 1024 - 100) } }));
    expect(justUnder.status).toBe(200);

    const broken = await post(t, '{"query": "{ serviceInfo { name } }"');
    expect(broken.status).toBe(400);
    expect(broken.json().errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/^The request body is not valid JSON: /) });
  });

  it('answers a form post over its limit with 413: a page for a browser, JSON otherwise', async () => {
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(200_000)}` };
    const json = await fetch(`${t.url}/sign-in`, { ...form, headers: { ...form.headers, accept: 'application/json' } });
    expect(json.status).toBe(413);
    expect(await json.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^The request body \(195 KB\) is larger than the limit of 100 KB/) });
    const page = await fetch(`${t.url}/sign-in`, { ...form, headers: { ...form.headers, accept: 'text/html' } });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('larger than the limit of 100 KB');
  });

  it('keeps introspection and the Apollo Sandbox on outside production', async () => {
    expect(ok(await t.gql('{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
    const landing = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toMatch(/embeddable-sandbox/);
  });

  it('sends the security headers with GraphQL answers, leaving out the CSP outside production for the Sandbox', async () => {
    const response = await post(t, JSON.stringify({ query: '{ serviceInfo { name } }' }));
    expect(Object.fromEntries(['x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cache-control', 'x-powered-by'].map((h) => [h, response.headers.get(h)]))).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
      'x-powered-by': null,
    });
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  it('routes GraphQL just after the security headers and the JSON parser: no other body parser, asset mount or route runs first', async () => {
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { name?: string; rawPath?: unknown; route?: unknown }[] } }).router.stack;
    const graphql = stack.findIndex((layer) => layer.rawPath === '/graphql');
    const before = stack.slice(0, graphql);
    expect(before.map((layer) => layer.name)).toContain('jsonParser');
    expect(before.filter((layer) => ['rawParser', 'textParser', 'urlencodedParser', 'serveStatic'].includes(layer.name ?? '') || layer.route !== undefined)).toEqual([]);
    // What the other parsers would have read is still refused as before: a form post to /graphql runs nothing.
    const form = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20me%20%7B%20email%20%7D%20%7D' });
    expect(form.status).toBe(400);
    expect(await form.text()).not.toContain('"data"');
    // No ETag is hashed from a POST's answer (nor a page's: they are never cached).
    expect((await post(t, JSON.stringify({ query: '{ serviceInfo { name } }' }))).headers.get('etag')).toBeNull();
  });
});

describe('GraphQL hardening in production mode, with lowered limits', () => {
  let t: TestApp;
  let second: INestApplication | undefined;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp({
      NODE_ENV: 'production',
      EXPIRY_SWEEP_SECONDS: '0',
      GRAPHQL_MAX_DEPTH: '4',
      WRITE_RATE_LIMIT_PER_USER: '3',
      WRITE_RATE_WINDOW_SECONDS: '60',
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '6',
    });
    orgId = (await createOrganisation(t, { name: 'Production Mode Trust' })).id;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await second?.close();
    await t.close();
  });

  it('turns introspection off with INTROSPECTION_DISABLED, and makes no schema suggestions in errors', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Organisation") { name } }']) {
      const response = await t.gql(query);
      expect(response.status).toBe(400);
      expect(failure(response)).toMatchObject({
        extensions: { code: 'INTROSPECTION_DISABLED' },
        message: 'Introspection (__schema, __type) is turned off in production: build against the published schema (schema.gql)',
      });
    }
    expect(ok(await t.gql('{ serviceInfo { __typename name } }')).serviceInfo).toEqual({ __typename: 'ServiceInfo', name: 'Accordant' });
    const misspelt = failure(await t.gql('{ serviceInf { name } }'));
    expect(misspelt.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(misspelt.message).not.toMatch(/Did you mean/);
  });

  it('serves no Sandbox or landing page', async () => {
    const landing = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const text = await landing.text();
    expect(text).not.toMatch(/sandbox|apollographql|<html/i);
    expect(landing.status).toBeGreaterThanOrEqual(400);
  });

  it('sends the full security headers with GraphQL answers and refused bodies: CSP, HSTS, nosniff, no framing', async () => {
    const expected = {
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'strict-transport-security': 'max-age=31536000',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
    };
    const headersOf = (response: Response) => Object.fromEntries(Object.keys(expected).map((h) => [h, response.headers.get(h)]));
    const answer = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ serviceInfo { name } }"}' });
    expect(headersOf(answer)).toEqual(expected);
    const refused = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' });
    expect(refused.status).toBe(400);
    expect(headersOf(refused)).toEqual(expected);
  });

  it('applies GRAPHQL_MAX_DEPTH', async () => {
    const admin = await t.adminToken();
    expect(ok(await t.gql(nested(4), {}, admin)).me).toBeDefined();
    expect(failure(await t.gql(nested(5), {}, admin)).extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 5, maxDepth: 4 });
  });

  it('limits writes per user per window, counted in the database, so a second instance refuses the same user', async () => {
    const user = await createUser(t, orgId, 'busy@production.example', ['PRACTITIONER']);
    const bystander = await createUser(t, orgId, 'calm@production.example', ['PRACTITIONER']);
    for (let i = 1; i <= 3; i++) expect(ok(await t.gql(UPDATE_ME, { id: user.id, name: `Busy ${i}` }, user.token)).updateUser.fullName).toBe(`Busy ${i}`);

    const refused = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: UPDATE_ME, variables: { id: user.id, name: 'Busy 4' } }),
    });
    const error = ((await refused.json()) as { errors: GraphqlResponse['errors'] }).errors![0];
    expect(error.extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toBe(`Too many changes: at most 3 per user every minute; try again in ${error.extensions.retryAfterSeconds} seconds`);
    expect(refused.headers.get('retry-after')).toBe(String(error.extensions.retryAfterSeconds));
    // Refused before it ran: nothing changed.
    expect((await t.db.query('SELECT full_name FROM app_user WHERE id = $1', [user.id])).rows[0].full_name).toBe('Busy 3');
    // A write to a plain route (the NDJSON ingest) counts in the same window and is refused the same way, before its body is read.
    const ndjson = await fetch(`${t.url}/ledger/decisions`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${user.token}` }, body: '{}' });
    expect(ndjson.status).toBe(429);
    expect(((await ndjson.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    expect(Number(ndjson.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.db.query('SELECT writes FROM write_rate_window WHERE user_id = $1', [user.id])).rows).toEqual([{ writes: 5 }]);

    // Reading is not limited, nor is another user.
    expect(ok(await t.gql('{ me { fullName } }', {}, user.token)).me.fullName).toBe('Busy 3');
    expect(ok(await t.gql(UPDATE_ME, { id: bystander.id, name: 'Calm' }, bystander.token)).updateUser.fullName).toBe('Calm');

    // Another instance of the app on the same database counts the same writes.
    second = await createApp(t.config);
    await second.listen(0, '127.0.0.1');
    const secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
    const elsewhere = await fetch(`${secondUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: UPDATE_ME, variables: { id: user.id, name: 'Busy 5' } }),
    });
    expect(((await elsewhere.json()) as { errors: GraphqlResponse['errors'] }).errors![0].extensions.code).toBe('TOO_MANY_REQUESTS');

    // The next window allows writes again, and the user's old windows are dropped.
    const later = new Date(Date.now() + 61_000);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
    expect(ok(await t.gql(UPDATE_ME, { id: user.id, name: 'Busy again' }, user.token)).updateUser.fullName).toBe('Busy again');
    expect((await t.db.query('SELECT writes FROM write_rate_window WHERE user_id = $1', [user.id])).rows).toEqual([{ writes: 1 }]);
    jest.restoreAllMocks();
  });

  it('limits sign-in attempts per client address, successful or not, with TOO_MANY_REQUESTS and a Retry-After header', async () => {
    const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { token } }';
    // From an address of its own: the fixtures sign in from 127.0.0.1.
    expect(ok(await gqlFrom(t, '127.0.0.30', LOGIN, { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).login.token).toMatch(/^acc1\./);
    for (let i = 0; i < 5; i++) {
      expect(failure(await gqlFrom(t, '127.0.0.30', LOGIN, { input: { email: `nobody${i}@spray.example`, password: 'a wrong password' } })).extensions.code).toBe('UNAUTHENTICATED');
    }
    // Six attempts, one of them a success: even the right password now waits.
    const response = await gqlFrom(t, '127.0.0.30', LOGIN, { input: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    const error = failure(response);
    expect(error.extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/^Too many sign-in attempts: try again in \d+ seconds$/);
    expect(response.headers['retry-after']).toBe(String(error.extensions.retryAfterSeconds));
  });
});
