import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import { entryHash, entryPrefix, findChainBreak, GENESIS_HASH, type ChainedFields, type ChainKeying } from './audit-chain.js';

const KEY = Buffer.from('k'.repeat(32));
const KEYED: ChainKeying = { key: KEY, keyedFrom: 1n };

type Entry = ChainedFields & { hash: string };

function fields(overrides: Partial<ChainedFields> = {}): ChainedFields {
  return {
    sequence: '1',
    occurredAt: new Date('2026-03-01T10:15:30.123Z'),
    actorUserId: 'user-1',
    actorOrganisationId: 'org-1',
    action: 'organisation.updated',
    entityType: 'Organisation',
    entityId: 'org-1',
    before: { name: 'Old name', address: { town: 'Leeds', postcode: 'LS1 1AA' } },
    after: { name: 'New name', address: { town: 'Leeds', postcode: 'LS1 1AA' } },
    previousHash: GENESIS_HASH,
    ...overrides,
  };
}

/** A valid chain of `count` entries following `previous`, built the way the database builds it: keyed from `keying.keyedFrom`. */
function chain(count: number, previous = { hash: GENESIS_HASH, sequence: 0n }, keying = KEYED): Entry[] {
  const entries: Entry[] = [];
  let previousHash = previous.hash;
  for (let i = 1; i <= count; i++) {
    const sequence = (previous.sequence + BigInt(i)).toString();
    const entry = fields({
      sequence,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      entityId: `entity-${sequence}`,
      after: { n: i },
      previousHash,
    });
    const hash = entryHash(entry, BigInt(sequence) >= keying.keyedFrom ? keying.key : null);
    entries.push({ ...entry, hash });
    previousHash = hash;
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, including inside arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined properties as JSON does, and writes top-level undefined as null', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps array order, since order in an array is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('entryHash', () => {
  it('hashes the canonical JSON of every chained field: the prefix the database completes is that text', () => {
    const entry = fields({ sequence: '42', previousHash: 'ab'.repeat(32) });
    const { sequence, previousHash, ...rest } = entry;
    const whole = canonicalJson({ ...rest, occurredAt: entry.occurredAt.toISOString(), sequence, previousHash });
    expect(entryHash(entry, KEY)).toBe(createHmac('sha256', KEY).update(whole).digest('hex'));
    expect(entryHash(entry, null)).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(`${entryPrefix(rest)}"previousHash":"${previousHash}","sequence":"${sequence}"}`).toBe(whole);
  });

  it('is a 64-character hex HMAC-SHA256 and the same every time for the same content', () => {
    const hash = entryHash(fields(), KEY);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(fields(), KEY)).toBe(hash);
  });

  it('does not depend on the order of keys in before/after, at any depth', () => {
    const reordered = fields({
      before: { address: { postcode: 'LS1 1AA', town: 'Leeds' }, name: 'Old name' },
      after: { address: { postcode: 'LS1 1AA', town: 'Leeds' }, name: 'New name' },
    });
    expect(entryHash(reordered, KEY)).toBe(entryHash(fields(), KEY));
  });

  it('treats missing before/after the same as null', () => {
    expect(entryHash(fields({ before: undefined, after: undefined }), KEY)).toBe(entryHash(fields({ before: null, after: null }), KEY));
  });

  const changes: [keyof ChainedFields, unknown][] = [
    ['sequence', '2'],
    ['occurredAt', new Date('2026-03-01T10:15:30.124Z')],
    ['actorUserId', 'user-2'],
    ['actorUserId', null],
    ['actorOrganisationId', 'org-2'],
    ['action', 'organisation.created'],
    ['entityType', 'User'],
    ['entityId', 'org-2'],
    ['entityId', null],
    ['before', { name: 'Old name', address: { town: 'York', postcode: 'LS1 1AA' } }],
    ['before', null],
    ['after', { name: 'New name!', address: { town: 'Leeds', postcode: 'LS1 1AA' } }],
    ['previousHash', 'f'.repeat(64)],
  ];

  it.each(changes)('changes when %s changes (to %p)', (field, value) => {
    expect(entryHash(fields({ [field]: value }), KEY)).not.toBe(entryHash(fields(), KEY));
  });

  it('tells before and after apart (swapping them changes the hash)', () => {
    const original = fields();
    expect(entryHash(fields({ before: original.after, after: original.before }), KEY)).not.toBe(entryHash(original, KEY));
  });
});

