import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { NotificationInboxService } from '../../notifications/notification-inbox.service.js';
import { PageRenderer } from '../page-renderer.js';
import { notificationsView } from './notifications-view.js';

const notificationId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Notification', 'at that address') });

/** Anyone signed in: what they have been told, newest first, and marking it read. */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly inbox: NotificationInboxService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query('marked') marked: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const [notifications, unread] = await Promise.all([this.inbox.list(caller), this.inbox.unreadCount(caller.userId)]);
    this.pages.render(req, res, 'pages/notifications', notificationsView(notifications, unread, marked));
  }

  @Post('read')
  async markAll(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.inbox.markAllRead(caller);
    res.redirect(303, '/notifications?marked=all');
  }

  @Post(':id/read')
  async markOne(@CurrentCaller() caller: Caller, @Param('id', notificationId()) id: string, @Res() res: Response): Promise<void> {
    await this.inbox.markRead(caller, id);
    res.redirect(303, '/notifications?marked=one');
  }
}
