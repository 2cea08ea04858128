import { CSRF_FIELD, csrfBindingOf, csrfToken, csrfTokenMatches, newCsrfNonce, type CsrfBinding } from './csrf.js';

const SECRET = 'k'.repeat(40);
const SESSION: CsrfBinding = { kind: 'session', value: 'acc1.body.signature' };
const PRE_SESSION: CsrfBinding = { kind: 'pre-session', value: 'nonce-nonce-nonce' };

describe('csrfBindingOf', () => {
  it('binds to the session cookie when there is one, even beside a nonce', () => {
    expect(csrfBindingOf({ session: 'acc1.x.y', nonce: 'n' })).toEqual({ kind: 'session', value: 'acc1.x.y' });
  });

  it('binds to the pre-session nonce before sign-in', () => {
    expect(csrfBindingOf({ nonce: 'n' })).toEqual({ kind: 'pre-session', value: 'n' });
  });

  it('has nothing to bind to without either cookie', () => {
    expect(csrfBindingOf({})).toBeNull();
    expect(csrfBindingOf({ session: '', nonce: '' })).toBeNull();
  });
});

describe('csrfToken and csrfTokenMatches', () => {
  it('gives a URL-safe token that the same binding accepts', () => {
    const token = csrfToken(SECRET, SESSION);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenMatches(SECRET, SESSION, token)).toBe(true);
  });

  it('is stable: another instance with the same secret gives and accepts the same token', () => {
    expect(csrfToken(SECRET, SESSION)).toBe(csrfToken(SECRET, { ...SESSION }));
  });

  it('does not contain the session token it is bound to', () => {
    expect(csrfToken(SECRET, SESSION)).not.toContain(SESSION.value);
  });

  it('refuses a token for another session, or from before sign-in', () => {
    const token = csrfToken(SECRET, SESSION);
    expect(csrfTokenMatches(SECRET, { kind: 'session', value: 'acc1.other.session' }, token)).toBe(false);
    expect(csrfTokenMatches(SECRET, SESSION, csrfToken(SECRET, PRE_SESSION))).toBe(false);
  });

  it('keeps the two kinds apart even for the same cookie value', () => {
    const value = 'same-value';
    expect(csrfToken(SECRET, { kind: 'session', value })).not.toBe(csrfToken(SECRET, { kind: 'pre-session', value }));
  });

  it('refuses a token made with another secret', () => {
    expect(csrfTokenMatches(SECRET, SESSION, csrfToken('o'.repeat(40), SESSION))).toBe(false);
  });

  it('is not the plain HMAC of the cookie under the token secret (the key is derived)', async () => {
    const { createHmac } = await import('node:crypto');
    const plain = createHmac('sha256', SECRET).update(`session\n${SESSION.value}`).digest('base64url');
    expect(csrfToken(SECRET, SESSION)).not.toBe(plain);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', ['a']],
    ['a number', 42],
    ['truncated', 'x'],
    ['too long', 'x'.repeat(200)],
  ])('refuses a token that is %s', (_name, submitted) => {
    expect(csrfTokenMatches(SECRET, SESSION, submitted)).toBe(false);
  });

  it('refuses a token changed in one character', () => {
    const token = csrfToken(SECRET, PRE_SESSION);
    const changed = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(csrfTokenMatches(SECRET, PRE_SESSION, changed)).toBe(false);
  });

  it('refuses everything when the request carries nothing to bind to', () => {
    expect(csrfTokenMatches(SECRET, null, csrfToken(SECRET, SESSION))).toBe(false);
  });
});

describe('newCsrfNonce', () => {
  it('is random and cookie-safe', () => {
    const a = newCsrfNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfNonce()).not.toBe(a);
  });

  it('names the form field forms carry', () => {
    expect(CSRF_FIELD).toBe('_csrf');
  });
});
