import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Notifications1798400000000 } from '../migrations/1798400000000-notifications.js';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock/clock.js';
import { DailyDigestService } from '../src/notifications/daily-digest.service.js';
import { NotificationKind } from '../src/notifications/notification.enums.js';
import { NotificationService, type NotifyMessage } from '../src/notifications/notification.service.js';
import { OutboxSender } from '../src/notifications/outbox-sender.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const FROM = 'Accordant <notifications@accordant.example.nhs.uk>';

/**
 * Email over real SMTP: an smtp-server in this process receives what the outbox sender sends and
 * mailparser reads it. Senders are run by hand (OUTBOX_SEND_SECONDS=0) and the clock is moved
 * instead of waiting for retries.
 */
describe('notification emails over SMTP', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let other: INestApplication | undefined;
  let users: { id: string; email: string }[];
  let sequence = 0;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM: FROM, PUBLIC_URL: 'https://accordant.example.nhs.uk', OUTBOX_SEND_SECONDS: '0', OUTBOX_MAX_ATTEMPTS: '4', OUTBOX_RETRY_SECONDS: '60' });
    const org = await createOrganisation(t, { name: 'Northshire General Hospital NHS Trust' });
    users = [];
    for (const name of ['ada.ig', 'ben.signatory', 'cara.siro']) users.push(await createUser(t, org.id, `${name}@northshire.example.nhs.uk`, []));
    // The users' invitations to choose a password are not what these tests send.
    await t.db.query(`UPDATE outbox_message SET status = 'FAILED' WHERE status = 'PENDING'`);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    sink.reset();
    base = 0;
    await other?.close();
    other = undefined;
    // Each test starts with an outbox that has nothing left to send.
    await t.db.query(`UPDATE outbox_message SET status = 'FAILED', claimed_by = NULL, claimed_until = NULL WHERE status IN ('PENDING', 'SENDING')`);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const sender = (app: INestApplication = t.app) => app.get(OutboxSender);
  const notify = (message: Partial<NotifyMessage> & { userIds: string[] }, app: INestApplication = t.app) =>
    app.get(DataSource).transaction((em) => {
      sequence += 1;
      const email = app.get(NotificationService).frame({
        heading: `Agreement ${sequence} is waiting for your signature`,
        paragraphs: ['Northshire General Hospital NHS Trust has submitted version 1 of the Northshire discharge ISP for signature.', 'Read it and sign it, or decline with a reason.'],
        link: `/in-tray/agr-${sequence}/versions/1`,
        linkText: 'Read and sign the agreement',
      });
      return app.get(NotificationService).notify(em, { kind: NotificationKind.SIGNATURE_REQUESTED, subject: `Please sign: agreement ${sequence}`, link: `/in-tray/agr-${sequence}/versions/1`, ...email, ...message });
    });
  /** Every instance's clock this many seconds after `base` (set after the messages are written, so they are due). */
  let base = 0;
  const startClock = () => (base = Date.now() + 1000);
  const at = (app: INestApplication, seconds: number) => jest.spyOn(app.get(Clock), 'now').mockReturnValue(new Date((base || startClock()) + seconds * 1000));
  const outbox = async (ids: string[]) =>
    (await t.db.query(`SELECT id, status, attempts, message_id FROM outbox_message WHERE id = ANY($1) ORDER BY created_at, id`, [ids])).rows as { id: string; status: string; attempts: number; message_id: string }[];
  const attempts = async (id: string) => (await t.db.query(`SELECT attempt, outcome, sender, handed_over_at IS NOT NULL AS handed_over FROM outbox_attempt WHERE message_id = $1 ORDER BY attempt`, [id])).rows;
  const timesReceived = (messageId: string) => sink.counts().get(messageId) ?? 0;
  const secondInstance = async () => {
    const app = await createApp({ ...t.config, databasePoolSize: 3, schemaFile: null });
    await app.init();
    return app;
  };

  it('sends the subject, plain text and HTML with the link, from MAIL_FROM, with the Message-ID fixed when written', async () => {
    const { outboxMessageIds } = await notify({ userIds: [users[0].id] });
    const [row] = await outbox(outboxMessageIds);
    expect(row.message_id).toMatch(/^<[0-9a-f-]{36}@accordant\.example\.nhs\.uk>$/);

    expect(await sender().sendDue()).toBe(1);

    const mail = sink.received.find((m) => m.messageId === row.message_id)!;
    expect(mail).toMatchObject({ to: [users[0].email], subject: `Please sign: agreement ${sequence}` });
    expect(mail.from).toMatch(/^"?Accordant"? <notifications@accordant\.example\.nhs\.uk>$/);
    const url = `https://accordant.example.nhs.uk/in-tray/agr-${sequence}/versions/1`;
    expect(mail.text).toContain('Read and sign the agreement:');
    expect(mail.text).toContain(url);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain('Northshire discharge ISP');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(await outbox(outboxMessageIds)).toEqual([expect.objectContaining({ status: 'SENT', attempts: 1 })]);
    expect(await attempts(row.id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'SENT', handed_over: true })]);
  });

  it('writes nothing when the event that causes the message is rolled back', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM outbox_message')).rows[0].n;
    await expect(
      t.app.get(DataSource).transaction(async (em) => {
        await t.app.get(NotificationService).notify(em, { kind: NotificationKind.AGREEMENT_IN_FORCE, userIds: [users[0].id], subject: 'In force', text: 'x', html: '<p>x</p>', link: '/agreements' });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect((await t.db.query('SELECT count(*)::int AS n FROM outbox_message')).rows[0].n).toBe(before);
  });

  it('gives a deactivated user nothing, and puts a kind they chose for the digest in one daily email', async () => {
    const [ada, ben, cara] = users;
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [cara.id]);
    await t.db.query(`INSERT INTO notification_preference (user_id, kind, delivery) VALUES ($1, 'AGREEMENT_IN_FORCE', 'DAILY_DIGEST')`, [ben.id]);
    try {
      const inForce = await notify({ kind: NotificationKind.AGREEMENT_IN_FORCE, userIds: [ada.id, ben.id, cara.id, ada.id], subject: 'The Northshire discharge ISP is in force', link: '/agreements/a1' });
      expect(inForce.notificationIds).toHaveLength(2);
      expect(inForce.outboxMessageIds).toHaveLength(1); // Ada's; Ben's waits for his digest; Cara gets nothing
      const signature = await notify({ userIds: [ben.id] });
      expect(signature.outboxMessageIds).toHaveLength(1); // a signature request is always emailed at once

      // The next morning's digest, once, however often and wherever the job runs.
      const tomorrow = new Date(Date.now() + 86_400_000);
      tomorrow.setUTCHours(9, 0, 0, 0);
      const [one, two] = await Promise.all([t.app.get(DailyDigestService).sendDue(tomorrow), t.app.get(DailyDigestService).sendDue(tomorrow)]);
      expect(one + two).toBe(1);
      expect(await t.app.get(DailyDigestService).sendDue(tomorrow)).toBe(0);

      expect(await sender().sendDue()).toBe(3);
      const toBen = sink.received.filter((m) => m.to.includes(ben.email));
      const digest = toBen.find((m) => m.subject.startsWith('Accordant daily summary'))!;
      expect(digest.text).toContain('An agreement is in force: The Northshire discharge ISP is in force');
      expect(digest.html).toContain('href="https://accordant.example.nhs.uk/agreements/a1"');
      expect(sink.received.filter((m) => m.to.includes(cara.email))).toEqual([]);
    } finally {
      await t.db.query(`UPDATE app_user SET active = true WHERE id = $1`, [cara.id]);
      await t.db.query(`DELETE FROM notification_preference WHERE user_id = $1`, [ben.id]);
    }
  });

  it('tries again with backoff when the server refuses or drops the connection, then delivers each message once', async () => {
    const { outboxMessageIds } = await notify({ userIds: users.map((u) => u.id) });
    startClock();
    at(t.app, 0);
    sink.refuseNext(1, 421);
    sink.dropNext(1);

    expect(await sender().sendDue()).toBe(3);
    const [refused, dropped, delivered] = await outbox(outboxMessageIds);
    expect([refused.status, dropped.status, delivered.status]).toEqual(['PENDING', 'PENDING', 'SENT']);
    expect(await attempts(refused.id)).toEqual([expect.objectContaining({ outcome: 'RETRY', handed_over: false })]);
    expect(await attempts(dropped.id)).toEqual([expect.objectContaining({ outcome: 'RETRY', handed_over: false })]);

    // Not yet due: the first retry waits OUTBOX_RETRY_SECONDS.
    expect(await sender().sendDue()).toBe(0);
    at(t.app, 61);
    sink.refuseNext(1, 451); // still refusing the first one: its wait doubles
    expect(await sender().sendDue()).toBe(2);
    expect((await outbox(outboxMessageIds)).map((m) => m.status)).toEqual(['PENDING', 'SENT', 'SENT']);
    at(t.app, 61 + 119);
    expect(await sender().sendDue()).toBe(0);
    at(t.app, 61 + 120);
    expect(await sender().sendDue()).toBe(1);

    const rows = await outbox(outboxMessageIds);
    expect(rows.map((m) => [m.status, m.attempts])).toEqual([['SENT', 3], ['SENT', 2], ['SENT', 1]]);
    for (const row of rows) expect(timesReceived(row.message_id)).toBe(1);
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS, and at once when the server refuses for good', async () => {
    const { outboxMessageIds } = await notify({ userIds: [users[0].id, users[1].id] });
    startClock();
    at(t.app, 0);
    sink.refuseNext(1, 550);
    sink.refuseNext(1, 451);
    expect(await sender().sendDue()).toBe(2);
    // Waits of 60, 120 and 240 seconds between the four tries.
    for (const seconds of [60, 180, 420]) {
      at(t.app, seconds);
      sink.refuseNext(1, 451);
      expect(await sender().sendDue()).toBe(1);
    }
    const [permanent, temporary] = await outbox(outboxMessageIds);
    expect([permanent.status, permanent.attempts]).toEqual(['FAILED', 1]);
    expect([temporary.status, temporary.attempts]).toEqual(['FAILED', 4]);
    at(t.app, 86_400);
    expect(await sender().sendDue()).toBe(0);
    expect(timesReceived(permanent.message_id) + timesReceived(temporary.message_id)).toBe(0);
  });

  it('never sends again a message the server may have taken before the connection dropped', async () => {
    const { outboxMessageIds } = await notify({ userIds: [users[0].id] });
    sink.dropAfterDataNext();
    expect(await sender().sendDue()).toBe(1);
    const [row] = await outbox(outboxMessageIds);
    expect(row.status).toBe('UNKNOWN');
    expect(await attempts(row.id)).toEqual([expect.objectContaining({ outcome: 'UNKNOWN', handed_over: true })]);
    at(t.app, 86_400);
    expect(await sender().sendDue()).toBe(0);
    expect(timesReceived(row.message_id)).toBe(1);
  });

  it('runs two instances on one outbox without sending any message twice', async () => {
    other = await secondInstance();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(...(await notify({ userIds: users.map((u) => u.id) })).outboxMessageIds);
    const before = sink.received.length;
    // The first transaction waits at the server until the other instance has delivered five: both take part.
    const hold = sink.holdNext();
    const runs = Promise.all([sender(t.app).sendDue(), sender(other).sendDue()]);
    await hold.arrived;
    await sink.until(before + 5);
    hold.release();
    const [mine, theirs] = await runs;

    expect(mine + theirs).toBe(ids.length);
    const rows = await outbox(ids);
    expect(rows.every((m) => m.status === 'SENT' && m.attempts === 1)).toBe(true);
    for (const row of rows) expect(timesReceived(row.message_id)).toBe(1);
    const { rows: senders } = await t.db.query(`SELECT DISTINCT sender FROM outbox_attempt WHERE message_id = ANY($1)`, [ids]);
    expect(senders.map((r) => r.sender).sort()).toEqual([sender(t.app).name, sender(other).name].sort());
  });

  it('after an instance stops mid-send before handing a message over, another sends it once', async () => {
    other = await secondInstance();
    const { outboxMessageIds } = await notify({ userIds: users.map((u) => u.id) }, other);
    const hold = sink.holdNext();
    const stopped = sender(other).sendDue().catch(() => 'stopped');
    await hold.arrived;
    // The instance goes away: its process and its connection to the mail server with it.
    await other.close();
    other = undefined;
    hold.drop();
    await stopped;

    // Before its lease runs out, nobody touches the message it held.
    expect(await sender().sendDue()).toBe(2);
    const [first] = await outbox(outboxMessageIds);
    expect(first.status).toBe('SENDING');
    at(t.app, t.config.mail.leaseSeconds + 1);
    expect(await sender().sendDue()).toBe(1);

    const rows = await outbox(outboxMessageIds);
    expect(rows.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
    for (const row of rows) expect(timesReceived(row.message_id)).toBe(1);
    expect((await attempts(first.id)).map((a) => a.outcome)).toEqual(['RETRY', 'SENT']);
  });

  it('a sender that stalls past its lease stops before handing the message over: it is sent once, by the other', async () => {
    other = await secondInstance();
    const { outboxMessageIds } = await notify({ userIds: [users[0].id] }, other);
    const hold = sink.holdNext();
    const stalled = sender(other).sendDue();
    await hold.arrived;
    at(t.app, t.config.mail.leaseSeconds + 1);
    expect(await sender().sendDue()).toBe(1);
    hold.release(); // the stalled sender goes on: it no longer owns the message, so it closes the connection unfinished
    await stalled;
    const [row] = await outbox(outboxMessageIds);
    expect([row.status, row.attempts]).toEqual(['SENT', 2]);
    expect(timesReceived(row.message_id)).toBe(1);
    expect((await attempts(row.id)).map((a) => [a.outcome, a.handed_over])).toEqual([['RETRY', false], ['SENT', true]]);
  });

  it('a sender that stalls past its lease after handing the message over leaves it unknown, never sent twice', async () => {
    other = await secondInstance();
    const { outboxMessageIds } = await notify({ userIds: [users[0].id] }, other);
    const hold = sink.holdAfterDataNext();
    const stalled = sender(other).sendDue();
    await hold.arrived;
    at(t.app, t.config.mail.leaseSeconds + 1);
    expect(await sender().sendDue()).toBe(0);
    const [held] = await outbox(outboxMessageIds);
    expect(held.status).toBe('UNKNOWN');
    // The server answers at last: the stalled sender learns it was delivered, and says so.
    hold.release();
    await stalled;
    const [row] = await outbox(outboxMessageIds);
    expect([row.status, row.attempts]).toEqual(['SENT', 1]);
    expect(timesReceived(row.message_id)).toBe(1);
  });

  it('holds the rules in the database too, and its migration goes down and up again', async () => {
    const [ada] = users;
    const { outboxMessageIds } = await notify({ userIds: [ada.id] });
    const [row] = await outbox(outboxMessageIds);
    await expect(t.db.query(`INSERT INTO notification_preference (user_id, kind, delivery) VALUES ($1, 'SIGNATURE_REQUESTED', 'DAILY_DIGEST')`, [ada.id])).rejects.toThrow(/ck_notification_preference_optional/);
    await expect(t.db.query(`UPDATE outbox_message SET status = 'SENDING' WHERE id = $1`, [row.id])).rejects.toThrow(/ck_outbox_message_claim/);
    await expect(t.db.query(`UPDATE outbox_message SET subject = E'Hi\\r\\nBcc: x@example.org' WHERE id = $1`, [row.id])).rejects.toThrow(/ck_outbox_message_subject/);
    await expect(t.db.query(`INSERT INTO outbox_message (kind, to_address, subject, text_body, html_body, message_id) VALUES ('PASSWORD_RESET', 'a@example.org', 's', 't', 'h', $1)`, [row.message_id])).rejects.toThrow(/uq_outbox_message_message_id/);

    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await new Notifications1798400000000().down(runner);
      expect(await runner.query(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('notification', 'outbox_message', 'outbox_attempt', 'notification_preference')`)).toEqual([]);
      await new Notifications1798400000000().up(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM outbox_message`))[0].n).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
