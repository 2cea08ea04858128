import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PasswordLinksService } from '../src/auth/password-links/password-links.service.js';
import { Clock } from '../src/common/clock/clock.js';
import { CREATE_USER, createOrganisation, createUser, emailedLinkToken, SET_PASSWORD_WITH_LINK } from './support/fixtures.js';
import { HttpBrowser } from './support/http-browser.js';
import type { Page } from 'puppeteer-core';
import { expectAccessible, launchBrowser, newPage } from './support/browser.js';
import { follow as click, text } from './support/pages.js';
import { failure, ok, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Nobody sets anyone else's password: a new user is emailed a link to choose theirs (72 hours), and
 * "Forgotten your password?" emails one (1 hour). Each link works once, for its own address, and
 * the forgotten-password answer never says whether an address has an account.
 */
describe('password links', () => {
  let t: TestApp;
  let orgId: string;
  const REQUEST_RESET = 'mutation ($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }';
  const CHOSEN = 'amber quarry lantern violet';

  const invite = async (email: string) => {
    ok(await t.gql(CREATE_USER, { input: { organisationId: orgId, email, fullName: 'Invited Person', roles: ['PRACTITIONER'] } }, await t.adminToken()));
    return emailedLinkToken(t, email, 'USER_INVITED');
  };
  const setPassword = (token: string, email: string, newPassword = CHOSEN) => t.gql(SET_PASSWORD_WITH_LINK, { input: { token, email, newPassword } });
  const signIn = (email: string, password = CHOSEN) => t.gql('mutation ($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password } });
  const requestReset = async (email: string) => {
    const response = await t.gql(REQUEST_RESET, { input: { email } });
    await t.app.get(PasswordLinksService).settled();
    return response;
  };
  const outboxCount = async (email: string, kind: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM outbox_message WHERE to_address = $1 AND kind = $2`, [email, kind])).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = (await createOrganisation(t, { name: 'Linkfield Community Trust' })).id;
  });
  afterAll(async () => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('a new user is emailed an invitation, cannot sign in until they choose a password with it, and the link works once', async () => {
    const email = 'first.timer@linkfield.example';
    const token = await invite(email);
    const { rows } = await t.db.query(`SELECT subject, text_body FROM outbox_message WHERE to_address = $1 AND kind = 'USER_INVITED'`, [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0].subject).toBe('Set up your Accordant account');
    expect(rows[0].text_body).toContain(`${t.config.mail.publicUrl.replace(/\/+$/, '')}/password/set/${token}`);
    expect(rows[0].text_body).toContain('Linkfield Community Trust has set up an Accordant account for you');
    expect(failure(await signIn(email)).extensions.code).toBe('UNAUTHENTICATED');

    expect(ok(await setPassword(token, email)).setPasswordWithLink).toBe(true);
    expect(ok(await signIn(email)).login.token).toEqual(expect.any(String));

    const again = failure(await setPassword(token, email, 'another violet lantern quarry'));
    expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'token', rule: 'usable' }] });
    expect(again.message).toMatch(/expired, it has already been used, or it was sent to a different email address/);
    expect(ok(await signIn(email)).login.token).toEqual(expect.any(String));
  });

  it('a link used by two requests at once sets the password once', async () => {
    const email = 'double.click@linkfield.example';
    const token = await invite(email);
    const answers = await Promise.all([setPassword(token, email, 'first violet lantern quarry'), setPassword(token, email, 'second violet lantern quarry')]);
    expect(answers.filter((a) => a.data?.setPasswordWithLink === true)).toHaveLength(1);
    expect(answers.filter((a) => a.errors?.[0]?.extensions.code === 'BAD_USER_INPUT')).toHaveLength(1);
    const won = answers[0].data?.setPasswordWithLink ? 'first violet lantern quarry' : 'second violet lantern quarry';
    const lost = won.startsWith('first') ? 'second violet lantern quarry' : 'first violet lantern quarry';
    expect(ok(await signIn(email, won)).login.token).toEqual(expect.any(String));
    expect(failure(await signIn(email, lost)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('stores only the SHA-256 of a link’s token', async () => {
    const email = 'hashed@linkfield.example';
    const token = await invite(email);
    const { rows } = await t.db.query(`SELECT l.token_hash, row_to_json(l)::text AS whole FROM password_link l JOIN app_user u ON u.id = l.user_id WHERE u.email = $1`, [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toEqual(createHash('sha256').update(token).digest());
    expect(rows[0].whole).not.toContain(token);
  });

  it('an invitation works for 72 hours, no longer', async () => {
    const clock = t.app.get(Clock);
    const sentAt = Date.now();
    const late = 'late.starter@linkfield.example';
    const lateToken = await invite(late);
    const prompt = 'prompt.starter@linkfield.example';
    const promptToken = await invite(prompt);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(sentAt + 72 * 3_600_000 + 60_000));
    expect(failure(await setPassword(lateToken, late)).extensions.fields).toEqual([expect.objectContaining({ field: 'token', rule: 'usable' })]);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(sentAt + 71 * 3_600_000));
    expect(ok(await setPassword(promptToken, prompt)).setPasswordWithLink).toBe(true);
    jest.restoreAllMocks();
    expect(failure(await signIn(late)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a link sets only the password of the address it was sent to', async () => {
    const alice = await createUser(t, orgId, 'alice@linkfield.example');
    const bobEmail = 'bob@linkfield.example';
    const bobToken = await invite(bobEmail);
    const wrong = failure(await setPassword(bobToken, alice.email, 'alice takes over bob'));
    expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'token', rule: 'usable' }] });
    // Alice's password and session are untouched; Bob's link still works for Bob.
    expect(ok(await t.gql('{ me { email } }', {}, alice.token)).me.email).toBe(alice.email);
    expect(failure(await signIn(alice.email, 'alice takes over bob')).extensions.code).toBe('UNAUTHENTICATED');
    expect(ok(await setPassword(bobToken, bobEmail)).setPasswordWithLink).toBe(true);
  });

  it('a forgotten password is reset by an emailed link that works once, for 1 hour, and ends every session', async () => {
    const user = await createUser(t, orgId, 'forgetful@linkfield.example');
    expect(ok(await requestReset('  Forgetful@Linkfield.example ')).requestPasswordReset).toBe(true);
    const token = await emailedLinkToken(t, user.email, 'PASSWORD_RESET');
    const { rows } = await t.db.query(`SELECT subject, text_body FROM outbox_message WHERE to_address = $1 AND kind = 'PASSWORD_RESET'`, [user.email]);
    expect(rows[0].subject).toBe('Reset your Accordant password');
    expect(rows[0].text_body).toContain(`/password/set/${token}`);
    expect(rows[0].text_body).toContain('If it was not you, you can ignore this email. Your password has not changed.');

    const clock = t.app.get(Clock);
    const now = Date.now();
    jest.spyOn(clock, 'now').mockReturnValue(new Date(now + 61 * 60_000));
    expect(failure(await setPassword(token, user.email)).extensions.fields).toEqual([expect.objectContaining({ field: 'token', rule: 'usable' })]);
    jest.restoreAllMocks();

    await requestReset(user.email);
    const second = await emailedLinkToken(t, user.email, 'PASSWORD_RESET');
    await requestReset(user.email);
    const third = await emailedLinkToken(t, user.email, 'PASSWORD_RESET');
    expect(new Set([token, second, third]).size).toBe(3);
    expect(ok(await setPassword(third, user.email)).setPasswordWithLink).toBe(true);
    expect(failure(await t.gql('{ me { email } }', {}, user.token)).extensions.code).toBe('UNAUTHENTICATED');
    expect(ok(await signIn(user.email)).login.token).toEqual(expect.any(String));
    // Setting the password spends every other link the account had open.
    expect(failure(await setPassword(second, user.email, 'second violet lantern quarry')).extensions.code).toBe('BAD_USER_INPUT');
    expect(failure(await setPassword(third, user.email, 'third violet lantern quarry')).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('does not say whether an address has an account: the same answer, and mail only to an active account', async () => {
    const known = await createUser(t, orgId, 'known@linkfield.example');
    const leaver = await createUser(t, orgId, 'leaver@linkfield.example');
    ok(await t.gql('mutation ($id: ID!) { deactivateUser(id: $id) { id } }', { id: leaver.id }, await t.adminToken()));
    const answers = [];
    for (const email of [known.email, 'stranger@linkfield.example', leaver.email]) {
      const response = await requestReset(email);
      answers.push({ status: response.status, data: response.data, errors: response.errors });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await outboxCount(known.email, 'PASSWORD_RESET')).toBe(1);
    expect(await outboxCount('stranger@linkfield.example', 'PASSWORD_RESET')).toBe(0);
    expect(await outboxCount(leaver.email, 'PASSWORD_RESET')).toBe(0);

    // The pages answer the same too: the same status and words, whichever address.
    const browser = await HttpBrowser.anonymous(t.url);
    const page = async (email: string) => {
      const response = await browser.send({ method: 'POST', path: '/password/forgotten', form: [['_csrf', browser.csrf], ['email', email]] });
      await t.app.get(PasswordLinksService).settled();
      return { status: response.status, text: (await response.text()).replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]*"/g, '') };
    };
    const forKnown = await page(known.email);
    const forStranger = await page('stranger@linkfield.example');
    expect(forKnown.status).toBe(200);
    expect(forStranger).toEqual(forKnown);
    expect(forKnown.text).toContain('Check your email');
    expect(await outboxCount(known.email, 'PASSWORD_RESET')).toBe(2);
  });

  it('sends at most 3 open reset links to one account', async () => {
    const user = await createUser(t, orgId, 'flooded@linkfield.example');
    for (let i = 0; i < 5; i++) await requestReset(user.email);
    expect(await outboxCount(user.email, 'PASSWORD_RESET')).toBe(3);
  });

  it('the set-password page shows the rules’ refusal beside the field, then sends the person to sign in', async () => {
    const email = 'page.person@linkfield.example';
    const token = await invite(email);
    const browser = await HttpBrowser.anonymous(t.url);
    expect((await browser.send({ path: `/password/set/${token}` })).status).toBe(200);
    const weak = await browser.send({ method: 'POST', path: `/password/set/${token}`, form: [['_csrf', browser.csrf], ['email', email], ['newPassword', 'password1234567']] });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('New password is a common password');
    const wrong = await browser.send({ method: 'POST', path: `/password/set/${token}`, form: [['_csrf', browser.csrf], ['email', 'someone.else@linkfield.example'], ['newPassword', CHOSEN]] });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('This link cannot be used');
    const done = await browser.send({ method: 'POST', path: `/password/set/${token}`, form: [['_csrf', browser.csrf], ['email', email], ['newPassword', CHOSEN]] });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/sign-in?password-set=1');
    expect(ok(await signIn(email)).login.token).toEqual(expect.any(String));
  });

  it('in Chromium: sign-in offers "Forgotten your password?"; each page is accessible and reads the same whatever the address', async () => {
    const browser = await launchBrowser(t.config);
    const screenshots = async (page: Page, name: string) => {
      if (!process.env.SCREENSHOTS) return;
      for (const width of [1280, 375]) {
        await page.setViewport({ width, height: 900 });
        await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      }
      await page.setViewport({ width: 1280, height: 900 });
    };
    try {
      const page = await newPage(browser);
      await page.goto(`${t.url}/sign-in`);
      await click(page, 'a[href="/password/forgotten"]');
      expect(await text(page, 'h1')).toBe('Forgotten your password?');
      await expectAccessible(page);
      await screenshots(page, 'password-forgotten');
      await click(page, 'form[action="/password/forgotten"] button[type="submit"]');
      expect(await text(page, '.nhsuk-error-summary')).toContain('Email address must be an email address');
      await expectAccessible(page);
      await page.type('#email', 'nobody.here@linkfield.example');
      await click(page, 'form[action="/password/forgotten"] button[type="submit"]');
      expect(await text(page, 'h1')).toBe('Check your email');
      expect(await text(page, '[data-notice="reset-sent"]')).toContain('nobody.here@linkfield.example');
      await expectAccessible(page);
      await screenshots(page, 'password-reset-sent');

      const email = 'chromium.person@linkfield.example';
      await page.goto(`${t.url}/password/set/${await invite(email)}`);
      expect(await text(page, 'h1')).toBe('Choose your password');
      await expectAccessible(page);
      await page.type('#email', email);
      await page.type('#newPassword', 'password1234567');
      await click(page, 'form[action^="/password/set/"] button[type="submit"]');
      expect(await text(page, '#newPassword-error')).toMatch(/New password is a common password/);
      await expectAccessible(page);
      await screenshots(page, 'password-set-error');
      await page.$eval('#newPassword', (e) => ((e as HTMLInputElement).value = ''));
      await page.type('#newPassword', CHOSEN);
      await click(page, 'form[action^="/password/set/"] button[type="submit"]');
      expect(await text(page, '[data-notice="password-set"]')).toBe('Your password has been saved');
      await expectAccessible(page);
      await screenshots(page, 'sign-in-password-set');
    } finally {
      await browser.close();
    }
  });
});
