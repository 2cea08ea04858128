import { ApiTokens1797700000000 } from '../migrations/1797700000000-api-tokens.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { HttpBrowser } from './support/http-browser.js';
import { DEFAULT_PASSWORD, failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const SESSIONS = '{ sessions { id kind createdAt lastUsedAt expiresAt current } }';
const LOGOUT = 'mutation { logout }';
const END_SESSION = 'mutation ($id: ID!) { endSession(id: $id) }';
const ME = '{ me { email } }';

interface Session {
  id: string;
  kind: 'BROWSER' | 'API_TOKEN';
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

describe('API tokens and sessions, one by one', () => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp({ TOKEN_TTL_SECONDS: '7200' });
    orgId = (await createOrganisation(t, { name: 'Token Test Trust' })).id;
  });
  afterAll(async () => t.close());

  const sessionsOf = async (token: string) => ok<{ sessions: Session[] }>(await t.gql(SESSIONS, {}, token)).sessions;
  const currentOf = async (token: string) => (await sessionsOf(token)).find((s) => s.current)!;
  const works = async (token: string) => !(await t.gql(ME, {}, token)).errors;

  it("lists the user's own browser sessions and API tokens, newest first, marking the one in use", async () => {
    const user = await createUser(t, orgId, 'lister@tokens.example');
    await HttpBrowser.signedIn(t.url, user.email);
    const second = await t.login(user.email);
    const sessions = await sessionsOf(second);
    expect(sessions.map((s) => s.kind)).toEqual(['API_TOKEN', 'BROWSER', 'API_TOKEN']);
    expect(sessions.map((s) => s.current)).toEqual([true, false, false]);
    const [newest] = sessions;
    expect(new Date(newest.expiresAt).getTime() - new Date(newest.createdAt).getTime()).toBe(7200 * 1000);
    expect(newest.lastUsedAt).toBe(newest.createdAt);
    expect((await sessionsOf(user.token)).find((s) => s.current)!.id).toBe(sessions[2].id);
  });

  it('logout ends the API token it is sent with at once; the user\'s other tokens and sessions keep working', async () => {
    const user = await createUser(t, orgId, 'leaver@tokens.example');
    const other = await t.login(user.email);
    const browser = await HttpBrowser.signedIn(t.url, user.email);

    expect(ok(await t.gql(LOGOUT, {}, user.token)).logout).toBe(true);
    const refused = failure(await t.gql(ME, {}, user.token));
    expect(refused).toMatchObject({ message: 'Your session has ended: sign in again', extensions: { code: 'UNAUTHENTICATED' } });
    expect(failure(await t.gql(LOGOUT, {}, user.token)).extensions.code).toBe('UNAUTHENTICATED');

    expect(await works(other)).toBe(true);
    expect((await browser.send({ path: '/account' })).status).toBe(200);
    expect((await sessionsOf(other)).map((s) => s.kind)).toEqual(['BROWSER', 'API_TOKEN']);
    const audit = await t.db.query(`SELECT action, after FROM audit_entry WHERE entity_id = $1 AND action = 'auth.endSession'`, [user.id]);
    expect(audit.rows).toEqual([{ action: 'auth.endSession', after: { kind: 'API_TOKEN', current: true } }]);
  });

  it('endSession ends any one of the caller\'s own tokens or sessions, and only that one', async () => {
    const user = await createUser(t, orgId, 'ender@tokens.example');
    const stolen = await t.login(user.email);
    const laptop = await HttpBrowser.signedIn(t.url, user.email);
    const stolenId = (await currentOf(stolen)).id;

    expect(ok(await t.gql(END_SESSION, { id: stolenId }, user.token)).endSession).toBe(true);
    expect(failure(await t.gql(ME, {}, stolen)).extensions.code).toBe('UNAUTHENTICATED');
    expect(await works(user.token)).toBe(true);
    expect((await laptop.send({ path: '/account' })).status).toBe(200);

    const laptopId = (await sessionsOf(user.token)).find((s) => s.kind === 'BROWSER')!.id;
    expect(ok(await t.gql(END_SESSION, { id: laptopId }, user.token)).endSession).toBe(true);
    const page = await laptop.send({ path: '/account' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
    expect((await sessionsOf(user.token)).map((s) => s.id)).toEqual([(await currentOf(user.token)).id]);

    // Ended already: not found, and nothing else changes.
    expect(failure(await t.gql(END_SESSION, { id: stolenId }, user.token)).extensions.code).toBe('NOT_FOUND');
  });

  it("refuses to end another user's token, even an admin's of the same organisation, and says only that it was not found", async () => {
    const victim = await createUser(t, orgId, 'victim@tokens.example');
    const colleague = await createUser(t, orgId, 'colleague@tokens.example', ['ORG_ADMIN']);
    const stranger = await createUser(t, (await createOrganisation(t, { name: 'Elsewhere Council', sector: 'LOCAL_AUTHORITY' })).id, 'stranger@tokens.example');
    const victimId = (await currentOf(victim.token)).id;

    for (const intruder of [colleague, stranger]) {
      const error = failure(await t.gql(END_SESSION, { id: victimId }, intruder.token));
      expect(error.extensions.code).toBe('NOT_FOUND');
      expect((await sessionsOf(intruder.token)).map((s) => s.id)).not.toContain(victimId);
    }
    expect(failure(await t.gql(END_SESSION, { id: victimId }, await t.adminToken())).extensions.code).toBe('NOT_FOUND');
    expect(await works(victim.token)).toBe(true);
    expect(failure(await t.gql(END_SESSION, { id: 'not-an-id' }, victim.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id', rule: 'isUuid' }] });
    expect(failure(await t.gql(SESSIONS)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a password change or deactivation ends every token and session and leaves none listed', async () => {
    const user = await createUser(t, orgId, 'changer@tokens.example');
    const other = await t.login(user.email);
    const changed = ok(await t.gql('mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { token } }', { i: { currentPassword: DEFAULT_PASSWORD, newPassword: 'violet kettle orbit canyon' } }, user.token));
    const fresh = changed.changePassword.token as string;
    expect(await works(other)).toBe(false);
    expect((await sessionsOf(fresh)).map((s) => [s.kind, s.current])).toEqual([['API_TOKEN', true]]);

    ok(await t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: user.id }, await t.adminToken()));
    expect((await t.db.query('SELECT count(*)::int AS n FROM user_session WHERE user_id = $1', [user.id])).rows[0].n).toBe(0);
    expect(await works(fresh)).toBe(false);
  });

  it('refuses a well-signed token that names no session (issued before tokens had rows)', async () => {
    const user = await createUser(t, orgId, 'old.token@tokens.example');
    const [, body] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    delete claims.sid;
    const { createHmac } = await import('node:crypto');
    const oldBody = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const oldToken = `acc1.${oldBody}.${createHmac('sha256', t.config.tokenSecret).update(`acc1.${oldBody}`).digest('base64url')}`;
    expect(failure(await t.gql(ME, {}, oldToken)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it("the migration's down removes API tokens' rows and the kind, and up restores the kind", async () => {
    await createUser(t, orgId, 'migrated@tokens.example');
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      const [{ browsers }] = await runner.query(`SELECT count(*) FILTER (WHERE kind = 'BROWSER')::int AS browsers FROM user_session`);
      await new ApiTokens1797700000000().down(runner);
      expect(await runner.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'user_session' AND column_name = 'kind'`)).toEqual([]);
      expect((await runner.query(`SELECT count(*)::int AS n FROM user_session`))[0].n).toBe(browsers);
      await new ApiTokens1797700000000().up(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM user_session WHERE kind = 'BROWSER'`))[0].n).toBe(browsers);
      await expect(runner.query(`UPDATE user_session SET kind = 'FOREVER'`)).rejects.toThrow(/ck_user_session_kind/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
