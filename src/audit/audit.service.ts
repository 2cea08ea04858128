import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Caller } from '../common/auth/caller.js';
import { canReadAuditLog } from '../common/auth/access-policy.js';
import { Clock } from '../common/clock/clock.js';
import { preparedQuery } from '../database/prepared-query.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Connection } from '../common/pagination/connection.type.js';
import { paginate } from '../common/pagination/keyset.js';
import { entryPrefix, findChainBreak, GENESIS_HASH } from './audit-chain.js';
import { AuditEntry } from './audit-entry.entity.js';
import type { AuditChainVerification } from './dto/audit-chain-verification.type.js';
import type { AuditEntriesArgs } from './dto/audit-entries.args.js';

// Serialises appends across every instance, so the chain never forks.
const AUDIT_APPEND_LOCK_KEY = 0x61756469;
const VERIFY_BATCH = 2000;

export interface AuditedChange {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The number of parameters `audit_append` takes. */
export const AUDIT_APPEND_ARITY = 10;

/** The text of the `audit_append(…)` call with its parameters numbered from `first`, for a statement prepared ahead. */
export function auditAppendCall(first: number): string {
  return `audit_append(${Array.from({ length: AUDIT_APPEND_ARITY }, (_, i) => `$${first + i}`).join(', ')})`;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends an entry inside the caller's transaction: if the change rolls back, so does its
   * entry. The lock is held until that transaction ends.
   */
  async record(manager: EntityManager, actor: Actor, change: AuditedChange): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit entries are written inside the change’s transaction');
    const { call, parameters } = this.appendCall(actor, change, 1);
    // One round trip under the append lock, which is held until commit and so delays every other change.
    await preparedQuery(manager, 'audit.append', `SELECT ${call}`, parameters);
  }

  /**
   * The `audit_append(…)` call that writes `change`, for a statement that makes the change itself
   * (so the append lock is taken at its very end), with its parameters numbered from `first`.
   * The call's text depends only on `first`.
   */
  appendCall(actor: Actor, change: AuditedChange, first: number): { call: string; parameters: unknown[] } {
    const entry = {
      occurredAt: this.clock.now(),
      actorUserId: actor?.userId ?? null,
      actorOrganisationId: actor?.organisationId ?? null,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: plainJson(change.before),
      after: plainJson(change.after),
    };
    const parameters = [
      AUDIT_APPEND_LOCK_KEY,
      entryPrefix(entry),
      entry.occurredAt,
      entry.actorUserId,
      entry.actorOrganisationId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
    ];
    return { call: auditAppendCall(first), parameters };
  }

  async entries(caller: Caller, args: AuditEntriesArgs): Promise<Connection<AuditEntry>> {
    this.assertCanRead(caller);
    const query = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (args.entityType) query.andWhere('a.entity_type = :entityType', { entityType: args.entityType });
    if (args.entityId) query.andWhere('a.entity_id = :entityId', { entityId: args.entityId });
    if (args.actorUserId) query.andWhere('a.actor_user_id = :actorUserId', { actorUserId: args.actorUserId });
    return paginate(query, [{ column: 'a.sequence', valueOf: (e) => e.sequence }], args);
  }

  /** Re-hashes the whole chain in order and reports the first entry that does not match. */
  async verifyChain(caller: Caller): Promise<AuditChainVerification> {
    this.assertCanRead(caller);
    const repository = this.dataSource.getRepository(AuditEntry);
    let previous = { hash: GENESIS_HASH, sequence: 0n };
    let checked = 0;
    for (;;) {
      const batch = await repository
        .createQueryBuilder('a')
        .where('a.sequence > :after', { after: previous.sequence.toString() })
        .orderBy('a.sequence', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      const chainBreak = findChainBreak(batch, previous);
      if (chainBreak) {
        const position = batch.findIndex((e) => e.sequence === chainBreak.sequence);
        return { valid: false, entriesChecked: checked + position, firstBrokenSequence: chainBreak.sequence, reason: chainBreak.reason };
      }
      checked += batch.length;
      if (batch.length < VERIFY_BATCH) return { valid: true, entriesChecked: checked, firstBrokenSequence: null, reason: null };
      const last = batch[batch.length - 1];
      previous = { hash: last.hash, sequence: BigInt(last.sequence) };
    }
  }

  private assertCanRead(caller: Caller): void {
    if (!canReadAuditLog(caller)) throw DomainError.forbidden('Only a SYSTEM_ADMIN may read the audit log');
  }
}

/** What jsonb will give back: dates as ISO strings, no undefined, no class instances. */
function plainJson(value: unknown): Record<string, unknown> | null {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
