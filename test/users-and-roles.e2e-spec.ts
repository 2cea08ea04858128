import { DEMO_PASSWORD } from '../src/demo/demo-password.js';
import { registerEmailDomains } from './support/agreement-fixtures.js';
import { CREATE_USER, createOrganisation, createUser, emailedLinkToken, SET_PASSWORD_WITH_LINK } from './support/fixtures.js';
import { DEFAULT_PASSWORD, failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const ASSIGN = `mutation ($input: RoleAssignmentInput!) { assignRole(input: $input) { id roles } }`;
const REVOKE = `mutation ($input: RoleAssignmentInput!) { revokeRole(input: $input) { id roles } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { id active roles } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateUser(id: $id) { id active } }`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id fullName jobTitle } }`;
const ROLE_HOLDERS = `query ($id: ID!) {
  organisation(id: $id) {
    name
    readiness { ready reasons { code message } }
    igLead { email } caldicottGuardian { email } siro { email } dpo { email } signatories { email }
  }
}`;
const USERS = `query ($organisationId: ID!, $role: Role, $search: String, $active: Boolean) {
  users(organisationId: $organisationId, role: $role, search: $search, active: $active) { totalCount edges { node { email roles } } }
}`;

describe('users, roles and who may see them', () => {
  let t: TestApp;
  let admin: string;
  let trust: { id: string };
  let council: { id: string };
  let trustAdmin: { id: string; email: string; token: string };
  let councilAdmin: { id: string; email: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
    trust = await createOrganisation(t, { name: 'Westvale NHS Foundation Trust', odsCode: 'RW1' });
    council = await createOrganisation(t, { name: 'Westvale County Council', sector: 'LOCAL_AUTHORITY' });
    await registerEmailDomains(t, trust.id, ['westvale-trust.example']);
    await registerEmailDomains(t, council.id, ['westvale-council.example']);
    trustAdmin = await createUser(t, trust.id, 'admin@westvale-trust.example', ['ORG_ADMIN']);
    councilAdmin = await createUser(t, council.id, 'admin@westvale-council.example', ['ORG_ADMIN']);
  });
  afterAll(async () => t.close());

  describe('creating users', () => {
    it("lets an ORG_ADMIN create users in their own organisation, with roles", async () => {
      const input = {
        organisationId: trust.id,
        email: '  IG.Lead@Westvale-Trust.example ',
        fullName: 'Priya Shah',
        jobTitle: 'Head of Information Governance',
        roles: ['IG_LEAD'],
      };
      const user = ok(await t.gql(CREATE_USER, { input }, trustAdmin.token)).createUser;
      expect(user).toMatchObject({ email: 'ig.lead@westvale-trust.example', fullName: 'Priya Shah', roles: ['IG_LEAD'], active: true });
      expect(user.organisation.id).toBe(trust.id);
    });

    it("refuses an ORG_ADMIN creating users in another organisation", async () => {
      const input = { organisationId: council.id, email: 'intruder@example.org', fullName: 'Intruder', roles: [] };
      expect(failure(await t.gql(CREATE_USER, { input }, trustAdmin.token)).extensions.code).toBe('FORBIDDEN');
      const { rows } = await t.db.query('SELECT 1 FROM app_user WHERE email = $1', ['intruder@example.org']);
      expect(rows).toHaveLength(0);
    });

    it('refuses an ORG_ADMIN granting SYSTEM_ADMIN, and a practitioner creating anyone', async () => {
      const grant = { organisationId: trust.id, email: 'wannabe@example.org', fullName: 'Wannabe', roles: ['SYSTEM_ADMIN'] };
      const error = failure(await t.gql(CREATE_USER, { input: grant }, trustAdmin.token));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/SYSTEM_ADMIN/);
      const practitioner = await createUser(t, trust.id, 'practitioner@westvale-trust.example', ['PRACTITIONER']);
      const plain = { ...grant, roles: [] };
      expect(failure(await t.gql(CREATE_USER, { input: plain }, practitioner.token)).extensions.code).toBe('FORBIDDEN');
    });

    it('takes no password from an administrator: the new user chooses their own', async () => {
      const input = { organisationId: trust.id, email: 'chosen@westvale-trust.example', fullName: 'Chosen', password: DEFAULT_PASSWORD, roles: [] };
      const error = failure(await t.gql(CREATE_USER, { input }, admin));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/password/);
      expect((await t.db.query('SELECT 1 FROM app_user WHERE email = $1', [input.email])).rowCount).toBe(0);
    });

    it('names the field and rule for bad input: email, duplicate email, unknown role', async () => {
      const base = { organisationId: trust.id, email: 'new.person@example.org', fullName: 'New Person', roles: [] };
      const email = failure(await t.gql(CREATE_USER, { input: { ...base, email: 'not-an-email' } }, admin));
      expect(email.extensions.fields?.[0]).toMatchObject({ field: 'email', rule: 'isEmail' });
      const duplicate = failure(await t.gql(CREATE_USER, { input: { ...base, email: 'ADMIN@westvale-trust.example' } }, admin));
      expect(duplicate.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'email', rule: 'unique' }] });
      const role = failure(await t.gql(CREATE_USER, { input: { ...base, roles: ['KING'] } }, admin));
      expect(role.extensions.code).toBe('BAD_USER_INPUT');
      const missingOrg = failure(await t.gql(CREATE_USER, { input: { ...base, organisationId: '00000000-0000-4000-8000-000000000000' } }, admin));
      expect(missingOrg.extensions.fields?.[0]).toMatchObject({ field: 'organisationId', rule: 'exists' });
    });
  });

  describe('password rules', () => {
    it.each([
      ['password1234567', 'notCommon'],
      ['abcdefghijklmnop', 'noSequences'],
      ['Westvale rota on Mondays', 'notOrganisationName'],
      ['accordant is my thing', 'notServiceName'],
      ['rhiannon.pryce walks far', 'notEmail'],
      [DEMO_PASSWORD, 'notDemoPassword'],
      ['              ', 'notBlank'],
    ])('refuses %j as a first password chosen from the invitation, naming newPassword and the %s rule, and leaves the link usable', async (password, rule) => {
      const email = `rhiannon.pryce.${rule.toLowerCase()}@example.org`;
      ok(await t.gql(CREATE_USER, { input: { organisationId: trust.id, email, fullName: 'Rhiannon Pryce', roles: [] } }, admin));
      const token = await emailedLinkToken(t, email, 'USER_INVITED');
      const error = failure(await t.gql(SET_PASSWORD_WITH_LINK, { input: { token, email, newPassword: password } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'newPassword', rule }] });
      expect(error.message).toMatch(/^newPassword: (must|is) /);
      expect((await t.db.query('SELECT 1 FROM app_user WHERE email = $1 AND password_hash IS NULL', [email])).rowCount).toBe(1);
      ok(await t.gql(SET_PASSWORD_WITH_LINK, { input: { token, email, newPassword: DEFAULT_PASSWORD } }));
    });

    it('refuses a first password shorter than 12 characters before anything else', async () => {
      const error = failure(await t.gql(SET_PASSWORD_WITH_LINK, { input: { token: 'A'.repeat(43), email: 'short@example.org', newPassword: 'short' } }));
      expect(error.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'newPassword', rule: 'isLength' })]));
      expect(error.message).toContain('12');
    });
  });

  describe('role holders and readiness to be a party', () => {
    it('shows the holders and says why the organisation is not ready until it has an IG lead and a signatory', async () => {
      const org = await createOrganisation(t, { name: 'Readiness Test Care Ltd', sector: 'CARE_PROVIDER' });
      const empty = ok(await t.gql(ROLE_HOLDERS, { id: org.id }, admin)).organisation;
      expect(empty.readiness).toEqual({
        ready: false,
        reasons: [
          { code: 'NO_IG_LEAD', message: expect.stringContaining('IG_LEAD') },
          { code: 'NO_SIGNATORY', message: expect.stringContaining('SIGNATORY') },
        ],
      });
      expect(empty).toMatchObject({ igLead: null, caldicottGuardian: null, siro: null, dpo: null, signatories: [] });

      await createUser(t, org.id, 'ig@readiness.example', ['IG_LEAD', 'DPO']);
      const halfway = ok(await t.gql(ROLE_HOLDERS, { id: org.id }, admin)).organisation;
      expect(halfway.readiness.reasons.map((r: any) => r.code)).toEqual(['NO_SIGNATORY']);

      await createUser(t, org.id, 'signer@readiness.example', ['SIGNATORY']);
      await createUser(t, org.id, 'siro@readiness.example', ['SIRO']);
      const ready = ok(await t.gql(ROLE_HOLDERS, { id: org.id }, admin)).organisation;
      expect(ready).toMatchObject({
        readiness: { ready: true, reasons: [] },
        igLead: { email: 'ig@readiness.example' },
        dpo: { email: 'ig@readiness.example' },
        siro: { email: 'siro@readiness.example' },
        caldicottGuardian: null,
        signatories: [{ email: 'signer@readiness.example' }],
      });
    });

    it('counts a Caldicott Guardian as someone who may sign', async () => {
      const org = await createOrganisation(t, { name: 'Small Practice', sector: 'GP_PRACTICE' });
      await createUser(t, org.id, 'ig@small.example', ['IG_LEAD']);
      await createUser(t, org.id, 'cg@small.example', ['CALDICOTT_GUARDIAN']);
      expect(ok(await t.gql(ROLE_HOLDERS, { id: org.id }, admin)).organisation.readiness.ready).toBe(true);
    });

    it('moves a named post from its current holder, recording both in the audit log', async () => {
      const first = await createUser(t, trust.id, 'cg.one@westvale-trust.example', ['CALDICOTT_GUARDIAN']);
      const second = await createUser(t, trust.id, 'cg.two@westvale-trust.example');
      const moved = ok(await t.gql(ASSIGN, { input: { userId: second.id, role: 'CALDICOTT_GUARDIAN' } }, trustAdmin.token)).assignRole;
      expect(moved.roles).toEqual(['CALDICOTT_GUARDIAN']);
      const holders = ok(await t.gql(ROLE_HOLDERS, { id: trust.id }, trustAdmin.token)).organisation;
      expect(holders.caldicottGuardian.email).toBe('cg.two@westvale-trust.example');
      const { rows } = await t.db.query(
        `SELECT action, entity_id FROM audit_entry WHERE action IN ('user.revokeRole', 'user.assignRole') ORDER BY sequence DESC LIMIT 2`,
      );
      expect(rows).toEqual([
        { action: 'user.assignRole', entity_id: second.id },
        { action: 'user.revokeRole', entity_id: first.id },
      ]);
    });

    it('lets many users hold SIGNATORY, refuses assigning a role twice, and revokes', async () => {
      const a = await createUser(t, trust.id, 'sig.a@westvale-trust.example', ['SIGNATORY']);
      const b = await createUser(t, trust.id, 'sig.b@westvale-trust.example');
      ok(await t.gql(ASSIGN, { input: { userId: b.id, role: 'SIGNATORY' } }, trustAdmin.token));
      const twice = failure(await t.gql(ASSIGN, { input: { userId: b.id, role: 'SIGNATORY' } }, trustAdmin.token));
      expect(twice.extensions.code).toBe('CONFLICT');
      const signatories = ok(await t.gql(ROLE_HOLDERS, { id: trust.id }, admin)).organisation.signatories.map((s: any) => s.email);
      expect(signatories).toEqual(expect.arrayContaining([a.email, b.email]));
      expect(ok(await t.gql(REVOKE, { input: { userId: a.id, role: 'SIGNATORY' } }, trustAdmin.token)).revokeRole.roles).toEqual([]);
      const notHeld = failure(await t.gql(REVOKE, { input: { userId: a.id, role: 'SIGNATORY' } }, trustAdmin.token));
      expect(notHeld.extensions.fields?.[0]).toMatchObject({ field: 'role', rule: 'held' });
    });

    it("refuses role changes by another organisation's ORG_ADMIN", async () => {
      const target = await createUser(t, trust.id, 'target@westvale-trust.example');
      for (const mutation of [ASSIGN, REVOKE]) {
        const error = failure(await t.gql(mutation, { input: { userId: target.id, role: 'IG_LEAD' } }, councilAdmin.token));
        expect(error.extensions.code).toBe('FORBIDDEN');
      }
      expect(failure(await t.gql(DEACTIVATE, { id: target.id }, councilAdmin.token)).extensions.code).toBe('FORBIDDEN');
    });

    it('never leaves an organisation without an ORG_ADMIN', async () => {
      const org = await createOrganisation(t, { name: 'Lone Admin Charity', sector: 'VOLUNTARY_CHARITY' });
      const lone = await createUser(t, org.id, 'lone@charity.example', ['ORG_ADMIN']);
      const revoke = failure(await t.gql(REVOKE, { input: { userId: lone.id, role: 'ORG_ADMIN' } }, lone.token));
      expect(revoke.extensions.code).toBe('CONFLICT');
      expect(revoke.message).toMatch(/no ORG_ADMIN/);
      const deactivate = failure(await t.gql(DEACTIVATE, { id: lone.id }, admin));
      expect(deactivate.extensions.code).toBe('CONFLICT');
      const { rows } = await t.db.query('SELECT role FROM user_role WHERE user_id = $1', [lone.id]);
      expect(rows).toEqual([{ role: 'ORG_ADMIN' }]);
    });
  });

  describe('deactivating', () => {
    it('stops the user signing in, ends their tokens, removes their roles; reactivation lets them back', async () => {
      const user = await createUser(t, trust.id, 'leaver@westvale-trust.example', ['DPO']);
      const deactivated = ok(await t.gql(DEACTIVATE, { id: user.id }, trustAdmin.token)).deactivateUser;
      expect(deactivated).toMatchObject({ active: false, roles: [] });
      expect(failure(await t.gql('{ me { id } }', {}, user.token)).extensions.code).toBe('UNAUTHENTICATED');
      const login = failure(await t.gql('mutation { login(input: { email: "leaver@westvale-trust.example", password: "correct horse battery" }) { token } }'));
      expect(login.extensions.code).toBe('UNAUTHENTICATED');
      expect(ok(await t.gql(REACTIVATE, { id: user.id }, trustAdmin.token)).reactivateUser.active).toBe(true);
      expect(await t.login(user.email)).toMatch(/^acc1\./);
    });
  });

  describe('updating users', () => {
    it('lets users update their own name, and their ORG_ADMIN too, but nobody else', async () => {
      const user = await createUser(t, trust.id, 'renamed@westvale-trust.example');
      ok(await t.gql(UPDATE_USER, { id: user.id, input: { fullName: 'Sam Okafor' } }, user.token));
      const byAdmin = ok(await t.gql(UPDATE_USER, { id: user.id, input: { jobTitle: 'Safeguarding lead' } }, trustAdmin.token)).updateUser;
      expect(byAdmin).toMatchObject({ fullName: 'Sam Okafor', jobTitle: 'Safeguarding lead' });
      const colleague = await createUser(t, trust.id, 'colleague@westvale-trust.example');
      expect(failure(await t.gql(UPDATE_USER, { id: user.id, input: { fullName: 'X' } }, colleague.token)).extensions.code).toBe('FORBIDDEN');
      expect(failure(await t.gql(UPDATE_USER, { id: user.id, input: { fullName: 'X' } }, councilAdmin.token)).extensions.code).toBe('FORBIDDEN');
    });
  });

  describe("reading another organisation's people", () => {
    it('lets members read their own organisation and its users', async () => {
      const member = await createUser(t, council.id, 'social.worker@westvale-council.example', ['PRACTITIONER']);
      const users = ok(await t.gql(USERS, { organisationId: council.id }, member.token)).users;
      expect(users.edges.map((e: any) => e.node.email)).toEqual(expect.arrayContaining([member.email, councilAdmin.email]));
      const me = ok(await t.gql('{ me { email roles organisation { name } } }', {}, member.token)).me;
      expect(me).toEqual({ email: member.email, roles: ['PRACTITIONER'], organisation: { name: 'Westvale County Council' } });
    });

    it('filters users by role, search and active', async () => {
      const byRole = ok(await t.gql(USERS, { organisationId: trust.id, role: 'ORG_ADMIN' }, trustAdmin.token)).users;
      expect(byRole.edges.map((e: any) => e.node.email)).toEqual(['admin@westvale-trust.example']);
      const bySearch = ok(await t.gql(USERS, { organisationId: trust.id, search: 'PRIYA' }, trustAdmin.token)).users;
      expect(bySearch.edges.map((e: any) => e.node.email)).toEqual(['ig.lead@westvale-trust.example']);
      const inactive = ok(await t.gql(USERS, { organisationId: trust.id, active: false }, trustAdmin.token)).users;
      expect(inactive.totalCount).toBe(0);
    });

    it('refuses the users, user and role-holder fields of an organisation that is not a partner', async () => {
      const outsider = await createUser(t, council.id, 'outsider@westvale-council.example', ['PRACTITIONER']);
      expect(failure(await t.gql(USERS, { organisationId: trust.id }, outsider.token)).extensions.code).toBe('FORBIDDEN');
      expect(failure(await t.gql('query ($id: ID!) { user(id: $id) { email } }', { id: trustAdmin.id }, outsider.token)).extensions.code).toBe(
        'FORBIDDEN',
      );
      const holders = await t.gql(ROLE_HOLDERS, { id: trust.id }, outsider.token);
      expect(holders.data?.organisation).toMatchObject({ name: 'Westvale NHS Foundation Trust', igLead: null, readiness: { ready: expect.any(Boolean) } });
      expect(holders.errors?.map((e) => e.path?.[1]).sort()).toEqual(['caldicottGuardian', 'dpo', 'igLead', 'signatories', 'siro']);
      expect(holders.errors?.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
    });

    it('lets a SYSTEM_ADMIN read any organisation’s people', async () => {
      const users = ok(await t.gql(USERS, { organisationId: trust.id }, admin)).users;
      expect(users.totalCount).toBeGreaterThan(3);
    });
  });
});
