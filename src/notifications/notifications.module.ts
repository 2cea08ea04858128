import { Global, Module } from '@nestjs/common';
import { NotificationService } from './notification.service.js';

/** In-app notifications, the email outbox and its sender. Global: any domain's service may notify in its own transaction. */
@Global()
@Module({
  providers: [NotificationService],
  exports: [NotificationService],
})
export class NotificationsModule {}
