import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** The multipart field that carries the scan. */
export const SIGNED_ORIGINAL_FIELD = 'file';

/**
 * Reads the multipart upload of a signed original (field `file`, with `_csrf` beside it from a
 * browser form) into memory before the guards run, as the JSON body parser does for other
 * requests: the global CsrfGuard then finds a form's token in the body, and API clients send a
 * bearer token. multer stops reading at the size limit, which is refused naming the field.
 */
@Injectable()
export class SignedOriginalUploadMiddleware implements NestMiddleware {
  private readonly single;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.single = multer({ limits: { fileSize: config.limits.signedOriginalMaxKb * 1024, files: 1, fields: 5, fieldSize: 4096, parts: 6 } }).single(SIGNED_ORIGINAL_FIELD);
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.single(request, response, (error?: unknown) => (error ? reject(this.refusal(error)) : resolve()));
    });
    next();
  }

  private refusal(error: unknown): DomainError {
    const code = (error as { code?: string }).code;
    if (code === 'LIMIT_FILE_SIZE') {
      return DomainError.invalid('file', 'maxSize', `a signed original may be at most ${this.config.limits.signedOriginalMaxKb} KiB`);
    }
    if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') {
      return DomainError.invalid('file', 'oneFile', `send one file, as the multipart field "${SIGNED_ORIGINAL_FIELD}"`);
    }
    return DomainError.invalid('file', 'multipart', `send the signed original as multipart/form-data with the file in the field "${SIGNED_ORIGINAL_FIELD}"`);
  }
}
