import { chunksOf, MAX_SEALED_LENGTH, openDraft, sealDraft } from './decision-draft-seal.js';
import { newDraft } from './decision-journey.js';

const SECRET = 'a-server-secret-of-at-least-32-characters';
const BINDING = { userId: 'user-1' };
const STARTED = new Date('2026-03-27T14:30:00Z');
const HOUR = 3_600_000;
const DRAFT = { ...newDraft('client-key-1', STARTED), details: { purpose: 'Planning a safe discharge home', caseReference: 'CASE-1' } };
const open = (sealed: unknown, binding = BINDING, now = new Date(STARTED.getTime() + HOUR), secret = SECRET) => openDraft(secret, sealed, binding, now, 8 * HOUR);

describe('sealDraft and openDraft', () => {
  it('give back the draft sealed for this user, in any session while it is young enough', () => {
    const sealed = sealDraft(SECRET, DRAFT, BINDING);
    expect(open(sealed)).toEqual(DRAFT);
    expect(open(sealed, BINDING, new Date(STARTED.getTime() + 8 * HOUR))).toEqual(DRAFT);
    expect(open(sealed, BINDING, new Date(STARTED.getTime() + 8 * HOUR + 1))).toBeNull();
  });

  it('refuse a draft sealed for another user or under another secret', () => {
    const sealed = sealDraft(SECRET, DRAFT, BINDING);
    expect(open(sealed, { userId: 'user-2' })).toBeNull();
    expect(open(sealed, BINDING, undefined, `${SECRET}x`)).toBeNull();
  });

  it('refuse anything altered or not sealed at all', () => {
    const sealed = sealDraft(SECRET, DRAFT, BINDING);
    const [version, payload, mac] = sealed.split('.');
    const other = sealDraft(SECRET, { ...DRAFT, clientKey: 'client-key-2' }, BINDING).split('.')[1];
    expect(open(`${version}.${other}.${mac}`)).toBeNull();
    expect(open(`${version}.${payload}.${mac.slice(1)}x`)).toBeNull();
    expect(open(`d0.${payload}.${mac}`)).toBeNull();
    for (const value of [undefined, '', 'x', 'd1..', `${sealed}.extra`, 'x'.repeat(MAX_SEALED_LENGTH + 1), 42]) expect(open(value)).toBeNull();
  });

  it('keep what was typed unreadable: the draft is encrypted, afresh each time', () => {
    const [, payload] = sealDraft(SECRET, DRAFT, BINDING).split('.');
    const bytes = Buffer.from(payload, 'base64url').toString('latin1');
    expect(bytes).not.toContain('CASE-1');
    expect(bytes).not.toContain('client-key-1');
    expect(sealDraft(SECRET, DRAFT, BINDING)).not.toBe(sealDraft(SECRET, DRAFT, BINDING));
  });
});

describe('chunksOf', () => {
  it('splits a long sealed draft into cookie-sized pieces that join back', () => {
    const sealed = 'x'.repeat(9000);
    const chunks = chunksOf(sealed);
    expect(chunks.map((c) => c.length)).toEqual([3800, 3800, 1400]);
    expect(chunks.join('')).toBe(sealed);
    expect(chunksOf('short')).toEqual(['short']);
  });
});
