import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '../src/common/errors/domain-error.js';
import { PdfRenderer } from '../src/documents/pdf-renderer.service.js';
import { RenderSlots } from '../src/documents/render-slots.service.js';
import { pdfPages, pdfStructure } from './support/pdf-text.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A page number in the footer, written as the documents write theirs: in the page's own CSS. */
const FOOTER = '<style>@page { margin: 20mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8px; } }</style>';

const ENORMOUS = `<table>${'<tr><td>row</td><td>of a table far too long to print within a second</td></tr>'.repeat(150_000)}</table>`;

/** The renderer on its own, with a real Chromium and a short time limit. */
describe('the PDF renderer', () => {
  let t: TestApp;
  let renderer: PdfRenderer;

  beforeAll(async () => {
    t = await startTestApp({ PDF_RENDER_TIMEOUT_MS: '1000', PDF_POOL_SIZE: '2', PDF_QUEUE_LIMIT: '2', EXPIRY_SWEEP_SECONDS: '0' });
    renderer = t.app.get(PdfRenderer);
  });
  afterAll(async () => t.close());

  it('renders HTML to an A4 PDF with the footer on every page', async () => {
    const pdf = await renderer.render(`${FOOTER}<h1>Hello</h1>${'<p>Line of text.</p>'.repeat(120)}`);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    // Tagged: the heading is in the structure tree.
    expect(await pdfStructure(pdf)).toEqual({ marked: true, roles: expect.arrayContaining(['H1']) });
  });

  it('runs no script and fetches nothing the HTML points at', async () => {
    const pdf = await renderer.render(
      `<p id="t">static</p><script>document.getElementById('t').textContent = 'scripted'</script><img src="http://127.0.0.1:9/tracker.png" alt="">`,
    );
    const text = (await pdfPages(pdf)).join(' ');
    expect(text).toContain('static');
    expect(text).not.toContain('scripted');
  });

  it('gives up on a render over the time limit with SERVICE_UNAVAILABLE, closing its page but not the browser', async () => {
    const pid = await renderer.browserProcessId();
    const error = await renderer.render(ENORMOUS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.ServiceUnavailable);
    expect((error as DomainError).message).toMatch(/longer than 1000 ms/);
    expect((error as DomainError).details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await renderer.browserProcessId()).toBe(pid);
    const pdf = await renderer.render('<p>After the timeout</p>');
    expect((await pdfPages(pdf)).join(' ')).toContain('After the timeout');
  });

  it('lets other renders finish while one times out', async () => {
    const pid = await renderer.browserProcessId();
    const hung = renderer.render(ENORMOUS).then(
      () => 'rendered',
      (e: unknown) => (e as DomainError).code,
    );
    // One after another on the other page, until the hung render has given up.
    const texts: string[] = [];
    let settled = false;
    void hung.then(() => (settled = true));
    for (let n = 1; !settled || n <= 2; n += 1) texts.push((await pdfPages(await renderer.render(`<p>Beside it ${n}</p>`))).join(' '));
    expect(await hung).toBe(ErrorCode.ServiceUnavailable);
    texts.forEach((text, i) => expect(text).toContain(`Beside it ${i + 1}`));
    expect(await renderer.browserProcessId()).toBe(pid);
  });

  it('lets one owner have a single render in flight, in any instance (TOO_MANY_REQUESTS for a second)', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const slots = t.app.get(RenderSlots);
    // A render for `a` is in flight, here or in another instance: its slot is in the database.
    await slots.take(a);
    const second = await renderer.render('<p>Second</p>', a).then(
      () => null,
      (e: unknown) => e as DomainError,
    );
    expect(second?.code).toBe(ErrorCode.TooManyRequests);
    expect(second?.details.retryAfterSeconds).toBeGreaterThan(0);
    expect((await pdfPages(await renderer.render('<p>Someone else</p>', b))).join(' ')).toContain('Someone else');
    await slots.release(a);
    // Done, so the owner may render again; a finished render gives its slot back.
    expect((await pdfPages(await renderer.render('<p>Again</p>', a))).join(' ')).toContain('Again');
    expect((await t.db.query('SELECT user_id FROM document_render_slot')).rows).toEqual([]);
  });

  it('refuses renders beyond the queue limit with SERVICE_UNAVAILABLE and a retry delay', async () => {
    // Pool 2, queue 2: two render, two wait, the fifth is refused at once.
    const accepted = [1, 2, 3, 4].map((n) => renderer.render(`<p>Queued ${n}</p>`));
    const refused = await renderer.render('<p>Fifth</p>').then(
      () => null,
      (e: unknown) => e as DomainError,
    );
    expect(refused?.code).toBe(ErrorCode.ServiceUnavailable);
    expect(refused?.message).toMatch(/Too many documents/);
    expect(refused?.details.retryAfterSeconds).toBeGreaterThan(0);
    const texts = await Promise.all(accepted.map(async (pdf) => (await pdfPages(await pdf)).join(' ')));
    texts.forEach((text, i) => expect(text).toContain(`Queued ${i + 1}`));
  });

  it('serves concurrent renders through the pool', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4].map((n) => renderer.render(`<p>Document ${n}</p>`)));
    const texts = await Promise.all(pdfs.map(async (pdf) => (await pdfPages(pdf)).join(' ')));
    texts.forEach((text, i) => expect(text).toContain(`Document ${i + 1}`));
  });
});
