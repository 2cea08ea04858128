import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgreementDraftingService } from '../../agreements/agreement-drafting.service.js';
import { AgreementKind, PartyRole } from '../../agreements/agreement.enums.js';
import type { Agreement } from '../../agreements/agreement.entity.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { UpdateAgreementDraftInput } from '../../agreements/dto/update-agreement-draft.input.js';
import { UpdateAgreementStructureInput } from '../../agreements/dto/update-agreement-structure.input.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { OrganisationsArgs } from '../../organisations/dto/organisations.args.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { partyAnswers } from './invitation-views.js';
import { PageRenderer } from '../page-renderer.js';
import { SECTION_PAGES, type SectionSlug } from './agreement-field-paths.js';
import {
  fieldView,
  placeProblems,
  problemsFromService,
  textOf,
  validateInput,
  type FieldSpec,
  type FormState,
  type PathProblem,
} from './agreement-form.js';
import { FREQUENCY_CHOICES, PARTY_ROLE_CHOICES, TRANSFER_METHOD_CHOICES, labelOf } from './agreement-labels.js';
import { AgreementPageData, shapeOf, type EditableAgreement, type LoadedAgreement } from './agreement-page-data.js';
import { agreementIdPipe, isBadInput, isConflictOnRevision, renderConflict } from './agreement-pages.controller.js';
import { flowForm, parentProtocolSpec, SECTION_FORMS, TITLE, type Block, type DraftContext } from './agreement-section-forms.js';
import { findingsPanel, type FindingView } from './agreement-views.js';

const titleOf = (slug: SectionSlug) => SECTION_PAGES.find((page) => page.slug === slug)!.title;
const ADD_ANOTHER = 'add';
const MAX_ORGANISATIONS_LISTED = 100;

interface SectionPage {
  slug: SectionSlug;
  heading: string;
  intro?: string;
  action: string;
  backHref: string;
  addAnother?: string;
  blocks: Block[];
  findings: FindingView[];
  /** A flow already saved can be removed from its page. */
  removeAction?: string;
}

/**
 * Editing a draft, one section a page: each page's form is read into the GraphQL API's input
 * class, checked by its rules and saved by the drafting service, with the draft's revision from
 * the form so a change made meanwhile by someone else is refused (CONFLICT) rather than lost.
 * A refused form is shown again as it was filled in, with each problem beside its field and in
 * the error summary; the compliance findings of the section are beside the form.
 */
@Controller('agreements/:id/edit')
export class AgreementSectionsController {
  constructor(
    private readonly data: AgreementPageData,
    private readonly drafting: AgreementDraftingService,
    private readonly agreements: AgreementsService,
    private readonly organisations: OrganisationsService,
    private readonly pages: PageRenderer,
  ) {}

  // --- Title and protocol: the lead organisation's ---------------------------------------------

  @Get('details')
  async details(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const form = { title: loaded.agreement.title, parentProtocolId: loaded.agreement.parentProtocolId ?? '' };
    await this.renderDetails(caller, req, res, loaded, form, [], String(loaded.draft.revision));
  }

  @Post('details')
  async saveDetails(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Body() body: FormState,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const revision = textOf(body, 'revision');
    const plain = {
      agreementId: id,
      expectedRevision: Number(revision),
      title: textOf(body, 'title'),
      ...(loaded.agreement.kind === AgreementKind.PROTOCOL ? {} : { parentProtocolId: textOf(body, 'parentProtocolId') || null }),
    };
    await this.saveStructure(caller, req, res, loaded, plain, { slug: 'details', done: `/agreements/${id}?saved=details` }, (problems) =>
      this.renderDetails(caller, req, res, loaded, body, problems, revision, 400),
    );
  }

  // --- Parties: everyone involved sees them; the lead organisation changes them --------------

  @Get('parties')
  async parties(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Query('search') search: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.load(caller, id);
    if (!loaded.draft) throw DomainError.conflict(`${loaded.agreement.reference} has no draft: its parties are those of its versions`);
    await this.renderParties(req, res, loaded as EditableAgreement, {}, [], String(loaded.draft.revision), typeof search === 'string' ? search : '');
  }

