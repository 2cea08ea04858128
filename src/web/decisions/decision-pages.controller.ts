import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { cookieOf } from '../../common/auth/session-cookie.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError, ErrorCode, type FieldProblem } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { SharingDecisionsArgs } from '../../monitoring/dto/sharing-decisions.args.js';
import { canRecordDecisionsFor } from '../../monitoring/ledger/ledger-access-policy.js';
import { SharingDecisionsService } from '../../monitoring/ledger/sharing-decisions.service.js';
import { PageRenderer } from '../page-renderer.js';
import { chunkCookieName, chunksOf, DRAFT_COOKIE_PATH, MAX_CHUNKS, MAX_SEALED_LENGTH, openDraft, sealDraft, type DraftBinding } from './decision-draft-seal.js';
import type { FieldError, FormValues } from './decision-form.js';
import { readRoutine, routineDefaults, routineFieldOf, routineFields, routineInputOf, type RoutineFlow } from './routine-share.js';
import { ARTICLE_6, TRANSFER_METHODS } from '../../documents/document-labels.js';
import {
  checkedInput,
  decisionInputOf,
  fieldOf,
  firstToAnswer,
  firstWithProblem,
  isStepId,
  newDraft,
  nextAfter,
  previousBefore,
  problemsOf,
  saveStep,
  sequence,
  stepProblems,
  withProblems,
  type DecisionDraft,
  type DetailStep,
  type StepId,
} from './decision-journey.js';
import { filterFormView, readListFilters } from './decision-list-filters.js';
import { DecisionOptions } from './decision-options.js';
import { isQuestionStep, STEPS } from './decision-steps.js';
import { checkAnswersView, JOURNEY_PATH, listRow, problemWords, recordedView, stepHref, stepView } from './decision-view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 20;

/**
 * The practitioner's pages: record a decision to share or not to share through the seven key
 * questions (one a page), the details, check your answers and a confirmation; and their
 * organisation's recent decisions. Recording goes through SharingDecisionsService.record, as the
 * GraphQL mutation does; the draft lives in the browser (decision-draft-seal.ts) until then.
 */
@Controller('decisions')
export class DecisionPagesController {
  constructor(
    private readonly decisions: SharingDecisionsService,
    private readonly options: DecisionOptions,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Newest first by the date decided, filtered by the GET form above the table. */
  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const after = typeof query.after === 'string' && query.after.length <= 512 ? query.after : null;
    const agreements = await this.options.involvedAgreements(caller);
    const filters = readListFilters(query, agreements.map((a) => a.id));
    const page = await this.decisions.list(caller, { first: PAGE_SIZE, after, ...filters.args } as SharingDecisionsArgs);
    const nodes = page.edges.map((e) => e.node);
    const names = await this.options.names(
      nodes.map((d) => d.agreementId),
      nodes.map((d) => d.requestingOrganisationId),
    );
    const base = filters.query ? `/decisions?${filters.query}&` : '/decisions?';
    this.pages.render(
      req,
      res,
      'pages/decision-list',
      {
        rows: nodes.map((d) => listRow(d, names)),
        totalLabel: `${page.totalCount} decision${page.totalCount === 1 ? '' : 's'}${filters.filtered ? ' match the filters' : ' recorded'}`,
        canRecord: canRecordDecisionsFor(caller, caller.organisationId),
        filters: filterFormView(filters.values, agreements, filters.errors),
        filtered: filters.filtered,
        errors: filters.errors.length ? { summary: filters.errors.map((e) => ({ href: `#${e.anchor}`, text: e.message })) } : null,
        olderHref: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? `${base}after=${encodeURIComponent(page.pageInfo.endCursor)}` : null,
        newestHref: after ? base.slice(0, -1) : null,
      },
      filters.errors.length ? 400 : 200,
    );
  }

  @Get('new')
  start(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): void {
    assertRecorder(caller);
    const draft = this.draftFrom(req, caller);
    this.pages.render(req, res, 'pages/decision-start', { continueHref: draft ? stepHref(draft.reviewing ? 'check' : firstToAnswer(draft)) : null });
  }

  @Post('new')
  begin(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): void {
    assertRecorder(caller);
    const draft = newDraft(randomUUID(), this.clock.now());
    this.keep(req, res, caller, draft);
    res.redirect(303, stepHref('question-1'));
  }

