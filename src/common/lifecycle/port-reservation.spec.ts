import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { reservePort, type PortReservation } from './port-reservation.js';
import { StartupError } from './startup-error.js';

/** Another program's server on a port the system chose, on every address. */
function otherProgram(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const request = (preferred: number, mayMove: boolean) => ({ preferred, mayMove, purpose: 'the app', setting: 'PORT' });

describe('reservePort', () => {
  const held: PortReservation[] = [];
  afterEach(async () => {
    for (const reservation of held.splice(0)) await reservation.release();
  });

  it('holds the preferred port while it is free, and frees it for its real user on release', async () => {
    const probe = await otherProgram();
    const free = portOf(probe);
    await close(probe);
    const reservation = await reservePort(request(free, true));
    expect(reservation).toMatchObject({ port: free, moved: false });
    // Held: another program cannot take it now.
    await expect(reservePort(request(free, false))).rejects.toThrow(`port ${free} is in use by another program; stop it, or set PORT to a free port`);
    await reservation.release();
    const user = createServer();
    await new Promise<void>((resolve, reject) => user.once('error', reject).listen(free, () => resolve()));
    await close(user);
  });

  it('cuts a client that connects while the port is held, and still releases it', async () => {
    const reservation = await reservePort(request(0, false));
    const ended = await new Promise<string>((resolve) => {
      const client = connect(reservation.port, '127.0.0.1');
      client.once('close', () => resolve('closed'));
      client.once('error', () => undefined);
    });
    expect(ended).toBe('closed');
    await reservation.release();
  });

  it('takes another free port when the preferred one is taken and may move', async () => {
    const other = await otherProgram();
    try {
      const reservation = await reservePort(request(portOf(other), true));
      held.push(reservation);
      expect(reservation.moved).toBe(true);
      expect(reservation.port).not.toBe(portOf(other));
    } finally {
      await close(other);
    }
  });

  it('fails in words, naming the setting, when the preferred port is taken and may not move', async () => {
    const other = await otherProgram();
    try {
      const failure = reservePort({ preferred: portOf(other), mayMove: false, purpose: 'the embedded PostgreSQL', setting: 'EMBEDDED_DB_PORT' });
      await expect(failure).rejects.toBeInstanceOf(StartupError);
      await expect(failure).rejects.toThrow(`port ${portOf(other)} is in use by another program; stop it, or set EMBEDDED_DB_PORT to a free port`);
    } finally {
      await close(other);
    }
  });

  it('gives two copies asking at once for the same port two different ports', async () => {
    const probe = await otherProgram();
    const preferred = portOf(probe);
    await close(probe);
    const [a, b] = await Promise.all([reservePort(request(preferred, true)), reservePort(request(preferred, true))]);
    held.push(a, b);
    expect(a.port).not.toBe(b.port);
    expect([a.moved, b.moved].sort()).toEqual([false, true]);
  });
});
