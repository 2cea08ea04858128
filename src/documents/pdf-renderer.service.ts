import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Browser, Page } from 'puppeteer-core';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { unpackedChromium } from './chromium-binary.js';
import { RenderSlots } from './render-slots.service.js';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-zygote',
  '--no-first-run',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--font-render-hinting=none',
];

/** A page is closed after this many renders, so a renderer's memory cannot creep up over thousands of documents. */
const RENDERS_PER_PAGE = 25;

class RenderTimeout extends Error {}

/**
 * HTML to PDF through one long-lived headless Chromium and a small pool of pages. The HTML brings
 * its own page size, margins and running header and footer (CSS `@page` margin boxes, see
 * templates/documents/partials/running-heads.hbs), which costs Chromium less than its own header
 * and footer templates. A render over the time limit closes its own page only (renders on other
 * pages go on); a crashed browser is relaunched and the render tried once more. Each owner (a
 * user) has at most one render in flight (TOO_MANY_REQUESTS), and at most `pdfQueueLimit`
 * renders wait for a page (SERVICE_UNAVAILABLE), both with a retry delay. The pool only limits
 * this process's load: nothing about correctness depends on it.
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger('PdfRenderer');
  private browser: Promise<Browser> | null = null;
  private idlePages: Page[] = [];
  private readonly rendersByPage = new WeakMap<Page, number>();
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly slots: RenderSlots,
  ) {}

  /** `owner` (a user id) may have one render in flight at a time, across every app instance. */
  async render(html: string, owner?: string): Promise<Buffer> {
    if (owner !== undefined) await this.slots.take(owner);
    try {
      if (this.busy >= this.config.documents.pdfPoolSize && this.waiting.length >= this.config.documents.pdfQueueLimit) {
        throw new DomainError(ErrorCode.ServiceUnavailable, 'Too many documents are being rendered; try again shortly', { retryAfterSeconds: 5 });
      }
      return await this.renderOrRetry(html);
    } finally {
      if (owner !== undefined) await this.slots.release(owner);
    }
  }

  private async renderOrRetry(html: string): Promise<Buffer> {
    try {
      return await this.attempt(html);
    } catch (first) {
      // Rendering it again would only take as long again; its page is already closed.
      if (first instanceof RenderTimeout) throw this.timedOut();
      this.logger.warn({ message: 'PDF render failed; relaunching the browser and trying once more', error: String(first) });
      await this.relaunch();
      try {
        return await this.attempt(html);
      } catch (second) {
        if (second instanceof RenderTimeout) throw this.timedOut();
        this.logger.error({ message: 'PDF render failed twice', error: String(second) });
        await this.relaunch();
        throw new DomainError(ErrorCode.ServiceUnavailable, 'The document could not be rendered (the browser failed); try again shortly', { retryAfterSeconds: 5 });
      }
    }
  }

  private timedOut(): DomainError {
    this.logger.warn({ message: 'PDF render timed out; its page was closed', timeoutMs: this.config.documents.pdfRenderTimeoutMs });
    return new DomainError(ErrorCode.ServiceUnavailable, `The document could not be rendered (took longer than ${this.config.documents.pdfRenderTimeoutMs} ms); try again shortly`, {
      retryAfterSeconds: 5,
    });
  }

  /** The browser's process id, for operators (and the crash test). */
  async browserProcessId(): Promise<number | null> {
    const browser = await this.browserInstance();
    return browser.process()?.pid ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => undefined);
  }

  private async attempt(html: string): Promise<Buffer> {
    await this.acquire();
    let page: Page | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const browser = await this.browserInstance();
      page = this.idlePages.pop() ?? (await this.newPage(browser));
      const current = page;
      const work = (async () => {
        await current.setContent(html, { waitUntil: 'load' });
        // Tagged: the PDF keeps its structure tree (headings, tables, reading order) for assistive technology.
        return current.pdf({ format: 'A4', printBackground: true, tagged: true, preferCSSPageSize: true });
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RenderTimeout('render timed out')), this.config.documents.pdfRenderTimeoutMs);
      });
      const pdf = await Promise.race([work, timeout]);
      const renders = (this.rendersByPage.get(current) ?? 0) + 1;
      if (renders < RENDERS_PER_PAGE) {
        this.rendersByPage.set(current, renders);
        this.idlePages.push(current);
        page = undefined;
      }
      return Buffer.from(pdf);
    } finally {
      clearTimeout(timer);
      if (page) await this.close(page);
      this.release();
    }
  }

  /** A page that will not close (its renderer hung past recall) takes the browser with it. */
  private async close(page: Page): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      page.close().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 5000))),
    ]);
    clearTimeout(timer);
    if (!closed && !page.isClosed()) {
      this.logger.warn({ message: 'a PDF page would not close; relaunching the browser' });
      await this.relaunch();
    }
  }

  /** Pages run no script and fetch nothing: a document is exactly the HTML we give it. */
  private async newPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  }

  private browserInstance(): Promise<Browser> {
    this.browser ??= this.launch();
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    const executablePath = this.config.documents.chromiumPath ?? (await unpackedChromium());
    // Loaded with the first render rather than at start (about 0.2 s of every start otherwise).
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      executablePath,
      headless: 'shell',
      args: LAUNCH_ARGS,
      protocolTimeout: this.config.documents.pdfRenderTimeoutMs + 30_000,
      // Over a pipe rather than a WebSocket, Chromium exits when the pipe closes: when this process
      // dies, even by SIGKILL, the browser goes with it instead of living on as an orphan.
      pipe: true,
      // The app closes the browser itself on shutdown, after renders in flight finish (main.ts); puppeteer would kill it at once.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    browser.once('disconnected', () => {
      if (this.browser) this.logger.warn({ message: 'the PDF browser disconnected; it will be relaunched on the next render' });
      this.forget(browser);
    });
    this.logger.log({ message: 'PDF browser launched', pid: browser.process()?.pid ?? null });
    return browser;
  }

  private async relaunch(): Promise<void> {
    const current = this.browser;
    this.browser = null;
    this.idlePages = [];
    const browser = await current?.catch(() => null);
    if (!browser) return;
    const process = browser.process();
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => undefined);
    if (process && process.exitCode === null) process.kill('SIGKILL');
  }

  private forget(browser: Browser): void {
    void this.browser
      ?.then((current) => {
        if (current === browser) {
          this.browser = null;
          this.idlePages = [];
        }
      })
      .catch(() => undefined);
  }

  private acquire(): Promise<void> {
    if (this.busy < this.config.documents.pdfPoolSize) {
      this.busy += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy -= 1;
  }
}
