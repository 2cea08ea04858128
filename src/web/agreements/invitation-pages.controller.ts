import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { canAnswerInvitation } from '../../agreements/agreement-access-policy.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { RefusePartnershipInvitationInput, WithdrawFromAgreementDraftInput } from '../../agreements/dto/invitation.inputs.js';
import { PartnershipInvitationsService } from '../../agreements/invitations/partnership-invitations.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { formErrors, formErrorStatus, isFormError, textOf, validInput, type FormErrors } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { agreementIdPipe } from './agreement-pages.controller.js';

type Answer = 'refuse' | 'leave';

const ANSWER_PAGES: Record<Answer, { heading: string; button: string; reasonLabel: string; reasonHint: string; intro: string }> = {
  refuse: {
    heading: 'Refuse the invitation',
    button: 'Refuse the invitation',
    reasonLabel: 'Why your organisation will not take part',
    reasonHint: 'The lead organisation sees this beside your organisation’s name. 3 to 2,000 characters.',
    intro: 'Your organisation will not be a party. The lead organisation cannot submit the draft while it names you, and sees none of your people.',
  },
  leave: {
    heading: 'Leave this draft',
    button: 'Leave this draft',
    reasonLabel: 'Why your organisation is leaving (optional)',
    reasonHint: 'The lead organisation sees this beside your organisation’s name.',
    intro: 'Your organisation stops being a party of this draft. You will no longer see it, and the partnership it gave ends unless you are partners under another agreement.',
  },
};

/**
 * The named organisation's answers to an invitation to a draft: accept (one button on the
 * agreement page), refuse with a reason, or leave a draft it accepted. Each goes through the
 * service the GraphQL mutations use, with the same checks.
 */
@Controller('agreements/:id/invitation')
export class InvitationPagesController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly invitations: PartnershipInvitationsService,
    private readonly pages: PageRenderer,
  ) {}

  @Post('accept')
  async accept(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.invitations.accept(caller, id);
    res.redirect(303, `/agreements/${id}?notice=invitation-accepted`);
  }

  @Get(':answer')
  async form(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Param('answer') answer: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.render(caller, id, answerOf(answer), '', null, 200, req, res);
  }

  @Post(':answer')
  async answer(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('answer') answer: string,
    @Body() body: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const which = answerOf(answer);
    const reason = textOf(body.reason);
    try {
      if (which === 'refuse') {
        const input = await validInput(RefusePartnershipInvitationInput, { agreementId: id, reason });
        await this.invitations.refuse(caller, id, input.reason);
      } else {
        const input = await validInput(WithdrawFromAgreementDraftInput, { agreementId: id, reason: reason.trim() || null });
        await this.invitations.withdraw(caller, id, input.reason ?? null);
      }
      // The organisation no longer reads the agreement: back to its list, which says what happened.
      res.redirect(303, `/agreements?notice=${which === 'refuse' ? 'invitation-refused' : 'left-draft'}`);
    } catch (error) {
      if (!isFormError(error)) throw error;
      await this.render(caller, id, which, reason, formErrors(error, { reason: { label: 'Reason' } }), formErrorStatus(error), req, res);
    }
  }

  private async render(caller: Caller, id: string, answer: Answer, reason: string, errors: FormErrors | null, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const agreement = await this.agreements.get(caller, id);
    const invitation = await this.invitations.ownInvitation(caller, id);
    // The form is for those who may send it: the named organisation's IG lead or signatory, never the lead's.
    if (!invitation || invitation.organisationId === agreement.leadOrganisationId || !canAnswerInvitation(caller, invitation.organisationId)) {
      throw DomainError.forbidden(`Only the IG lead or a signatory of an organisation invited to ${agreement.reference} answers its invitation`);
    }
    const words = ANSWER_PAGES[answer];
    this.pages.render(
      req,
      res,
      'pages/agreement-invitation-answer',
      { ...words, pageError: errors !== null, errors, reason, action: `/agreements/${id}/invitation/${answer}`, agreement: { id, reference: agreement.reference, title: agreement.title }, leadName: invitation.leadOrganisationName },
      status,
    );
  }
}

function answerOf(value: string): Answer {
  if (value === 'refuse' || value === 'leave') return value;
  throw DomainError.notFound('Page', value);
}
