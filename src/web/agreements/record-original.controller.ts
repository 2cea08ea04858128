import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FindingSeverity } from '../../agreements/agreement.enums.js';
import { AgreementsService } from '../../agreements/agreements.service.js';
import { RecordSignedAgreementInput } from '../../agreements/originals/dto/record-signed-agreement.input.js';
import { RecordedOriginalsReader, type PendingUpload } from '../../agreements/originals/recorded-originals-reader.service.js';
import { SignedOriginalsService } from '../../agreements/originals/signed-originals.service.js';
import { CONTENT_SECTIONS } from '../../agreements/content/agreement-content.model.js';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import type { AuthenticatedRequest } from '../../common/auth/request-of.js';
import { DomainError, type FieldProblem } from '../../common/errors/domain-error.js';
import { textOf, validInput } from '../form-input.js';
import { PageRenderer } from '../page-renderer.js';
import type { FormState } from './agreement-form.js';
import { agreementIdPipe, isBadInput } from './agreement-pages.controller.js';
import { AgreementPageData, type EditableAgreement } from './agreement-page-data.js';
import { carriedFields, checkAnswersView, placeRecordProblems, readRecordForm, recordFormView, type RecordParty } from './record-original-form.js';
import { fileSize } from './recorded-original-views.js';
import type { UploadFormRequest } from './signed-original-form-upload.middleware.js';

const recordPath = (id: string) => `/agreements/${id}/record-signed`;

/**
 * Recording a draft as an agreement signed on paper, by the IG lead of its lead organisation: the
 * draft's sections are its content (filled in through the draft's own pages), then two pages: the
 * scanned signed original (uploaded first, as the API does), then the original's reference, its
 * dates and who signed for each party. The same SignedOriginalsService as the API records it; every
 * refusal is shown beside its field, and nothing is written until the record is accepted whole.
 */
