import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import { Public } from '../common/auth/public.decorator.js';
import { clearSessionCookie, setSessionCookie } from '../common/auth/session-cookie.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TemplateRenderer } from '../documents/template-renderer.service.js';

/** Only paths on this site: a `next` that leaves it is ignored. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/[a-zA-Z0-9/._?=&%-]*$/.test(next) && !next.startsWith('//') ? next : '/dashboard');

/** Browser sign-in: the same login as the API, kept in an httpOnly session cookie. */
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly templates: TemplateRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  page(@Query('next') next: string | undefined, @Res() res: Response): void {
    res.type('html').send(this.templates.render('pages/sign-in', { next: safeNext(next) }));
  }

  @Public()
  @Post('sign-in')
  async signIn(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    try {
      const { token } = await this.auth.login({ email, password }, req.ip ?? 'unknown');
      setSessionCookie(res, token, this.config.tokenTtlSeconds, this.config.secureCookies);
      res.redirect(303, safeNext(body.next));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.code === 'TOO_MANY_REQUESTS' ? 429 : 401).type('html').send(this.templates.render('pages/sign-in', { error: error.message, email, next: safeNext(body.next) }));
    }
  }

  @Public()
  @Post('sign-out')
  signOut(@Res() res: Response): void {
    clearSessionCookie(res, this.config.secureCookies);
    res.redirect(303, '/sign-in');
  }
}
