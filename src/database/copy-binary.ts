/**
 * Rows in COPY's binary format (PostgreSQL docs, "COPY", "Binary Format"): each value as its
 * type's send form, so the server parses no text (uuid, timestamp and array input were a sixth
 * of its work on a bulk copy) and nothing needs escaping. The types the ledger writes, and only
 * those, a timestamp given as a Date: a value must already be valid for its column (the callers validate their input), since
 * a bad one would not be caught here but by the server, or not at all.
 */
export type CopyType = 'uuid' | 'text' | 'timestamptz' | 'text[]' | 'boolean' | 'integer' | 'jsonb';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** pg_type OID of text: an array's elements must name their type. */
const TEXT_OID = 25;
/** jsonb's binary form: a version byte, then the JSON text. */
const JSONB_VERSION = 1;
/** PostgreSQL's epoch (2000-01-01 UTC) in Unix milliseconds: timestamps are microseconds from it. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_32 = 0x1_0000_0000;

/** A hex digit's value by character code (either case); other characters are never given (ids are validated). */
const HEX = new Uint8Array(128);
for (let i = 0; i < 16; i += 1) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Node's own UTF-8 writer, without Buffer#write's argument handling (which doubles its cost for short strings). */
type Utf8Writable = Buffer & { utf8Write(text: string, offset: number): number };

/** A big-endian 32-bit integer at `at`; the next offset. Byte stores: writeInt32BE checks its arguments on every call. */
function int32(buffer: Buffer, at: number, value: number): number {
  buffer[at] = value >>> 24;
  buffer[at + 1] = value >>> 16;
  buffer[at + 2] = value >>> 8;
  buffer[at + 3] = value;
  return at + 4;
}

/**
 * A growing buffer of one COPY's data. Strings are sized at three bytes a UTF-16 unit at most
 * (UTF-8 never needs more), so a field's room is reserved before it is written.
 */
export class CopyBinaryWriter {
  private buffer: Utf8Writable;
  private at = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(expectedBytes, 1024)) as Utf8Writable;
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.writeInt32BE(0, SIGNATURE.length); // flags
    this.buffer.writeInt32BE(0, SIGNATURE.length + 4); // header extension length
    this.at = SIGNATURE.length + 8;
  }

  /** One row: `record`'s values of `columns`, of the given types. */
  row(record: Readonly<Record<string, unknown>>, columns: readonly string[], types: readonly CopyType[]): void {
    this.room(2);
    this.buffer[this.at] = columns.length >>> 8;
    this.buffer[this.at + 1] = columns.length;
    this.at += 2;
    for (let c = 0; c < columns.length; c += 1) this.value(record[columns[c]], types[c]);
  }

  /** The whole COPY, its trailer written. */
  finish(): Buffer {
    this.room(2);
    this.at = this.buffer.writeInt16BE(-1, this.at);
    return this.buffer.subarray(0, this.at);
  }

  private value(value: unknown, type: CopyType): void {
    if (value === null || value === undefined) {
      this.room(4);
      this.at = int32(this.buffer, this.at, -1);
      return;
    }
    switch (type) {
      case 'uuid':
        this.room(20);
        this.at = int32(this.buffer, this.at, 16);
        this.uuid(value as string);
        return;
      case 'text':
        this.text(value as string);
        return;
      case 'timestamptz':
        this.room(12);
        this.at = int32(this.buffer, this.at, 8);
        this.timestamp((value as Date).getTime());
        return;
      case 'text[]':
        this.textArray(value as readonly string[]);
        return;
      case 'boolean':
        this.room(5);
        this.at = int32(this.buffer, this.at, 1);
        this.buffer[this.at++] = value ? 1 : 0;
        return;
      case 'integer':
        this.room(8);
        this.at = int32(this.buffer, this.at, 4);
        this.at = int32(this.buffer, this.at, value as number);
        return;
      case 'jsonb': {
        const json = JSON.stringify(value);
        this.room(5 + 3 * json.length);
        const lengthAt = this.at;
        this.buffer[lengthAt + 4] = JSONB_VERSION;
        const written = this.buffer.utf8Write(json, lengthAt + 5);
        int32(this.buffer, lengthAt, written + 1);
        this.at = lengthAt + 5 + written;
        return;
      }
    }
  }

  /** A length-prefixed UTF-8 string (a text value, or an array element). */
  private text(text: string): void {
    this.room(4 + 3 * text.length);
    const written = this.buffer.utf8Write(text, this.at + 4);
    int32(this.buffer, this.at, written);
    this.at += 4 + written;
  }

  /** A one-dimensional text array (no NULL elements), or an empty one (no dimensions). */
  private textArray(items: readonly string[]): void {
    this.room(4 + 20);
    const lengthAt = this.at;
    this.at = int32(this.buffer, lengthAt + 4, items.length === 0 ? 0 : 1); // dimensions
    this.at = int32(this.buffer, this.at, 0); // no NULL elements
    this.at = int32(this.buffer, this.at, TEXT_OID);
    if (items.length > 0) {
      this.at = int32(this.buffer, this.at, items.length);
      this.at = int32(this.buffer, this.at, 1); // lower bound
    }
    for (let i = 0; i < items.length; i += 1) this.text(items[i]);
    int32(this.buffer, lengthAt, this.at - lengthAt - 4);
  }

  /** 8-4-4-4-12 hex digits as 16 bytes. */
  private uuid(id: string): void {
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i += 1;
      buffer[at++] = (HEX[id.charCodeAt(i)] << 4) | HEX[id.charCodeAt(i + 1)];
    }
    this.at = at;
  }

  /**
   * Microseconds from PostgreSQL's epoch as a signed 64-bit integer, from Unix milliseconds. Past
   * 2^53 (dates after 2285) a double no longer holds every integer, but a whole number of
   * milliseconds times 1000 is a multiple of 8, held exactly up to 2^56 (the year 4284).
   */
  private timestamp(unixMs: number): void {
    const micros = (unixMs - POSTGRES_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_32);
    this.at = int32(this.buffer, this.at, high);
    this.at = int32(this.buffer, this.at, micros - high * TWO_32);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes)) as Utf8Writable;
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}
