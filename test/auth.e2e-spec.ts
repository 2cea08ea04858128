import { jest } from '@jest/globals';
import { Clock } from '../src/common/clock/clock.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { DEFAULT_PASSWORD, failure, ok, startTestApp, type TestApp } from './support/test-app.js';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token expiresAt user { email roles } } }`;
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { token } }`;

describe('signing in', () => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '3', LOGIN_FAILURE_WINDOW_SECONDS: '600', TOKEN_TTL_SECONDS: '3600' });
    orgId = (await createOrganisation(t, { name: 'Sign-in Test Trust' })).id;
  });
  afterAll(async () => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('gives a bearer token with its expiry and the user for the right email and password, any case', async () => {
    await createUser(t, orgId, 'jo.bloggs@signin.example', ['PRACTITIONER']);
    const before = Date.now();
    const result = ok(await t.gql(LOGIN, { input: { email: 'Jo.Bloggs@SIGNIN.example', password: DEFAULT_PASSWORD } })).login;
    expect(result.user).toEqual({ email: 'jo.bloggs@signin.example', roles: ['PRACTITIONER'] });
    const expiresIn = new Date(result.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThanOrEqual(3601_000);
    expect(ok(await t.gql('{ me { email } }', {}, result.token)).me.email).toBe('jo.bloggs@signin.example');
  });

  it('answers a wrong password and an unknown email alike, without saying which', async () => {
    await createUser(t, orgId, 'alike@signin.example');
    const wrong = failure(await t.gql(LOGIN, { input: { email: 'alike@signin.example', password: 'not the password' } }));
    const unknown = failure(await t.gql(LOGIN, { input: { email: 'nobody@signin.example', password: 'not the password' } }));
    expect(wrong.extensions.code).toBe('UNAUTHENTICATED');
    expect(unknown.extensions.code).toBe('UNAUTHENTICATED');
    expect(wrong.message).toBe(unknown.message);
  });

  it('rate-limits failed logins per email, even with the right password, until the window passes', async () => {
    await createUser(t, orgId, 'target@signin.example');
    for (let i = 0; i < 3; i++) {
      const error = failure(await t.gql(LOGIN, { input: { email: 'target@signin.example', password: `guess number ${i}` } }));
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
    }
    const limited = failure(await t.gql(LOGIN, { input: { email: 'target@signin.example', password: DEFAULT_PASSWORD } }));
    expect(limited.extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.extensions.retryAfterSeconds).toBeGreaterThan(500);
    expect(limited.message).toMatch(/try again in \d+ seconds/);

    // Another account is not affected.
    await createUser(t, orgId, 'bystander@signin.example');

    const clock = t.app.get(Clock);
    const later = new Date(Date.now() + 601_000);
    jest.spyOn(clock, 'now').mockReturnValue(later);
    expect(ok(await t.gql(LOGIN, { input: { email: 'target@signin.example', password: DEFAULT_PASSWORD } })).login.token).toMatch(/^acc1\./);
  });

  it('refuses an expired token, a tampered token and a missing one with UNAUTHENTICATED', async () => {
    const user = await createUser(t, orgId, 'expiry@signin.example');
    const clock = t.app.get(Clock);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 3601_000));
    const expired = failure(await t.gql('{ me { id } }', {}, user.token));
    expect(expired).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expired/) });
    jest.restoreAllMocks();

    const [prefix, body, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = [prefix, Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), signature].join('.');
    expect(failure(await t.gql('{ me { id } }', {}, forged)).extensions.code).toBe('UNAUTHENTICATED');
    expect(failure(await t.gql('{ me { id } }', {}, 'garbage')).extensions.code).toBe('UNAUTHENTICATED');
    expect(failure(await t.gql('{ me { id } }')).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('changes a password: the current one must match, old tokens stop working, the new one signs in', async () => {
    const user = await createUser(t, orgId, 'changer@signin.example');
    const wrong = failure(await t.gql(CHANGE_PASSWORD, { input: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' } }, user.token));
    expect(wrong.extensions.fields?.[0]).toMatchObject({ field: 'currentPassword', rule: 'matches' });
    const short = failure(await t.gql(CHANGE_PASSWORD, { input: { currentPassword: DEFAULT_PASSWORD, newPassword: 'short' } }, user.token));
    expect(short.extensions.fields?.[0]).toMatchObject({ field: 'newPassword', rule: 'isLength' });

    const fresh = ok(await t.gql(CHANGE_PASSWORD, { input: { currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new passphrase' } }, user.token));
    expect(failure(await t.gql('{ me { id } }', {}, user.token)).extensions.code).toBe('UNAUTHENTICATED');
    expect(ok(await t.gql('{ me { email } }', {}, fresh.changePassword.token)).me.email).toBe(user.email);
    expect(await t.login(user.email, 'a brand new passphrase')).toMatch(/^acc1\./);
  });

  it('never stores or logs a password in the clear', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
    await createUser(t, orgId, 'secret.keeper@signin.example');
    await t.gql(LOGIN, { input: { email: 'secret.keeper@signin.example', password: 'a wrong secret guess' } });
    jest.restoreAllMocks();

    expect(written.join('')).not.toContain(DEFAULT_PASSWORD);
    expect(written.join('')).not.toContain('a wrong secret guess');
    const { rows } = await t.db.query('SELECT password_hash FROM app_user WHERE email = $1', ['secret.keeper@signin.example']);
    expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(rows[0].password_hash).not.toContain(DEFAULT_PASSWORD);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE before::text LIKE $1 OR after::text LIKE $1`, [`%${DEFAULT_PASSWORD}%`]);
    expect(audit.rows[0].n).toBe(0);
  });
});
