import { SessionKind } from './session-kind.js';
import { sessionExpired, sessionNeedsTouch, TOUCH_INTERVAL_SECONDS } from './session.service.js';

const T0 = new Date('2026-05-20T09:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const IDLE = 900;

describe('sessionExpired', () => {
  const session = { kind: SessionKind.BROWSER, lastSeenAt: T0, expiresAt: at(3600) };

  it('keeps a session within its idle timeout', () => {
    expect(sessionExpired(session, T0, IDLE)).toBe(false);
    expect(sessionExpired(session, at(IDLE - 1), IDLE)).toBe(false);
  });

  it('ends a session idle for the timeout', () => {
    expect(sessionExpired(session, at(IDLE), IDLE)).toBe(true);
    expect(sessionExpired(session, at(IDLE + 3600), IDLE)).toBe(true);
  });

  it('ends a session at its absolute expiry, however recently it was used', () => {
    const busy = { kind: SessionKind.BROWSER, lastSeenAt: at(3599), expiresAt: at(3600) };
    expect(sessionExpired(busy, at(3599.999), IDLE)).toBe(false);
    expect(sessionExpired(busy, at(3600), IDLE)).toBe(true);
  });
});

describe('sessionExpired for an API token', () => {
  const token = { kind: SessionKind.API_TOKEN, lastSeenAt: T0, expiresAt: at(8 * 3600) };

  it('has no idle timeout: a program may call hours apart', () => {
    expect(sessionExpired(token, at(IDLE), IDLE)).toBe(false);
    expect(sessionExpired(token, at(8 * 3600 - 1), IDLE)).toBe(false);
  });

  it('ends at its expiry', () => {
    expect(sessionExpired(token, at(8 * 3600), IDLE)).toBe(true);
  });
});

describe('sessionNeedsTouch', () => {
  it('records activity at most once a touch interval', () => {
    const session = { kind: SessionKind.BROWSER, lastSeenAt: T0, expiresAt: at(3600) };
    expect(sessionNeedsTouch(session, T0)).toBe(false);
    expect(sessionNeedsTouch(session, at(TOUCH_INTERVAL_SECONDS - 1))).toBe(false);
    expect(sessionNeedsTouch(session, at(TOUCH_INTERVAL_SECONDS))).toBe(true);
  });

  it('touches often enough that an active session never looks idle (the interval is well under the shortest timeout)', () => {
    expect(TOUCH_INTERVAL_SECONDS * 2).toBeLessThan(300);
  });
});
