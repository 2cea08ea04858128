import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { Clock } from '../../common/clock/clock.js';
import { inForceOn } from '../../organisations/assurance.rules.js';
import { RecordAssuranceInput } from '../../organisations/dto/record-assurance.input.js';
import { OrganisationAssuranceService } from '../../organisations/organisation-assurance.service.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { dateFromParts, datePartsOf, formErrors, formErrorStatus, isFormError, textOf, validInput, type FormErrors } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { ASSURANCE_DATE_FIELDS, ASSURANCE_FIELDS, assuranceValuesOf, assuranceView, type AssuranceValues } from './assurance-view.js';
import { assertOrganisationAdmin } from './organisation.controller.js';
import { WORDS } from './organisation-view.js';

/**
 * The organisation admin's page of its dated assurance: every entry, and a form that records a
 * change as a new entry through the service recordOrganisationAssurance uses.
 */
@Controller('organisation/assurance')
export class OrganisationAssuranceController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly assurance: OrganisationAssuranceService,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@CurrentCaller() caller: Caller, @Query('done') done: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const [history] = await this.assurance.historyOf([caller.organisationId]);
    const current = inForceOn([...history].sort((a, b) => Number(a.id) - Number(b.id)), this.today());
    await this.render(caller, assuranceValuesOf(current), null, done === 'recorded', 200, req, res);
  }

  @Post()
  async record(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertOrganisationAdmin(caller);
    const values = {
      dsptStatus: textOf(body.dsptStatus),
      secureEmailMethod: textOf(body.secureEmailMethod),
      ...Object.fromEntries(ASSURANCE_DATE_FIELDS.map((field) => [field, datePartsOf(body, field)])),
    } as AssuranceValues;
    const dates = ASSURANCE_DATE_FIELDS.map((field) => [field, dateFromParts(field, values[field])] as const);
    try {
      const input = await validInput(
        RecordAssuranceInput,
        { dsptStatus: values.dsptStatus, secureEmailMethod: values.secureEmailMethod, ...Object.fromEntries(dates.map(([field, date]) => [field, date.value])) },
        dates.flatMap(([, date]) => (date.problem ? [date.problem] : [])),
      );
      await this.assurance.record(caller, caller.organisationId, input);
      res.redirect(303, '/organisation/assurance?done=recorded');
    } catch (error) {
      if (!isFormError(error)) throw error;
      await this.render(caller, values, formErrors(error, ASSURANCE_FIELDS, WORDS), false, formErrorStatus(error), req, res);
    }
  }

  private async render(caller: Caller, values: AssuranceValues, errors: FormErrors | null, done: boolean, status: number, req: AuthenticatedRequest, res: Response): Promise<void> {
    const [organisation, [history]] = await Promise.all([this.organisations.get(caller.organisationId), this.assurance.historyOf([caller.organisationId])]);
    this.pages.render(req, res, 'pages/organisation-assurance', assuranceView({ organisationName: organisation.name, history, today: this.today(), values, errors, done }), status);
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
