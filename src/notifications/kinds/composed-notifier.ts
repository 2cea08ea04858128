import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationKind } from '../notification.enums.js';
import { NotificationService } from '../notification.service.js';
import type { ComposedMessage } from './notification-messages.js';

/** Frames a composed message and writes it, in the caller's transaction, for users or for one address. */
@Injectable()
export class ComposedNotifier {
  constructor(private readonly notifications: NotificationService) {}

  async toUsers(em: EntityManager, kind: NotificationKind, userIds: readonly string[], message: ComposedMessage): Promise<void> {
    if (userIds.length === 0) return;
    const framed = this.notifications.frame({ heading: message.heading, paragraphs: message.paragraphs, link: message.path, linkText: message.linkText });
    await this.notifications.notify(em, { kind, userIds: [...userIds], subject: message.subject, text: framed.text, html: framed.html, link: message.path, summary: framed.summary });
  }

  async toAddress(em: EntityManager, kind: NotificationKind, to: string, message: ComposedMessage): Promise<void> {
    const framed = this.notifications.frame({ heading: message.heading, paragraphs: message.paragraphs, link: message.path, linkText: message.linkText, audience: 'address' });
    await this.notifications.notifyAddress(em, { kind, to, subject: message.subject, text: framed.text, html: framed.html, link: message.path });
  }
}
