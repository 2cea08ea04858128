import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PasswordLinksService } from '../../auth/password-links/password-links.service.js';
import { SetPasswordWithLinkInput, RequestPasswordResetInput } from '../../auth/password-links/dto/password-link.inputs.js';
import { Public } from '../../common/auth/public.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { formErrors, formErrorStatus, isFormError, validInput, type FormField } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';

const FORGOTTEN_FIELDS: Record<string, FormField> = { email: { label: 'Email address' } };
const SET_FIELDS: Record<string, FormField> = {
  email: { label: 'Email address' },
  newPassword: { label: 'New password' },
  token: { label: 'The link', anchor: 'email' },
};

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * "Forgotten your password?" and the page an emailed link opens to choose a password (a new user's
 * invitation, or a reset). Public: the person cannot sign in yet. Both go through the service the
 * GraphQL mutations use; the forgotten-password answer is the same page whether or not the address
 * has an account.
 */
@Controller('password')
export class PasswordPagesController {
  constructor(
    private readonly links: PasswordLinksService,
    private readonly pages: PageRenderer,
  ) {}

  @Public()
  @Get('forgotten')
  forgotten(@Req() req: AuthenticatedRequest, @Res() res: Response): void {
    this.pages.render(req, res, 'pages/password-forgotten', { email: '' });
  }

  @Public()
  @Post('forgotten')
  async requestReset(@Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const email = textOf(body.email);
    try {
      const input = await validInput(RequestPasswordResetInput, { email });
      this.links.requestReset(input.email);
      this.pages.render(req, res, 'pages/password-reset-sent', { email: input.email });
    } catch (error) {
      if (!isFormError(error)) throw error;
      this.pages.render(req, res, 'pages/password-forgotten', { email, errors: formErrors(error, FORGOTTEN_FIELDS) }, formErrorStatus(error));
    }
  }

  @Public()
  @Get('set/:token')
  choose(@Param('token') token: string, @Req() req: AuthenticatedRequest, @Res() res: Response): void {
    this.pages.render(req, res, 'pages/password-set', { token, email: '' });
  }

  @Public()
  @Post('set/:token')
  async set(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const email = textOf(body.email);
    try {
      const input = await validInput(SetPasswordWithLinkInput, { token, email, newPassword: textOf(body.newPassword) });
      await this.links.setPassword(input);
      res.redirect(303, '/sign-in?password-set=1');
    } catch (error) {
      if (!isFormError(error)) throw error;
      this.pages.render(req, res, 'pages/password-set', { token, email, errors: formErrors(error, SET_FIELDS) }, formErrorStatus(error));
    }
  }
}
