import type { UserSession } from '../../auth/dto/user-session.type.js';
import { SESSION_KIND_LABELS, SessionKind } from '../../auth/session-kind.js';

/** What the "ended" notice after ending a session may say. */
const ENDED: Record<SessionKind, string> = {
  [SessionKind.BROWSER]: 'The browser session has been ended: that browser must sign in again.',
  [SessionKind.API_TOKEN]: 'The API token has been revoked: it no longer works.',
};

export interface SessionRowView {
  id: string;
  kind: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
  /** What the End button says, for screen readers too. */
  endLabel: string;
}

/** The account page: who you are, and your sessions and tokens, the one in use first. Pure. */
export function accountView(input: { email: string; organisationName: string; sessions: readonly UserSession[]; ended: unknown }) {
  const rows: SessionRowView[] = [...input.sessions]
    .sort((a, b) => Number(b.current) - Number(a.current))
    .map((session) => ({
      id: session.id,
      kind: SESSION_KIND_LABELS[session.kind],
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      current: session.current,
      endLabel: session.current ? 'Sign out here' : session.kind === SessionKind.API_TOKEN ? 'Revoke' : 'End',
    }));
  const ended = typeof input.ended === 'string' && Object.hasOwn(ENDED, input.ended) ? ENDED[input.ended as SessionKind] : null;
  return { email: input.email, organisationName: input.organisationName, sessions: rows, ended };
}
