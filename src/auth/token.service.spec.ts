import { createHmac } from 'node:crypto';
import type { Clock } from '../common/clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { TokenService } from './token.service.js';

const START = new Date('2026-05-20T09:00:00.000Z');

function setup(secret = 'x'.repeat(40)) {
  const time = { now: START };
  const clock = { now: () => time.now } as Clock;
  const service = new TokenService({ tokenSecret: secret } as AppConfig, clock);
  return { service, time };
}

/** A session row's id and expiry, as SessionService.start gives them. */
const session = (seconds = 3600, id = 'session-1', from = START) => ({ id, expiresAt: new Date(from.getTime() + seconds * 1000) });

/** Swaps one character for another valid base64url character. */
function flipChar(text: string, index: number): string {
  const c = text[index];
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('TokenService', () => {
  it('issues a token that verifies back to its claims', () => {
    const { service } = setup();
    const { token, expiresAt } = service.issue('user-123', 7, session());
    expect(token).toMatch(/^acc1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(expiresAt).toEqual(new Date(START.getTime() + 3600 * 1000));
    expect(service.verify(token)).toEqual({ sub: 'user-123', tv: 7, exp: START.getTime() / 1000 + 3600, sid: 'session-1' });
  });

  it('rounds the expiry down to whole seconds', () => {
    const { service, time } = setup();
    time.now = new Date('2026-05-20T09:00:00.999Z');
    const { token, expiresAt } = service.issue('u', 1, session(3600, 's', time.now));
    expect(expiresAt).toEqual(new Date('2026-05-20T10:00:00.000Z'));
    expect(service.verify(token)?.exp).toBe(expiresAt.getTime() / 1000);
  });

  it('refuses a token whose body was changed', () => {
    const { service } = setup();
    const { token } = service.issue('user-123', 7, session());
    const [prefix, body, signature] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'user-admin', tv: 7, exp: START.getTime() / 1000 + 3600, sid: 'session-1' })).toString('base64url');
    expect(service.verify(`${prefix}.${forgedBody}.${signature}`)).toBeNull();
    expect(service.verify(`${prefix}.${flipChar(body, 5)}.${signature}`)).toBeNull();
  });

  it('refuses a token whose signature was changed, truncated or removed', () => {
    const { service } = setup();
    const { token } = service.issue('user-123', 7, session());
    const [prefix, body, signature] = token.split('.');
    expect(service.verify(`${prefix}.${body}.${flipChar(signature, 0)}`)).toBeNull();
    expect(service.verify(`${prefix}.${body}.${signature.slice(0, -1)}`)).toBeNull();
    expect(service.verify(`${prefix}.${body}.`)).toBeNull();
    expect(service.verify(`${prefix}.${body}`)).toBeNull();
  });

  it('refuses a token with another prefix', () => {
    const { service } = setup();
    const { token } = service.issue('user-123', 7, session());
    expect(service.verify(token.replace(/^acc1\./, 'acc2.'))).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const { service } = setup('x'.repeat(40));
    const { service: other } = setup('y'.repeat(40));
    expect(service.verify(other.issue('user-123', 7, session()).token)).toBeNull();
  });

  it('accepts a token until its expiry and refuses it from then on', () => {
    const { service, time } = setup();
    const { token, expiresAt } = service.issue('user-123', 7, session());
    time.now = new Date(expiresAt.getTime() - 1);
    expect(service.verify(token)).not.toBeNull();
    time.now = expiresAt;
    expect(service.verify(token)).toBeNull();
    time.now = new Date(expiresAt.getTime() + 24 * 3600 * 1000);
    expect(service.verify(token)).toBeNull();
  });

  it("lives as long as its session's row", () => {
    const { service, time } = setup();
    const { token } = service.issue('user-123', 7, session(60));
    time.now = new Date(START.getTime() + 61 * 1000);
    expect(service.verify(token)).toBeNull();
  });

  it.each(['', 'garbage', 'acc1', 'acc1..', 'acc1.x.y', 'Bearer acc1.a.b', '...', 'acc1.!!!.???'])('refuses %p', (token) => {
    expect(setup().service.verify(token)).toBeNull();
  });

  it('refuses a correctly signed body that does not hold valid claims', () => {
    const secret = 'x'.repeat(40);
    const { service } = setup(secret);
    // The documented token format, signed by hand with the same secret.
    const signed = (claims: unknown) => {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `acc1.${body}.${createHmac('sha256', secret).update(`acc1.${body}`).digest('base64url')}`;
    };
    const exp = START.getTime() / 1000 + 3600;
    expect(service.verify(signed({ sub: 'u', tv: 1, exp, sid: 's' }))).toEqual({ sub: 'u', tv: 1, exp, sid: 's' });
    // A token from before API tokens had rows names no session: it can be neither listed nor revoked, so it is refused.
    expect(service.verify(signed({ sub: 'u', tv: 1, exp }))).toBeNull();
    expect(service.verify(signed({ sub: 1, tv: 1, exp }))).toBeNull();
    expect(service.verify(signed({ sub: 'u', tv: '1', exp }))).toBeNull();
    expect(service.verify(signed({ sub: 'u', tv: 1 }))).toBeNull();
    expect(service.verify(signed(null))).toBeNull();
    expect(service.verify(signed('text'))).toBeNull();
    expect(service.verify(signed({ sub: 'u', tv: 1, exp, sid: 42 }))).toBeNull();
  });

  it('issues a token that names its session and lives exactly as long as the session may', () => {
    const { service, time } = setup();
    const expiresAt = new Date(START.getTime() + 600 * 1000);
    const { token, expiresAt: tokenExpiry } = service.issue('user-123', 7, { id: 'session-1', expiresAt });
    expect(tokenExpiry).toEqual(expiresAt);
    expect(service.verify(token)).toEqual({ sub: 'user-123', tv: 7, exp: expiresAt.getTime() / 1000, sid: 'session-1' });
    time.now = expiresAt;
    expect(service.verify(token)).toBeNull();
  });
});
