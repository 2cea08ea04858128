import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../../auth/auth.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { clearSessionCookie } from '../../common/auth/session-cookie.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { NotificationPreferencesService } from '../../notifications/notification-preferences.service.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { textsOf } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { accountView } from './account-view.js';
import { notificationPreferencesView, preferencesFromForm } from './notification-preferences-view.js';

const sessionId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Session', 'with that address') });

/**
 * Any signed-in user's own account: their browser sessions and API tokens, each of which they can
 * end (the `sessions` query and `endSession` mutation, through the same service).
 */
@Controller('account')
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly organisations: OrganisationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const [organisation, sessions, preferences] = await Promise.all([this.organisations.get(caller.organisationId), this.auth.sessionsOf(caller), this.preferences.of(caller)]);
    this.pages.render(req, res, 'pages/account', {
      ...accountView({ email: caller.email, organisationName: organisation.name, sessions, ended: query.ended }),
      ...notificationPreferencesView(preferences, query['notifications-saved']),
    });
  }

  /** Which optional kinds of notification come in the daily summary email rather than one by one. */
  @Post('notifications')
  async saveNotificationPreferences(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.preferences.set(caller, preferencesFromForm(textsOf(body.digest)));
    res.redirect(303, '/account?notifications-saved=1#notifications');
  }

  @Post('sessions/:sessionId/end')
  async end(@CurrentCaller() caller: Caller, @Param('sessionId', sessionId()) id: string, @Res() res: Response): Promise<void> {
    const kind = await this.auth.endOwnSession(caller, id);
    if (id === caller.sessionId) {
      clearSessionCookie(res, this.config.secureCookies);
      res.redirect(303, '/sign-in?signed-out=1');
      return;
    }
    res.redirect(303, `/account?ended=${kind}`);
  }
}
