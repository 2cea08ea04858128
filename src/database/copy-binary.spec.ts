import { CopyBinaryWriter, type CopyType } from './copy-binary.js';

/** Reads COPY's binary format back, as the PostgreSQL documentation defines it ("COPY", "Binary Format"). */
function readCopy(data: Buffer, types: readonly CopyType[]): unknown[][] {
  expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  expect([data.readInt32BE(11), data.readInt32BE(15)]).toEqual([0, 0]);
  let at = 19;
  const rows: unknown[][] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    expect(fields).toBe(types.length);
    const row: unknown[] = [];
    for (const type of types) {
      const length = data.readInt32BE(at);
      at += 4;
      row.push(length === -1 ? null : decode(data.subarray(at, at + length), type));
      at += Math.max(length, 0);
    }
    rows.push(row);
  }
  expect(at).toBe(data.length);
  return rows;
}

function decode(value: Buffer, type: CopyType): unknown {
  switch (type) {
    case 'uuid':
      return value.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    case 'text':
      return value.toString('utf8');
    case 'timestamptz':
      return value.readBigInt64BE(0);
    case 'boolean':
      return value.length === 1 ? value[0] : 'bad length';
    case 'integer':
      return value.length === 4 ? value.readInt32BE(0) : 'bad length';
    case 'jsonb':
      return { version: value[0], json: JSON.parse(value.subarray(1).toString('utf8')) };
    case 'text[]': {
      const [dimensions, hasNull, elementType] = [value.readInt32BE(0), value.readInt32BE(4), value.readInt32BE(8)];
      expect([hasNull, elementType]).toEqual([0, 25]);
      if (dimensions === 0) return [];
      expect(dimensions).toBe(1);
      expect(value.readInt32BE(16)).toBe(1); // lower bound
      const items: string[] = [];
      let at = 20;
      for (let i = 0; i < value.readInt32BE(12); i += 1) {
        const length = value.readInt32BE(at);
        items.push(value.subarray(at + 4, at + 4 + length).toString('utf8'));
        at += 4 + length;
      }
      expect(at).toBe(value.length);
      return items;
    }
  }
}

/** PostgreSQL's timestamp: microseconds since 2000-01-01 UTC, worked out exactly. */
const microsFrom2000 = (iso: string) => BigInt(Date.parse(iso)) * 1000n - BigInt(Date.parse('2000-01-01T00:00:00Z')) * 1000n;

describe('CopyBinaryWriter', () => {
  const columns = ['id', 'name', 'at', 'items', 'flag', 'count', 'doc'];
  const types: CopyType[] = ['uuid', 'text', 'timestamptz', 'text[]', 'boolean', 'integer', 'jsonb'];

  it('writes each type in its binary form, and NULL as length -1', () => {
    const rows = [
      { id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff', name: 'Ünïcödé 🙂 tab\there', at: new Date('2026-11-22T08:15:30.123Z'), items: ['a', '"quoted", {x}', ''], flag: true, count: 100_000_000, doc: { q1: 'YES' } },
      { id: 'ABCDEF01-2345-6789-ABCD-EF0123456789', name: '', at: new Date('1999-12-31T23:59:59.999Z'), items: [], flag: false, count: 0, doc: null },
      { id: null, name: null, at: null, items: null, flag: null, count: null, doc: undefined },
    ];
    const writer = new CopyBinaryWriter(16); // far too small: it grows
    for (const row of rows) writer.row(row, columns, types);
    expect(readCopy(writer.finish(), types)).toEqual([
      ['0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff', 'Ünïcödé 🙂 tab\there', microsFrom2000('2026-11-22T08:15:30.123Z'), ['a', '"quoted", {x}', ''], 1, 100_000_000, { version: 1, json: { q1: 'YES' } }],
      ['abcdef01-2345-6789-abcd-ef0123456789', '', -1000n, [], 0, 0, null],
      [null, null, null, null, null, null, null],
    ]);
  });

  it('writes timestamps exactly across the range dates are accepted in (1900 to 2999), past the microseconds a double holds every integer of', () => {
    const instants = ['1900-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2000-01-01T00:00:00.001Z', '2285-06-04T23:47:16.854Z', '2999-12-31T23:59:59.999Z'];
    for (let ms = Date.parse('1900-01-01T00:00:00Z'); ms < Date.parse('3000-01-01T00:00:00Z'); ms += 7_777_777_777_777 / 997) {
      instants.push(new Date(Math.floor(ms)).toISOString());
    }
    const writer = new CopyBinaryWriter(1024);
    for (const at of instants) writer.row({ at: new Date(at) }, ['at'], ['timestamptz']);
    expect(readCopy(writer.finish(), ['timestamptz']).map(([value]) => value)).toEqual(instants.map(microsFrom2000));
  });
});
