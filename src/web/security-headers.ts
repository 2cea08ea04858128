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

/** Security headers on every response, worked out once. Outside production, /graphql keeps no CSP so Apollo Sandbox (scripts from its CDN) works. */
export function securityHeaders(config: AppConfig): (request: Request, response: Response, next: NextFunction) => void {
  const sandbox = config.mode !== 'production';
  const others: [string, string][] = [
    ['X-Frame-Options', 'DENY'],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ...(config.secureCookies ? [['Strict-Transport-Security', 'max-age=31536000'] as [string, string]] : []),
  ];
  const all: [string, string][] = [['Content-Security-Policy', CONTENT_SECURITY_POLICY], ...others];
  return (request, response, next) => {
    for (const [name, value] of sandbox && request.path === '/graphql' ? others : all) response.setHeader(name, value);
    next();
  };
}
