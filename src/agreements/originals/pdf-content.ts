/** Why some bytes are not a PDF, or null when they look like one. Pure. */
export function notPdfReason(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'the file is empty';
  // The header may follow a little junk (some scanners write a byte order mark); readers allow 1 KiB.
  const head = bytes.subarray(0, 1024).toString('latin1');
  const at = head.indexOf('%PDF-');
  if (at < 0 || !/^%PDF-[12]\.\d/.test(head.slice(at, at + 8))) return 'it does not start with a PDF header (%PDF-1.x or %PDF-2.x)';
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) return 'it has no PDF end-of-file marker (%%EOF): it is not a PDF, or it was cut short';
  const body = bytes.toString('latin1');
  if (!/\d+\s+\d+\s+obj\b/.test(body)) return 'it has no PDF objects';
  if (!/\bstartxref\s+\d+/.test(tail)) return 'it has no cross-reference offset (startxref)';
  return null;
}
