/** Why some bytes are not a PDF, or null when they look like one. Pure. */
export function notPdfReason(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'the file is empty';
  // At the very start, as the database's CHECK also requires (readers tolerate junk before it; evidence need not).
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return 'it does not start with a PDF header (%PDF-1.x or %PDF-2.x)';
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) return 'it has no PDF end-of-file marker (%%EOF): it is not a PDF, or it was cut short';
  const body = bytes.toString('latin1');
  if (!/\d+\s+\d+\s+obj\b/.test(body)) return 'it has no PDF objects';
  if (!/\bstartxref\s+\d+/.test(tail)) return 'it has no cross-reference offset (startxref)';
  return null;
}
