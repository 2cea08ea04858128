import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type EmailContent, type FramedEmail, emailFrame, isSitePath } from './email-frame.js';
import { ADDRESS_ONLY, ALWAYS_IMMEDIATE, type EmailKind, NotificationDelivery, NotificationKind } from './notification.enums.js';

/** What to tell a set of users. `text` and `html` are the whole email (see `frame`); `summary` is what the notifications page shows (default: `text`). */
export interface NotifyMessage {
  kind: NotificationKind;
  userIds: string[];
  subject: string;
  text: string;
  html: string;
  /** The path of the page where the job is done. */
  link: string;
  summary?: string;
}

/** An email to an address that may have no account that can sign in yet (USER_INVITED, PASSWORD_RESET). */
export interface AddressMessage {
  kind: NotificationKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string;
}

export interface NotifyResult {
  notificationIds: string[];
  outboxMessageIds: string[];
}

interface Recipient {
  id: string;
  email: string;
  delivery: NotificationDelivery;
}

/**
 * Writes notifications and their emails in the caller's transaction, so a message exists exactly
 * when the event that causes it does. The outbox sender delivers them later.
 */
@Injectable()
export class NotificationService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The email frame with this service's public address for the links. */
  frame(content: EmailContent): FramedEmail {
    return emailFrame(content, this.config.mail.publicUrl);
  }

  /**
   * One notification per active user named, and an email for each whose preference for the kind
   * is immediate (always, for signature requests and invitations). Deactivated users get nothing.
   */
  async notify(em: EntityManager, message: NotifyMessage): Promise<NotifyResult> {
    if (ADDRESS_ONLY.has(message.kind)) throw new Error(`${message.kind} is sent to an address: use notifyAddress`);
    checkLink(message.link);
    const subject = oneLine(message.subject);
    const ids = [...new Set(message.userIds)];
    if (ids.length === 0) return { notificationIds: [], outboxMessageIds: [] };
    const recipients: Recipient[] = await em.query(
      `SELECT u.id, u.email, coalesce(p.delivery, 'IMMEDIATE') AS delivery
       FROM app_user u LEFT JOIN notification_preference p ON p.user_id = u.id AND p.kind = $2
       WHERE u.id = ANY($1::uuid[]) AND u.active
       ORDER BY u.id`,
      [ids, message.kind],
    );
    const notificationIds: string[] = [];
    const outboxMessageIds: string[] = [];
    for (const recipient of recipients) {
      const inDigest = recipient.delivery === NotificationDelivery.DAILY_DIGEST && !ALWAYS_IMMEDIATE.has(message.kind);
      const [{ id }]: { id: string }[] = await em.query(
        `INSERT INTO notification (user_id, kind, subject, body, link, in_digest) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [recipient.id, message.kind, subject, message.summary ?? message.text, message.link, inDigest],
      );
      notificationIds.push(id);
      if (!inDigest) outboxMessageIds.push(await this.enqueue(em, { kind: message.kind, notificationId: id, to: recipient.email, subject, text: message.text, html: message.html }));
    }
    return { notificationIds, outboxMessageIds };
  }

  /** One email to an address, with no in-app notification. */
  async notifyAddress(em: EntityManager, message: AddressMessage): Promise<string> {
    checkLink(message.link);
    return this.enqueue(em, { kind: message.kind, notificationId: null, to: message.to.trim(), subject: oneLine(message.subject), text: message.text, html: message.html });
  }

  /** Writes one outbox message with its Message-ID fixed now, so every try sends the same one. */
  async enqueue(em: EntityManager, email: { kind: EmailKind; notificationId: string | null; to: string; subject: string; text: string; html: string }): Promise<string> {
    const id = randomUUID();
    await em.query(
      `INSERT INTO outbox_message (id, notification_id, kind, to_address, subject, text_body, html_body, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, email.notificationId, email.kind, email.to, email.subject, email.text, email.html, `<${id}@${this.config.mail.messageIdDomain}>`],
    );
    return id;
  }
}

function checkLink(link: string): void {
  if (!isSitePath(link)) throw new Error(`A notification link must be a path on this site (got "${link}")`);
}

/** A subject is one header line: no line breaks can reach the mail server. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim().slice(0, 300);
}
