import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgreementDraftingService } from '../../agreements/agreement-drafting.service.js';
import { AgreementKind, VariationStatus } from '../../agreements/agreement.enums.js';
import type { AgreementVersion } from '../../agreements/agreement-version.entity.js';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { RecordedOriginalsReader } from '../../agreements/originals/recorded-originals-reader.service.js';
import { SignedOriginalsService } from '../../agreements/originals/signed-originals.service.js';
import { canAnswerInvitation } from '../../agreements/agreement-access-policy.js';
import { PartnershipInvitationsService } from '../../agreements/invitations/partnership-invitations.service.js';
import { AgreementsArgs } from '../../agreements/dto/agreements.args.js';
import { CreateAgreementInput } from '../../agreements/dto/create-agreement.input.js';
import { transition } from '../../agreements/lifecycle/agreement-lifecycle.js';
import { displayStatus } from '../../agreements/review/review-status.js';
import { diffVersions } from '../../agreements/versions/version-diff.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { Role } from '../../common/auth/role.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { PartnerDirectory } from '../../organisations/partner-directory.js';
import { PageRenderer } from '../page-renderer.js';
import { invitationPanel, notYetAccepted, partyAnswers } from './invitation-views.js';
import { SECTION_PAGES } from './agreement-field-paths.js';
import { fieldView, placeProblems, problemsFromService, textOf, validateInput, type FieldSpec, type FormState, type PathProblem } from './agreement-form.js';
import { DISPLAY_STATUS_TAGS, KIND_CHOICES, STATUS_CHOICES, type Tag } from './agreement-labels.js';
import { AgreementPageData, type LoadedAgreement } from './agreement-page-data.js';
import { IncidentPageData } from '../incidents/incident-page-data.js';
import { STATUS_NOTICES, statusActions } from './agreement-status-views.js';
import { recordedOriginalView } from './recorded-original-views.js';
import { changedPages, changedSections, draftAsFrozen, findingsPanel, kindLabel, listRow, namesOf, sectionTasks, versionParties, versionTag } from './agreement-views.js';
import { declineSentence, organisationNameIn } from '../in-tray/decline-notice.js';
import { signingActions } from '../in-tray/signing-actions.js';

export const PAGE_SIZE = 20;

export const agreementIdPipe = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Agreement', 'at that address') });

const KIND: FieldSpec = { id: 'kind', kind: 'radios', label: 'What kind of agreement is it?', choices: KIND_CHOICES, required: 'Select what kind of agreement it is' };
const NEW_TITLE: FieldSpec = { id: 'title', kind: 'text', label: 'Title', hint: 'For example, Hospital discharge information sharing agreement' };

const NOTICES: Record<string, string> = {
  created: 'Draft created. Add the partner organisations, then fill in each section.',
  'variation-started': 'Variation started: the draft is a copy of the version in force, which stays in force until every party signs the new version.',
  'variation-discarded': 'Variation discarded. The version in force is unchanged.',
  recorded: 'Recorded as signed on paper. Each other party’s IG lead or signatory is asked to confirm the record is accurate.',
  'invitation-accepted': 'Invitation accepted: your organisation is a party of this draft and a partner of the others who accepted.',
  ...STATUS_NOTICES,
};

