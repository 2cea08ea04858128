import { jest } from '@jest/globals';
import { LoginAttempts1797500000000 } from '../migrations/1797500000000-login-attempts.js';
import { Clock } from '../src/common/clock/clock.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { gqlFrom } from './support/from-address.js';
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

  it('rate-limits failed logins per email from one address, even with the right password, until the window passes', async () => {
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

  it('refuses a weak new password naming newPassword and the rule, and keeps the old password', async () => {
    const user = await createUser(t, orgId, 'weak.changer@signin.example');
    const cases: [string, string][] = [['iloveyou12345', 'notCommon'], ['aaaaaaaaaaaaaaaa', 'noRepeats'], ['our Sign-in Test Trust rota', 'notOrganisationName'], ['changer of weak things', 'notEmail']];
    for (const [newPassword, rule] of cases) {
      const error = failure(await t.gql(CHANGE_PASSWORD, { input: { currentPassword: DEFAULT_PASSWORD, newPassword } }, user.token));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'newPassword', rule }] });
    }
    expect(ok(await t.gql('{ me { email } }', {}, user.token)).me.email).toBe(user.email);
    expect(await t.login(user.email, DEFAULT_PASSWORD)).toMatch(/^acc1\./);
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

  describe('cannot be used to burn the server or lock others out', () => {
    const auditCount = async () => (await t.db.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n as number;
    /** The attempts on record for an email, besides the fixture's own sign-in from 127.0.0.1. */
    const attempts = async (email: string) =>
      (
        await t.db.query(
          `SELECT outcome, count(*)::int AS n FROM login_attempt WHERE email = $1 AND address <> '127.0.0.1' GROUP BY outcome ORDER BY outcome`,
          [email],
        )
      ).rows;

    it('refuses 300 aliased login fields in one request before any password is checked or anything is written', async () => {
      const user = await createUser(t, orgId, 'aliased@signin.example');
      const aliases = Array.from({ length: 300 }, (_, i) => `l${i}: login(input: { email: "${user.email}", password: "guess ${i}" }) { token }`).join('\n');
      const auditBefore = await auditCount();
      const tallyBefore = (await t.db.query('SELECT coalesce(sum(failures), 0)::int AS n FROM login_failure_tally')).rows[0].n;
      const response = await gqlFrom(t, '127.0.0.20', `mutation Burn { ${aliases} }`);
      expect(response.status).toBe(400);
      expect(failure(response)).toMatchObject({
        extensions: { code: 'TOO_MANY_PASSWORD_CHECKS', found: 300, max: 1 },
        message: 'Operation Burn checks 300 passwords; at most one `login` or `changePassword` field (aliases included) is allowed per request',
      });
      expect(await attempts(user.email)).toEqual([]);
      expect(await auditCount()).toBe(auditBefore);
      expect((await t.db.query('SELECT coalesce(sum(failures), 0)::int AS n FROM login_failure_tally')).rows[0].n).toBe(tallyBefore);
      // Mixed with changePassword, too.
      const mixed = await t.gql(`mutation { a: login(input: { email: "x@signin.example", password: "p" }) { token } changePassword(input: { currentPassword: "p", newPassword: "a long new passphrase" }) { token } }`, {}, user.token);
      expect(failure(mixed).extensions.code).toBe('TOO_MANY_PASSWORD_CHECKS');
    });

    it('evaluates at most the limit of 40 parallel wrong passwords from one address', async () => {
      const user = await createUser(t, orgId, 'parallel@signin.example');
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => gqlFrom(t, '127.0.0.21', LOGIN, { input: { email: user.email, password: `parallel guess ${i}` } })),
      );
      const codes = answers.map((answer) => failure(answer).extensions.code);
      const evaluated = codes.filter((code) => code === 'UNAUTHENTICATED').length;
      // Attempts racing each other may all see too many and be refused: never more than the limit pass.
      expect(evaluated).toBeLessThanOrEqual(3);
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(40 - evaluated);
      // A refused attempt leaves nothing behind; each evaluated one is a failure on record.
      expect(await attempts(user.email)).toEqual([{ outcome: 'FAILED', n: evaluated }]);
    });

    it('lets the right password in from another address after failures elsewhere, and refuses it only where they were made', async () => {
      const user = await createUser(t, orgId, 'victim@signin.example');
      for (let i = 0; i < 3; i++) {
        expect(failure(await gqlFrom(t, '127.0.0.22', LOGIN, { input: { email: user.email, password: `attacker guess ${i}` } })).extensions.code).toBe('UNAUTHENTICATED');
      }
      const attacker = await gqlFrom(t, '127.0.0.22', LOGIN, { input: { email: user.email, password: DEFAULT_PASSWORD } });
      expect(failure(attacker).extensions.code).toBe('TOO_MANY_REQUESTS');
      // The owner, elsewhere, is slowed down, not refused.
      const owner = await gqlFrom(t, '127.0.0.23', LOGIN, { input: { email: user.email, password: DEFAULT_PASSWORD } });
      expect(ok(owner).login.user.email).toBe(user.email);
      expect(await attempts(user.email)).toEqual([
        { outcome: 'FAILED', n: 3 },
        { outcome: 'SUCCEEDED', n: 1 },
      ]);
    });

    it('counts wrong current passwords to changePassword in the same throttle', async () => {
      const user = await createUser(t, orgId, 'stolen.token@signin.example');
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const answer = await gqlFrom(t, '127.0.0.24', CHANGE_PASSWORD, { input: { currentPassword: `stolen guess ${i}`, newPassword: 'a brand new passphrase' } }, user.token);
        codes.push(failure(answer).extensions.code);
      }
      expect(codes).toEqual([...Array(3).fill('BAD_USER_INPUT'), ...Array(9).fill('TOO_MANY_REQUESTS')]);
      // The right current password from that address waits too; the password is unchanged.
      const right = await gqlFrom(t, '127.0.0.24', CHANGE_PASSWORD, { input: { currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new passphrase' } }, user.token);
      expect(failure(right).extensions.code).toBe('TOO_MANY_REQUESTS');
      expect(await t.login(user.email)).toMatch(/^acc1\./);
    });

    it('audits failed sign-ins once per address and window, counting them in a tally without what was typed', async () => {
      const guesses = Array.from({ length: 6 }, (_, i) => `sprayed${i}@signin.example`);
      for (const email of guesses) {
        expect(failure(await gqlFrom(t, '127.0.0.25', LOGIN, { input: { email, password: 'Spring2026!' } })).extensions.code).toBe('UNAUTHENTICATED');
      }
      const entries = await t.db.query(`SELECT after FROM audit_entry WHERE action = 'auth.loginFailed' AND after->>'address' = '127.0.0.25'`);
      expect(entries.rows).toHaveLength(1);
      expect(entries.rows[0].after).toEqual({ address: '127.0.0.25', windowStart: expect.any(String), windowSeconds: 600 });
      const tally = await t.db.query(`SELECT failures, window_start FROM login_failure_tally WHERE address = '127.0.0.25'`);
      expect(tally.rows).toEqual([{ failures: 6, window_start: new Date(entries.rows[0].after.windowStart) }]);
      const typed = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE after::text LIKE '%sprayed%' OR after::text LIKE '%Spring2026%'`);
      expect(typed.rows[0].n).toBe(0);
    });
  });

  it('has a migration that goes down to the failures-only table, keeping the failures, and up again', async () => {
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      const [{ failed }] = await runner.query(`SELECT count(*)::int AS failed FROM login_attempt WHERE outcome = 'FAILED'`);
      expect(failed).toBeGreaterThan(0);
      await new LoginAttempts1797500000000().down(runner);
      const tables = await runner.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('login_failure', 'login_attempt', 'login_failure_tally') ORDER BY 1`);
      expect(tables).toEqual([{ tablename: 'login_failure' }]);
      expect((await runner.query(`SELECT count(*)::int AS n FROM login_failure`))[0].n).toBe(failed);
      await new LoginAttempts1797500000000().up(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM login_attempt WHERE outcome = 'FAILED'`))[0].n).toBe(failed);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
