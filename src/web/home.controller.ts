import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SigningInTrayService } from '../agreements/signing-in-tray.service.js';
import type { AuthenticatedRequest } from '../common/auth/request-of.js';
import { navigationFor } from './navigation.js';

/** The start: the in-tray for a signatory with something to sign, else the first section of the menu the caller has, or the dashboard. */
@Controller()
export class HomeController {
  constructor(private readonly inTray: SigningInTrayService) {}

  @Get()
  async home(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    if (req.caller && (await this.inTray.awaitingCount(req.caller)) > 0) return res.redirect(303, '/in-tray');
    const [first] = navigationFor(req.caller, req.path);
    res.redirect(303, first?.href ?? '/dashboard');
  }
}
