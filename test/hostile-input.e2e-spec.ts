import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import { buildSchema, type GraphQLField } from 'graphql';
import { readFileSync } from 'node:fs';
import { compliantDraftAgreement, compliantSections, readyPartner, SIGN, SUBMIT, type Partner } from './support/agreement-fixtures.js';
import { decisionInput } from './support/decision-fixtures.js';
import { CREATE_USER, createOrganisation, createUser, emailedLinkToken } from './support/fixtures.js';
import { applyEdits, hostileEdits, schemaBuiltVariables, type Edit, type HostileCase } from './support/hostile-input.js';
import { DEFAULT_PASSWORD, ok, startTestApp, type GraphqlError, type TestApp } from './support/test-app.js';

/**
 * Property-based: every mutation in the committed schema.gql, called by someone allowed to call
 * it, with malformed and hostile variables generated from its input types (support/hostile-input.ts).
 * Whatever the input, the answer is never a server error (no 5xx, no INTERNAL_SERVER_ERROR): a
 * clear client error, or success when the value, however odd, is allowed. A call that fails leaves
 * every table as it was (no partial write); one that cannot be right must fail.
 *
 * HOSTILE_RUNS (default 15) sets the runs per mutation and HOSTILE_SEED the seed (a failure prints
 * the seed to rerun it with); HOSTILE_SHRINK=1 lets fast-check shrink a failure to a smaller case.
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 15);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261121);
const SHRINK = process.env.HOSTILE_SHRINK === '1';

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_PASSWORD_CHECKS',
]);

/** Tables a refused call may still write: counters of attempts, not records. */
const COUNTERS = new Set(['login_attempt', 'login_failure_tally', 'write_rate_window', 'user_session', 'schema_migration']);

const schema = buildSchema(readFileSync('schema.gql', 'utf8'));
const MUTATIONS: GraphQLField<unknown, unknown>[] = Object.values(schema.getMutationType()!.getFields());

interface World {
  t: TestApp;
  admin: string;
  home: Partner;
  partners: [Partner, Partner];
  /** The people mutations work in an organisation of their own, so a role they move (an IG lead's) cannot upset the agreements. */
  staffOrgId: string;
  orgAdmin: string;
  /** A fresh user of the staff organisation. */
  user(roles?: string[]): Promise<{ id: string; email: string; token: string }>;
  agreement(state: 'DRAFT' | 'AWAITING' | 'ACTIVE' | 'SUSPENDED' | 'VARIATION'): Promise<{ id: string; hash: string | null }>;
  revision(agreementId: string): Promise<number>;
}

/** How to call a mutation validly: by whom, with what. `setup` runs once per mutation, `call` once per run. */
interface Base {
  /** What a refused call records by design: audit entries of these actions. */
  auditedWhenRefused?: string[];
  setup?(w: World): Promise<Record<string, string>>;
  call(w: World, ctx: Record<string, string>, n: number): Promise<{ token?: string; variables: Record<string, unknown> }>;
}

const decision = (w: World, n: number) => ({ ...decisionInput(w.home.id, w.partners[0].id), clientKey: `hostile-${n}-${Math.random()}` });

