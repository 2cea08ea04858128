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
import { dashboardCsv } from './dashboard-csv.js';
import { PERIOD_PRESET_LABELS, PeriodPreset, periodFrom, periodInWords, previousInWords, previousPeriod, type DashboardPeriodQuery, type Period } from './dashboard-periods.js';
import { loadChartLibrary } from './charts/chart-svg.renderer.js';
import { dashboardCharts, dashboardComparison, dashboardView, figuresWithChange, type DashboardFilters } from './dashboard-view.js';
import { formErrors, isFormError } from './form-input.js';
import { PageRenderer } from './page-renderer.js';
import { RAG_LABELS } from '../common/labels/code-labels.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `partnership=all`: every partnership the caller may see, side by side. */
const ALL = 'all';

interface DashboardQuery extends DashboardPeriodQuery {
  /** One partnership, several (repeated) or `all`. */
  partnership?: string | string[];
  agreement?: string;
}

/** The filter fields, for the error summary's links and words. */
const FILTER_FIELDS = {
  partnership: { label: 'Partnership' },
  agreement: { label: 'Agreement' },
  period: { label: 'Period' },
  from: { label: 'From month' },
  to: { label: 'To month' },
  asAt: { label: 'Health as at' },
};

interface Chosen {
  partnerships: { id: string; title: string }[];
  partnershipIds: string[];
  agreementId: string | undefined;
  period: Period;
  asAt: string;
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
    let chosen: Chosen | null;
    try {
      chosen = await this.chosen(caller, query);
    } catch (error) {
      if (!isFormError(error)) throw error;
      // The filters as typed, with what is wrong with them: no figures for filters that make no sense.
      const partnerships = await this.metrics.partnershipsFor(caller);
      this.pages.render(req, res, 'pages/dashboard', { errors: formErrors(error, FILTER_FIELDS), filters: typedFilters(query, partnerships) }, 400);
      return;
    }
    if (!chosen) {
      this.pages.render(req, res, 'pages/dashboard-empty', {});
      return;
    }
    if (chosen.partnershipIds.length > 1) {
      const columns = await Promise.all(chosen.partnershipIds.map((id) => this.read(caller, chosen, { partnershipId: id })));
      this.pages.render(req, res, 'pages/dashboard', dashboardComparison(columns, filtersOf(chosen, []), periodQuery(chosen)));
      return;
    }
    const [data] = await Promise.all([this.single(caller, chosen), loadChartLibrary()]);
    this.pages.render(req, res, 'pages/dashboard', dashboardView(data.metrics, data.health, data.filters, data.query, data.previous));
  }

  @Get('dashboard.csv')
  async csv(@CurrentCaller() caller: Caller, @Query() query: DashboardQuery, @Res() res: Response): Promise<void> {
    const data = await this.single(caller, await this.required(caller, query));
    res.setHeader('Content-Disposition', `attachment; filename="sharing-metrics-${data.metrics.fromMonth}-to-${data.metrics.toMonth}.csv"`);
    res.type('text/csv; charset=utf-8').send(dashboardCsv(data.metrics, data.health));
  }

  @DocumentRoute()
  @Get('dashboard/report.pdf')
  async report(@CurrentCaller() caller: Caller, @Query() query: DashboardQuery, @Res() res: Response): Promise<void> {
    const [data] = await Promise.all([this.required(caller, query).then((chosen) => this.single(caller, chosen)), loadChartLibrary()]);
    const view = {
      metrics: data.metrics,
      health: data.health,
      healthLabel: data.health ? RAG_LABELS[data.health.status] : null,
      figures: figuresWithChange(data.metrics, data.previous, previousInWords(data.filters)),
      ...dashboardCharts(data.metrics),
      protectiveMarking: this.config.documents.protectiveMarking,
      generatedAt: this.clock.now().toISOString(),
      reference: 'Monitoring report',
      versionLabel: periodInWords(data.metrics),
      isDraft: false,
    };
    const pdf = await this.pdf.render(this.templates.render('documents/monitoring-report', view), caller.userId);
    res.setHeader('Content-Disposition', `inline; filename="monitoring-report-${data.metrics.fromMonth}-to-${data.metrics.toMonth}.pdf"`);
    res.type('application/pdf').send(pdf);
  }

  private async required(caller: Caller, query: DashboardQuery): Promise<Chosen> {
    const chosen = await this.chosen(caller, query);
    if (!chosen) throw DomainError.notFound('Partnership for', caller.organisationId);
    return chosen;
  }

  /**
   * What the query asks for, checked: the period, the health date and the partnerships, each one
   * the caller may see (a commissioner: those their organisation commissions or belongs to). Null
   * when the caller may see none.
   */
  private async chosen(caller: Caller, query: DashboardQuery): Promise<Chosen | null> {
    const { period, asAt } = periodFrom(query, this.clock.now().toISOString().slice(0, 10));
    const asked = [query.partnership ?? []].flat().filter((p) => p !== '');
    if (asked.some((p) => p !== ALL && !UUID.test(p))) throw DomainError.invalid('partnership', 'shape', 'Partnership must be one of the partnerships listed');
    if (query.agreement && !UUID.test(query.agreement)) throw DomainError.invalid('agreement', 'shape', 'Agreement must be one of the agreements listed');
    const agreementId = query.agreement || undefined;
    const partnerships = await this.metrics.partnershipsFor(caller);
    const named = asked.filter((p) => p !== ALL);
    // The filter lists the partnership's agreements, so every partnership named must be one the caller may see.
    if (named.some((id) => !partnerships.some((p) => p.id === id))) throw DomainError.forbidden('Only organisations in a partnership may see its dashboard');
    if (!partnerships.length) return null;
    const partnershipIds = asked.includes(ALL) ? partnerships.map((p) => p.id) : named.length ? [...new Set(named)] : [partnerships[0].id];
    return { partnerships, partnershipIds, agreementId, period, asAt };
  }

  /** One partnership, or one agreement in it: its figures, those of the period before, and its health. */
  private async single(caller: Caller, chosen: Chosen) {
    const partnershipId = chosen.partnershipIds[0];
    const agreements = await this.metrics.agreementsUnder(partnershipId);
    // An agreement outside it (left chosen when the partnership was changed) is dropped: the whole partnership shows.
    const agreementId = agreements.some((a) => a.id === chosen.agreementId) ? chosen.agreementId : undefined;
    const data = await this.read(caller, chosen, agreementId ? { agreementId } : { partnershipId });
    const filters = filtersOf({ ...chosen, agreementId }, agreements);
    const params = new URLSearchParams({ partnership: partnershipId, ...periodQuery(chosen), ...(agreementId ? { agreement: agreementId } : {}) });
    return { ...data, filters, query: params.toString() };
  }

  private async read(caller: Caller, chosen: Chosen, scope: { partnershipId: string } | { agreementId: string }) {
    return this.metrics.dashboard(caller, scope, chosen.period, previousPeriod(chosen.period), chosen.asAt);
  }
}

