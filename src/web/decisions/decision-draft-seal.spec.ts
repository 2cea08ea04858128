import { chunksOf, MAX_SEALED_LENGTH, openDraft, sealDraft } from './decision-draft-seal.js';
import { newDraft } from './decision-journey.js';

const SECRET = 'a-server-secret-of-at-least-32-characters';
const BINDING = { userId: 'user-1', token: 'session-token-1' };
const DRAFT = { ...newDraft('client-key-1', new Date('2026-03-27T14:30:00Z')), details: { purpose: 'Planning a safe discharge home', caseReference: 'CASE-1' } };

describe('sealDraft and openDraft', () => {
  it('give back the draft sealed for this session and user', () => {
    expect(openDraft(SECRET, sealDraft(SECRET, DRAFT, BINDING), BINDING)).toEqual(DRAFT);
  });

  it('refuse a draft sealed for another session, another user or under another secret', () => {
    const sealed = sealDraft(SECRET, DRAFT, BINDING);
    expect(openDraft(SECRET, sealed, { ...BINDING, token: 'session-token-2' })).toBeNull();
    expect(openDraft(SECRET, sealed, { ...BINDING, userId: 'user-2' })).toBeNull();
    expect(openDraft(`${SECRET}x`, sealed, BINDING)).toBeNull();
  });

  it('refuse anything altered or not sealed at all', () => {
    const sealed = sealDraft(SECRET, DRAFT, BINDING);
    const [version, payload, mac] = sealed.split('.');
    const other = sealDraft(SECRET, { ...DRAFT, clientKey: 'client-key-2' }, BINDING).split('.')[1];
    expect(openDraft(SECRET, `${version}.${other}.${mac}`, BINDING)).toBeNull();
    expect(openDraft(SECRET, `${version}.${payload}.${mac.slice(1)}x`, BINDING)).toBeNull();
    expect(openDraft(SECRET, `d0.${payload}.${mac}`, BINDING)).toBeNull();
    for (const value of [undefined, '', 'x', 'd1..', `${sealed}.extra`, 'x'.repeat(MAX_SEALED_LENGTH + 1), 42]) expect(openDraft(SECRET, value, BINDING)).toBeNull();
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
