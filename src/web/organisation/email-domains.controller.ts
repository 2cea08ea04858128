import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isSystemAdmin } from '../../common/auth/access-policy.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { SetOrganisationEmailDomainsInput } from '../../organisations/dto/set-email-domains.input.js';
import { EmailDomainsService } from '../../organisations/email-domains.service.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { formErrors, formErrorStatus, isFormError, textOf, validInput, type FormErrors } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';

const organisationId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Organisation', 'at that address') });

/**
 * A system admin sets the email domains of an organisation: its ORG_ADMIN may then add users only
 * with addresses at them. Through the service the setOrganisationEmailDomains mutation uses.
 */
@Controller('organisations/:id/email-domains')
export class EmailDomainsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly emailDomains: EmailDomainsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async form(@CurrentCaller() caller: Caller, @Param('id', organisationId()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertSystemAdmin(caller);
    const [domains] = await this.emailDomains.domainsOf([id]);
    await this.render(caller, id, domains.join('\n'), null, 200, req, res);
  }

  @Post()
  async save(@CurrentCaller() caller: Caller, @Param('id', organisationId()) id: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertSystemAdmin(caller);
    const typed = textOf(body.domains);
    try {
      const domains = typed.split(/[\s,]+/).filter(Boolean);
      const input = await validInput(SetOrganisationEmailDomainsInput, { organisationId: id, domains });
      await this.emailDomains.set(caller, input);
      res.redirect(303, caller.organisationId === id ? '/organisation?done=email-domains' : `/organisations/${id}/email-domains?saved=1`);
    } catch (error) {
      if (!isFormError(error)) throw error;
      // A problem with one domain (domains[2]) is shown on the one box they are typed in.
      const onBox = new DomainError(error.code, error.message, { fields: (error.details.fields ?? []).map((f) => ({ ...f, field: f.field.replace(/\[\d+\]$/, '') })) });
      const errors = formErrors(onBox, { domains: { label: 'Email domains' } });
      await this.render(caller, id, typed, errors, formErrorStatus(error), req, res);
    }
  }

  private async render(caller: Caller, id: string, typed: string, errors: FormErrors | null, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const organisation = await this.organisations.get(id);
    const backHref = caller.organisationId === id ? '/organisation' : '/';
    const saved = req.query.saved === '1';
    this.pages.render(req, res, 'pages/organisation-email-domains', { pageTitle: 'Email domains', pageError: errors !== null, errors, organisationName: organisation.name, action: `/organisations/${id}/email-domains`, typed, backHref, saved }, status);
  }
}

function assertSystemAdmin(caller: Caller): void {
  if (!isSystemAdmin(caller)) throw DomainError.forbidden("Only a system admin (SYSTEM_ADMIN) sets an organisation's email domains");
}
