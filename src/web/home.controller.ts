import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../common/auth/request-of.js';
import { navigationFor } from './navigation.js';

/** The start: the first section of the menu the caller has, or the dashboard. */
@Controller()
export class HomeController {
  @Get()
  home(@Req() req: AuthenticatedRequest, @Res() res: Response): void {
    const [first] = navigationFor(req.caller, req.path);
    res.redirect(303, first?.href ?? '/dashboard');
  }
}