function periodQuery(chosen: Chosen): Record<string, string> {
  return { period: chosen.period.preset, from: chosen.period.fromMonth, to: chosen.period.toMonth, asAt: chosen.asAt };
}

function filtersOf(chosen: Chosen, agreements: DashboardFilters['agreements']): DashboardFilters {
  return {
    partnerships: chosen.partnerships,
    agreements,
    partnershipId: chosen.partnershipIds.length === 1 ? chosen.partnershipIds[0] : null,
    agreementId: chosen.agreementId ?? null,
    fromMonth: chosen.period.fromMonth,
    toMonth: chosen.period.toMonth,
    preset: chosen.period.preset,
    asAt: chosen.asAt,
  };
}

/** The filters as typed, to show again beside the error summary. */
function typedFilters(query: DashboardQuery, partnerships: { id: string; title: string }[]) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const asked = [query.partnership ?? []].flat();
  return {
    partnerships: partnerships.map((p) => ({ ...p, selected: asked.includes(p.id) })),
    agreements: [],
    presets: Object.values(PeriodPreset).map((value) => ({ value, label: PERIOD_PRESET_LABELS[value], selected: value === PeriodPreset.CUSTOM })),
    fromMonth: text(query.from),
    toMonth: text(query.to),
    asAt: text(query.asAt),
  };
}
