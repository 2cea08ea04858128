import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { NotificationPreferenceType } from './dto/notification-preference.type.js';
import { OutboxSummaryType } from './dto/outbox-summary.type.js';
import { SetNotificationPreferencesInput } from './dto/set-notification-preferences.input.js';
import { NotificationInboxService } from './notification-inbox.service.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { Notification } from './notification.entity.js';
import { OutboxService } from './outbox.service.js';

@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly inbox: NotificationInboxService,
    private readonly preferences: NotificationPreferencesService,
    private readonly outboxes: OutboxService,
  ) {}

  @Query(() => [Notification], { description: 'The signed-in user: their own notifications, newest first (the latest 100).' })
  notifications(@CurrentCaller() caller: Caller) {
    return this.inbox.list(caller);
  }

  @Query(() => Int, { description: 'The signed-in user: how many of their notifications are unread.' })
  unreadNotificationCount(@CurrentCaller() caller: Caller) {
    return this.inbox.unreadCount(caller.userId);
  }

  @Mutation(() => Boolean, { description: "The signed-in user: marks one of their own notifications read. Anyone else's is NOT_FOUND." })
  async markNotificationRead(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    await this.inbox.markRead(caller, id);
    return true;
  }

  @Mutation(() => Int, { description: 'The signed-in user: marks all their notifications read; returns how many were unread.' })
  markAllNotificationsRead(@CurrentCaller() caller: Caller) {
    return this.inbox.markAllRead(caller);
  }

  @Query(() => [NotificationPreferenceType], { description: 'The signed-in user: for each optional kind, an email at once or in the daily summary.' })
  notificationPreferences(@CurrentCaller() caller: Caller) {
    return this.preferences.of(caller);
  }

  @Mutation(() => [NotificationPreferenceType], { description: 'The signed-in user: sets their own choices for the kinds given, all or none. Signature requests and invitations cannot go in the daily summary.' })
  setNotificationPreferences(@CurrentCaller() caller: Caller, @Args('input') input: SetNotificationPreferencesInput) {
    return this.preferences.set(caller, input.preferences);
  }

  @Query(() => OutboxSummaryType, { description: 'SYSTEM_ADMIN only: the email outbox and whether mail is being sent at all.' })
  outbox(@CurrentCaller() caller: Caller) {
    return this.outboxes.summary(caller);
  }
}
