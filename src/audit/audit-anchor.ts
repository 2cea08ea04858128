import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

/**
 * A signed checkpoint of the audit chain, kept outside the database: the head (its sequence and
 * hash) at a time, and the first keyed sequence. Whoever rewrites or cuts the chain cannot move
 * the anchors the operator keeps, nor sign new ones without the key.
 */
export interface AuditAnchor {
  sequence: string;
  headHash: string;
  keyedFrom: string;
  anchoredAt: string;
  signature: string;
}

export type AnchorFields = Omit<AuditAnchor, 'signature'>;

/** Why the chain no longer holds what an anchor recorded. */
export type AnchorBreakReason = 'ANCHOR_SIGNATURE_INVALID' | 'KEYED_FROM_MISMATCH' | 'CHAIN_SHORTER_THAN_ANCHOR' | 'ANCHOR_HASH_MISMATCH';

export interface AnchorBreak {
  /** The first entry affected; null when the anchor itself cannot be trusted. */
  sequence: string | null;
  reason: AnchorBreakReason;
}

// Separates anchor signatures from entry hashes made with the same key.
const DOMAIN = 'accordant-audit-anchor\n';

function signatureOf(fields: AnchorFields, key: Buffer): string {
  const { sequence, headHash, keyedFrom, anchoredAt } = fields;
  return createHmac('sha256', key).update(DOMAIN + canonicalJson({ sequence, headHash, keyedFrom, anchoredAt })).digest('hex');
}

export function signAnchor(fields: AnchorFields, key: Buffer): AuditAnchor {
  return { ...fields, signature: signatureOf(fields, key) };
}

/** The anchor a line of the anchor file holds, if it is one signed with `key`; null otherwise. */
export function readAnchorLine(line: string, key: Buffer): AuditAnchor | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  const fields = ['sequence', 'headHash', 'keyedFrom', 'anchoredAt', 'signature'] as const;
  if (!fields.every((f) => Object.hasOwn(candidate, f) && typeof candidate[f] === 'string')) return null;
  const anchor = candidate as unknown as AuditAnchor;
  if (!/^[1-9][0-9]*$/.test(anchor.sequence) || !/^[1-9][0-9]*$/.test(anchor.keyedFrom)) return null;
  const expected = Buffer.from(signatureOf(anchor, key), 'hex');
  const given = Buffer.from(anchor.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? anchor : null;
}

/**
 * Compares the chain as the database now holds it with the latest anchor: the cut-over to keyed
 * hashes must not have moved, and the anchored entry must still be there with the anchored hash.
 * A deleted tail is shorter than the anchor; a tail deleted and written again differs at it.
 */
export function compareWithAnchor(
  anchor: AuditAnchor,
  chain: { keyedFrom: bigint; headSequence: bigint; hashAtAnchor: string | null },
): AnchorBreak | null {
  const keyedFrom = BigInt(anchor.keyedFrom);
  if (keyedFrom !== chain.keyedFrom) {
    const first = keyedFrom < chain.keyedFrom ? keyedFrom : chain.keyedFrom;
    return { sequence: first.toString(), reason: 'KEYED_FROM_MISMATCH' };
  }
  if (chain.headSequence < BigInt(anchor.sequence)) return { sequence: (chain.headSequence + 1n).toString(), reason: 'CHAIN_SHORTER_THAN_ANCHOR' };
  if (chain.hashAtAnchor !== anchor.headHash) return { sequence: anchor.sequence, reason: 'ANCHOR_HASH_MISMATCH' };
  return null;
}
