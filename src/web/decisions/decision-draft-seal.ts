import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DecisionDraft } from './decision-journey.js';

/**
 * A decision being recorded is kept in the browser, not on the server: the app runs as several
 * processes and holds nothing about the person before the decision is submitted. The draft is
 * sealed (compressed, then signed with an HMAC under a key derived from the server's token
 * secret, as the CSRF tokens are) and bound to the browser's session and user, so it cannot be
 * altered, nor carried to another session or user. It travels in a cookie, split in chunks when
 * long, and in a hidden field of the check-your-answers form, so a repeated submission records
 * the same decision once (the service is idempotent by the draft's client key).
 */

const VERSION = 'd1';
/** The cookie's name (with `-0`, `-1`, ... for its chunks) and path: only the decision pages receive it. */
export const DRAFT_COOKIE = 'accordant_decision';
export const DRAFT_COOKIE_PATH = '/decisions';
const CHUNK = 3800;
export const MAX_CHUNKS = 3;
/** The longest sealed draft kept: three cookies of under 4 KB each. */
export const MAX_SEALED_LENGTH = CHUNK * MAX_CHUNKS;

/** What a draft is bound to: the user and the session (or bearer) token of the browser that started it. */
export interface DraftBinding {
  userId: string;
  token: string;
}

function keyOf(secret: string): Buffer {
  return createHmac('sha256', secret).update('accordant decision draft key v1').digest();
}

function macOf(secret: string, payload: string, binding: DraftBinding): string {
  const bound = createHash('sha256').update(`${binding.userId}\n${binding.token}`).digest('base64url');
  return createHmac('sha256', keyOf(secret)).update(`${VERSION}.${payload}\n${bound}`).digest('base64url');
}

export function sealDraft(secret: string, draft: DecisionDraft, binding: DraftBinding): string {
  const payload = deflateRawSync(Buffer.from(JSON.stringify(draft))).toString('base64url');
  return `${VERSION}.${payload}.${macOf(secret, payload, binding)}`;
}

/** The draft a sealed value holds, or null when it is not one this server sealed for this binding. */
export function openDraft(secret: string, sealed: unknown, binding: DraftBinding): DecisionDraft | null {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH) return null;
  const [version, payload, mac, ...rest] = sealed.split('.');
  if (version !== VERSION || !payload || !mac || rest.length > 0) return null;
  const expected = Buffer.from(macOf(secret, payload, binding));
  const actual = Buffer.from(mac);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const draft = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8')) as DecisionDraft;
    return typeof draft?.clientKey === 'string' && Array.isArray(draft.done) ? draft : null;
  } catch {
    return null;
  }
}

/** The sealed value in cookie-sized chunks (at most MAX_CHUNKS). */
export function chunksOf(sealed: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < sealed.length; i += CHUNK) chunks.push(sealed.slice(i, i + CHUNK));
  return chunks;
}

export const chunkCookieName = (index: number) => `${DRAFT_COOKIE}-${index}`;
