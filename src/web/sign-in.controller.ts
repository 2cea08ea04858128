import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service.js';
import { Public } from '../common/auth/public.decorator.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from '../common/auth/session-cookie.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PageRenderer } from './page-renderer.js';
import { safeNext } from './safe-next.js';
import { decodeCarried, encodeCarried } from './session/resume-form.js';
import { tooManyInWords } from './wait-in-words.js';


/**
 * Browser sign-in and sign-out. Signing in opens a server-side session (see SessionService) whose
 * token is kept in an httpOnly cookie; signing out ends that session on every app instance.
 * Both forms carry a CSRF token (checked by CsrfGuard before these handlers run).
 */
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  page(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): void {
    this.pages.render(req, res, 'pages/sign-in', { next: safeNext(query.next), expired: query.expired === '1', signedOut: query['signed-out'] === '1', passwordSet: query['password-set'] === '1' });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    // A form posted after the session ended, carried through this form to be sent again (see PageRenderer).
    const fields = decodeCarried(body.resumeFields);
    const resume = fields.length > 0 ? { resuming: true, resumeAction: safeNext(body.resumeAction), resumeFields: encodeCarried(fields) } : {};
    if (!email || !password) {
      this.pages.render(req, res, 'pages/sign-in', { error: 'Enter your email address and password', email, next, ...resume }, 400);
      return;
    }
    try {
      const { token } = await this.auth.startSession({ email, password }, req.ip ?? 'unknown');
      setSessionCookie(res, token, this.config.session.maxAgeSeconds, this.config.secureCookies);
      if (fields.length > 0) {
        this.pages.render(req, res, 'pages/sign-in-resume', { action: resume.resumeAction, fields: fields.map(([name, value]) => ({ name, value })) });
        return;
      }
      res.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === ErrorCode.TooManyRequests ? 429 : 401;
      if (error.details.retryAfterSeconds) res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
      const message = status === 429 ? tooManyInWords(error.message, error.details.retryAfterSeconds) : error.message;
      this.pages.render(req, res, 'pages/sign-in', { error: message, email, next, ...resume }, status);
    }
  }

  /** Public, so a browser whose session has already expired can still sign out cleanly. */
  @Public()
  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.endSession(sessionTokenOf(req));
    clearSessionCookie(res, this.config.secureCookies);
    res.redirect(303, '/sign-in?signed-out=1');
  }
}
