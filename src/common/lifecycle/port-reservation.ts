import { createServer, type AddressInfo, type Server } from 'node:net';
import { StartupError } from './startup-error.js';

/** A port held by a listening socket of ours until its real user is about to listen on it. */
export interface PortReservation {
  port: number;
  /** The preferred port was taken, and this one was reserved instead. */
  moved: boolean;
  /** Frees the port for its real user, which should listen on it at once. */
  release(): Promise<void>;
}

export interface PortRequest {
  preferred: number;
  /** Unset: every address, as Node's HTTP server listens. */
  host?: string;
  /** When `preferred` is taken, take the next free port above it (or any free one) instead of failing. */
  mayMove: boolean;
  /** What the server is, for the error: "the app", "the embedded PostgreSQL". */
  purpose: string;
  /** The setting that fixes the port, named in the error when it is taken. */
  setting: string;
}

/** Ports tried above the preferred one before the system is asked for any free port. */
const TRIES_ABOVE = 20;

/**
 * Holds `preferred`, or with `mayMove` the first free port from it upward (then any free port),
 * so two copies starting at once on one machine never pick the same one: each holds its pick
 * until it listens.
 */
export async function reservePort(request: PortRequest): Promise<PortReservation> {
  const { preferred, host, mayMove, purpose, setting } = request;
  const candidates = mayMove ? [...Array.from({ length: TRIES_ABOVE + 1 }, (_, i) => preferred + i).filter((port) => port <= 65535), 0] : [preferred];
  for (const candidate of candidates) {
    // A client that reaches the port early (a health check polling) is cut at once, to retry:
    // held open, it would also keep close() from finishing.
    const server = createServer((socket) => socket.destroy());
    server.unref();
    const error = await listen(server, candidate, host);
    if (!error) {
      const port = (server.address() as AddressInfo).port;
      return { port, moved: port !== preferred, release: () => new Promise((resolve) => server.close(() => resolve())) };
    }
    if (!mayMove) {
      throw new StartupError(
        error.code === 'EADDRINUSE'
          ? `port ${preferred} is in use by another program; stop it, or set ${setting} to a free port`
          : `port ${preferred} cannot be used for ${purpose} (${error.message})`,
      );
    }
  }
  throw new StartupError(`no free port could be found for ${purpose}; set ${setting} to a free port`);
}

function listen(server: Server, port: number, host: string | undefined): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => resolve(null));
  });
}
