// The part of multer (shipped with @nestjs/platform-express) that the upload middleware uses.
declare module 'multer' {
  import type { Request, RequestHandler } from 'express';

  interface MulterOptions {
    limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number };
  }

  interface MulterInstance {
    single(field: string): RequestHandler;
  }

  interface MulterError extends Error {
    code: 'LIMIT_FILE_SIZE' | 'LIMIT_FILE_COUNT' | 'LIMIT_FIELD_COUNT' | 'LIMIT_FIELD_VALUE' | 'LIMIT_PART_COUNT' | 'LIMIT_UNEXPECTED_FILE' | string;
    field?: string;
  }

  interface Multer {
    (options?: MulterOptions): MulterInstance;
    MulterError: new (...args: unknown[]) => MulterError;
  }

  const multer: Multer;
  export default multer;
  export type { Request };
}
