import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DecisionDraft } from './decision-journey.js';

/**
 * A decision being recorded is kept in the browser, not on the server: the app runs as several
 * processes and holds nothing about the person before the decision is submitted. The draft is
 * sealed: compressed, encrypted (AES-256-GCM, so what was typed cannot be read from the cookie)
 * and signed with an HMAC, both under keys derived from the server's token secret as the CSRF
 * tokens' key is, and bound to the user, so it cannot be altered nor used by anyone else. It
 * survives a session timing out and signing in again (nothing typed is lost), but not past
 * `maxAgeMs` after the journey started. It travels in a cookie, split in chunks when long, and
 * in a hidden field of the check-your-answers form, so a repeated submission records the same
 * decision once (the service is idempotent by the draft's client key).
 */

const VERSION = 'd1';
/** The cookie's name (with `-0`, `-1`, ... for its chunks) and path: only the decision pages receive it. */
export const DRAFT_COOKIE = 'accordant_decision';
export const DRAFT_COOKIE_PATH = '/decisions';
const CHUNK = 3800;
export const MAX_CHUNKS = 3;
/** The longest sealed draft kept: three cookies of under 4 KB each. */
export const MAX_SEALED_LENGTH = CHUNK * MAX_CHUNKS;

/** Clocks of app instances may differ by this much. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Who a draft belongs to. */
export interface DraftBinding {
  userId: string;
}

const keysOf = (secret: string) => ({
  encryption: createHmac('sha256', secret).update('accordant decision draft encryption key v1').digest(),
  signing: createHmac('sha256', secret).update('accordant decision draft key v1').digest(),
});

const boundTo = (binding: DraftBinding) => createHash('sha256').update(`decision draft of\n${binding.userId}`).digest();

function macOf(secret: string, payload: string, binding: DraftBinding): string {
  return createHmac('sha256', keysOf(secret).signing).update(`${VERSION}.${payload}\n`).update(boundTo(binding)).digest('base64url');
}

export function sealDraft(secret: string, draft: DecisionDraft, binding: DraftBinding): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keysOf(secret).encryption, iv);
  cipher.setAAD(boundTo(binding));
  const encrypted = Buffer.concat([cipher.update(deflateRawSync(Buffer.from(JSON.stringify(draft)))), cipher.final()]);
  const payload = Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64url');
  return `${VERSION}.${payload}.${macOf(secret, payload, binding)}`;
}

/**
 * The draft a sealed value holds, or null when it is not one this server sealed for this user, or
 * it was started more than `maxAgeMs` before `now`.
 */
export function openDraft(secret: string, sealed: unknown, binding: DraftBinding, now: Date, maxAgeMs: number): DecisionDraft | null {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH) return null;
  const [version, payload, mac, ...rest] = sealed.split('.');
  if (version !== VERSION || !payload || !mac || rest.length > 0) return null;
  const expected = Buffer.from(macOf(secret, payload, binding));
  const actual = Buffer.from(mac);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keysOf(secret).encryption, bytes.subarray(0, 12));
    decipher.setAAD(boundTo(binding));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const json = inflateRawSync(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()])).toString('utf8');
    const draft = JSON.parse(json) as DecisionDraft;
    if (typeof draft?.clientKey !== 'string' || !Array.isArray(draft.done)) return null;
    const age = now.getTime() - new Date(draft.startedAt).getTime();
    return age >= -CLOCK_SKEW_MS && age <= maxAgeMs ? draft : null;
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
