import { AttemptOutcome, OutboxStatus } from './notification.enums.js';
import { afterAttempt, afterLeaseExpired, backoffSeconds, MAX_BACKOFF_SECONDS } from './outbox-retry.js';

const policy = { maxAttempts: 4, retrySeconds: 60 };
const now = new Date('2026-12-07T10:00:00Z');
const plus = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('outbox retries', () => {
  it('doubles the wait after each try, up to six hours', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(attempt, 60))).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(30, 60)).toBe(MAX_BACKOFF_SECONDS);
  });

  it('marks a message the server accepted as sent', () => {
    expect(afterAttempt({ kind: 'SENT', response: '250 OK' }, 1, policy, now)).toEqual({ status: OutboxStatus.SENT, outcome: AttemptOutcome.SENT, nextAttemptAt: null, error: null });
  });

  it('tries again later after a temporary refusal or a failure before handing over', () => {
    expect(afterAttempt({ kind: 'REFUSED', code: 451, response: '451 try later' }, 2, policy, now)).toMatchObject({ status: OutboxStatus.PENDING, outcome: AttemptOutcome.RETRY, nextAttemptAt: plus(120) });
    expect(afterAttempt({ kind: 'NOT_HANDED_OVER', error: 'ECONNREFUSED' }, 1, policy, now)).toMatchObject({ status: OutboxStatus.PENDING, nextAttemptAt: plus(60) });
  });

  it('gives up after the last try', () => {
    expect(afterAttempt({ kind: 'NOT_HANDED_OVER', error: 'ECONNREFUSED' }, 4, policy, now)).toMatchObject({ status: OutboxStatus.FAILED, outcome: AttemptOutcome.FAILED, nextAttemptAt: null });
  });

  it('gives up at once when the server refuses for good', () => {
    expect(afterAttempt({ kind: 'REFUSED', code: 550, response: '550 no such user' }, 1, policy, now)).toMatchObject({ status: OutboxStatus.FAILED, error: expect.stringContaining('550 no such user') });
  });

  it('never sends again a message that may have been delivered', () => {
    expect(afterAttempt({ kind: 'UNCERTAIN', error: 'connection closed' }, 1, policy, now)).toMatchObject({ status: OutboxStatus.UNKNOWN, nextAttemptAt: null });
    expect(afterLeaseExpired(true, 1, policy, now)).toMatchObject({ status: OutboxStatus.UNKNOWN, outcome: AttemptOutcome.UNKNOWN });
  });

  it('tries again a message whose sender stopped before handing it over', () => {
    expect(afterLeaseExpired(false, 1, policy, now)).toMatchObject({ status: OutboxStatus.PENDING, outcome: AttemptOutcome.RETRY, nextAttemptAt: now });
    expect(afterLeaseExpired(false, 4, policy, now)).toMatchObject({ status: OutboxStatus.FAILED });
  });
});
