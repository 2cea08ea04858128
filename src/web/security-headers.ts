import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';

/**
 * Pages load scripts, styles, images and fonts from this site only, run no inline script or
 * style, post forms only here, and may not be framed. The NHS fonts (Frutiger, licensed for
 * nhs.uk only) are not fetched: the design system falls back to Arial.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers on every response. Outside production, /graphql keeps no CSP so Apollo Sandbox (scripts from its CDN) works. */
export function securityHeaders(config: AppConfig): (request: Request, response: Response, next: NextFunction) => void {
  const sandbox = config.mode !== 'production';
  return (request, response, next) => {
    if (!(sandbox && request.path === '/graphql')) response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (config.secureCookies) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
