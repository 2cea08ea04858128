import { notPdfReason } from './pdf-content.js';

const pdf = (header = '%PDF-1.4\n') =>
  Buffer.from(`${header}1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 1\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n`, 'latin1');

describe('notPdfReason', () => {
  it('accepts a PDF by its content', () => {
    expect(notPdfReason(pdf())).toBeNull();
    expect(notPdfReason(pdf('%PDF-2.0\n'))).toBeNull();
  });

  it('refuses a header that is not at the very start', () => {
    expect(notPdfReason(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), pdf()]))).toBe('it does not start with a PDF header (%PDF-1.x or %PDF-2.x)');
  });

  it('refuses an empty file', () => {
    expect(notPdfReason(Buffer.alloc(0))).toBe('the file is empty');
  });

  it('refuses other content whatever it is called', () => {
    expect(notPdfReason(Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1'))).toBe('it does not start with a PDF header (%PDF-1.x or %PDF-2.x)');
    expect(notPdfReason(Buffer.from('%PDF-x.y nonsense %%EOF'))).toBe('it does not start with a PDF header (%PDF-1.x or %PDF-2.x)');
  });

  it('refuses a PDF cut short', () => {
    const whole = pdf();
    expect(notPdfReason(whole.subarray(0, whole.length - 12))).toBe('it has no PDF end-of-file marker (%%EOF): it is not a PDF, or it was cut short');
  });

  it('refuses a header and trailer with nothing between', () => {
    expect(notPdfReason(Buffer.from('%PDF-1.7\nstartxref\n0\n%%EOF'))).toBe('it has no PDF objects');
    expect(notPdfReason(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF'))).toBe('it has no cross-reference offset (startxref)');
  });
});
