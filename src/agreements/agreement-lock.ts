import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { Agreement } from './agreement.entity.js';
import { transition, type LifecycleEvent } from './lifecycle/agreement-lifecycle.js';

/**
 * Reads the agreement under a row lock for the rest of the transaction, so concurrent
 * submissions, signatures and edits of one agreement take turns and each sees the last one's result.
 * FOR UPDATE, so rollup writes under it (bulk recordings and folds of pending decisions, which read
 * their agreements FOR KEY SHARE: see rollupWrites) wait, and count into the partnership it is in
 * when the change commits.
 */
export async function lockAgreement(em: EntityManager, agreementId: string): Promise<Agreement> {
  const agreement = await em.findOne(Agreement, { where: { id: agreementId }, lock: { mode: 'pessimistic_write' } });
  if (!agreement) throw DomainError.notFound('Agreement', agreementId);
  return agreement;
}

/** Applies a lifecycle event to the agreement in memory, or refuses with CONFLICT and the state machine's reason. */
export function applyLifecycle(agreement: Agreement, event: LifecycleEvent): { activatesVersion: boolean } {
  const result = transition({ status: agreement.status, variation: agreement.variationStatus }, event);
  if (!result.allowed) throw DomainError.conflict(result.reason);
  agreement.status = result.next.status;
  agreement.variationStatus = result.next.variation;
  return { activatesVersion: result.activatesVersion };
}

/** Refuses a stale draft revision: someone else changed the draft since the caller read it. */
export function assertRevision(agreement: Agreement, expectedRevision: number): void {
  if (agreement.draftRevision !== expectedRevision) {
    throw DomainError.conflict(
      `expectedRevision: the draft is at revision ${agreement.draftRevision}, not ${expectedRevision}: someone else changed it; reload it and apply your change again`,
      [{ field: 'expectedRevision', rule: 'current', message: `the draft is at revision ${agreement.draftRevision}` }],
    );
  }
}
