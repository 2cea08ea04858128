import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { OUTBOX_PAGE_SIZE, OutboxService } from '../../notifications/outbox.service.js';
import { PageRenderer } from '../page-renderer.js';
import { outboxView } from './outbox-view.js';

/** A SYSTEM_ADMIN sees the emails waiting, sent and failed, and whether mail is being sent at all. */
@Controller('outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const summary = await this.outbox.summary(caller);
    this.pages.render(req, res, 'pages/outbox', outboxView(summary, OUTBOX_PAGE_SIZE));
  }
}
