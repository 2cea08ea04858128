import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditAnchor } from './audit-anchor.js';

/** Enough for the last line of an anchor file (an anchor is about 300 bytes). */
const TAIL_BYTES = 16 * 1024;

/**
 * The file of anchors, one JSON line each, appended to and never rewritten: the operator keeps it
 * (and may ship it elsewhere). Only its last line is read.
 */
export class AuditAnchorFile {
  constructor(readonly path: string) {}

  append(anchor: AuditAnchor): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  }

  /** The last line written; null when there is no file or nothing in it. */
  lastLine(): string | null {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '');
      return lines.at(-1) ?? null;
    } finally {
      closeSync(fd);
    }
  }
}
