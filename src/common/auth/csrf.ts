import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens for forms, stateless so any app instance checks what another issued.
 *
 * A form's token is an HMAC, under a key derived from the server secret, of what the browser
 * holds in an httpOnly cookie: the session token once signed in, or before that (the sign-in
 * form) a random pre-session nonce in its own cookie. Another site can make the browser send
 * those cookies but can neither read them nor compute the HMAC, so it cannot send the token.
 * The token changes with the session, so one taken from a page before sign-out or before
 * signing in as someone else is refused.
 */

/** The hidden form field and, for scripts, the header that carry the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The pre-session nonce's cookie. */
export const CSRF_NONCE_COOKIE = 'accordant_csrf';

/** What a token is bound to: the session cookie when the browser has one, otherwise the pre-session nonce. */
export type CsrfBinding = { kind: 'session'; value: string } | { kind: 'pre-session'; value: string };

/** The binding for the cookies a request carries; null when it carries neither. */
export function csrfBindingOf(cookies: { session?: string; nonce?: string }): CsrfBinding | null {
  if (cookies.session) return { kind: 'session', value: cookies.session };
  if (cookies.nonce) return { kind: 'pre-session', value: cookies.nonce };
  return null;
}

/** A fresh pre-session nonce (for the nonce cookie). */
export function newCsrfNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The token a form carries for this binding. */
export function csrfToken(secret: string, binding: CsrfBinding): string {
  const key = createHmac('sha256', secret).update('accordant csrf key v1').digest();
  return createHmac('sha256', key).update(`${binding.kind}\n${binding.value}`).digest('base64url');
}

/** Whether `submitted` is the token for this binding (in constant time). No binding, or no token: false. */
export function csrfTokenMatches(secret: string, binding: CsrfBinding | null, submitted: unknown): boolean {
  if (!binding || typeof submitted !== 'string' || submitted === '') return false;
  const expected = Buffer.from(csrfToken(secret, binding));
  const actual = Buffer.from(submitted);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
