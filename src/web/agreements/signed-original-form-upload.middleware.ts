import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SignedOriginalUploadMiddleware } from '../../agreements/originals/signed-original-upload.middleware.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** What the upload form's request carries once read: the file, or why it could not be read. */
export interface UploadFormRequest extends Request {
  file?: { buffer: Buffer; originalname: string };
  uploadRefusal?: DomainError;
}

/**
 * The upload page's form is read as the API's upload is (multipart, field `file`, the `_csrf`
 * before it, the same size limit), but a file refused while it is read (too large, not one file)
 * is kept for the page to show beside the field rather than ending the request: the CSRF guard
 * and the controller still run, and nothing is stored.
 */
@Injectable()
export class SignedOriginalFormUploadMiddleware implements NestMiddleware {
  private readonly reader: SignedOriginalUploadMiddleware;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.reader = new SignedOriginalUploadMiddleware(config);
  }

  async use(request: UploadFormRequest, response: Response, next: NextFunction): Promise<void> {
    try {
      await this.reader.use(request, response, () => undefined);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      request.uploadRefusal = error;
      request.file = undefined;
    }
    next();
  }
}
