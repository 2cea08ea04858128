import { whyNotStarted } from './embedded-start-failure.js';

const DIR = '/srv/accordant/.data/postgres';

describe('why the embedded PostgreSQL did not start', () => {
  it('names the port when another program holds it', () => {
    const lines = [
      '2026-12-07 05:50:01.123 UTC [4242] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      '2026-12-07 05:50:01.123 UTC [4242] WARNING:  could not create listen socket for "localhost"',
      '2026-12-07 05:50:01.123 UTC [4242] FATAL:  could not create any TCP/IP sockets',
    ];
    expect(whyNotStarted(undefined, lines, 54329, DIR)).toBe('port 54329 is in use by another program; stop it, or set EMBEDDED_DB_PORT to a free port');
  });

  it('names the port when another server holds its Unix socket', () => {
    const lines = [
      '2026-12-07 05:50:01.123 UTC [4242] FATAL:  could not create lock file "/tmp/.s.PGSQL.54329.lock": File exists',
      '2026-12-07 05:50:01.123 UTC [4242] HINT:  Is another postmaster (PID 1717) using socket file "/tmp/.s.PGSQL.54329"?',
    ];
    expect(whyNotStarted(undefined, lines, 54329, DIR)).toBe('port 54329 is in use by another program; stop it, or set EMBEDDED_DB_PORT to a free port');
  });

  it('names the process that holds the data directory', () => {
    const lines = [
      '2026-12-07 05:50:01.123 UTC [4242] FATAL:  lock file "postmaster.pid" already exists',
      `2026-12-07 05:50:01.123 UTC [4242] HINT:  Is another postmaster (PID 1717) running in data directory "${DIR}"?`,
    ];
    expect(whyNotStarted(undefined, lines, 54329, DIR)).toBe(`the data directory ${DIR} is locked by process 1717`);
  });

  it("gives the server's own fatal words otherwise", () => {
    const lines = ['2026-12-07 05:50:01.123 UTC [4242] FATAL:  data directory "/x" has invalid permissions', 'DETAIL:  Permissions should be u=rwx (0700).'];
    expect(whyNotStarted(undefined, lines, 54329, DIR)).toBe('the embedded PostgreSQL did not start: data directory "/x" has invalid permissions');
  });

  it('never comes to `undefined` when the server said nothing', () => {
    expect(whyNotStarted(undefined, [], 54329, DIR)).toBe('the embedded PostgreSQL exited while starting');
    expect(whyNotStarted(new Error('spawn EACCES'), [], 54329, DIR)).toBe('the embedded PostgreSQL did not start: spawn EACCES');
  });
});
