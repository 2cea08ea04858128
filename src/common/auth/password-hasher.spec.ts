import { decoyHash, hashPassword, verifyPassword } from './password-hasher.js';

describe('password hasher', () => {
  const PASSWORD = 'correct horse battery staple';

  it('verifies a password against its own hash', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  it('stores scheme and cost alongside salt and key, never the password', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(PASSWORD);
  });

  it('refuses a wrong password, including near misses', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword('wrong password', stored)).toBe(false);
    expect(await verifyPassword(PASSWORD.toUpperCase(), stored)).toBe(false);
    expect(await verifyPassword(`${PASSWORD} `, stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts each hash, so two hashes of the same password differ and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(PASSWORD, b)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not a hash', 'hunter2'],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuuMZ8T4mVd1s1QkJ1o8q3r5s7t9u1w3y'],
    ['missing salt and key', 'scrypt$16384$8$1$$'],
    ['missing key', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA=='],
  ])('returns false for a malformed stored hash (%s)', async (_name, stored) => {
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(false);
  });

  it('returns false when the stored key has been truncated', async () => {
    const stored = await hashPassword(PASSWORD);
    const parts = stored.split('$');
    parts[5] = parts[5].slice(0, 8);
    await expect(verifyPassword(PASSWORD, parts.join('$'))).resolves.toBe(false);
  });

  it('returns false when the stored salt has been changed', async () => {
    const stored = await hashPassword(PASSWORD);
    const parts = stored.split('$');
    parts[4] = Buffer.from('a different salt').toString('base64');
    await expect(verifyPassword(PASSWORD, parts.join('$'))).resolves.toBe(false);
  });

  it.each([
    ['non-numeric cost', 'scrypt$abc$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
    ['cost not a power of two', 'scrypt$3$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
    ['cost beyond the memory limit', 'scrypt$1048576$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
  ])('returns false, not an exception, for a stored hash with corrupt cost parameters (%s)', async (_name, stored) => {
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(false);
  });

  it('gives a decoy hash that is a real scrypt hash and the same promise each time', async () => {
    const decoy = await decoyHash();
    expect(decoy).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await decoyHash()).toBe(decoy);
    expect(await verifyPassword(PASSWORD, decoy)).toBe(false);
  });
});
