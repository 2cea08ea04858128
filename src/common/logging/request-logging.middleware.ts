import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * One structured line per HTTP request: never the body, which may hold a password. A plain
 * express middleware, first of all, and only where the level logs it (`log` and below): below
 * that it would cost every request a listener and a timer for a line never written.
 */
export function requestLogging(): (req: Request, res: Response, next: NextFunction) => void {
  const logger = new Logger('HTTP');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: a handler mounted at a path (GraphQL's at /graphql) sees, and leaves, the URL without it.
    const path = req.path;
    res.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log({
        message: 'request',
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    next();
  };
}
