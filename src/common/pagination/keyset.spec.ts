import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor } from './keyset.js';

function decodeError(cursor: string, arity: number): DomainError {
  try {
    decodeCursor(cursor, arity);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`expected decodeCursor(${JSON.stringify(cursor)}, ${arity}) to throw`);
}

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it.each<[(string | number)[]]>([
    [['Leeds Teaching Hospitals', '4f1c2d3e-0000-4000-8000-000000000001']],
    [[42]],
    [['2026-01-01T00:00:00.000Z', -1.5, 'ünïcödé ✓ "quoted" / slashed']],
    [['', 0]],
  ])('round-trips %j', (values) => {
    expect(decodeCursor(encodeCursor(values), values.length)).toEqual(values);
  });

  it('produces URL-safe opaque text', () => {
    expect(encodeCursor(['a/b+c?', 'é'.repeat(20)])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each<[string, string, number]>([
    ['garbage', 'not a cursor!!', 1],
    ['empty text', '', 1],
    ['valid base64 of non-JSON', Buffer.from('hello').toString('base64url'), 1],
    ['too few values', encodeCursor(['a']), 2],
    ['too many values', encodeCursor(['a', 'b', 'c']), 2],
    ['a JSON object rather than a list', raw({ 0: 'a', length: 1 }), 1],
    ['a bare string', raw('a'), 1],
    ['null', raw(null), 1],
    ['an object value', raw([{ id: 1 }]), 1],
    ['a nested list value', raw([['a']]), 1],
    ['a null value', raw([null]), 1],
    ['a boolean value', raw([true]), 1],
  ])('refuses %s with BAD_USER_INPUT on field "after"', (_name, cursor, arity) => {
    const error = decodeError(cursor, arity);
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.fields?.[0].field).toBe('after');
    expect(error.details.fields?.[0].rule).toBe('cursor');
    expect(error.message).toBe('after: is not a cursor this list returned');
  });
});
