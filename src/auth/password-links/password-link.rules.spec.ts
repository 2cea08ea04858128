import { LINK_LIFETIME_MS, linkUsable, newLinkToken, PasswordLinkPurpose, setPasswordPath, TOKEN_SHAPE, tokenHash } from './password-link.rules.js';

describe('password links', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const link = { expiresAt: new Date('2026-03-01T13:00:00Z'), usedAt: null, userEmail: 'jo@trust.example', userActive: true };

  it('a token is random, URL-safe and stored only as its SHA-256', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).toMatch(TOKEN_SHAPE);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toEqual(tokenHash(a.token));
    expect(a.hash.toString('base64url')).not.toContain(a.token);
    expect(setPasswordPath(a.token)).toBe(`/password/set/${a.token}`);
  });

  it('an invitation works for 72 hours, a reset for 1', () => {
    expect(LINK_LIFETIME_MS[PasswordLinkPurpose.INVITATION]).toBe(72 * 3_600_000);
    expect(LINK_LIFETIME_MS[PasswordLinkPurpose.RESET]).toBe(3_600_000);
  });

  it('a link works once, until it expires, for its own address only, of an active account', () => {
    expect(linkUsable(link, 'jo@trust.example', now)).toBe(true);
    expect(linkUsable(link, '  Jo@Trust.Example ', now)).toBe(true);
    expect(linkUsable(null, 'jo@trust.example', now)).toBe(false);
    expect(linkUsable({ ...link, usedAt: now }, 'jo@trust.example', now)).toBe(false);
    expect(linkUsable(link, 'jo@trust.example', link.expiresAt)).toBe(false);
    expect(linkUsable(link, 'sam@trust.example', now)).toBe(false);
    expect(linkUsable({ ...link, userActive: false }, 'jo@trust.example', now)).toBe(false);
  });
});
