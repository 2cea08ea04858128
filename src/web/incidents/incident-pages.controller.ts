import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { ReportIncidentInput, UpdateIncidentInput } from '../../monitoring/dto/incident.inputs.js';
import type { Incident } from '../../monitoring/incidents/incident.entity.js';
import { IncidentsService } from '../../monitoring/incidents/incidents.service.js';
import { canReportIncidents } from '../../monitoring/ledger/ledger-access-policy.js';
import { IncidentStatus } from '../../monitoring/monitoring.enums.js';
import { agreementIdPipe, isBadInput } from '../agreements/agreement-pages.controller.js';
import type { FieldError, FormValues } from '../decisions/decision-form.js';
import { DecisionOptions } from '../decisions/decision-options.js';
import { stepView } from '../decisions/decision-view.js';
import { validInput } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import { chooseAgreementPage, readReport, readUpdate, reportPage, serviceErrors, updatePage, updateValues } from './incident-form.js';
import { IncidentPageData, reportPath } from './incident-page-data.js';
import { incidentDetail, incidentPath } from './incident-views.js';

const incidentIdPipe = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Incident', 'at that address') });

const NOTICES: Record<string, string> = {
  reported: 'Incident reported. The other organisations in the agreement can see it on the agreement’s page.',
  updated: 'Incident updated.',
  closed: 'Incident closed. It stays on the agreement’s page and in the audit log.',
};

/**
 * Reporting a breach or near miss under an agreement, following it and closing it: the same
 * IncidentsService as the reportIncident and updateIncident mutations, with the same access
 * checks (practitioners and IG roles of an organisation involved in the agreement). The forms are
 * the decision pages' fields; the service's refusals show beside the field they are about.
 */
