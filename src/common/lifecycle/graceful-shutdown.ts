import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ShutdownLog {
  log(message: object): void;
  warn(message: object): void;
  error(message: object): void;
}

export interface GracefulShutdownOptions {
  /** The HTTP server the app listens with. */
  server: Server;
  /** How long requests in flight may take to finish once shutdown starts. */
  graceMs: number;
  /** Closes what sits behind the server, once no request is left: the app (PDF browser, database pool), then an embedded database. */
  closeResources: () => Promise<void>;
  log: ShutdownLog;
}

/**
 * Stops a server the way a load balancer expects: no new connections, requests already in
 * flight finish (each answered with `Connection: close`), for at most the grace period, after
 * which the connections still open are cut; then the resources behind the server are closed.
 * Construct it before the server takes requests so it counts every one.
 */
export class GracefulShutdown {
  private inFlight = 0;
  private running: Promise<void> | null = null;
  private draining = false;

  constructor(private readonly options: GracefulShutdownOptions) {
    options.server.on('request', (_request: IncomingMessage, response: ServerResponse) => this.track(response));
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Runs once; a second call (a second signal) gets the same promise. */
  shutdown(reason: string): Promise<void> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private async run(reason: string): Promise<void> {
    const { server, graceMs, log } = this.options;
    log.log({ message: 'shutting down: no new connections; waiting for requests in flight', reason, requestsInFlight: this.inFlight, graceMs });
    this.draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([closed.then(() => 'drained' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      log.warn({ message: 'shutdown grace period over: closing the connections still open', requestsInFlight: this.inFlight, graceMs });
      server.closeAllConnections();
      await closed;
    }
    log.log({ message: 'every connection closed; closing the PDF browser and the database' });
    await this.options.closeResources();
    log.log({ message: 'shut down cleanly' });
  }

  private track(response: ServerResponse): void {
    this.inFlight += 1;
    // A request that arrives on a kept-alive connection while draining is served, and its connection then closed.
    if (this.draining && !response.headersSent) response.setHeader('Connection', 'close');
    response.once('close', () => {
      this.inFlight -= 1;
      if (this.draining) this.options.server.closeIdleConnections();
    });
  }
}
