import { createHash, randomBytes } from 'node:crypto';

/** What a link to set a password is for: a new user's first password, or a forgotten one. */
export enum PasswordLinkPurpose {
  INVITATION = 'INVITATION',
  RESET = 'RESET',
}

/** How long a link works: an invitation 72 hours, a reset 1 hour. */
export const LINK_LIFETIME_MS: Record<PasswordLinkPurpose, number> = {
  [PasswordLinkPurpose.INVITATION]: 72 * 3_600_000,
  [PasswordLinkPurpose.RESET]: 3_600_000,
};

/** Reset links a user may have open at once: more requests send nothing, so nobody floods an inbox. */
export const MAX_OPEN_RESET_LINKS = 3;

/** A token as it appears in a link: 32 random bytes, base64url (43 characters). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The answer to every link that cannot be used: expired, used, unknown, or for another address. */
export const LINK_REFUSED = 'This link cannot be used: it has expired, it has already been used, or it was sent to a different email address. Ask for a new one with "Forgotten your password?" on the sign-in page';

export function newLinkToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/** Only this is stored: a database reader cannot use a link from it. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function setPasswordPath(token: string): string {
  return `/password/set/${token}`;
}

export interface StoredLink {
  expiresAt: Date;
  usedAt: Date | null;
  userEmail: string;
  userActive: boolean;
}

/** Whether a link found by its token may set the password of the account `email` names, at `now`. */
export function linkUsable(link: StoredLink | null, email: string, now: Date): boolean {
  if (!link || link.usedAt || !link.userActive) return false;
  if (link.expiresAt.getTime() <= now.getTime()) return false;
  return link.userEmail === email.trim().toLowerCase();
}
