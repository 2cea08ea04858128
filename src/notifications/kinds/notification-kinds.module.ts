import { Global, Module } from '@nestjs/common';
import { RemindersJob } from '../reminders/reminders.job.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { AgreementNotificationsListener } from './agreement-notifications.listener.js';
import { ComposedNotifier } from './composed-notifier.js';
import { IncidentNotifications } from './incident-notifications.service.js';

/**
 * What is sent, to whom and when: agreement events, incidents, the scheduled reminders and the
 * messages that carry links to set a password. Global, so monitoring and users tell people of
 * their events without importing this module; it sends through NotificationsModule's outbox.
 */
@Global()
@Module({
  providers: [ComposedNotifier, AgreementNotificationsListener, IncidentNotifications, RemindersService, RemindersJob],
  exports: [ComposedNotifier, IncidentNotifications, RemindersService],
})
export class NotificationKindsModule {}
