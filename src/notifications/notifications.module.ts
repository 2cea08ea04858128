import { Global, Module } from '@nestjs/common';
import { DailyDigestScheduler } from './daily-digest.scheduler.js';
import { DailyDigestService } from './daily-digest.service.js';
import { NotificationInboxService } from './notification-inbox.service.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationService } from './notification.service.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { OutboxSender } from './outbox-sender.js';
import { OutboxService } from './outbox.service.js';
import { SmtpMailer } from './smtp-mailer.js';

/** In-app notifications, the email outbox and its sender. Global: any domain's service may notify in its own transaction. */
@Global()
@Module({
  providers: [NotificationService, NotificationInboxService, NotificationPreferencesService, OutboxService, SmtpMailer, OutboxSender, DailyDigestService, DailyDigestScheduler, NotificationsResolver],
  exports: [NotificationService, NotificationInboxService, NotificationPreferencesService, OutboxService],
})
export class NotificationsModule {}