const BASES: Record<string, Base> = {
  login: {
    auditedWhenRefused: ['auth.loginFailed'], // a failed sign-in is audited (once per address and window), on purpose
    setup: async (w) => ({ email: (await w.user()).email }),
    call: async (_w, ctx) => ({ variables: { input: { email: ctx.email, password: DEFAULT_PASSWORD } } }),
  },
  changePassword: {
    auditedWhenRefused: ['auth.loginFailed'], // a wrong current password counts as a failed sign-in
    // A fresh account each run: a successful change ends the caller's tokens.
    call: async (w) => {
      const user = await w.user(['PRACTITIONER']);
      return { token: user.token, variables: { input: { currentPassword: DEFAULT_PASSWORD, newPassword: 'another long passphrase' } } };
    },
  },
  logout: {
    // A fresh account each run: logging out ends the caller's token.
    call: async (w) => ({ token: (await w.user()).token, variables: {} }),
  },
  endSession: {
    // A fresh account each run, ending its own token.
    call: async (w) => {
      const user = await w.user();
      const [session] = ok(await w.t.gql('{ sessions { id } }', {}, user.token)).sessions as { id: string }[];
      return { token: user.token, variables: { id: session.id } };
    },
  },
  createOrganisation: {
    call: async (w, _ctx, n) => ({
      token: w.admin,
      variables: { input: { name: `Hostile Org ${n}`, sector: 'OTHER', dsptStatus: 'STANDARDS_MET', dsptStatusDate: '2026-06-30', secureEmailMethod: 'NHSMAIL' } },
    }),
  },
  updateOrganisation: {
    setup: async (w) => ({ id: (await createOrganisation(w.t, { name: 'Hostile Update Target' })).id }),
    call: async (w, ctx, n) => ({ token: w.admin, variables: { id: ctx.id, input: { name: `Hostile Renamed ${n}`, sector: 'HOUSING', dsptStatusDate: '2026-01-31' } } }),
  },
  recordOrganisationAssurance: {
    setup: async (w) => ({ id: (await createOrganisation(w.t, { name: 'Hostile Assurance Target' })).id }),
    // A different renewal date each run, so each records a change.
    call: async (w, ctx, n) => ({
      token: w.admin,
      variables: { organisationId: ctx.id, input: { icoRegistrationRenewalDate: new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) } },
    }),
  },
  createUser: {
    call: async (w, _ctx, n) => ({
      token: w.orgAdmin,
      variables: { input: { organisationId: w.staffOrgId, email: `created-${n}@hostile.example`, fullName: 'Created', roles: ['PRACTITIONER'] } },
    }),
  },
  requestPasswordReset: {
    // An address with no account: nothing is written, so a later call's snapshot is never taken mid-write.
    call: async (_w, _ctx, n) => ({ variables: { input: { email: `nobody-${n}@hostile.example` } } }),
  },
  setPasswordWithLink: {
    // A fresh invitation each run: a link works once.
    call: async (w, _ctx, n) => {
      const email = `invited-${n}-${Math.random().toString(36).slice(2)}@hostile-staff.example`;
      ok(await w.t.gql(CREATE_USER, { input: { organisationId: w.staffOrgId, email, fullName: 'Invited', roles: [] } }, w.admin));
      return { variables: { input: { token: await emailedLinkToken(w.t, email, 'USER_INVITED'), email, newPassword: 'amber quarry lantern violet' } } };
    },
  },
  updateUser: {
    setup: async (w) => ({ id: (await w.user()).id }),
    call: async (w, ctx) => ({ token: w.orgAdmin, variables: { id: ctx.id, input: { fullName: 'Renamed', jobTitle: 'Team lead' } } }),
  },
  assignRole: {
    setup: async (w) => ({ id: (await w.user()).id }),
    call: async (w, ctx) => ({ token: w.orgAdmin, variables: { input: { userId: ctx.id, role: 'SIGNATORY' } } }),
  },
  revokeRole: {
    setup: async (w) => ({ id: (await w.user(['SIGNATORY', 'PRACTITIONER'])).id }),
    call: async (w, ctx) => ({ token: w.orgAdmin, variables: { input: { userId: ctx.id, role: 'SIGNATORY' } } }),
  },
  deactivateUser: {
    setup: async (w) => ({ id: (await w.user()).id }),
    call: async (w, ctx) => ({ token: w.orgAdmin, variables: { id: ctx.id } }),
  },
  reactivateUser: {
    setup: async (w) => {
      const user = await w.user();
      ok(await w.t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id }, w.admin));
      return { id: user.id };
    },
    call: async (w, ctx) => ({ token: w.orgAdmin, variables: { id: ctx.id } }),
  },
  createAgreement: {
    call: async (w, _ctx, n) => ({
      token: w.home.igLead.token,
      variables: { input: { kind: 'ISP', title: `Hostile agreement ${n}`, parties: [{ organisationId: w.home.id, role: 'CONTROLLER' }, { organisationId: w.partners[0].id, role: 'CONTROLLER' }] } },
    }),
  },
  updateAgreementStructure: {
    setup: async (w) => ({ id: (await w.agreement('DRAFT')).id }),
    call: async (w, ctx) => ({
      token: w.home.igLead.token,
      variables: {
        input: {
          agreementId: ctx.id,
          expectedRevision: await w.revision(ctx.id),
          title: 'Renamed agreement',
          parties: [w.home, ...w.partners].map((p) => ({ organisationId: p.id, role: 'CONTROLLER' })),
        },
      },
    }),
  },
  updateAgreementDraft: {
    setup: async (w) => ({ id: (await w.agreement('DRAFT')).id }),
    call: async (w, ctx) => ({
      token: w.home.igLead.token,
      variables: { input: { agreementId: ctx.id, expectedRevision: await w.revision(ctx.id), ...compliantSections(w.home.id, w.partners[0].id, w.partners[1].id) } },
    }),
  },
  submitForSignature: {
    setup: async (w) => ({ id: (await w.agreement('DRAFT')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { input: { agreementId: ctx.id, expectedRevision: await w.revision(ctx.id) } } }),
  },
  signAgreement: {
    setup: async (w) => {
      const a = await w.agreement('AWAITING');
      return { id: a.id, hash: a.hash! };
    },
    call: async (w, ctx) => ({ token: w.home.signatory.token, variables: { input: { agreementId: ctx.id, versionNumber: 1, contentHash: ctx.hash } } }),
  },
  declineToSign: {
    setup: async (w) => ({ id: (await w.agreement('AWAITING')).id }),
    call: async (w, ctx) => ({ token: w.home.signatory.token, variables: { input: { agreementId: ctx.id, versionNumber: 1, reason: 'Not as drafted' } } }),
  },
  startVariation: {
    setup: async (w) => ({ id: (await w.agreement('ACTIVE')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { agreementId: ctx.id } }),
  },
  discardVariation: {
    setup: async (w) => ({ id: (await w.agreement('VARIATION')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { agreementId: ctx.id } }),
  },
  suspendAgreement: {
    setup: async (w) => ({ id: (await w.agreement('ACTIVE')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { input: { agreementId: ctx.id, reason: 'Investigation' } } }),
  },
  resumeAgreement: {
    setup: async (w) => ({ id: (await w.agreement('SUSPENDED')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { agreementId: ctx.id } }),
  },
  terminateAgreement: {
    setup: async (w) => ({ id: (await w.agreement('ACTIVE')).id }),
    call: async (w, ctx) => ({ token: w.home.igLead.token, variables: { input: { agreementId: ctx.id, reason: 'Ended' } } }),
  },
  recordSharingDecision: {
    call: async (w, _ctx, n) => ({ token: w.home.practitioner.token, variables: { input: decision(w, n) } }),
  },
  recordSharingDecisions: {
    call: async (w, _ctx, n) => ({ token: w.home.practitioner.token, variables: { decisions: [decision(w, n), decision(w, n + 0.5)] } }),
  },
  importSharingDecisionsCsv: {
    call: async (w, _ctx, n) => ({ token: w.home.practitioner.token, variables: { csv: csvOf([decision(w, n)]) } }),
  },
  reportIncident: {
    setup: async (w) => ({ id: (await w.agreement('ACTIVE')).id }),
    call: async (w, ctx) => {
      const at = new Date(Date.now() - 3_600_000).toISOString();
      return {
        token: w.home.practitioner.token,
        variables: { input: { agreementId: ctx.id, kind: 'NEAR_MISS', severity: 'LOW', summary: 'Nearly misaddressed', occurredAt: at, discoveredAt: at, icoReportable: false } },
      };
    },
  },
  updateIncident: {
    setup: async (w) => {
      const a = await w.agreement('ACTIVE');
      const at = new Date(Date.now() - 3_600_000).toISOString();
      const input = { agreementId: a.id, kind: 'BREACH', severity: 'HIGH', summary: 'Sent to the wrong team', occurredAt: at, discoveredAt: at, icoReportable: true };
      return { id: ok(await w.t.gql('mutation ($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }', { i: input }, w.home.practitioner.token)).reportIncident.id };
    },
    call: async (w, ctx) => ({ token: w.home.practitioner.token, variables: { input: { incidentId: ctx.id, status: 'INVESTIGATING', reportedToIcoAt: new Date().toISOString() } } }),
  },
};

/** A decision as a CSV file: the header of its field names, lists joined by |. */
function csvOf(decisions: Record<string, unknown>[]): string {
  const columns = Object.keys(decisions[0]);
  const cell = (value: unknown) => {
    const text = Array.isArray(value) ? value.join('|') : String(value ?? '');
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...decisions.map((d) => columns.map((c) => cell(d[c])).join(','))].join('\n');
}

/**
 * One checksum per table, so a refused call that changed any row (even in place) is seen; audit
 * entries of the `audited` actions are left out.
 */
async function snapshot(t: TestApp, tables: string[], audited: string[] = []): Promise<Record<string, string>> {
  const where = (table: string) => (table === 'audit_entry' && audited.length > 0 ? ' WHERE NOT (t.action = ANY($1))' : '');
  const sql = tables
    .map((table) => `SELECT '${table}' AS name, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS sum FROM ${table} t${where(table)}`)
    .join(' UNION ALL ');
  const { rows } = await t.db.query<{ name: string; sum: string }>(sql, audited.length > 0 ? [audited] : []);
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

function documentFor(field: GraphQLField<unknown, unknown>): string {
  const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `mutation Hostile${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} { __typename } }`;
}

describe('hostile input to every mutation', () => {
  let world: World;
  let tables: string[];
  let counter = 0;

  beforeAll(async () => {
    // No background jobs (expiry sweep, rollup fold): each refused call is checked to change no table.
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000', LOGIN_MAX_FAILURES_PER_EMAIL: '1000', EXPIRY_SWEEP_SECONDS: '0', ROLLUP_FOLD_SECONDS: '0' });
    const home = await readyPartner(t, 'Hostile Home Trust', 'hostile-home');
    const partners: [Partner, Partner] = [await readyPartner(t, 'Hostile Partner One', 'hostile-one'), await readyPartner(t, 'Hostile Partner Two', 'hostile-two')];
    const admin = await t.adminToken();
    const staffOrgId = (await createOrganisation(t, { name: 'Hostile Staff Council', sector: 'LOCAL_AUTHORITY' })).id;
    const agreement: World['agreement'] = async (state) => {
      const draft = await compliantDraftAgreement(t, home, home, partners[0], partners[1], `Hostile ISP ${++counter}`);
      if (state === 'DRAFT') return { id: draft.id, hash: null };
      const version = ok(await t.gql(SUBMIT, { input: { agreementId: draft.id, expectedRevision: draft.revision } }, home.igLead.token)).submitForSignature;
      if (state === 'AWAITING') return { id: draft.id, hash: version.contentHash };
      for (const signer of [home, ...partners]) ok(await t.gql(SIGN, { input: { agreementId: draft.id, versionNumber: 1, contentHash: version.contentHash } }, signer.signatory.token));
      if (state === 'SUSPENDED') {
        ok(await t.gql('mutation ($i: AgreementStatusChangeInput!) { suspendAgreement(input: $i) { id } }', { i: { agreementId: draft.id, reason: 'Investigation' } }, home.igLead.token));
      }
      if (state === 'VARIATION') ok(await t.gql('mutation ($id: ID!) { startVariation(agreementId: $id) { id } }', { id: draft.id }, home.igLead.token));
      return { id: draft.id, hash: version.contentHash };
    };
    world = {
      t,
      admin,
      home,
      partners,
      staffOrgId,
      orgAdmin: (await createUser(t, staffOrgId, 'org-admin@hostile-staff.example', ['ORG_ADMIN'])).token,
      user: (roles = []) => createUser(t, staffOrgId, `user-${++counter}@hostile-staff.example`, roles),
      agreement,
      revision: async (id) => Number((await t.db.query('SELECT draft_revision FROM agreement WHERE id = $1', [id])).rows[0].draft_revision),
    };
    const { rows } = await t.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    tables = rows.map((r) => r.name).filter((name) => !COUNTERS.has(name));
  });
  afterAll(async () => world.t.close());

  /** One call with hostile variables: never a server error; refused if it cannot be right; if refused, every table as it was. */
  async function expectNoServerErrorNorPartialWrite(name: string, query: string, hostile: HostileCase, token: string | undefined, audited?: string[]): Promise<void> {
    const before = await snapshot(world.t, tables, audited);
    const response = await fetch(`${world.t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: hostile.variables }),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: GraphqlError[] };
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text.slice(0, 300), extensions: { code: `HTTP ${response.status}, not JSON` } }] };
    }
    const errors = body.errors ?? [];
    const report = () =>
      JSON.stringify({ mutation: name, status: response.status, changes: hostile.changes, errors: errors.map((e) => ({ code: e.extensions?.code, message: e.message.slice(0, 300) })) }, null, 1);
    if (response.status >= 500 || errors.some((e) => !CLIENT_CODES.has(e.extensions?.code))) throw new Error(`a server error for hostile input: ${report()}`);
    if (hostile.mustFail && errors.length === 0) throw new Error(`accepted input that cannot be right: ${report()}`);
    if (errors.length > 0) {
      const after = await snapshot(world.t, tables, audited);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length > 0) throw new Error(`a refused call changed ${changed.join(', ')}: ${report()}`);
    }
  }

  it("reads every mutation from the committed schema.gql: the running app's own", () => {
    const running = Object.keys(world.t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields());
    expect(MUTATIONS.map((m) => m.name).sort()).toEqual(running.sort());
  });

  it('leaves the tables alone when nothing happens (the checksum is stable)', async () => {
    expect(await snapshot(world.t, tables)).toEqual(await snapshot(world.t, tables));
    expect(tables).toEqual(expect.arrayContaining(['organisation', 'app_user', 'agreement', 'sharing_decision', 'incident', 'audit_entry']));
  });

  // A mutation with no valid call written below is still covered: as SYSTEM_ADMIN, with input built from the schema.
  it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s: never a server error, never a partial write', async (name, field) => {
    const base: Base = BASES[name] ?? { call: async (w) => ({ token: w.admin, variables: schemaBuiltVariables(field.args, SEED) }) };
    const ctx = (await base.setup?.(world)) ?? {};
    const template = (await base.call(world, ctx, 0)).variables;
    const query = documentFor(field);
    let n = 0;

    const property = fc.asyncProperty(hostileEdits(field.args, template), async (edits: Edit[]) => {
      const { token, variables: fresh } = await base.call(world, ctx, ++n);
      await expectNoServerErrorNorPartialWrite(name, query, applyEdits(fresh, edits), token, base.auditedWhenRefused);
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: !SHRINK });
  });

  it('importSharingDecisionsCsv, with hostile cells: never a server error, never a partial write', async () => {
    // The decision's own fields, changed as for recordSharingDecision, then written as a CSV row.
    const single = MUTATIONS.find((m) => m.name === 'recordSharingDecision')!;
    const field = MUTATIONS.find((m) => m.name === 'importSharingDecisionsCsv')!;
    let n = 0;
    const property = fc.asyncProperty(hostileEdits(single.args, { input: decision(world, 0) }), async (edits: Edit[]) => {
      const edited = applyEdits({ input: decision(world, ++n) }, edits);
      const row = edited.variables.input;
      const csv = row && typeof row === 'object' && !Array.isArray(row) && Object.keys(row).length > 0 ? csvOf([row as Record<string, unknown>]) : 'clientKey\nx';
      // In CSV every cell is text, so a "wrong type" may read as a right one: the service may take it or refuse it.
      await expectNoServerErrorNorPartialWrite('importSharingDecisionsCsv', documentFor(field), { variables: { csv }, changes: edited.changes, mustFail: false }, world.home.practitioner.token);
    });
    await fc.assert(property, { numRuns: RUNS * 2, seed: SEED, endOnFailure: !SHRINK });
  });

  // The CSV import reads its dates as the API's DateTime does: a year PostgreSQL cannot store is a client error.
  it('importSharingDecisionsCsv refuses a decision requested in the year -271821 as BAD_USER_INPUT', async () => {
    const field = MUTATIONS.find((m) => m.name === 'importSharingDecisionsCsv')!;
    const row = { ...decision(world, 0), requestedAt: '-271821-04-20T00:00:00.000Z' };
    await expectNoServerErrorNorPartialWrite('importSharingDecisionsCsv', documentFor(field), { variables: { csv: csvOf([row]) }, changes: [], mustFail: true }, world.home.practitioner.token);
  });
});
