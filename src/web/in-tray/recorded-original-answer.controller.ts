import { Body, Controller, Get, Inject, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DisputeRecordedOriginalInput, RecordedOriginalAnswerInput } from '../../agreements/originals/dto/record-signed-agreement.input.js';
import { RecordedOriginalsReader } from '../../agreements/originals/recorded-originals-reader.service.js';
import { OriginalAnswer } from '../../agreements/originals/recorded-original.enums.js';
import { SignedOriginalsService } from '../../agreements/originals/signed-originals.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { KIND_TITLES } from '../../documents/document-labels.js';
import { formErrors, formErrorStatus, isFormError, textOf, validInput, type FormErrors } from '../form-input.js';
import { recordedOriginalView } from '../agreements/recorded-original-views.js';
import { pageAssets } from '../page-assets.js';
import { PageRenderer } from '../page-renderer.js';
import { pdfPath } from './in-tray-view.js';
import { VersionDocument } from './version-document.js';

const agreementId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Agreement', 'with that address') });
const versionNumber = () => new ParseIntPipe({ exceptionFactory: () => DomainError.notFound('Version', 'with that address') });

export const recordPath = (agreementId: string, versionNumber: number) => `/in-tray/${agreementId}/versions/${versionNumber}/record`;

const ANSWER_FIELDS = { reason: { label: 'Reason', anchor: 'reason' }, versionNumber: { label: 'Version' } };

const NOTICES: Record<string, string> = {
  confirmed: 'You confirmed the record is accurate.',
  disputed: 'You disputed the record. The lead organisation’s IG lead sees your reason.',
};

/** A whole number as posted, or the text itself so the input's own rule refuses it. */
const postedNumber = (value: unknown) => (/^\d{1,9}$/.test(textOf(value)) ? Number(textOf(value)) : textOf(value));

/**
 * The other parties' side of an agreement recorded from a signed original: the recorded version as
 * its document reads, the scan to check it against, and confirming it or disputing it with a
 * reason, through the same SignedOriginalsService as the GraphQL mutations. Only the IG lead or a
 * signatory of a party other than the lead gets past the reader and the service.
 */
@Controller('in-tray')
export class RecordedOriginalAnswerController {
  private readonly documentCss: string;

  constructor(
    private readonly reader: RecordedOriginalsReader,
    private readonly originals: SignedOriginalsService,
    private readonly document: VersionDocument,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.documentCss = `${pageAssets(config.templatesDir).folders.own.prefix}/in-tray-document.css`;
  }

  @Get(':agreementId/versions/:versionNumber/record')
  async page(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Query('notice') notice: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.show(caller, id, number, '', null, 200, NOTICES[textOf(notice)] ?? null, req, res);
  }

  @Post(':agreementId/record/confirm')
  async confirm(@CurrentCaller() caller: Caller, @Param('agreementId', agreementId()) id: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const number = postedNumber(body.versionNumber);
    try {
      const input = await validInput(RecordedOriginalAnswerInput, { agreementId: id, versionNumber: number });
      await this.originals.confirm(caller, input);
      res.redirect(303, `${recordPath(id, input.versionNumber)}?notice=confirmed`);
    } catch (error) {
      await this.showFormError(error, caller, id, number, '', req, res);
    }
  }

  @Post(':agreementId/record/dispute')
  async dispute(@CurrentCaller() caller: Caller, @Param('agreementId', agreementId()) id: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const number = postedNumber(body.versionNumber);
    const reason = textOf(body.reason);
    const missing: FieldProblem[] = reason.trim() ? [] : [{ field: 'reason', rule: 'required', message: 'Enter what is not accurate in the record' }];
    try {
      if (missing.length > 0) throw DomainError.invalidFields(missing);
      const input = await validInput(DisputeRecordedOriginalInput, { agreementId: id, versionNumber: number, reason });
      await this.originals.dispute(caller, input);
      res.redirect(303, `${recordPath(id, input.versionNumber)}?notice=disputed`);
    } catch (error) {
      await this.showFormError(error, caller, id, number, reason, req, res);
    }
  }

  private async showFormError(error: unknown, caller: Caller, id: string, number: number | string, reason: string, req: AuthenticatedRequest, res: Response): Promise<void> {
    if (!isFormError(error) || typeof number !== 'number') throw error;
    await this.show(caller, id, number, reason, formErrors(error, ANSWER_FIELDS), formErrorStatus(error), null, req, res);
  }

  private async show(
    caller: Caller,
    id: string,
    number: number,
    reason: string,
    errors: FormErrors | null,
    status: number,
    notice: string | null,
    req: AuthenticatedRequest,
    res: Response,
  ): Promise<void> {
    const record = await this.reader.answerable(caller, id, number);
    const { exported, bodyHtml } = await this.document.html(caller, id, number);
    const { agreement, version, ownAnswer } = record;
    const own = version.frozen.parties.find((p) => p.organisationId === caller.organisationId);
    const file = (await this.originals.originalsOf([version.id]))[0];
    this.pages.render(
      req,
      res,
      'pages/in-tray-record',
      {
        pageTitle: `Confirm the record of ${agreement.reference}`,
        agreementId: agreement.id,
        reference: agreement.reference,
        kindTitle: KIND_TITLES[version.frozen.kind],
        title: version.frozen.title,
        leadOrganisationName: exported.leadOrganisation.name,
        organisationName: own?.organisationName ?? 'your organisation',
        versionNumber: version.number,
        effectiveDate: version.effectiveDate,
        pdfHref: pdfPath(agreement.id, version.number),
        signatures: exported.signatures.map((s) => ({ name: s.organisationName, signerName: s.signerName, signedAt: s.signedAt })),
        record: recordedOriginalView(caller, agreement.leadOrganisationId, version, record.answers, file),
        ownAnswer: ownAnswer
          ? { confirmed: ownAnswer.answer === OriginalAnswer.CONFIRMED, by: ownAnswer.answeredBy, at: ownAnswer.answeredAt.toISOString(), reason: ownAnswer.reason }
          : null,
        notice,
        reason,
        errors,
        documentCss: this.documentCss,
        documentHtml: bodyHtml,
      },
      status,
    );
  }
}
