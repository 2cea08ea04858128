import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { GracefulShutdown } from './graceful-shutdown.js';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A server whose `/slow?ms=N` answers after N ms. */
async function slowServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const ms = Number(new URL(req.url!, 'http://x').searchParams.get('ms') ?? 0);
    setTimeout(() => res.end('done'), ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** One request on a connection of its own: the status and body, or 'cut' if the connection was closed first. */
function get(port: number, path: string): Promise<{ status: number; body: string; connection: string | undefined } | 'cut'> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      res.on('error', () => resolve('cut'));
    });
    req.on('error', () => resolve('cut'));
    req.end();
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('GracefulShutdown', () => {
  it('lets requests in flight finish, takes no new connection, and closes the resources only after the last request', async () => {
    const { server, port } = await slowServer();
    const order: string[] = [];
    const shutdown = new GracefulShutdown({ server, graceMs: 5000, log: quiet, closeResources: async () => void order.push('resources closed') });
    server.on('request', (_req, res) => res.on('finish', () => order.push('request answered')));
    const inFlight = get(port, '/slow?ms=400');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shutdown.requestsInFlight).toBe(1);

    const done = shutdown.shutdown('SIGTERM');
    expect(shutdown.shutdown('SIGTERM')).toBe(done); // a second signal joins the first
    expect(await accepts(port)).toBe(false);
    expect(await inFlight).toMatchObject({ status: 200, body: 'done' });
    await done;
    expect(order).toEqual(['request answered', 'resources closed']);
    expect(server.listening).toBe(false);
  });

  it('cuts what is still running when the grace period is over, then closes the resources', async () => {
    const { server, port } = await slowServer();
    let closed = false;
    const shutdown = new GracefulShutdown({ server, graceMs: 200, log: quiet, closeResources: async () => void (closed = true) });
    const tooSlow = get(port, '/slow?ms=5000');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await shutdown.shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await tooSlow).toBe('cut');
    expect(closed).toBe(true);
  });
});
