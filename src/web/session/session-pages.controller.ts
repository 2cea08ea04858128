import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TOUCH_INTERVAL_SECONDS } from '../../auth/session.service.js';
import { Public } from '../../common/auth/public.decorator.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { safeNext } from '../safe-next.js';
import { sessionWarningDelaySeconds } from './resume-form.js';

/**
 * The warning before an idle session ends (`.app-session-warning` in the layout). A stylesheet
 * shows it when due, so it needs no script (the policy allows none inline); "Stay signed in" is a
 * plain link whose request records the session's activity, then returns to the page. page.js
 * follows it in the background instead, so nothing typed is lost.
 */
@Controller('session')
export class SessionPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('warning.css')
  warningStyle(@Res() res: Response): void {
    const delay = sessionWarningDelaySeconds(this.config.session.idleTimeoutSeconds, TOUCH_INTERVAL_SECONDS);
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(`.app-session-warning--counting { animation-delay: ${delay}s; }\n`);
  }

  /** Signed in (the guard records the activity): 204 for page.js, else back to the page. */
  @Get('stay-signed-in')
  staySignedIn(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response): void {
    if (req.accepts(['html', 'json']) === 'json') {
      res.setHeader('Cache-Control', 'no-store');
      res.status(204).end();
      return;
    }
    res.redirect(303, safeNext(next));
  }
}
