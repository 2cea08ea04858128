import { Body, Controller, Get, Inject, Param, ParseIntPipe, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgreementSigningService } from '../../agreements/agreement-signing.service.js';
import { SigningRole, VersionStatus } from '../../agreements/agreement.enums.js';
import { DeclineToSignInput, SignAgreementInput } from '../../agreements/dto/signing.inputs.js';
import { signingRoleOf } from '../../agreements/agreement-access-policy.js';
import { RecordedOriginalsReader } from '../../agreements/originals/recorded-originals-reader.service.js';
import { SigningInTrayService } from '../../agreements/signing-in-tray.service.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { formErrors, formErrorStatus, isFormError, textOf, validInput, type FormErrors } from '../form-input.js';
import { pageAssets } from '../page-assets.js';
import { PageRenderer } from '../page-renderer.js';
import { declinedView, inTrayView, organisationNameOf, signedView, signingView, versionPath, type SigningFormValues } from './in-tray-view.js';
import { VersionDocument } from './version-document.js';

const agreementId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Agreement', 'with that address') });
const versionNumber = () => new ParseIntPipe({ exceptionFactory: () => DomainError.notFound('Version', 'with that address') });

/** The fields of the signing forms, as the error summary links to them. */
const SIGN_FIELDS = {
  confirm: { label: 'Confirmation', anchor: 'confirm' },
  signingAs: { label: 'The role you sign in', anchor: 'signingAs' },
  reason: {
    label: 'Reason for declining',
    anchor: 'reason',
    messages: { blank: 'Enter why your organisation declines to sign', isLength: 'Reason for declining must be between 3 and 2,000 characters' },
  },
  decliningAs: { label: 'The role you decline in', anchor: 'decliningAs' },
  contentHash: { label: 'The content hash you read', anchor: 'content-hash' },
};

const EMPTY_VALUES: SigningFormValues = { confirm: false, signingAs: null, reason: '', decliningAs: null };

/** A whole number as posted, or the text itself so the input's own rule refuses it. */
const postedNumber = (value: unknown) => (/^\d{1,9}$/.test(textOf(value)) ? Number(textOf(value)) : textOf(value));

/**
 * The signatory's journey: the in-tray of versions awaiting their organisation's signature, the
 * signing page with the exact frozen version (as HTML, as PDF and by its hash), and signing or
 * declining through the same service as the `signAgreement` and `declineToSign` mutations, by
 * version number and the hash the page showed. Only signatories of a party get past the service.
 */
@Controller('in-tray')
export class InTrayController {
  /** The signing pages' own stylesheet (for the document shown in them), served with the other page assets. */
  private readonly documentCss: string;

  constructor(
    private readonly inTray: SigningInTrayService,
    private readonly records: RecordedOriginalsReader,
    private readonly signing: AgreementSigningService,
    private readonly organisations: OrganisationsService,
    private readonly document: VersionDocument,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.documentCss = `${pageAssets(config.templatesDir).folders.own.prefix}/in-tray-document.css`;
  }

  @Get()
  async page(@CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    // IG leads who may not sign have an in-tray too: the records of agreements signed on paper they confirm.
    const signer = signingRoleOf(caller) !== null;
    if (!signer && !RecordedOriginalsReader.mayAnswer(caller)) {
      throw DomainError.forbidden('Only an IG lead, or a SIGNATORY, Caldicott Guardian or SIRO, has an in-tray');
    }
    const [awaiting, answered, records, organisation] = await Promise.all([
      signer ? this.inTray.awaiting(caller) : [],
      signer ? this.inTray.recentlyAnswered(caller) : [],
      this.records.awaiting(caller),
      this.organisations.get(caller.organisationId),
    ]);
    this.pages.render(req, res, 'pages/in-tray', inTrayView(organisation.name, awaiting, answered, records, signer));
  }

  @Get(':agreementId/versions/:versionNumber')
  async version(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.showVersion(caller, id, number, EMPTY_VALUES, null, 200, req, res);
  }

  /** Posts the version number and hash the page showed; the service refuses any other version's hash. */
  @Post(':agreementId/sign')
  async sign(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const values: SigningFormValues = { ...EMPTY_VALUES, confirm: textOf(body.confirm) === 'yes', signingAs: (textOf(body.signingAs) || null) as SigningRole | null };
    const number = postedNumber(body.versionNumber);
    const unconfirmed: FieldProblem[] = values.confirm
      ? []
      : [{ field: 'confirm', rule: 'confirmed', message: 'Confirm that you have authority to sign for your organisation and have read this version' }];
    try {
      const input = await validInput(SignAgreementInput, { agreementId: id, versionNumber: number, contentHash: textOf(body.contentHash), signingAs: values.signingAs ?? undefined }, unconfirmed);
      await this.signing.sign(caller, input);
      res.redirect(303, `${versionPath(id, input.versionNumber)}/signed`);
    } catch (error) {
      await this.showFormError(error, caller, id, number, values, req, res);
    }
  }

  @Post(':agreementId/decline')
  async decline(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const values: SigningFormValues = { ...EMPTY_VALUES, reason: textOf(body.reason), decliningAs: (textOf(body.decliningAs) || null) as SigningRole | null };
    const number = postedNumber(body.versionNumber);
    try {
      const input = await validInput(DeclineToSignInput, { agreementId: id, versionNumber: number, reason: values.reason, decliningAs: values.decliningAs ?? undefined });
      await this.signing.decline(caller, input);
      res.redirect(303, `${versionPath(id, input.versionNumber)}/declined`);
    } catch (error) {
      await this.showFormError(error, caller, id, number, values, req, res);
    }
  }

  @Get(':agreementId/versions/:versionNumber/signed')
  async signed(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const party = await this.inTray.partyVersion(caller, id, number);
    if (!party.ownSignature) {
      res.redirect(303, versionPath(id, number));
      return;
    }
    const { exported } = await this.document.html(caller, id, number);
    this.pages.render(req, res, 'pages/in-tray-answered', { ...signedView(party, exported, caller.userId), documentCss: this.documentCss });
  }

  @Get(':agreementId/versions/:versionNumber/declined')
  async declined(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const party = await this.inTray.partyVersion(caller, id, number);
    if (party.version.status !== VersionStatus.DECLINED || party.version.declinedOrganisationId !== caller.organisationId) {
      res.redirect(303, versionPath(id, number));
      return;
    }
    this.pages.render(req, res, 'pages/in-tray-answered', { ...declinedView(party), documentCss: this.documentCss });
  }

  /** A refusal about what was posted is shown on the signing page of that version; anything else is an error page. */
  private async showFormError(error: unknown, caller: Caller, id: string, number: number | string, values: SigningFormValues, req: AuthenticatedRequest, res: Response): Promise<void> {
    if (!isFormError(error) || typeof number !== 'number') throw error;
    await this.showVersion(caller, id, number, values, formErrors(error, SIGN_FIELDS, {}, { ...values }), formErrorStatus(error), req, res);
  }

  private async showVersion(
    caller: Caller,
    id: string,
    number: number,
    values: SigningFormValues,
    errors: FormErrors | null,
    status: number,
    req: AuthenticatedRequest,
    res: Response,
  ): Promise<void> {
    const party = await this.inTray.partyVersion(caller, id, number);
    const { exported, bodyHtml } = await this.document.html(caller, id, number);
    const view = signingView(party, exported, bodyHtml, organisationNameOf(party, caller.organisationId), values, errors);
    this.pages.render(req, res, 'pages/in-tray-version', { ...view, documentCss: this.documentCss }, status);
  }
}
