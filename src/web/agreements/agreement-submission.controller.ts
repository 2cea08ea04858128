import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgreementDraftingService } from '../../agreements/agreement-drafting.service.js';
import { AgreementSigningService } from '../../agreements/agreement-signing.service.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { SubmitForSignatureInput } from '../../agreements/dto/signing.inputs.js';
import { transition } from '../../agreements/lifecycle/agreement-lifecycle.js';
import { diffVersions } from '../../agreements/versions/version-diff.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { pageAssets } from '../page-assets.js';
import { PageRenderer } from '../page-renderer.js';
import { hrefOf, pageOfField, placeOf, SECTION_PAGES } from './agreement-field-paths.js';
import { textOf, validateInput, type ErrorItem, type FormState } from './agreement-form.js';
import { AgreementPageData, shapeOf, type EditableAgreement } from './agreement-page-data.js';
import { agreementIdPipe, isBadInput, isConflictOnRevision, renderConflict } from './agreement-pages.controller.js';
import { AgreementText } from './agreement-text.js';
import { changedSections, draftAsFrozen, kindLabel, namesOf } from './agreement-views.js';

const DECLARATION_MISSING = 'Confirm that you have checked the agreement and the parties have agreed it';

/**
 * The last steps before a draft is frozen for signature, for the lead organisation's IG lead: in a
 * variation, the changes since the version in force; then the whole text with a Change link to
 * each section and a declaration; then submitting. And discarding a variation, after asking.
 */
@Controller('agreements')
export class AgreementSubmissionController {
  /** The stylesheet for an agreement document shown inside a page. */
  private readonly documentCss: string;

  constructor(
    private readonly agreements: AgreementsService,
    private readonly drafting: AgreementDraftingService,
    private readonly signing: AgreementSigningService,
    private readonly data: AgreementPageData,
    private readonly text: AgreementText,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.documentCss = `${pageAssets(config.templatesDir).folders.own.prefix}/in-tray-document.css`;
  }

  @Get(':id/changes')
  async changes(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const { agreement, draft } = loaded;
    const [versions] = await this.agreements.versionsOf([id]);
    const inForce = AgreementsService.inForce(versions);
    if (!inForce) throw DomainError.notFound('A version in force of agreement', agreement.reference);
    const drafted = draftAsFrozen(inForce.frozen, draft);
    const diff = diffVersions(inForce.frozen, drafted);
    const sections = changedSections(diff.changedSections, diff.changes, namesOf(inForce.frozen, drafted)).map((section, i) => {
      const slug = pageOfField(diff.changedSections[i]);
      const page = SECTION_PAGES.find((p) => p.slug === slug);
      return { ...section, changeHref: page ? `/agreements/${id}/edit/${page.slug}` : null, changeText: page ? page.title.charAt(0).toLowerCase() + page.title.slice(1) : null };
    });
    this.pages.render(req, res, 'pages/agreement-changes', {
      agreement: { id, reference: agreement.reference, title: draft.title },
      inForceNumber: inForce.number,
      beforeHeading: `Version ${inForce.number} (in force)`,
      afterHeading: 'This variation',
      sections,
      continueHref: `/agreements/${id}/check`,
    });
  }

  @Get(':id/check')
  async check(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    await this.renderCheck(caller, req, res, loaded, { errors: [], declared: false });
  }

  @Post(':id/submit')
  async submit(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const { instance, problems } = await validateInput(SubmitForSignatureInput, { agreementId: id, expectedRevision: Number(textOf(body, 'revision')) });
    if (problems.length > 0) throw DomainError.invalidFields(problems.map((p) => ({ field: p.path, rule: 'valid', message: p.message })));
    const declared = textOf(body, 'declaration') === 'yes';
    if (!declared) return this.renderCheck(caller, req, res, loaded, { errors: [{ href: '#declaration', text: DECLARATION_MISSING }], declared }, 400);
    try {
      const version = await this.signing.submitForSignature(caller, instance);
      res.redirect(303, `/agreements/${id}/versions/${version.number}?notice=submitted`);
    } catch (error) {
      if (isConflictOnRevision(error)) return renderConflict(this.pages, req, res, id, null);
      if (!isBadInput(error)) throw error;
      // The blockers the compliance rules found: each links to its field.
      const errors = (error.details.fields ?? []).map((problem) => ({
        href: hrefOf(id, placeOf(problem.field, shapeOf(loaded.draft))),
        text: problem.message.charAt(0).toUpperCase() + problem.message.slice(1),
      }));
      await this.renderCheck(caller, req, res, loaded, { errors, declared, blocked: true }, 400);
    }
  }

  @Get(':id/variation/discard')
  async confirmDiscard(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.renderDiscard(caller, id, req, res);
  }

  @Post(':id/variation/discard')
  async discardVariation(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    // Only a confirmed discard: a bare post (an old form, a script) is asked first.
    if (textOf(body, 'confirm') !== 'yes') return this.renderDiscard(caller, id, req, res);
    await this.drafting.discardVariation(caller, id);
    res.redirect(303, `/agreements/${id}?notice=variation-discarded`);
  }

  // -------------------------------------------------------------------------------------------

  private async renderDiscard(caller: Caller, id: string, req: AuthenticatedRequest, res: Response): Promise<void> {
    const { agreement } = await this.data.editable(caller, id, 'lead');
    if (!transition({ status: agreement.status, variation: agreement.variationStatus }, { type: 'DISCARD_VARIATION' }).allowed) {
      throw DomainError.conflict(`${agreement.reference} has no variation being drafted to discard`);
    }
    const [versions] = await this.agreements.versionsOf([id]);
    this.pages.render(req, res, 'pages/agreement-discard', {
      agreement: { id, reference: agreement.reference, title: agreement.title },
      inForceNumber: AgreementsService.inForce(versions)?.number ?? null,
    });
  }

  private async renderCheck(
    caller: Caller,
    req: AuthenticatedRequest,
    res: Response,
    loaded: EditableAgreement,
    state: { errors: ErrorItem[]; declared: boolean; blocked?: boolean },
    status = 200,
  ): Promise<void> {
    const { agreement, draft } = loaded;
    const [[versions], documentHtml] = await Promise.all([
      this.agreements.versionsOf([agreement.id]),
      this.text.draftHtml(caller, agreement.id, (slug) => `/agreements/${agreement.id}/edit/${slug}`),
    ]);
    const inForce = AgreementsService.inForce(versions);
    const blockers = loaded.findingViews.filter((f) => f.blocker);
    this.pages.render(
      req,
      res,
      'pages/agreement-check',
      {
        documentCss: this.documentCss,
        pageError: state.errors.length > 0,
        errors: state.errors,
        errorsIntro: state.blocked ? 'This draft cannot be submitted for signature until these blockers are fixed:' : undefined,
        agreement: { id: agreement.id, reference: agreement.reference, title: draft.title, kind: kindLabel(draft.kind) },
        backHref: inForce ? `/agreements/${agreement.id}/changes` : `/agreements/${agreement.id}`,
        backText: inForce ? 'Back to the changes' : `Back to ${agreement.reference}`,
        nextNumber: (versions[0]?.number ?? 0) + 1,
        inForceNumber: inForce?.number ?? null,
        parties: draft.parties.map((p) => p.organisationName),
        blockers: state.blocked ? [] : blockers.map((f) => ({ href: f.href, text: f.message })),
        revision: draft.revision,
        declared: state.declared,
        declarationError: state.errors.some((e) => e.href === '#declaration') ? DECLARATION_MISSING : null,
        documentHtml,
      },
      status,
    );
  }
}