  @Post('parties/roles')
  async saveRoles(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const parties = loaded.draft.parties.map((party, i) => ({ organisationId: party.organisationId, role: textOf(body, `parties-${i}-role`) || party.role }));
    await this.saveParties(caller, req, res, loaded, body, parties);
  }

  @Post('parties/add')
  async addParty(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const organisationId = textOf(body, 'parties');
    if (!organisationId) {
      return this.renderParties(req, res, loaded, body, [{ path: 'parties', message: 'Select an organisation to add' }], textOf(body, 'revision'), textOf(body, 'search'), 400);
    }
    const current = loaded.draft.parties.map((p) => ({ organisationId: p.organisationId, role: p.role }));
    await this.saveParties(caller, req, res, loaded, body, [...current, { organisationId, role: textOf(body, 'add-role') || PartyRole.CONTROLLER }]);
  }

  @Post('parties/remove')
  async removeParty(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const removed = textOf(body, 'remove');
    const parties = loaded.draft.parties.filter((p) => p.organisationId !== removed).map((p) => ({ organisationId: p.organisationId, role: p.role }));
    await this.saveParties(caller, req, res, loaded, body, parties);
  }

  // --- Data flows: the information reference table, a page for each flow --------------------

  @Get('data-flows')
  async dataFlows(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Query('saved') saved: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'party');
    const { draft } = loaded;
    const names = new Map(draft.parties.map((p) => [p.organisationId, p.organisationName]));
    const findings = loaded.findingViews.filter((f) => f.slug === 'data-flows');
    this.pages.render(req, res, 'pages/agreement-data-flows', {
      ...this.caption(draft),
      notice: saved === 'flow' ? 'Data flow saved.' : saved === 'removed' ? 'Data flow removed.' : undefined,
      backHref: `/agreements/${id}`,
      addHref: `/agreements/${id}/edit/data-flows/new`,
      flows: draft.content.dataFlows.map((flow, index) => ({
        name: flow.name,
        href: `/agreements/${id}/edit/data-flows/${flow.id}`,
        from: names.get(flow.fromOrganisationId) ?? 'Not a party',
        to: names.get(flow.toOrganisationId) ?? 'Not a party',
        items: flow.dataItems.map((item) => item.name).join(', ') || 'None',
        method: flow.transferMethod ? (TRANSFER_METHOD_CHOICES.find((c) => c.value === flow.transferMethod)?.label ?? flow.transferMethod) : 'Not stated',
        frequency: flow.frequency ? (FREQUENCY_CHOICES.find((c) => c.value === flow.frequency)?.label ?? flow.frequency) : 'Not stated',
        blockers: findings.filter((f) => f.flowIndex === index && f.blocker).length,
      })),
      findings: findingsPanel(findings),
    });
  }

  @Get('data-flows/:flowId')
  async flow(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('flowId') flowId: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'party');
    const index = flowIndexOf(loaded.draft, flowId);
    const form = flowForm(index);
    this.renderFlow(req, res, loaded, flowId, index, form.toForm(loaded.draft), [], String(loaded.draft.revision));
  }

  @Post('data-flows/:flowId')
  async saveFlow(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('flowId') flowId: string,
    @Body() body: FormState,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'party');
    const index = flowIndexOf(loaded.draft, flowId);
    const read = flowForm(index).read(body, loaded.draft);
    const flows: unknown[] = [...loaded.draft.content.dataFlows];
    flows[index] = read.flow;
    const revision = textOf(body, 'revision');
    const again = (problems: PathProblem[]) => this.renderFlow(req, res, loaded, flowId, index, read.form, problems, revision, 400);
    const saved = await this.saveDraft(caller, req, res, loaded, { dataFlows: flows }, revision, read.problems, again, { title: 'Data flows', href: `/agreements/${id}/edit/data-flows/${flowId}` });
    if (!saved) return;
    const savedId = saved.draftContent?.dataFlows[index]?.id ?? flowId;
    res.redirect(303, textOf(body, 'action') === ADD_ANOTHER ? `/agreements/${id}/edit/data-flows/${savedId}#dataFlows-${index}-dataItems` : `/agreements/${id}/edit/data-flows?saved=flow`);
  }

  @Post('data-flows/:flowId/remove')
  async removeFlow(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('flowId') flowId: string,
    @Body() body: FormState,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'party');
    const index = flowIndexOf(loaded.draft, flowId);
    const flows = loaded.draft.content.dataFlows.filter((_, i) => i !== index);
    const revision = textOf(body, 'revision');
    const again = (problems: PathProblem[]) => this.renderFlow(req, res, loaded, flowId, index, flowForm(index).toForm(loaded.draft), problems, revision, 400);
    const saved = await this.saveDraft(caller, req, res, loaded, { dataFlows: flows }, revision, [], again, { title: 'Data flows', href: `/agreements/${id}/edit/data-flows` });
    if (saved) res.redirect(303, `/agreements/${id}/edit/data-flows?saved=removed`);
  }

  // --- Every other section: one form each ----------------------------------------------------

  @Get(':section')
  async section(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('section') slug: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const form = sectionFormOf(slug);
    const loaded = await this.data.editable(caller, id, 'party');
    this.renderContentSection(req, res, loaded, slug, form.toForm(loaded.draft), [], String(loaded.draft.revision));
  }

  @Post(':section')
  async saveSection(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Param('section') slug: string,
    @Body() body: FormState,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const form = sectionFormOf(slug);
    const loaded = await this.data.editable(caller, id, 'party');
    const read = form.read(body, loaded.draft);
    const revision = textOf(body, 'revision');
    const again = (problems: PathProblem[]) => this.renderContentSection(req, res, loaded, slug, read.form, problems, revision, 400);
    const saved = await this.saveDraft(caller, req, res, loaded, read.values, revision, read.problems, again, { title: titleOf(form.slug), href: `/agreements/${id}/edit/${slug}` });
    if (!saved) return;
    const addingAnother = textOf(body, 'action') === ADD_ANOTHER || textOf(body, 'remove') !== '';
    res.redirect(303, addingAnother ? `/agreements/${id}/edit/${slug}` : `/agreements/${id}?saved=${slug}`);
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Checks the section values as the API's input class does and saves them with the drafting
   * service. Problems (the form's, the class's, the service's) show the form again; a stale
   * revision shows the conflict page. Returns the saved agreement, or null when it answered.
   */
  private async saveDraft(
    caller: Caller,
    req: AuthenticatedRequest,
    res: Response,
    loaded: EditableAgreement,
    values: object,
    revision: string,
    formProblems: PathProblem[],
    again: (problems: PathProblem[]) => void,
    section: { title: string; href: string },
  ): Promise<Agreement | null> {
    const { instance, problems } = await validateInput(UpdateAgreementDraftInput, { agreementId: loaded.agreement.id, expectedRevision: Number(revision), ...values });
    const all = [...formProblems, ...problems.filter((p) => p.path !== 'expectedRevision' && p.path !== 'agreementId')];
    if (problems.some((p) => p.path === 'expectedRevision')) throw DomainError.invalid('revision', 'integer', 'the form has no draft revision: reload the page');
    if (all.length > 0) {
      again(all);
      return null;
    }
    try {
      return await this.drafting.updateDraft(caller, instance);
    } catch (error) {
      if (isConflictOnRevision(error)) {
        renderConflict(this.pages, req, res, loaded.agreement.id, section);
        return null;
      }
      if (!isBadInput(error)) throw error;
      again(problemsFromService(error.details.fields ?? []));
      return null;
    }
  }

  private async saveStructure(
    caller: Caller,
    req: AuthenticatedRequest,
    res: Response,
    loaded: EditableAgreement,
    plain: object,
    page: { slug: SectionSlug; done: string },
    again: (problems: PathProblem[]) => Promise<void>,
  ): Promise<void> {
    const { instance, problems } = await validateInput(UpdateAgreementStructureInput, plain);
    if (problems.some((p) => p.path === 'expectedRevision')) throw DomainError.invalid('revision', 'integer', 'the form has no draft revision: reload the page');
    if (problems.length > 0) return again(problems);
    try {
      await this.drafting.updateStructure(caller, instance);
      res.redirect(303, page.done);
    } catch (error) {
      if (isConflictOnRevision(error)) return renderConflict(this.pages, req, res, loaded.agreement.id, { title: titleOf(page.slug), href: `/agreements/${loaded.agreement.id}/edit/${page.slug}` });
      if (!isBadInput(error)) throw error;
      await again(problemsFromService(error.details.fields ?? []));
    }
  }

  private async saveParties(caller: Caller, req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, body: FormState, parties: { organisationId: string; role: string }[]): Promise<void> {
    const id = loaded.agreement.id;
    const revision = textOf(body, 'revision');
    const count = loaded.draft.parties.length;
    await this.saveStructure(caller, req, res, loaded, { agreementId: id, expectedRevision: Number(revision), parties }, { slug: 'parties', done: `/agreements/${id}/edit/parties` }, (problems) =>
      // A problem with the organisation being added is shown beside the organisation to add.
      this.renderParties(req, res, loaded, body, problems.map((p) => (Number(/^parties\[(\d+)\]/.exec(p.path)?.[1] ?? -1) >= count ? { ...p, path: 'parties' } : p)), revision, textOf(body, 'search'), 400),
    );
  }

  private caption(draft: DraftContext) {
    return { caption: `${draft.reference}: ${draft.title}`, agreementId: draft.agreementId };
  }

  private render(req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, page: SectionPage, revision: string, errors: ReturnType<typeof placeProblems>, status: number): void {
    this.pages.render(
      req,
      res,
      'pages/agreement-section',
      {
        ...this.caption(loaded.draft),
        pageError: errors.summary.length > 0,
        heading: page.heading,
        intro: page.intro,
        action: page.action,
        backHref: page.backHref,
        revision,
        blocks: page.blocks,
        addAnother: page.addAnother,
        removeAction: page.removeAction,
        errors: errors.summary,
        findings: findingsPanel(page.findings),
      },
      status,
    );
  }

  private renderContentSection(req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, slug: string, form: FormState, problems: PathProblem[], revision: string, status = 200): void {
    const section = sectionFormOf(slug);
    const errors = placeProblems(problems, shapeOf(loaded.draft));
    this.render(
      req,
      res,
      loaded,
      {
        slug: section.slug,
        heading: section.heading,
        intro: section.intro,
        action: `/agreements/${loaded.agreement.id}/edit/${section.slug}`,
        backHref: `/agreements/${loaded.agreement.id}`,
        addAnother: section.addAnother,
        blocks: section.blocks(form, errors.errors, loaded.draft),
        findings: loaded.findingViews.filter((f) => f.slug === section.slug),
      },
      revision,
      errors,
      status,
    );
  }

  private renderFlow(req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, flowId: string, index: number, form: FormState, problems: PathProblem[], revision: string, status = 200): void {
    const id = loaded.agreement.id;
    const errors = placeProblems(problems, shapeOf(loaded.draft));
    const existing = loaded.draft.content.dataFlows[index];
    this.render(
      req,
      res,
      loaded,
      {
        slug: 'data-flows',
        heading: existing ? `Data flow: ${existing.name}` : 'Add a data flow',
        intro: 'One row of the information reference table: what goes from which party to which, how, and how often.',
        action: `/agreements/${id}/edit/data-flows/${flowId}`,
        backHref: `/agreements/${id}/edit/data-flows`,
        addAnother: 'Save and add another data item',
        blocks: flowForm(index).blocks(form, errors.errors, loaded.draft),
        findings: loaded.findingViews.filter((f) => f.slug === 'data-flows' && f.flowIndex === index),
        removeAction: existing ? `/agreements/${id}/edit/data-flows/${flowId}/remove` : undefined,
      },
      revision,
      errors,
      status,
    );
  }

  private async renderDetails(
    caller: Caller,
    req: AuthenticatedRequest,
    res: Response,
    loaded: EditableAgreement,
    form: FormState,
    problems: PathProblem[],
    revision: string,
    status = 200,
  ): Promise<void> {
    const errors = placeProblems(problems, shapeOf(loaded.draft));
    const blocks: Block[] = [{ field: fieldView(TITLE, form, errors.errors) }];
    if (loaded.agreement.kind !== AgreementKind.PROTOCOL) {
      const protocols = await this.agreements.list(caller, { first: MAX_ORGANISATIONS_LISTED, kind: AgreementKind.PROTOCOL });
      const choices = protocols.edges.map(({ node }) => ({ id: node.id, label: `${node.reference}: ${node.title}` }));
      blocks.push({ field: fieldView(parentProtocolSpec(choices), form, errors.errors) });
    }
    this.render(
      req,
      res,
      loaded,
      {
        slug: 'details',
        heading: 'Title and protocol',
        action: `/agreements/${loaded.agreement.id}/edit/details`,
        backHref: `/agreements/${loaded.agreement.id}`,
        blocks,
        findings: loaded.findingViews.filter((f) => f.slug === 'details'),
      },
      revision,
      errors,
      status,
    );
  }

  private async renderParties(req: AuthenticatedRequest, res: Response, loaded: LoadedAgreement & { draft: DraftContext }, form: FormState, problems: PathProblem[], revision: string, search: string, status = 200): Promise<void> {
    const { draft } = loaded;
    const errors = placeProblems(problems, shapeOf(draft));
    const roleSpec = (i: number, name: string): FieldSpec => ({ id: `parties-${i}-role`, kind: 'select', label: `Role of ${name}`, choices: PARTY_ROLE_CHOICES });
    const rows = draft.parties.map((party, i) => {
      const values: FormState = { [`parties-${i}-role`]: textOf(form, `parties-${i}-role`) || party.role };
      return {
        index: i,
        name: party.organisationName,
        odsCode: party.odsCode,
        isLead: party.organisationId === draft.leadOrganisationId,
        organisationId: party.organisationId,
        role: labelOf(party.role),
        answer: partyAnswers([party], draft.leadOrganisationId)[0],
        roleField: { ...fieldView(roleSpec(i, party.organisationName), values, errors.errors), formId: 'party-roles', labelHidden: true },
      };
    });
    let add: object | null = null;
    if (loaded.canLead) {
      const { instance: args, problems: badSearch } = await validateInput(OrganisationsArgs, { first: MAX_ORGANISATIONS_LISTED, filter: search.trim() ? { search: search.trim() } : undefined });
      const found = badSearch.length ? null : await this.organisations.list(args, { partnersOnly: true });
      const taken = new Set(draft.parties.map((p) => p.organisationId));
      const candidates = (found?.edges ?? []).map(({ node }) => node).filter((o) => !taken.has(o.id));
      const organisationSpec: FieldSpec = {
        id: 'parties',
        kind: 'select',
        label: 'Organisation',
        emptyChoice: 'Choose an organisation',
        choices: candidates.map((o) => ({ value: o.id, label: o.odsCode ? `${o.name} (${o.odsCode})` : o.name })),
      };
      const addRole: FieldSpec = { id: 'add-role', kind: 'select', label: 'Its role', choices: PARTY_ROLE_CHOICES };
      add = {
        search,
        searched: search.trim() !== '',
        more: (found?.totalCount ?? 0) > MAX_ORGANISATIONS_LISTED,
        none: candidates.length === 0,
        organisation: fieldView(organisationSpec, form, errors.errors),
        role: fieldView(addRole, { 'add-role': textOf(form, 'add-role') || PartyRole.CONTROLLER }, errors.errors),
      };
    }
    this.pages.render(
      req,
      res,
      'pages/agreement-parties',
      {
        ...this.caption(draft),
        pageError: errors.summary.length > 0,
        errors: errors.summary,
        backHref: `/agreements/${draft.agreementId}`,
        canChange: loaded.canLead,
        revision,
        rows,
        add,
        findings: findingsPanel(loaded.findingViews.filter((f) => f.slug === 'parties')),
      },
      status,
    );
  }
}

function sectionFormOf(slug: string) {
  const form = SECTION_FORMS.get(slug);
  if (!form) throw DomainError.notFound('Section', slug);
  return form;
}

/** The position of a flow in the draft; the end of the table for a new one. */
function flowIndexOf(draft: DraftContext, flowId: string): number {
  if (flowId === 'new') return draft.content.dataFlows.length;
  const index = draft.content.dataFlows.findIndex((flow) => flow.id === flowId);
  if (index < 0) throw DomainError.notFound('Data flow', flowId);
  return index;
}