@Controller('agreements/:id/record-signed')
export class RecordOriginalController {
  constructor(
    private readonly data: AgreementPageData,
    private readonly agreements: AgreementsService,
    private readonly originals: SignedOriginalsService,
    private readonly reader: RecordedOriginalsReader,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async uploadPage(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    this.renderUpload(req, res, await this.recordable(caller, id), null, 200);
  }

  /** The scan, read by SignedOriginalFormUploadMiddleware; refusals of the file are shown beside it. */
  @Post('original')
  async upload(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Req() req: UploadFormRequest & AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.recordable(caller, id);
    try {
      if (req.uploadRefusal) throw req.uploadRefusal;
      if (!req.file || req.file.buffer.length === 0) throw DomainError.invalid('file', 'required', 'Select the scanned signed original, a PDF');
      const saved = await this.originals.upload(caller, req.file);
      res.redirect(303, `${recordPath(id)}/details?original=${saved.id}`);
    } catch (error) {
      if (!isBadInput(error)) throw error;
      const problem = error.details.fields?.find((f) => f.field === 'file') ?? { field: 'file', rule: 'invalid', message: error.message };
      this.renderUpload(req, res, loaded, fileMessage(problem, this.originals.maxBytes), 400);
    }
  }

  @Get('details')
  async detailsPage(
    @CurrentCaller() caller: Caller,
    @Param('id', agreementIdPipe()) id: string,
    @Query('original') originalId: unknown,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const loaded = await this.recordable(caller, id);
    const upload = await this.reader.pendingUpload(caller, textOf(originalId));
    if (!upload) return res.redirect(303, recordPath(id));
    this.renderDetails(req, res, loaded, upload, initialForm(loaded), [], 200);
  }

  /** Checks what was typed as the input class would, then shows it to check before recording. */
  @Post('check')
  async check(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.recordable(caller, id);
    const upload = await this.reader.pendingUpload(caller, textOf(body.originalId));
    if (!upload) return res.redirect(303, recordPath(id));
    try {
      const input = await this.inputOf(loaded, upload, body);
      this.pages.render(req, res, 'pages/record-original-check', {
        agreement: { id, reference: loaded.agreement.reference, title: loaded.agreement.title },
        upload: { filename: upload.filename, size: fileSize(upload.byteSize) },
        ...checkAnswersView(input, partiesOf(loaded)),
        hidden: carriedFields(body, loaded.draft.parties.length),
        blockersText: blockersText(loaded.findings.filter((f) => f.severity === FindingSeverity.BLOCKER).length),
      });
    } catch (error) {
      if (!isBadInput(error)) throw error;
      this.renderDetails(req, res, loaded, upload, body, error.details.fields ?? [], 400);
    }
  }

  /** Back from checking, with what was typed. */
  @Post('edit')
  async edit(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.recordable(caller, id);
    const upload = await this.reader.pendingUpload(caller, textOf(body.originalId));
    if (!upload) return res.redirect(303, recordPath(id));
    this.renderDetails(req, res, loaded, upload, body, [], 200);
  }

  @Post()
  async record(@CurrentCaller() caller: Caller, @Param('id', agreementIdPipe()) id: string, @Body() body: FormState, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const loaded = await this.recordable(caller, id);
    const upload = await this.reader.pendingUpload(caller, textOf(body.originalId));
    if (!upload) return res.redirect(303, recordPath(id));
    try {
      await this.originals.record(caller, await this.inputOf(loaded, upload, body));
      res.redirect(303, `/agreements/${id}?notice=recorded`);
    } catch (error) {
      if (!isBadInput(error)) throw error;
      this.renderDetails(req, res, loaded, upload, body, error.details.fields ?? [{ field: '', rule: 'invalid', message: error.message }], 400);
    }
  }

  /** The record as the API takes it: the draft's sections and parties, with what was typed; BAD_USER_INPUT as the input class refuses it. */
  private inputOf(loaded: EditableAgreement, upload: PendingUpload, body: FormState): Promise<RecordSignedAgreementInput> {
    const { agreement, draft } = loaded;
    const read = readRecordForm(body, partiesOf(loaded));
    const content = Object.fromEntries(CONTENT_SECTIONS.map((section) => [section, draft.content[section] ?? null]));
    return validInput(
      RecordSignedAgreementInput,
      {
        agreementId: agreement.id,
        kind: agreement.kind,
        title: agreement.title,
        parentProtocolId: agreement.parentProtocolId,
        ...read.values,
        parties: draft.parties.map((p, i) => ({ organisationId: p.organisationId, role: p.role, ...read.parties[i] })),
        content,
        originalId: upload.id,
      },
      read.problems,
    );
  }

  /** The caller's own draft, never submitted: as the service refuses, but before anything is uploaded. */
  private async recordable(caller: Caller, id: string): Promise<EditableAgreement> {
    const loaded = await this.data.editable(caller, id, 'lead');
    const [versions] = await this.agreements.versionsOf([id]);
    if (versions.length > 0) {
      throw DomainError.conflict(`${loaded.agreement.reference} already has a version: only a draft never submitted can be recorded as signed on paper`);
    }
    return loaded;
  }

  private renderUpload(req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, error: string | null, status: number): void {
    const { agreement } = loaded;
    this.pages.render(
      req,
      res,
      'pages/record-original-upload',
      {
        agreement: { id: agreement.id, reference: agreement.reference, title: agreement.title },
        maxSize: fileSize(this.originals.maxBytes),
        error,
        errors: error ? { summary: [{ href: '#file', text: error }] } : null,
      },
      status,
    );
  }

  private renderDetails(req: AuthenticatedRequest, res: Response, loaded: EditableAgreement, upload: PendingUpload, form: FormState, problems: FieldProblem[], status: number): void {
    const { agreement } = loaded;
    const parties = partiesOf(loaded);
    const placed = placeRecordProblems(problems, parties, `/agreements/${agreement.id}#findings`);
    this.pages.render(
      req,
      res,
      'pages/record-original-details',
      {
        agreement: { id: agreement.id, reference: agreement.reference, title: agreement.title },
        upload: { id: upload.id, filename: upload.filename, size: fileSize(upload.byteSize), sha256: upload.sha256 },
        changeHref: recordPath(agreement.id),
        errors: placed.summary.length ? { summary: placed.summary } : null,
        originalError: placed.errors.get('original'),
        blockersText: blockersText(loaded.findings.filter((f) => f.severity === FindingSeverity.BLOCKER).length),
        ...recordFormView(form, parties, placed.errors),
      },
      status,
    );
  }
}

const blockersText = (n: number) => (n === 0 ? '' : `, with ${n} ${n === 1 ? 'blocker' : 'blockers'}`);

const partiesOf = (loaded: EditableAgreement): RecordParty[] => loaded.draft.parties.map((p) => ({ organisationId: p.organisationId, organisationName: p.organisationName }));

/** The review date the draft already gives, so it need not be typed twice. */
function initialForm(loaded: EditableAgreement): FormState {
  const review = loaded.draft.content.review?.nextReviewDate;
  const match = typeof review === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(review) : null;
  return match ? { 'nextReviewDate-day': String(Number(match[3])), 'nextReviewDate-month': String(Number(match[2])), 'nextReviewDate-year': match[1] } : {};
}

/** The service's refusal of a file, in words beside the file input. */
function fileMessage(problem: FieldProblem, maxBytes: number): string {
  switch (problem.rule) {
    case 'maxSize':
      return `The selected file must be smaller than ${fileSize(maxBytes)}: scan it at a lower resolution, or in black and white`;
    case 'pdf':
      return `The selected file must be a PDF: ${problem.message.replace(/^a signed original must be a PDF: /, '')}`;
    case 'required':
      return 'Select the scanned signed original, a PDF';
    default:
      return problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
  }
}
