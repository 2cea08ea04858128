import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Caller } from '../common/auth/caller.js';
import { canReadAuditLog } from '../common/auth/access-policy.js';
import { Clock } from '../common/clock/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { preparedQuery } from '../database/prepared-query.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Connection } from '../common/pagination/connection.type.js';
import { paginate } from '../common/pagination/keyset.js';
import { compareWithAnchor, readAnchorLine, signAnchor, type AnchorBreak, type AuditAnchor } from './audit-anchor.js';
import { AuditAnchorFile } from './audit-anchor-file.js';
import { entryPrefix, findChainBreak, GENESIS_HASH, type ChainBreak, type ChainKeying } from './audit-chain.js';
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
export const AUDIT_APPEND_ARITY = 11;

/** The text of the `audit_append(…)` call with its parameters numbered from `first`, for a statement prepared ahead. */
export function auditAppendCall(first: number): string {
  return `audit_append(${Array.from({ length: AUDIT_APPEND_ARITY }, (_, i) => `$${first + i}`).join(', ')})`;
}

/** The chain checked from its start or from the latest anchor, and what the anchor file holds. */
interface ChainCheck {
  verification: AuditChainVerification;
  /** The last entry checked (the anchor's, when checking from it found nothing newer). */
  last: { sequence: bigint; hash: string };
  anchor: AuditAnchor | null;
  keyedFrom: bigint;
}

@Injectable()
export class AuditService {
  /** The HMAC key: sent with each append (never stored in the database) and used to verify. */
  private readonly key: Buffer;
  private readonly anchors: AuditAnchorFile;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = Buffer.from(config.audit.key, 'utf8');
    this.anchors = new AuditAnchorFile(config.audit.anchorFile);
  }

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
      this.key,
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

  /**
   * Re-hashes the whole chain in order and reports the first entry that does not match, then
   * compares it with the latest anchor: a chain rewritten without the key fails at its first
   * rewritten entry, a deleted tail is shorter than the anchor.
   */
  async verifyChain(caller: Caller): Promise<AuditChainVerification> {
    this.assertCanRead(caller);
    return (await this.check('start')).verification;
  }

  /**
   * Checks the entries since the latest anchor and appends a new anchor at the head; writes
   * nothing when nothing is new, and nothing (returning why) when the chain no longer holds the
   * latest anchor, so a rewritten or shortened chain is never anchored as if it were whole.
   */
  async writeAnchor(): Promise<{ anchor: AuditAnchor | null; problem: AuditChainVerification | null }> {
    const { verification, last, anchor, keyedFrom } = await this.check('latestAnchor');
    if (!verification.valid) return { anchor: null, problem: verification };
    if (last.sequence === 0n || (anchor && BigInt(anchor.sequence) === last.sequence)) return { anchor: null, problem: null };
    const next = signAnchor(
      { sequence: last.sequence.toString(), headHash: last.hash, keyedFrom: keyedFrom.toString(), anchoredAt: this.clock.now().toISOString() },
      this.key,
    );
    this.anchors.append(next);
    return { anchor: next, problem: null };
  }

  private async check(from: 'start' | 'latestAnchor'): Promise<ChainCheck> {
    const line = this.anchors.lastLine();
    const anchor = line === null ? null : readAnchorLine(line, this.key);
    const [facts] = (await this.dataSource.query(
      `SELECT (SELECT keyed_from::text FROM audit_chain_cutover) AS keyed_from, (SELECT max(sequence)::text FROM audit_entry) AS head,
              (SELECT hash FROM audit_entry WHERE sequence = $1) AS hash_at_anchor`,
      [anchor?.sequence ?? '0'],
    )) as { keyed_from: string | null; head: string | null; hash_at_anchor: string | null }[];
    // Without the cut-over row every entry must carry the key: deleting it hides nothing.
    const keying: ChainKeying = { key: this.key, keyedFrom: BigInt(facts.keyed_from ?? '1') };
    const start = from === 'latestAnchor' && anchor ? { hash: anchor.headHash, sequence: BigInt(anchor.sequence) } : { hash: GENESIS_HASH, sequence: 0n };
    const result = (verification: Omit<AuditChainVerification, 'anchoredSequence' | 'anchoredAt'>, last = start): ChainCheck => ({
      verification: { ...verification, anchoredSequence: anchor?.sequence ?? null, anchoredAt: anchor ? new Date(anchor.anchoredAt) : null },
      last,
      anchor,
      keyedFrom: keying.keyedFrom,
    });
    const broken = (checked: number, chainBreak: AnchorBreak | ChainBreak) =>
      result({ valid: false, entriesChecked: checked, firstBrokenSequence: chainBreak.sequence, reason: chainBreak.reason });

    if (line !== null && !anchor) return broken(0, { sequence: null, reason: 'ANCHOR_SIGNATURE_INVALID' });
    const chain = { keyedFrom: keying.keyedFrom, headSequence: BigInt(facts.head ?? '0'), hashAtAnchor: facts.hash_at_anchor };
    const anchorBreak = anchor ? compareWithAnchor(anchor, chain) : null;
    if (anchorBreak?.reason === 'KEYED_FROM_MISMATCH') return broken(0, anchorBreak);

    const repository = this.dataSource.getRepository(AuditEntry);
    let previous = start;
    let checked = 0;
    for (;;) {
      const batch = await repository
        .createQueryBuilder('a')
        .where('a.sequence > :after', { after: previous.sequence.toString() })
        .orderBy('a.sequence', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      const chainBreak = findChainBreak(batch, previous, keying);
      if (chainBreak) {
        const position = batch.findIndex((e) => e.sequence === chainBreak.sequence);
        return broken(checked + position, chainBreak);
      }
      checked += batch.length;
      if (batch.length > 0) {
        const last = batch[batch.length - 1];
        previous = { hash: last.hash, sequence: BigInt(last.sequence) };
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    // After the walk, so an edited entry is named as such rather than as a changed head.
    if (anchorBreak) return broken(checked, anchorBreak);
    return result({ valid: true, entriesChecked: checked, firstBrokenSequence: null, reason: null }, previous);
  }

  private assertCanRead(caller: Caller): void {
    if (!canReadAuditLog(caller)) throw DomainError.forbidden('Only a SYSTEM_ADMIN may read the audit log');
  }
}

/** What jsonb will give back: dates as ISO strings, no undefined, no class instances. */
function plainJson(value: unknown): Record<string, unknown> | null {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
