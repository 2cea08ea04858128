import { AttemptOutcome, OutboxStatus } from './notification.enums.js';

/** How one try at handing a message to the mail server ended. */
export type DeliveryResult =
  | { kind: 'SENT'; response: string }
  /** The server answered with a refusal (4xx: try later; 5xx: never). */
  | { kind: 'REFUSED'; code: number; response: string }
  /** It failed before the end of the message went to the server: certainly not delivered. */
  | { kind: 'NOT_HANDED_OVER'; error: string }
  /** The end of the message went, then no answer came (the connection dropped): it may have been delivered. */
  | { kind: 'UNCERTAIN'; error: string }
  /** Another sender took the message over before this one handed it over: this one stopped. */
  | { kind: 'LEASE_LOST' };

export interface RetryPolicy {
  maxAttempts: number;
  retrySeconds: number;
}

export interface NextStep {
  status: OutboxStatus.SENT | OutboxStatus.PENDING | OutboxStatus.FAILED | OutboxStatus.UNKNOWN;
  outcome: AttemptOutcome;
  /** When to try again (PENDING only). */
  nextAttemptAt: Date | null;
  /** What the outbox page shows as the last error; null once sent. */
  error: string | null;
}

/** The longest wait between tries, however many there have been. */
export const MAX_BACKOFF_SECONDS = 6 * 3600;

/** The wait before try `attempt + 1`: `retrySeconds`, doubling after each try, at most six hours. */
export function backoffSeconds(attempt: number, retrySeconds: number): number {
  return Math.min(retrySeconds * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_SECONDS);
}

/** What becomes of a message after try number `attempt` ended with `result` (not LEASE_LOST: that sender no longer owns it). Pure. */
export function afterAttempt(result: Exclude<DeliveryResult, { kind: 'LEASE_LOST' }>, attempt: number, policy: RetryPolicy, now: Date): NextStep {
  switch (result.kind) {
    case 'SENT':
      return { status: OutboxStatus.SENT, outcome: AttemptOutcome.SENT, nextAttemptAt: null, error: null };
    case 'REFUSED':
      if (result.code >= 500) return { status: OutboxStatus.FAILED, outcome: AttemptOutcome.FAILED, nextAttemptAt: null, error: `The mail server refused it: ${result.response}` };
      return retry(`The mail server asked to try later: ${result.response}`, attempt, policy, now);
    case 'NOT_HANDED_OVER':
      return retry(`Could not hand it to the mail server: ${result.error}`, attempt, policy, now);
    case 'UNCERTAIN':
      return {
        status: OutboxStatus.UNKNOWN,
        outcome: AttemptOutcome.UNKNOWN,
        nextAttemptAt: null,
        error: `The connection failed after the whole message was handed over (${result.error}): it may have been delivered, so it is not sent again`,
      };
  }
}

/**
 * A message found SENDING after its sender's lease ran out (the sender stopped or lost the
 * database). If that sender had handed it over, it may have been delivered: UNKNOWN, never sent
 * again by itself. If not, it certainly was not: it is tried again at once. Pure.
 */
export function afterLeaseExpired(handedOver: boolean, attempt: number, policy: RetryPolicy, now: Date): NextStep {
  if (handedOver) {
    return {
      status: OutboxStatus.UNKNOWN,
      outcome: AttemptOutcome.UNKNOWN,
      nextAttemptAt: null,
      error: 'The sender stopped after handing the whole message to the mail server: it may have been delivered, so it is not sent again',
    };
  }
  // The mail server was not at fault: no need to wait.
  return retry('The sender stopped before handing it to the mail server', attempt, policy, now, 0);
}

function retry(error: string, attempt: number, policy: RetryPolicy, now: Date, waitSeconds = backoffSeconds(attempt, policy.retrySeconds)): NextStep {
  if (attempt >= policy.maxAttempts) return { status: OutboxStatus.FAILED, outcome: AttemptOutcome.FAILED, nextAttemptAt: null, error: `${error} (gave up after ${attempt} tries)` };
  return { status: OutboxStatus.PENDING, outcome: AttemptOutcome.RETRY, nextAttemptAt: new Date(now.getTime() + waitSeconds * 1000), error };
}