/** What the list says after an organisation stopped taking part in a draft it can no longer open. */
const LIST_NOTICES: Record<string, string> = {
  'invitation-refused': 'Invitation refused. The lead organisation sees your reason; the draft confers nothing on your organisation.',
  'left-draft': 'Your organisation has left the draft. The lead organisation sees that it withdrew.',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The IG lead's agreement pages: the list, a new draft, an agreement's overview (its sections and
 * their compliance findings, submitting for signature, variations), a version with who has signed
 * it, and the differences between two versions. Every page reads and changes agreements through
 * the same services as the GraphQL API, with the same access checks.
 */
@Controller('agreements')
export class AgreementPagesController {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly drafting: AgreementDraftingService,
    private readonly organisations: OrganisationsService,
    private readonly partners: PartnerDirectory,
    private readonly data: AgreementPageData,
    private readonly records: RecordedOriginalsReader,
    private readonly originals: SignedOriginalsService,
    private readonly pages: PageRenderer,
    private readonly invitations: PartnershipInvitationsService,
    private readonly incidents: IncidentPageData,
  ) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const filters = { q: text(query.q).trim(), status: text(query.status), kind: text(query.kind), partner: text(query.partner) };
    const after = text(query.after) || undefined;
    const pageNumber = Math.max(1, Math.min(Number.parseInt(text(query.page), 10) || 1, 100_000));
    const { instance: args, problems } = await validateInput(AgreementsArgs, {
      first: PAGE_SIZE,
      after,
      status: filters.status || undefined,
      kind: filters.kind || undefined,
      partnerOrganisationId: filters.partner || undefined,
      search: filters.q || undefined,
    });
    if (problems.length > 0) throw DomainError.invalidFields(problems.map((p) => ({ field: p.path, rule: 'valid', message: p.message })));

    const [page, [partnerIds], invitations] = await Promise.all([
      this.agreements.list(caller, args),
      this.partners.partnersOf([caller.organisationId]),
      this.invitations.openFor(caller),
    ]);
    const nodes = page.edges.map((edge) => edge.node);
    const [versions, leads, partnerOrganisations] = await Promise.all([
      this.agreements.versionsOf(nodes.map((a) => a.id)),
      this.organisations.byIds(nodes.map((a) => a.leadOrganisationId)),
      this.organisations.byIds([...partnerIds].filter((id) => id !== caller.organisationId)),
    ]);
    const rows = nodes.map((agreement, i) => {
      const review = this.agreements.review(agreement, versions[i]);
      return listRow({
        ...agreement,
        leadName: leads[i]?.name ?? 'Unknown organisation',
        displayStatus: displayStatus(agreement.status, review.status),
        nextReviewDate: review.nextReviewDate,
        daysUntilReview: review.daysUntilReview,
      });
    });
    const filterQuery = Object.entries(filters).filter(([, v]) => v !== '');
    const withFilters = (extra: [string, string][]) => `/agreements?${new URLSearchParams([...filterQuery, ...extra]).toString()}`;
    const option = (value: string, label: string, chosen: string) => ({ value, label, selected: value === chosen });
    this.pages.render(req, res, 'pages/agreement-list', {
      notice: LIST_NOTICES[text(query.notice)],
      invitations: invitations.map((i) => ({ href: `/agreements/${i.agreementId}#invitation`, reference: i.reference, title: i.title, kind: kindLabel(i.kind), leadName: i.leadOrganisationName, invitedAt: i.invitedAt.toISOString() })),
      mayAnswerInvitations: canAnswerInvitation(caller, caller.organisationId),
      rows,
      totalCount: page.totalCount,
      countText: filterQuery.length > 0
        ? `${page.totalCount} ${page.totalCount === 1 ? 'agreement matches' : 'agreements match'} the filters.`
        : `${page.totalCount} ${page.totalCount === 1 ? 'agreement' : 'agreements'} in all.`,
      paginated: page.pageInfo.hasNextPage || after !== undefined,
      filtered: filterQuery.length > 0,
      q: filters.q,
      canCreate: caller.roles.has(Role.IG_LEAD),
      statuses: STATUS_CHOICES.map((c) => option(c.value, c.label, filters.status)),
      kinds: KIND_CHOICES.map((c) => option(c.value, c.label, filters.kind)),
      partners: partnerOrganisations
        .filter((o) => o !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((o) => option(o.id, o.name, filters.partner)),
      pageNumber,
      pageCount: Math.max(1, Math.ceil(page.totalCount / PAGE_SIZE)),
      nextHref: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? withFilters([['after', page.pageInfo.endCursor], ['page', String(pageNumber + 1)]]) : null,
      firstHref: after ? withFilters([]) : null,
    });
  }

  @Get('new')
  newForm(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): void {
    // The form is for those who may send it: the drafting service's rule for creating an agreement.
    if (!caller.roles.has(Role.IG_LEAD)) throw DomainError.forbidden('Only an IG lead may draft an agreement');
    this.renderNew(req, res, {}, []);
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const kind = textOf(body, 'kind');
    const problems: PathProblem[] = kind ? [] : [{ path: 'kind', message: KIND.required! }];
    const { instance, problems: invalid } = await validateInput(CreateAgreementInput, { kind: kind || AgreementKind.ISP, title: textOf(body, 'title') });
    problems.push(...invalid);
    if (problems.length > 0) return this.renderNew(req, res, body, problems, 400);
    try {
      const agreement = await this.drafting.create(caller, instance);
      res.redirect(303, `/agreements/${agreement.id}?notice=created`);
    } catch (error) {
      if (!isBadInput(error)) throw error;
      this.renderNew(req, res, body, problemsFromService(error.details.fields ?? []), 400);
    }
  }

  @Get(':id')
  async overview(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Query('notice') notice: unknown,
    @Query('saved') saved: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.load(caller, id);
    const section = SECTION_PAGES.find((page) => page.slug === saved);
    const message = section ? `${section.title}: saved.` : typeof notice === 'string' ? NOTICES[notice] : undefined;
    this.pages.render(req, res, 'pages/agreement-overview', await this.overviewView(caller, loaded, message));
  }

  @Post(':id/variation')
  async startVariation(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Res() res: Response): Promise<void> {
    await this.drafting.startVariation(caller, id);
    res.redirect(303, `/agreements/${id}?notice=variation-started`);
  }

  @Get(':id/versions/:number')
  async version(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('number') number: string,
    @Query('notice') notice: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const agreement = await this.agreements.get(caller, id);
    const [versions] = await this.agreements.versionsOf([id]);
    const version = versions.find((v) => String(v.number) === number);
    if (!version) throw DomainError.notFound(`Version ${number} of agreement`, agreement.reference);
    const [signatures] = await this.agreements.signaturesOf([version.id]);
    const parties = versionParties(version.frozen, signatures);
    const awaiting = parties.filter((p) => !p.signed).length;
    const previous = versions.find((v) => v.number === version.number - 1);
    this.pages.render(req, res, 'pages/agreement-version', {
      recorded: await this.recordedPanel(caller, agreement, version),
      signedOnPaper: version.recordedFromOriginal,
      pageTitle: `Version ${version.number} of ${agreement.reference}`,
      agreement: { id, reference: agreement.reference, title: version.frozen.title, kind: kindLabel(version.frozen.kind) },
      version: {
        number: version.number,
        tag: versionTag(version.status),
        contentHash: version.contentHash,
        submittedAt: version.submittedAt.toISOString(),
        effectiveDate: version.effectiveDate,
        declineReason: version.declineReason,
        declinedAt: version.declinedAt?.toISOString() ?? null,
        declined: version.declineReason ? declineSentence(version, organisationNameIn(version.frozen, version.declinedOrganisationId)) : null,
        pdfHref: `/documents/agreements/${id}/versions/${version.number}.pdf`,
        textHref: `/agreements/${id}/versions/${version.number}/text`,
      },
      signing: signingActions(caller, id, version, signatures),
      parties,
      signedCount: parties.length - awaiting,
      awaitingCount: awaiting,
      compareHref: previous ? `/agreements/${id}/compare?from=${previous.number}&to=${version.number}` : null,
      previousNumber: previous?.number,
      submitted: notice === 'submitted',
    });
  }

  @Get(':id/compare')
  async compare(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const agreement = await this.agreements.get(caller, id);
    const [versions] = await this.agreements.versionsOf([id]);
    const numbers = versions.map((v) => v.number);
    const wanted = (name: string, fallback: number | undefined) => {
      const value = text(query[name]);
      if (value === '') return fallback;
      if (!/^\d{1,6}$/.test(value)) throw DomainError.invalid(name, 'integer', 'must be a version number');
      return Number(value);
    };
    const to = wanted('to', numbers[0]);
    const from = wanted('from', numbers[1] ?? numbers[0]);
    if (to === undefined || from === undefined) throw DomainError.notFound('A version of agreement', agreement.reference);
    const diff = await this.agreements.diff(caller, id, from, to);
    const frozen = versions.filter((v) => v.number === from || v.number === to).map((v) => v.frozen);
    this.pages.render(req, res, 'pages/agreement-compare', {
      agreement: { id, reference: agreement.reference, title: agreement.title },
      from,
      to,
      beforeHeading: `Version ${from}`,
      afterHeading: `Version ${to}`,
      sections: changedSections(diff.changedSections, diff.changes, namesOf(...frozen)),
      fromOptions: numbers.map((n) => ({ value: n, selected: n === from })),
      toOptions: numbers.map((n) => ({ value: n, selected: n === to })),
      fromPdf: `/documents/agreements/${id}/versions/${from}.pdf`,
      toPdf: `/documents/agreements/${id}/versions/${to}.pdf`,
    });
  }

  // -------------------------------------------------------------------------------------------

  private renderNew(req: AuthenticatedRequest, res: Response, form: FormState, problems: PathProblem[], status = 200): void {
    const { errors, summary } = placeProblems(problems, { content: { dataFlows: [], purposes: [], clauses: [], legalBasis: null }, partyCount: 0 });
    this.pages.render(req, res, 'pages/agreement-new', { errors: summary, kind: fieldView(KIND, form, errors), title: fieldView(NEW_TITLE, form, errors) }, status);
  }

  /** For a version recorded from a signed original: its reference, confirmation, findings and scan. */
  private async recordedPanel(caller: Caller, agreement: Agreement, version: AgreementVersion | undefined) {
    if (!version?.recordedFromOriginal) return null;
    const [answers, [file]] = await Promise.all([this.records.answersOf([version.id]), this.originals.originalsOf([version.id])]);
    return recordedOriginalView(caller, agreement.leadOrganisationId, version, answers, file, true);
  }

  private async overviewView(caller: Caller, loaded: LoadedAgreement, notice: string | undefined) {
    const { agreement, draft } = loaded;
    const [[versions], [lead], parent, invitation, incidents] = await Promise.all([
      this.agreements.versionsOf([agreement.id]),
      this.organisations.byIds([agreement.leadOrganisationId]),
      // A protocol the caller may not read is not named.
      agreement.parentProtocolId ? this.agreements.get(caller, agreement.parentProtocolId).catch(unlessRefused) : Promise.resolve(null),
      this.invitations.ownInvitation(caller, agreement.id),
      this.incidents.panel(caller, agreement),
    ]);
    const signatures = await this.agreements.signaturesOf(versions.map((v) => v.id));
    const inForce = AgreementsService.inForce(versions);
    const review = this.agreements.review(agreement, versions);
    const shown = displayStatus(agreement.status, review.status);
    const state = { status: agreement.status, variation: agreement.variationStatus };
    const declined = draft && versions[0]?.declineReason ? versions[0] : null;
    const changed = draft && inForce ? changedPages(diffVersions(inForce.frozen, draftAsFrozen(inForce.frozen, draft)).changedSections) : undefined;
    const tags: Tag[] = [DISPLAY_STATUS_TAGS[shown]];
    if (agreement.variationStatus === VariationStatus.DRAFTING) tags.push({ text: 'Variation being drafted', colour: 'white' });
    if (agreement.variationStatus === VariationStatus.AWAITING_SIGNATURES) tags.push({ text: 'Variation awaiting signatures', colour: 'blue' });
    return {
      recorded: await this.recordedPanel(caller, agreement, versions.find((v) => v.recordedFromOriginal)),
      canRecordOriginal: draft !== null && loaded.canLead && versions.length === 0,
      notice,
      agreement: {
        id: agreement.id,
        reference: agreement.reference,
        title: agreement.title,
        kind: kindLabel(agreement.kind),
        leadName: lead?.name ?? 'Unknown organisation',
        parent: parent ? { href: `/agreements/${parent.id}`, text: `${parent.reference}: ${parent.title}` } : null,
        nextReviewDate: review.nextReviewDate,
        statusReason: agreement.statusReason,
      },
      tags,
      invitation: invitationPanel(caller, invitation, { leadOrganisationId: agreement.leadOrganisationId, drafting: draft !== null }),
      draft: draft
        ? {
            revision: draft.revision,
            parties: partyAnswers(draft.parties, agreement.leadOrganisationId),
            notYetAccepted: notYetAccepted(draft.parties),
            isVariation: inForce !== null,
            inForceNumber: inForce?.number,
            tasks: sectionTasks(draft, loaded.findingViews, loaded, changed),
            changedCount: changed?.size ?? 0,
            submitHref: `/agreements/${agreement.id}/${inForce ? 'changes' : 'check'}`,
            pdfHref: `/documents/agreements/${agreement.id}/draft.pdf`,
          }
        : null,
      declined: declined ? { number: declined.number, by: declineSentence(declined, organisationNameIn(declined.frozen, declined.declinedOrganisationId)), reason: declined.declineReason } : null,
      findings: findingsPanel(loaded.findingViews),
      canSubmit: draft !== null && loaded.canLead,
      incidents,
      statusActions: statusActions(caller, loaded.involvement, state, agreement.id),
      canStartVariation: loaded.canLead && transition(state, { type: 'START_VARIATION' }).allowed,
      canDiscardVariation: loaded.canLead && draft !== null && transition(state, { type: 'DISCARD_VARIATION' }).allowed,
      inForceText: inForce ? { number: inForce.number, href: `/agreements/${agreement.id}/versions/${inForce.number}/text` } : null,
      versions: versions.map((v, i) => ({
        number: v.number,
        tag: versionTag(v.status),
        submittedAt: v.submittedAt.toISOString(),
        effectiveDate: v.effectiveDate,
        signed: signatures[i].length,
        parties: v.frozen.parties.length,
        href: `/agreements/${agreement.id}/versions/${v.number}`,
        pdfHref: `/documents/agreements/${agreement.id}/versions/${v.number}.pdf`,
      })),
      compare:
        versions.length >= 2
          ? {
              action: `/agreements/${agreement.id}/compare`,
              from: versions.map((v, i) => ({ value: v.number, selected: i === 1 })),
              to: versions.map((v, i) => ({ value: v.number, selected: i === 0 })),
            }
          : null,
    };
  }
}

/** The page for a change refused because the draft moved on since the form was opened (409). */
export function renderConflict(pages: PageRenderer, req: AuthenticatedRequest, res: Response, agreementId: string, section: { title: string; href: string } | null): void {
  pages.render(req, res, 'pages/agreement-conflict', { agreementId, section }, 409);
}

const unlessRefused = (error: unknown): null => {
  if (error instanceof DomainError && (error.code === ErrorCode.Forbidden || error.code === ErrorCode.NotFound)) return null;
  throw error;
};

export function isBadInput(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === ErrorCode.BadUserInput;
}

/** A stale draft revision: someone else changed the draft since the form was opened. */
export function isConflictOnRevision(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === ErrorCode.Conflict && (error.details.fields ?? []).some((f) => f.field === 'expectedRevision');
}