  @Get('new/check')
  check(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertRecorder(caller);
    const draft = this.draftFrom(req, caller);
    if (!draft) return this.restart(res);
    const unanswered = firstToAnswer(draft);
    if (unanswered !== 'check') return redirect(res, stepHref(unanswered));
    return this.showCheck(req, res, caller, { ...draft, reviewing: true });
  }

  @Post('new/check')
  async submit(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertRecorder(caller);
    // The draft as the page showed it (so a repeated submission is the same decision), else the cookie's.
    const draft = this.open(body.draft, caller) ?? this.draftFrom(req, caller);
    if (!draft) return this.restart(res);
    const unanswered = firstToAnswer(draft);
    if (unanswered !== 'check') return redirect(res, stepHref(unanswered));

    const { input, problems } = checkedInput(decisionInputOf(draft, caller.organisationId));
    if (problems.length > 0) return this.sendBack(req, res, caller, draft, problems);
    try {
      const decision = await this.decisions.record(caller, input);
      this.forget(req, res);
      res.redirect(303, `/decisions/${decision.id}/recorded`);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.BadUserInput, ErrorCode.Conflict].includes(error.code)) throw error;
      const fields = error.details.fields?.length ? error.details.fields : [{ field: 'input', rule: error.code, message: error.message }];
      return this.sendBack(req, res, caller, draft, fields);
    }
  }

  @Get('new/:step')
  async step(@CurrentCaller() caller: Caller, @Param('step') step: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertRecorder(caller);
    const id = stepIdOf(step);
    const draft = this.draftFrom(req, caller);
    if (!draft) return this.restart(res);
    if (!sequence(draft).includes(id)) return redirect(res, stepHref(nextAfter(draft, id)));
    const options = await this.options.forStep(caller, STEPS[id], draft);
    const errors = problemsOf(draft, id).map((p) => ({ field: p.field, message: problemWords(p) }));
    this.showStep(req, res, id, draft, STEPS[id].values(draft, options), errors, options);
  }

  @Post('new/:step')
  async save(@CurrentCaller() caller: Caller, @Param('step') step: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertRecorder(caller);
    const id = stepIdOf(step);
    const draft = this.draftFrom(req, caller);
    if (!draft) return this.restart(res);
    if (!sequence(draft).includes(id)) return redirect(res, stepHref(nextAfter(draft, id)));
    const definition = STEPS[id];
    const options = await this.options.forStep(caller, definition, draft);
    const posted = formValuesOf(body);
    const read = definition.read(posted, draft, options);
    if (read.errors.length > 0) return this.showStep(req, res, id, draft, posted, read.errors, options, 400);

    const saved = saveStep(draft, id, read);
    // The ledger's own rules about this page's fields, at once (the service applies them all again on submission).
    const problems = isQuestionStep(id) ? [] : stepProblems(saved, id as DetailStep, caller.organisationId, options.now);
    if (problems.length > 0) {
      return this.showStep(req, res, id, draft, posted, problems.map((p) => ({ field: p.field, message: problemWords(p) })), options, 400);
    }
    if (!this.keep(req, res, caller, saved)) {
      const [first] = definition.page(draft, options).fields;
      return this.showStep(req, res, id, draft, posted, [{ field: first.name, message: 'This is too long to keep: shorten what you entered' }], options, 400);
    }
    res.redirect(303, stepHref(nextAfter(saved, id)));
  }

  /** The short route: the flows a routine share can be recorded under. */
  @Get('routine')
  async routineStart(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    assertRecorder(caller);
    const flows = await this.options.routineFlows(caller);
    this.pages.render(req, res, 'pages/decision-routine-start', { flows: flows.map((f) => ({ ...f, href: routineHref(f) })) });
  }

  @Get('routine/:agreementId/:flowId')
  async routine(
    @CurrentCaller() caller: Caller,
    @Param('agreementId') agreementId: string,
    @Param('flowId') flowId: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    assertRecorder(caller);
    const flow = await this.routineFlow(caller, agreementId, flowId);
    this.showRoutine(req, res, flow, routineDefaults(flow, this.clock.now(), randomUUID()), [], false);
  }

  @Post('routine/:agreementId/:flowId')
  async recordRoutine(
    @CurrentCaller() caller: Caller,
    @Param('agreementId') agreementId: string,
    @Param('flowId') flowId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    assertRecorder(caller);
    const flow = await this.routineFlow(caller, agreementId, flowId);
    const posted = formValuesOf(body);
    const read = readRoutine(posted, flow);
    if (!read.answers) return this.showRoutine(req, res, flow, posted, read.errors, true, 400);
    const { input, problems } = checkedInput(routineInputOf(read.answers, flow, caller.organisationId));
    const refused = (found: FieldProblem[]) =>
      this.showRoutine(req, res, flow, posted, found.map((p) => ({ field: routineFieldOf(p.field), message: problemWords({ ...p, field: fieldOf(p.field) }) })), true, 400);
    if (problems.length > 0) return refused(problems);
    try {
      const decision = await this.decisions.record(caller, input);
      res.redirect(303, `/decisions/${decision.id}/recorded`);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.BadUserInput, ErrorCode.Conflict].includes(error.code)) throw error;
      return refused(error.details.fields?.length ? error.details.fields : [{ field: 'input', rule: error.code, message: error.message }]);
    }
  }

  @Get(':id')
  async decision(@CurrentCaller() caller: Caller, @Param('id') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const view = await this.recorded(caller, id);
    this.pages.render(req, res, 'pages/decision-detail', view);
  }

  @Get(':id/recorded')
  async confirmation(@CurrentCaller() caller: Caller, @Param('id') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const view = await this.recorded(caller, id);
    this.pages.render(req, res, 'pages/decision-recorded', view);
  }

  /** A decision of the caller's organisation (the service refuses anyone else's). */
  private async recorded(caller: Caller, id: string) {
    if (!UUID.test(id)) throw DomainError.notFound('Sharing decision', id);
    const decision = await this.decisions.get(caller, id);
    const names = await this.options.names([decision.agreementId], [decision.requestingOrganisationId]);
    const [rechecks] = await this.decisions.rechecksOf([decision.id]);
    return recordedView(decision, names, rechecks);
  }

  private async routineFlow(caller: Caller, agreementId: string, flowId: string): Promise<RoutineFlow> {
    const flow = (await this.options.routineFlows(caller)).find((f) => f.agreementId === agreementId && f.flowId === flowId);
    if (!flow) throw DomainError.notFound('A flow from your organisation under an agreement in force for individual care', 'at that address');
    return flow;
  }

  private showRoutine(req: AuthenticatedRequest, res: Response, flow: RoutineFlow, values: FormValues, errors: FieldError[], checked: boolean, status = 200): void {
    const { decision, questions } = routineFields(flow);
    const view = stepView({ title: 'Record a routine share', question: false, fields: [...decision, ...questions] }, values, errors);
    const reason = checked ? (readRoutine(values, flow).keyQuestionsReason ?? null) : null;
    this.pages.render(
      req,
      res,
      'pages/decision-routine',
      {
        ...view,
        fields: view.fields.slice(0, decision.length),
        questions: view.fields.slice(decision.length),
        questionsOpen: reason !== null || QUESTION_NAMES.some((n) => values[n]) || errors.some((e) => /^q[1-7]$/.test(e.field)),
        keyQuestionsReason: reason,
        flow,
        clientKey: typeof values.clientKey === 'string' ? values.clientKey : '',
        action: routineHref(flow),
        lawfulBasis: flow.article6Basis ? ARTICLE_6[flow.article6Basis] : 'Not stated in the agreement',
        method: flow.transferMethod ? TRANSFER_METHODS[flow.transferMethod] : 'Not stated in the agreement',
      },
      status,
    );
  }

  private showStep(
    req: AuthenticatedRequest,
    res: Response,
    step: StepId,
    draft: DecisionDraft,
    values: FormValues,
    errors: FieldError[],
    options: Awaited<ReturnType<DecisionOptions['forStep']>>,
    status = 200,
  ): void {
    const back = previousBefore(draft, step);
    this.pages.render(
      req,
      res,
      'pages/decision-step',
      { ...stepView(STEPS[step].page(draft, options), values, errors), action: stepHref(step), backHref: back ? stepHref(back) : JOURNEY_PATH },
      status,
    );
  }

  private async showCheck(req: AuthenticatedRequest, res: Response, caller: Caller, draft: DecisionDraft): Promise<void> {
    const names = await this.options.names([draft.details.agreementId], [draft.details.requestingOrganisationId]);
    const sealed = this.keep(req, res, caller, draft);
    const steps = sequence(draft);
    this.pages.render(req, res, 'pages/decision-check', {
      ...checkAnswersView(draft, names),
      errors: problemsOf(draft, 'check').map((p) => ({ href: null, text: problemWords(p) })),
      draft: sealed,
      backHref: stepHref(steps[steps.length - 1]),
    });
  }

  /** Problems a submission met go back to the pages that ask for their fields, starting with the first. */
  private sendBack(req: AuthenticatedRequest, res: Response, caller: Caller, draft: DecisionDraft, problems: FieldProblem[]): void {
    const returned = withProblems(draft, problems);
    this.keep(req, res, caller, returned);
    res.redirect(303, stepHref(firstWithProblem(returned)));
  }

  private restart(res: Response): Promise<void> {
    return redirect(res, JOURNEY_PATH);
  }

  /** A sealed draft, if this server sealed it for this user within the longest a session lasts. */
  private open(sealed: unknown, caller: Caller): DecisionDraft | null {
    return openDraft(this.config.tokenSecret, sealed, bindingOf(caller), this.clock.now(), this.config.session.maxAgeSeconds * 1000);
  }

  /** The draft the browser holds, if it is one this server sealed for this user. */
  private draftFrom(req: AuthenticatedRequest, caller: Caller): DecisionDraft | null {
    let sealed = '';
    for (let i = 0; i < MAX_CHUNKS; i++) {
      const chunk = cookieOf(req, chunkCookieName(i));
      if (!chunk) break;
      sealed += chunk;
    }
    return sealed ? this.open(sealed, caller) : null;
  }

  /** Gives the browser the draft to keep; returns the sealed draft, or null when it is too long to keep. */
  private keep(req: AuthenticatedRequest, res: Response, caller: Caller, draft: DecisionDraft): string | null {
    const sealed = sealDraft(this.config.tokenSecret, draft, bindingOf(caller));
    if (sealed.length > MAX_SEALED_LENGTH) return null;
    const chunks = chunksOf(sealed);
    for (let i = 0; i < MAX_CHUNKS; i++) {
      if (i < chunks.length) res.cookie(chunkCookieName(i), chunks[i], this.cookieOptions());
      else if (cookieOf(req, chunkCookieName(i))) res.clearCookie(chunkCookieName(i), this.cookieOptions());
    }
    return sealed;
  }

  /** Once recorded, the browser keeps nothing of it. */
  private forget(req: AuthenticatedRequest, res: Response): void {
    for (let i = 0; i < MAX_CHUNKS; i++) if (cookieOf(req, chunkCookieName(i))) res.clearCookie(chunkCookieName(i), this.cookieOptions());
  }

  private cookieOptions() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.secureCookies, path: DRAFT_COOKIE_PATH };
  }
}

/** Practitioners, and the IG roles who record too, of the caller's own organisation (the ledger's policy). */
function assertRecorder(caller: Caller): void {
  if (!canRecordDecisionsFor(caller, caller.organisationId)) {
    throw DomainError.forbidden('Only practitioners, IG leads, Caldicott Guardians, SIROs and DPOs record decisions for their organisation');
  }
}

const bindingOf = (caller: Caller): DraftBinding => ({ userId: caller.userId });
const routineHref = (flow: Pick<RoutineFlow, 'agreementId' | 'flowId'>) => `/decisions/routine/${flow.agreementId}/${encodeURIComponent(flow.flowId)}`;
const QUESTION_NAMES = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'];

function stepIdOf(step: string): StepId {
  if (!isStepId(step)) throw DomainError.notFound('Page', step);
  return step;
}

async function redirect(res: Response, location: string): Promise<void> {
  res.redirect(303, location);
}

/** What a form posted, as strings (a repeated field as a list); the CSRF token and anything else not a string are left out. */
function formValuesOf(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (name === '_csrf') continue;
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}