@Controller()
export class IncidentPagesController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly incidents: IncidentsService,
    private readonly organisations: OrganisationsService,
    private readonly options: DecisionOptions,
    private readonly data: IncidentPageData,
    private readonly clock: Clock,
    private readonly pages: PageRenderer,
  ) {}

  /** From the menu: which agreement it was under (the agreement's page links straight to the form). */
  @Get('incidents/new')
  async chooseAgreement(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertMayReport(caller);
    await this.renderChoose(caller, req, res, {}, [], 200);
  }

  @Post('incidents/new')
  async chosen(@CurrentCaller() caller: Caller, @Body() body: FormValues, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertMayReport(caller);
    const agreements = await this.options.involvedAgreements(caller);
    const chosen = agreements.find((a) => a.id === body.agreementId);
    if (!chosen) return this.renderChoose(caller, req, res, body, [{ field: 'agreementId', message: 'Select the agreement it happened under' }], 400);
    res.redirect(303, reportPath(chosen.id));
  }

  @Get('agreements/:id/incidents/new')
  async reportForm(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertMayReport(caller);
    const agreement = await this.agreements.get(caller, id);
    await this.renderReport(req, res, agreement, {}, [], 200);
  }

  @Post('agreements/:id/incidents')
  async report(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormValues, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertMayReport(caller);
    const agreement = await this.agreements.get(caller, id);
    const flows = await this.data.flowsOf(agreement);
    const read = readReport(body, agreement.id, flows.current.some((f) => f.id));
    if (read.errors.length > 0) return this.renderReport(req, res, agreement, body, read.errors, 400);
    try {
      const incident = await this.incidents.report(caller, await validInput(ReportIncidentInput, read.plain));
      res.redirect(303, `${incidentPath(incident.id)}?notice=reported`);
    } catch (error) {
      if (!isBadInput(error)) throw error;
      await this.renderReport(req, res, agreement, body, serviceErrors(error.details.fields ?? []), 400);
    }
  }

  @Get('incidents/:id')
  async incident(@CurrentCaller() caller: Caller, @Param('id', incidentIdPipe()) id: string, @Query('notice') notice: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const incident = await this.incidents.get(caller, id);
    const agreement = await this.agreements.get(caller, incident.agreementId);
    const [flows, [organisation]] = await Promise.all([this.data.flowsOf(agreement), this.organisations.byIds([incident.reportedByOrganisationId])]);
    const mayChange = canReportIncidents(caller);
    this.pages.render(req, res, 'pages/incident', {
      pageTitle: `Incident under ${agreement.reference}`,
      notice: typeof notice === 'string' ? NOTICES[notice] : undefined,
      agreement: agreementView(agreement),
      incident: incidentDetail(incident, { flow: incident.flowId ? (flows.names.get(incident.flowId) ?? null) : null, organisation: organisation?.name ?? 'Unknown organisation' }, this.clock.now()),
      updateHref: mayChange ? `${incidentPath(id)}/update` : null,
      closeHref: mayChange && incident.status !== IncidentStatus.CLOSED ? `${incidentPath(id)}/close` : null,
    });
  }

  @Get('incidents/:id/update')
  async updateForm(@CurrentCaller() caller: Caller, @Param('id', incidentIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { incident, agreement } = await this.changeable(caller, id);
    this.renderUpdate(req, res, incident, agreement, updateValues(incident), [], 200);
  }

  @Post('incidents/:id/update')
  async update(@CurrentCaller() caller: Caller, @Param('id', incidentIdPipe()) id: string, @Body() body: FormValues, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { incident, agreement } = await this.changeable(caller, id);
    const read = readUpdate(body, id, incident.icoReportable);
    if (read.errors.length > 0) return this.renderUpdate(req, res, incident, agreement, body, read.errors, 400);
    try {
      await this.incidents.update(caller, await validInput(UpdateIncidentInput, read.plain));
      res.redirect(303, `${incidentPath(id)}?notice=updated`);
    } catch (error) {
      if (!isBadInput(error)) throw error;
      this.renderUpdate(req, res, incident, agreement, body, serviceErrors(error.details.fields ?? []), 400);
    }
  }

  @Get('incidents/:id/close')
  async closeForm(@CurrentCaller() caller: Caller, @Param('id', incidentIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { incident, agreement } = await this.changeable(caller, id);
    if (incident.status === IncidentStatus.CLOSED) throw DomainError.conflict('This incident is already closed');
    const detail = incidentDetail(incident, { flow: null, organisation: '' }, this.clock.now());
    this.pages.render(req, res, 'pages/incident-close', {
      agreement: agreementView(agreement),
      incident: detail,
      action: `${incidentPath(id)}/close`,
      backHref: incidentPath(id),
      unreported: detail.deadline.state === 'RUNNING' || detail.deadline.state === 'OVERDUE',
    });
  }

  @Post('incidents/:id/close')
  async close(@CurrentCaller() caller: Caller, @Param('id', incidentIdPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.changeable(caller, id);
    await this.incidents.update(caller, await validInput(UpdateIncidentInput, { incidentId: id, status: IncidentStatus.CLOSED }));
    res.redirect(303, `${incidentPath(id)}?notice=closed`);
  }

  // -------------------------------------------------------------------------------------------

  /** An incident the caller may read (the service's check) and change (the same policy as updateIncident). */
  private async changeable(caller: Caller, id: string): Promise<{ incident: Incident; agreement: Agreement }> {
    const incident = await this.incidents.get(caller, id);
    assertMayReport(caller);
    return { incident, agreement: await this.agreements.get(caller, incident.agreementId) };
  }

  private async renderChoose(caller: Caller, req: AuthenticatedRequest, res: Response, values: FormValues, errors: FieldError[], status: number): Promise<void> {
    const agreements = await this.options.involvedAgreements(caller);
    this.pages.render(
      req,
      res,
      'pages/incident-choose',
      { ...stepView(chooseAgreementPage(agreements), values, errors), none: agreements.length === 0, action: '/incidents/new' },
      status,
    );
  }

  private async renderReport(req: AuthenticatedRequest, res: Response, agreement: Agreement, values: FormValues, errors: FieldError[], status: number): Promise<void> {
    const flows = await this.data.flowsOf(agreement);
    const organisationIds = [...new Set(flows.current.flatMap((f) => [f.fromOrganisationId, f.toOrganisationId]))];
    const organisations = await this.organisations.byIds(organisationIds);
    const nameOf = (id: string) => organisations[organisationIds.indexOf(id)]?.name ?? 'an organisation';
    const page = reportPage(flows.current, (f) => {
      const flow = flows.current.find((c) => c.id === f.id)!;
      return `From ${nameOf(flow.fromOrganisationId)} to ${nameOf(flow.toOrganisationId)}`;
    });
    this.pages.render(req, res, 'pages/incident-report', { ...stepView(page, values, errors), agreement: agreementView(agreement), action: `/agreements/${agreement.id}/incidents` }, status);
  }

  private renderUpdate(req: AuthenticatedRequest, res: Response, incident: Incident, agreement: Agreement, values: FormValues, errors: FieldError[], status: number): void {
    this.pages.render(
      req,
      res,
      'pages/incident-update',
      {
        ...stepView(updatePage(incident), values, errors),
        agreement: agreementView(agreement),
        incident: incidentDetail(incident, { flow: null, organisation: '' }, this.clock.now()),
        action: `${incidentPath(incident.id)}/update`,
        backHref: incidentPath(incident.id),
      },
      status,
    );
  }
}

const agreementView = (agreement: Agreement) => ({ id: agreement.id, reference: agreement.reference, title: agreement.title, href: `/agreements/${agreement.id}#incidents` });

/** The incident forms are for those who may send them: reportIncident's and updateIncident's role rule. */
function assertMayReport(caller: Caller): void {
  if (!canReportIncidents(caller)) throw DomainError.forbidden('Only practitioners, IG leads, Caldicott Guardians, SIROs and DPOs report and update incidents');
}