describe('findChainBreak', () => {
  const genesis = { hash: GENESIS_HASH, sequence: 0n };

  it('returns null for a valid chain built with entryHash', () => {
    expect(findChainBreak(chain(5), genesis, KEYED)).toBeNull();
  });

  it('returns null for an empty run', () => {
    expect(findChainBreak([], genesis, KEYED)).toBeNull();
  });

  it('finds an edited field as HASH_MISMATCH at that entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], after: { n: 999 } };
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '3', reason: 'HASH_MISMATCH' });
  });

  it('finds an edited hash as HASH_MISMATCH', () => {
    const entries = chain(3);
    entries[0] = { ...entries[0], hash: 'a'.repeat(64) };
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '1', reason: 'HASH_MISMATCH' });
  });

  it('finds a relinked entry (rehashed to look valid on its own) as PREVIOUS_HASH_MISMATCH', () => {
    const entries = chain(5);
    const relinked = { ...entries[3], previousHash: entries[1].hash };
    entries[3] = { ...relinked, hash: entryHash(relinked, KEY) };
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '4', reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  it('finds a missing entry as SEQUENCE_GAP at the entry after the gap', () => {
    const entries = chain(5);
    entries.splice(2, 1); // drop sequence 3
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '4', reason: 'SEQUENCE_GAP' });
  });

  it('finds a missing first entry as SEQUENCE_GAP', () => {
    expect(findChainBreak(chain(3).slice(1), genesis, KEYED)).toEqual({ sequence: '2', reason: 'SEQUENCE_GAP' });
  });

  it('reports only the first break when there are several', () => {
    const entries = chain(6);
    entries[4] = { ...entries[4], action: 'tampered' };
    entries[1] = { ...entries[1], action: 'tampered' };
    entries.splice(5, 1);
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '2', reason: 'HASH_MISMATCH' });
  });

  it('checks a run that starts after a non-genesis previous entry', () => {
    const whole = chain(10);
    const previous = { hash: whole[6].hash, sequence: 7n };
    const run = whole.slice(7);
    expect(findChainBreak(run, previous, KEYED)).toBeNull();

    expect(findChainBreak(run, { hash: GENESIS_HASH, sequence: 7n }, KEYED)).toEqual({ sequence: '8', reason: 'PREVIOUS_HASH_MISMATCH' });
    expect(findChainBreak(run, { hash: whole[6].hash, sequence: 6n }, KEYED)).toEqual({ sequence: '8', reason: 'SEQUENCE_GAP' });
  });

  it('handles sequences beyond Number.MAX_SAFE_INTEGER', () => {
    const previous = { hash: 'b'.repeat(64), sequence: 9007199254740993n };
    const entries = chain(3, previous);
    expect(entries[0].sequence).toBe('9007199254740994');
    expect(findChainBreak(entries, previous, KEYED)).toBeNull();
    expect(findChainBreak(entries.slice(1), previous, KEYED)).toEqual({ sequence: '9007199254740995', reason: 'SEQUENCE_GAP' });
  });

  it('finds a chain rewritten without the key (SHA-256, or another key) at the first rewritten entry', () => {
    const entries = chain(6);
    for (const rewrite of [null, Buffer.from('w'.repeat(32))]) {
      const forged = entries.map((e) => ({ ...e }));
      forged[2].after = { n: 'edited' };
      for (let i = 2; i < forged.length; i++) {
        forged[i].previousHash = forged[i - 1].hash;
        forged[i].hash = entryHash(forged[i], rewrite);
      }
      expect(findChainBreak(forged, genesis, KEYED)).toEqual({ sequence: '3', reason: 'HASH_MISMATCH' });
    }
  });

  it('checks entries before the cut-over with SHA-256 and from it on with the key', () => {
    const keying = { key: KEY, keyedFrom: 4n };
    const entries = chain(6, genesis, keying);
    expect(findChainBreak(entries, genesis, keying)).toBeNull();
    expect(findChainBreak(entries, genesis, KEYED)).toEqual({ sequence: '1', reason: 'HASH_MISMATCH' });
    expect(findChainBreak(entries, genesis, { key: KEY, keyedFrom: 7n })).toEqual({ sequence: '4', reason: 'HASH_MISMATCH' });
  });
});
