import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../common/auth/caller.js';
import { CurrentCaller } from '../common/auth/current-caller.decorator.js';
import { DocumentRoute } from '../common/auth/document-route.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { AgreementDocumentsService, type PdfFile } from './agreement-documents.service.js';

const agreementId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.invalid('agreementId', 'uuid', 'must be an agreement id (UUID)') });
const versionNumber = () => new ParseIntPipe({ exceptionFactory: () => DomainError.invalid('versionNumber', 'integer', 'must be a whole number') });

/**
 * Documents over plain HTTP, for people and other systems: the PDF of a version or a draft,
 * the same agreement as JSON, and verification of a PDF someone holds. Bearer token as for GraphQL;
 * only organisations involved in the agreement may read it (403 otherwise, 404 when there is none).
 * Every route counts against the caller's document rate limit.
 */
@DocumentRoute()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: AgreementDocumentsService) {}

  @Get('agreements/:agreementId/versions/:versionNumber.pdf')
  async versionPdf(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.documents.versionPdf(caller, id, number));
  }

  @Get('agreements/:agreementId/draft.pdf')
  async draftPdf(@CurrentCaller() caller: Caller, @Param('agreementId', agreementId()) id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.draftPdf(caller, id));
  }

  @Get('agreements/:agreementId/versions/:versionNumber.json')
  versionJson(@CurrentCaller() caller: Caller, @Param('agreementId', agreementId()) id: string, @Param('versionNumber', versionNumber()) number: number) {
    return this.documents.exportVersion(caller, id, number);
  }

  @Get('agreements/:agreementId/draft.json')
  draftJson(@CurrentCaller() caller: Caller, @Param('agreementId', agreementId()) id: string) {
    return this.documents.exportDraft(caller, id);
  }

  /** Body: the PDF itself (Content-Type: application/pdf). Says which agreement and version it is, or that it is unknown. */
  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: unknown) {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw DomainError.invalid('body', 'pdf', 'send the PDF itself as the request body with Content-Type: application/pdf');
    }
    return this.documents.verifyContent(body);
  }
}

function send(res: Response, file: PdfFile): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${file.filename}"`);
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.content);
}
