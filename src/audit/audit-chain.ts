import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers. */
export interface ChainedFields {
  sequence: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  previousHash: string;
}

/**
 * HMAC-SHA256 under the audit key over a canonical serialisation, so the same content always
 * hashes the same and nobody without the key can compute it; plain SHA-256 (`key` null) for
 * entries written before the chain was keyed.
 */
export function entryHash(entry: ChainedFields, key: Buffer | null): string {
  const text = canonicalText(entryPrefix(entry), entry.previousHash, entry.sequence);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex');
}

/**
 * The canonical JSON of an entry up to its link to the chain. Keys sort, so `previousHash` and
 * `sequence` come last: the database appends them once it holds the append lock (the
 * `audit_append` function), and the whole is the same text `entryHash` hashes.
 */
export function entryPrefix(entry: Omit<ChainedFields, 'sequence' | 'previousHash'>): string {
  const head = canonicalJson({
    occurredAt: entry.occurredAt.toISOString(),
    actorUserId: entry.actorUserId,
    actorOrganisationId: entry.actorOrganisationId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  return `${head.slice(0, -1)},`;
}

function canonicalText(prefix: string, previousHash: string, sequence: string): string {
  return `${prefix}"previousHash":${JSON.stringify(previousHash)},"sequence":${JSON.stringify(sequence)}}`;
}

export interface ChainBreak {
  sequence: string;
  reason: 'HASH_MISMATCH' | 'PREVIOUS_HASH_MISMATCH' | 'SEQUENCE_GAP';
}

/** How a chain is hashed: with `key` from sequence `keyedFrom` on, plain SHA-256 before it. */
export interface ChainKeying {
  key: Buffer;
  keyedFrom: bigint;
}

/**
 * Checks a run of entries in sequence order, starting after `previous` (the hash and sequence
 * of the entry before the run, or the genesis values). Returns the first break, if any.
 */
export function findChainBreak(
  entries: (ChainedFields & { hash: string })[],
  previous: { hash: string; sequence: bigint },
  keying: ChainKeying,
): ChainBreak | null {
  let expectedPrevious = previous.hash;
  let expectedSequence = previous.sequence + 1n;
  for (const entry of entries) {
    if (BigInt(entry.sequence) !== expectedSequence) return { sequence: entry.sequence, reason: 'SEQUENCE_GAP' };
    if (entry.previousHash !== expectedPrevious) return { sequence: entry.sequence, reason: 'PREVIOUS_HASH_MISMATCH' };
    const key = expectedSequence >= keying.keyedFrom ? keying.key : null;
    if (entryHash(entry, key) !== entry.hash) return { sequence: entry.sequence, reason: 'HASH_MISMATCH' };
    expectedPrevious = entry.hash;
    expectedSequence += 1n;
  }
  return null;
}
