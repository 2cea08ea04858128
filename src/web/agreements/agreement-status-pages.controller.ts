import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { canChangeAgreementStatus } from '../../agreements/agreement-access-policy.js';
import { AgreementStatusService } from '../../agreements/agreement-status.service.js';
import { AgreementStatusChangeInput } from '../../agreements/dto/signing.inputs.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { textOf, validInput } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { agreementIdPipe } from './agreement-pages.controller.js';
import { AgreementPageData, type LoadedAgreement } from './agreement-page-data.js';
import { isStatusAction, readReason, STATUS_ACTION_WORDS, statusActionAllowed, statusActionPath, type StatusAction } from './agreement-status-views.js';

/**
 * Suspending, resuming and terminating an agreement: a reason, then "Are you sure…" with what
 * happens next, then the change, through the same AgreementStatusService as the suspendAgreement,
 * resumeAgreement and terminateAgreement mutations. Only the lead organisation's IG lead,
 * Caldicott Guardian or SIRO gets past the first check; the lifecycle refuses the rest (409).
 */
@Controller('agreements/:id/status/:action')
export class AgreementStatusPagesController {
  constructor(
    private readonly data: AgreementPageData,
    private readonly statuses: AgreementStatusService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async reasonPage(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Param('action') action: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { loaded, act } = await this.changeable(caller, id, action);
    this.renderReason(req, res, loaded, act, '', null, 200);
  }

  /** Back from "Are you sure…", with the reason typed. */
  @Post('edit')
  async edit(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Param('action') action: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { loaded, act } = await this.changeable(caller, id, action);
    this.renderReason(req, res, loaded, act, textOf(body.reason), null, 200);
  }

  @Post('check')
  async check(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Param('action') action: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { loaded, act } = await this.changeable(caller, id, action);
    const { reason, error } = readReason(textOf(body.reason), act);
    if (error) return this.renderReason(req, res, loaded, act, textOf(body.reason), error, 400);
    const words = STATUS_ACTION_WORDS[act];
    this.pages.render(req, res, 'pages/agreement-status-confirm', {
      pageTitle: words.question(loaded.agreement.reference),
      question: words.question(loaded.agreement.reference),
      agreement: agreementView(loaded),
      action: act,
      reason,
      whatHappensNext: words.whatHappensNext,
      button: words.button,
      warning: words.warning,
      confirmAction: statusActionPath(id, act),
      editAction: `${statusActionPath(id, act)}/edit`,
    });
  }

  @Post()
  async change(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Param('action') action: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { loaded, act } = await this.changeable(caller, id, action);
    const { reason, error } = readReason(textOf(body.reason), act);
    if (error) return this.renderReason(req, res, loaded, act, textOf(body.reason), error, 400);
    const input = await validInput(AgreementStatusChangeInput, { agreementId: id, reason });
    if (act === 'suspend') await this.statuses.suspend(caller, id, input.reason);
    else if (act === 'resume') await this.statuses.resume(caller, id, input.reason);
    else await this.statuses.terminate(caller, id, input.reason);
    res.redirect(303, `/agreements/${id}?notice=status-${act}`);
  }

  /** Refused as the service refuses: FORBIDDEN for anyone but the lead's IG lead, Caldicott Guardian or SIRO; CONFLICT when the lifecycle does not allow it now. */
  private async changeable(caller: Caller, id: string, action: string): Promise<{ loaded: LoadedAgreement; act: StatusAction }> {
    if (!isStatusAction(action)) throw DomainError.notFound('Page', 'at that address');
    const loaded = await this.data.load(caller, id);
    const { agreement } = loaded;
    if (!canChangeAgreementStatus(caller, loaded.involvement)) {
      throw DomainError.forbidden(`Only the lead organisation’s IG lead, Caldicott Guardian or SIRO may ${action} ${agreement.reference}`);
    }
    const allowed = statusActionAllowed({ status: agreement.status, variation: agreement.variationStatus }, action);
    if (!allowed.allowed) throw DomainError.conflict(`${agreement.reference} cannot be ${STATUS_ACTION_WORDS[action].done} now: it is ${agreement.status.toLowerCase()}`);
    return { loaded, act: action };
  }

  private renderReason(req: AuthenticatedRequest, res: Response, loaded: LoadedAgreement, act: StatusAction, reason: string, error: string | null, status: number): void {
    const words = STATUS_ACTION_WORDS[act];
    this.pages.render(
      req,
      res,
      'pages/agreement-status-reason',
      {
        pageTitle: words.title,
        pageError: error !== null,
        errors: error ? { summary: [{ href: '#reason', text: error }] } : null,
        error,
        title: words.title,
        label: words.reasonLabel,
        hint: words.reasonHint,
        agreement: agreementView(loaded),
        reason,
        action: `${statusActionPath(loaded.agreement.id, act)}/check`,
      },
      status,
    );
  }
}

const agreementView = ({ agreement }: LoadedAgreement) => ({ id: agreement.id, reference: agreement.reference, title: agreement.title, href: `/agreements/${agreement.id}` });
