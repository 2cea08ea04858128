import { SessionKind } from '../../auth/session-kind.js';
import { accountView } from './account-view.js';

const at = (iso: string) => new Date(iso);
const session = (id: string, kind: SessionKind, current = false) => ({
  id,
  kind,
  createdAt: at('2026-12-07T09:00:00Z'),
  lastUsedAt: at('2026-12-07T09:30:00Z'),
  expiresAt: at('2026-12-07T17:00:00Z'),
  current,
});

describe('accountView', () => {
  it('puts the session in use first, names each kind in words and says what its button does', () => {
    const view = accountView({
      email: 'jo@example.org',
      organisationName: 'Westbrook Trust',
      sessions: [session('a', SessionKind.API_TOKEN), session('b', SessionKind.BROWSER, true), session('c', SessionKind.BROWSER)],
      ended: undefined,
    });
    expect(view.sessions.map((s) => [s.id, s.kind, s.current, s.endLabel])).toEqual([
      ['b', 'Browser session', true, 'Sign out here'],
      ['a', 'API token', false, 'Revoke'],
      ['c', 'Browser session', false, 'End'],
    ]);
    expect(view.sessions[0]).toMatchObject({ createdAt: '2026-12-07T09:00:00.000Z', lastUsedAt: '2026-12-07T09:30:00.000Z', expiresAt: '2026-12-07T17:00:00.000Z' });
    expect(view.ended).toBeNull();
  });

  it('says what was ended, and ignores anything else in the address', () => {
    const view = (ended: unknown) => accountView({ email: 'e', organisationName: 'o', sessions: [], ended }).ended;
    expect(view('API_TOKEN')).toBe('The API token has been revoked: it no longer works.');
    expect(view('BROWSER')).toBe('The browser session has been ended: that browser must sign in again.');
    expect(view('toString')).toBeNull();
    expect(view(['API_TOKEN'])).toBeNull();
  });
});
