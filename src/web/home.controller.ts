import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../common/auth/request-of.js';
import { inTrayCountOf } from './in-tray/in-tray-count.interceptor.js';
import { navigationFor } from './navigation.js';

/** The start: the in-tray for a signatory with something to sign, else the first section of the menu the caller has, or the dashboard. */
@Controller()
export class HomeController {
  @Get()
  home(@Req() req: AuthenticatedRequest, @Res() res: Response): void {
    if (inTrayCountOf(req) > 0) return res.redirect(303, '/in-tray');
    const [first] = navigationFor(req.caller, req.path);
    res.redirect(303, first?.href ?? '/dashboard');
  }
}
