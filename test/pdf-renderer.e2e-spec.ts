import { DomainError, ErrorCode } from '../src/common/errors/domain-error.js';
import { PdfRenderer } from '../src/documents/pdf-renderer.service.js';
import { pdfPages } from './support/pdf-text.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LAYOUT = { headerTemplate: '<span></span>', footerTemplate: '<span style="font-size:8px">Page <span class="pageNumber"></span></span>' };

/** The renderer on its own, with a real Chromium and a short time limit. */
describe('the PDF renderer', () => {
  let t: TestApp;
  let renderer: PdfRenderer;

  beforeAll(async () => {
    t = await startTestApp({ PDF_RENDER_TIMEOUT_MS: '1000', PDF_POOL_SIZE: '2', EXPIRY_SWEEP_SECONDS: '0' });
    renderer = t.app.get(PdfRenderer);
  });
  afterAll(async () => t.close());

  it('renders HTML to an A4 PDF with the footer on every page', async () => {
    const pdf = await renderer.render(`<h1>Hello</h1>${'<p>Line of text.</p>'.repeat(120)}`, LAYOUT);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1}`));
  });

  it('runs no script and fetches nothing the HTML points at', async () => {
    const pdf = await renderer.render(
      `<p id="t">static</p><script>document.getElementById('t').textContent = 'scripted'</script><img src="http://127.0.0.1:9/tracker.png" alt="">`,
      LAYOUT,
    );
    const text = (await pdfPages(pdf)).join(' ');
    expect(text).toContain('static');
    expect(text).not.toContain('scripted');
  });

  it('gives up on a render over the time limit with SERVICE_UNAVAILABLE, then renders again normally', async () => {
    const enormous = `<table>${'<tr><td>row</td><td>of a table far too long to print within a second</td></tr>'.repeat(150_000)}</table>`;
    const started = Date.now();
    const error = await renderer.render(enormous, LAYOUT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.ServiceUnavailable);
    expect((error as DomainError).message).toMatch(/longer than 1000 ms/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const pdf = await renderer.render('<p>After the timeout</p>', LAYOUT);
    expect((await pdfPages(pdf)).join(' ')).toContain('After the timeout');
  });

  it('serves concurrent renders through the pool', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4, 5].map((n) => renderer.render(`<p>Document ${n}</p>`, LAYOUT)));
    const texts = await Promise.all(pdfs.map(async (pdf) => (await pdfPages(pdf)).join(' ')));
    texts.forEach((text, i) => expect(text).toContain(`Document ${i + 1}`));
  });
});
