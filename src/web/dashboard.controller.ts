import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../common/auth/caller.js';
import type { AuthenticatedRequest } from '../common/auth/request-of.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { DocumentRoute } from '../common/auth/document-route.decorator.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PdfRenderer } from '../documents/pdf-renderer.service.js';
import { TemplateRenderer } from '../documents/template-renderer.service.js';
import { MetricsService } from '../monitoring/metrics/metrics.service.js';
import { dashboardCharts, dashboardCsv, dashboardView, headlineFigures, type DashboardFilters } from './dashboard-view.js';
import { PageRenderer } from './page-renderer.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DashboardQuery {
  partnership?: string;
  agreement?: string;
  from?: string;
  to?: string;
}

/**
 * The commissioners' dashboard: the partnership's figures as a page (charts as SVG), as CSV and
 * as a monitoring report PDF. All three come from the same metrics service, read from rollups.
 */
@Controller()
export class DashboardController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly templates: TemplateRenderer,
    private readonly pages: PageRenderer,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('dashboard')
  async page(@CurrentCaller() caller: Caller, @Query() query: DashboardQuery, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const data = await this.figures(caller, query);
    if (!data) {
      this.pages.render(req, res, 'pages/dashboard-empty', {});
      return;
    }
    this.pages.render(req, res, 'pages/dashboard', dashboardView(data.metrics, data.health, data.filters, data.query));
  }

  @Get('dashboard.csv')
  async csv(@CurrentCaller() caller: Caller, @Query() query: DashboardQuery, @Res() res: Response): Promise<void> {
    const data = await this.required(caller, query);
    res.setHeader('Content-Disposition', `attachment; filename="sharing-metrics-${data.metrics.fromMonth}-to-${data.metrics.toMonth}.csv"`);
    res.type('text/csv; charset=utf-8').send(dashboardCsv(data.metrics, data.health));
  }

  @DocumentRoute()
  @Get('dashboard/report.pdf')
  async report(@CurrentCaller() caller: Caller, @Query() query: DashboardQuery, @Res() res: Response): Promise<void> {
    const data = await this.required(caller, query);
    const view = {
      metrics: data.metrics,
      health: data.health,
      figures: headlineFigures(data.metrics),
      ...dashboardCharts(data.metrics),
      protectiveMarking: this.config.documents.protectiveMarking,
      generatedAt: this.clock.now().toISOString(),
      reference: 'Monitoring report',
      versionLabel: `${data.metrics.fromMonth} to ${data.metrics.toMonth}`,
      isDraft: false,
    };
    const pdf = await this.pdf.render(
      this.templates.render('documents/monitoring-report', view),
      { headerTemplate: this.templates.render('documents/header', view), footerTemplate: this.templates.render('documents/footer', view) },
      caller.userId,
    );
    res.setHeader('Content-Disposition', `inline; filename="monitoring-report-${data.metrics.fromMonth}-to-${data.metrics.toMonth}.pdf"`);
    res.type('application/pdf').send(pdf);
  }

  private async required(caller: Caller, query: DashboardQuery) {
    const data = await this.figures(caller, query);
    if (!data) throw DomainError.notFound('Partnership for', caller.organisationId);
    return data;
  }

  private async figures(caller: Caller, query: DashboardQuery) {
    const partnerships = await this.metrics.partnershipsFor(caller);
    const partnershipId = valid(query.partnership, UUID, 'partnership') ?? partnerships[0]?.id;
    if (!partnershipId) return null;
    const chosenAgreementId = valid(query.agreement, UUID, 'agreement');
    const now = this.clock.now();
    const toMonth = valid(query.to, MONTH, 'to') ?? now.toISOString().slice(0, 7);
    const yearAgo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const fromMonth = valid(query.from, MONTH, 'from') ?? yearAgo.toISOString().slice(0, 7);
    // The filter lists the partnership's agreements, so the partnership must be one the caller may see.
    if (!partnerships.some((p) => p.id === partnershipId)) throw DomainError.forbidden('Only organisations in a partnership may see its dashboard');
    const agreements = await this.metrics.agreementsUnder(partnershipId);
    // An agreement outside it (left chosen when the partnership was changed) is dropped: the whole partnership shows.
    const agreementId = agreements.some((a) => a.id === chosenAgreementId) ? chosenAgreementId : undefined;
    const scope = agreementId ? { agreementId } : { partnershipId };
    const [metrics, health] = await Promise.all([this.metrics.metrics(caller, { ...scope, fromMonth, toMonth }), this.metrics.health(caller, scope)]);
    const filters: DashboardFilters = { partnerships, agreements, partnershipId, agreementId: agreementId ?? null, fromMonth, toMonth };
    const params = new URLSearchParams({ partnership: partnershipId, from: fromMonth, to: toMonth, ...(agreementId ? { agreement: agreementId } : {}) });
    return { metrics, health, filters, query: params.toString() };
  }
}

function valid(value: string | undefined, shape: RegExp, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!shape.test(value)) throw DomainError.invalid(field, 'shape', `is not a valid ${field}`);
  return value;
}
