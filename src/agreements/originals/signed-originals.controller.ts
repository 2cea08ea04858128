import { Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Caller } from '../../common/auth/caller.js';
import { CurrentCaller } from '../../common/auth/current-caller.decorator.js';
import { DocumentRoute } from '../../common/auth/document-route.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { SignedOriginalsService, type UploadedOriginal } from './signed-originals.service.js';

const agreementId = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.invalid('agreementId', 'uuid', 'must be an agreement id (UUID)') });
const versionNumber = () => new ParseIntPipe({ exceptionFactory: () => DomainError.invalid('versionNumber', 'integer', 'must be a whole number') });

/**
 * The scanned original of an agreement signed outside Accordant, over plain HTTP as the other
 * documents are: uploaded (multipart/form-data, field `file`) by an IG lead before
 * `recordSignedAgreement` names it, and downloaded by the parties. Bearer token, or a browser
 * session with the form's CSRF token (`_csrf`).
 */
@DocumentRoute()
@Controller('documents')
export class SignedOriginalsController {
  constructor(private readonly originals: SignedOriginalsService) {}

  @Post('signed-originals')
  @HttpCode(201)
  async upload(@CurrentCaller() caller: Caller, @Req() request: Request & { file?: UploadedOriginal }) {
    const saved = await this.originals.upload(caller, request.file);
    return { id: saved.id, filename: saved.filename, byteSize: saved.byteSize, sha256: saved.sha256, uploadedAt: saved.uploadedAt };
  }

  @Get('agreements/:agreementId/versions/:versionNumber/signed-original.pdf')
  async download(
    @CurrentCaller() caller: Caller,
    @Param('agreementId', agreementId()) id: string,
    @Param('versionNumber', versionNumber()) number: number,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.originals.download(caller, id, number);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Content-Length', String(file.content.length));
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(file.content);
  }
}
