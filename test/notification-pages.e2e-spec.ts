import type { Browser, Page } from 'puppeteer-core';
import { DataSource } from 'typeorm';
import { NotificationKind } from '../src/notifications/notification.enums.js';
import { NotificationService } from '../src/notifications/notification.service.js';
import { expectAccessible, launchBrowser, newPage, signIn } from './support/browser.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { follow, path, text, texts } from './support/pages.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, failure, ok, startTestApp, type TestApp } from './support/test-app.js';

/** The notifications page, the unread count in the header, email choices on the account page, and the outbox page, in Chromium. */
describe('notification pages', () => {
  let t: TestApp;
  let browser: Browser;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp(); // no SMTP_URL: mail is not sent
    orgId = (await createOrganisation(t, { name: 'Westbrook Community Health Services' })).id;
    browser = await launchBrowser(t.config);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedInPage = async (email: string, password?: string) => {
    const page = await newPage(browser);
    await signIn(page, t.url, email, password);
    return page;
  };
  const screenshots = async (page: Page, name: string) => {
    if (!process.env.SCREENSHOTS) return;
    for (const width of [1280, 375]) {
      await page.setViewport({ width, height: 900 });
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewport({ width: 1280, height: 900 });
  };
  const notify = (kind: NotificationKind, userIds: string[], subject: string, link: string) =>
    t.app.get(DataSource).transaction((em) => {
      const notifications = t.app.get(NotificationService);
      const email = notifications.frame({ heading: subject, paragraphs: ['Northshire General Hospital NHS Trust has asked for this.', 'It takes a few minutes.'], link, linkText: 'Open it' });
      return notifications.notify(em, { kind, userIds, subject, link, ...email });
    });
  /** Posts a form of the page's own, with its CSRF token, and returns the status. */
  const postFrom = (page: Page, action: string, fields: Record<string, string> = {}) =>
    page.evaluate(
      async (target, extra) => {
        const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ _csrf: token, ...extra }) });
        return response.status;
      },
      action,
      fields,
    );

  it('shows the unread count in the header, lists notifications newest first, and marks them read', async () => {
    const user = await createUser(t, orgId, 'amara.ig@westbrook.example', ['IG_LEAD']);
    await notify(NotificationKind.AGREEMENT_IN_FORCE, [user.id], 'The Westbrook discharge ISP is in force', '/agreements');
    await notify(NotificationKind.SIGNATURE_REQUESTED, [user.id], 'Please sign version 2 of the Westbrook discharge ISP', '/in-tray');
    const page = await signedInPage(user.email);
    try {
      expect(await text(page, '[data-notifications="link"]')).toBe('Notifications 2 unread');
      await follow(page, '[data-notifications="link"]');
      expect(path(page)).toBe('/notifications');
      expect(await texts(page, '[data-notification] h2')).toEqual(['Please sign version 2 of the Westbrook discharge ISP', 'The Westbrook discharge ISP is in force']);
      expect(await texts(page, '[data-notification] .nhsuk-u-secondary-text-colour')).toEqual([
        expect.stringMatching(/^An agreement is waiting for your signature · /),
        expect.stringMatching(/^An agreement is in force · /),
      ]);
      expect(await page.$$eval('[data-notification] h2 a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['/in-tray', '/agreements']);
      await expectAccessible(page);
      await screenshots(page, 'notifications');

      await follow(page, '[data-notification]:last-child form button');
      expect(await texts(page, '[data-notice="marked"]')).toEqual(['Marked as read.']);
      expect(await text(page, '[data-notifications="unread"]')).toBe('1');
      expect(await page.$$eval('[data-notification][data-unread] h2', (h) => h.map((e) => e.textContent?.trim()))).toEqual(['Please sign version 2 of the Westbrook discharge ISP']);

      await follow(page, 'form[action="/notifications/read"] button');
      expect(await texts(page, '[data-notice="marked"]')).toEqual(['All your notifications are marked as read.']);
      expect(await page.$('[data-notifications="unread"]')).toBeNull();
      expect(await page.$$('[data-notification][data-unread]')).toHaveLength(0);
      await expectAccessible(page);
    } finally {
      await page.browserContext().close();
    }
  });

  it("cannot mark another person's notification read: not found, and it stays unread", async () => {
    const owner = await createUser(t, orgId, 'owner@westbrook.example');
    const [id] = (await notify(NotificationKind.REVIEW_DUE_30, [owner.id], 'A review is due in 30 days', '/agreements')).notificationIds;
    const intruder = await createUser(t, orgId, 'intruder@westbrook.example', ['ORG_ADMIN']);
    const page = await signedInPage(intruder.email);
    try {
      await page.goto(`${t.url}/notifications`);
      expect(await text(page, '[data-notice="empty"]')).toMatch(/^You have no notifications/);
      expect(await postFrom(page, `/notifications/${id}/read`)).toBe(404);
      const { rows } = await t.db.query('SELECT read_at FROM notification WHERE id = $1', [id]);
      expect(rows).toEqual([{ read_at: null }]);
    } finally {
      await page.browserContext().close();
    }
  });

  it('lets a person choose the daily summary for optional kinds, never for signature requests or invitations', async () => {
    const user = await createUser(t, orgId, 'ola.siro@westbrook.example', ['SIRO']);
    const page = await signedInPage(user.email);
    try {
      await page.goto(`${t.url}/account`);
      const labels = await texts(page, '[data-section="notification-preferences"] .nhsuk-checkboxes__label');
      expect(labels).toContain('An agreement is in force');
      expect(labels).not.toContain('An agreement is waiting for your signature');
      expect(labels).not.toContain('Your organisation is invited to be a party');
      await page.click('#digest-AGREEMENT_IN_FORCE');
      await page.click('#digest-REVIEW_DUE_90');
      await screenshots(page, 'account-notifications');
      await follow(page, '[data-section="notification-preferences"] button[type="submit"]');
      expect(await texts(page, '[data-notice="notifications-saved"]')).toEqual(['Your email choices are saved.']);
      expect(await page.$eval('#digest-AGREEMENT_IN_FORCE', (e) => (e as HTMLInputElement).checked)).toBe(true);
      expect(await page.$eval('#digest-PARTY_DECLINED', (e) => (e as HTMLInputElement).checked)).toBe(false);
      await expectAccessible(page);

      const inForce = await notify(NotificationKind.AGREEMENT_IN_FORCE, [user.id], 'In force', '/agreements');
      expect(inForce.outboxMessageIds).toEqual([]);
      const declined = await notify(NotificationKind.PARTY_DECLINED, [user.id], 'Declined', '/agreements');
      expect(declined.outboxMessageIds).toHaveLength(1);

      // A form altered to put signature requests in the digest is refused, naming the field, and changes nothing.
      expect(await postFrom(page, '/account/notifications', { digest: 'SIGNATURE_REQUESTED' })).toBe(400);
      const { rows } = await t.db.query(`SELECT kind FROM notification_preference WHERE user_id = $1 AND delivery = 'DAILY_DIGEST' ORDER BY kind`, [user.id]);
      expect(rows.map((r) => r.kind)).toEqual(['AGREEMENT_IN_FORCE', 'REVIEW_DUE_90']);
    } finally {
      await page.browserContext().close();
    }
  });

  it('shows a SYSTEM_ADMIN the outbox with a clear notice that mail is not being sent, and nobody else', async () => {
    const user = await createUser(t, orgId, 'nia.signatory@westbrook.example', ['SIGNATORY']);
    await notify(NotificationKind.SIGNATURE_REQUESTED, [user.id], 'Please sign the Westbrook falls prevention DDA', '/in-tray');
    const admin = await signedInPage(ADMIN_EMAIL, ADMIN_PASSWORD);
    try {
      await follow(admin, 'a.nhsuk-header__navigation-link[href="/outbox"]');
      expect(path(admin)).toBe('/outbox');
      expect(await text(admin, '[data-notice="not-sending"] h2')).toBe('Important: Email is not being sent');
      const row = await text(admin, '[data-section="messages"] tbody tr:first-child');
      expect(row).toContain('nia.signatory@westbrook.example');
      expect(row).toContain('Please sign the Westbrook falls prevention DDA');
      expect(row).toContain('Waiting to be sent');
      expect(await text(admin, '[data-count="PENDING"] dd')).not.toBe('0');
      await expectAccessible(admin);
      await screenshots(admin, 'outbox');
    } finally {
      await admin.browserContext().close();
    }
    const other = await signedInPage(user.email);
    try {
      const response = await other.goto(`${t.url}/outbox`);
      expect(response?.status()).toBe(403);
      expect(await other.$('a[href="/outbox"]')).toBeNull();
    } finally {
      await other.browserContext().close();
    }
  });

  it('offers the same over GraphQL: own notifications, read marks and choices, and the outbox for a SYSTEM_ADMIN only', async () => {
    const user = await createUser(t, orgId, 'kemi.dpo@westbrook.example', ['DPO']);
    const other = await createUser(t, orgId, 'lee.practitioner@westbrook.example', ['PRACTITIONER']);
    const { notificationIds } = await notify(NotificationKind.INCIDENT_RECORDED, [user.id], 'An incident was recorded under the Westbrook discharge ISP', '/agreements');
    expect(ok(await t.gql('{ unreadNotificationCount notifications { id kind subject link readAt inDigest } }', {}, user.token))).toEqual({
      unreadNotificationCount: 1,
      notifications: [{ id: notificationIds[0], kind: 'INCIDENT_RECORDED', subject: 'An incident was recorded under the Westbrook discharge ISP', link: '/agreements', readAt: null, inDigest: false }],
    });
    expect(ok(await t.gql('{ notifications { id } }', {}, other.token)).notifications).toEqual([]);
    const mark = 'mutation ($id: ID!) { markNotificationRead(id: $id) }';
    expect(failure(await t.gql(mark, { id: notificationIds[0] }, other.token)).extensions.code).toBe('NOT_FOUND');
    expect(ok(await t.gql(mark, { id: notificationIds[0] }, user.token)).markNotificationRead).toBe(true);
    expect(ok(await t.gql('{ unreadNotificationCount }', {}, user.token)).unreadNotificationCount).toBe(0);

    const set = 'mutation ($i: SetNotificationPreferencesInput!) { setNotificationPreferences(input: $i) { kind delivery } }';
    const refused = failure(await t.gql(set, { i: { preferences: [{ kind: 'REVIEW_OVERDUE', delivery: 'DAILY_DIGEST' }, { kind: 'PARTNERSHIP_INVITED', delivery: 'DAILY_DIGEST' }] } }, user.token));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'preferences.1.kind', rule: 'optionalKind' }] });
    expect(ok(await t.gql('{ notificationPreferences { kind delivery } }', {}, user.token)).notificationPreferences).toContainEqual({ kind: 'REVIEW_OVERDUE', delivery: 'IMMEDIATE' });
    const saved = ok(await t.gql(set, { i: { preferences: [{ kind: 'REVIEW_OVERDUE', delivery: 'DAILY_DIGEST' }] } }, user.token)).setNotificationPreferences;
    expect(saved).toContainEqual({ kind: 'REVIEW_OVERDUE', delivery: 'DAILY_DIGEST' });
    expect(saved.map((p: { kind: string }) => p.kind)).not.toContain('SIGNATURE_REQUESTED');

    const outbox = '{ outbox { sending counts { status count } messages { toAddress subject status } } }';
    expect(failure(await t.gql(outbox, {}, user.token)).extensions.code).toBe('FORBIDDEN');
    const summary = ok(await t.gql(outbox, {}, await t.adminToken())).outbox;
    expect(summary.sending).toBe(false);
    expect(summary.messages).toContainEqual({ toAddress: user.email, subject: 'An incident was recorded under the Westbrook discharge ISP', status: 'PENDING' });
  });
});
